/**
 * How each tx kind and each event reads in the explorer. A kind without a view here is shown by its
 * name and its payload as JSON: add its entry to KIND_VIEWS (contracts: contract-kinds.tsx).
 */
import type { JSX } from 'preact';
import type { JsonValue, LedgerEventJson, TxBodyJson } from '../../../src/client/index.ts';
import { CONTRACT_TYPES } from '../contract-view.ts';
import { formatTime } from '../format.ts';
import { AccountLink, Amount, AssetLink, ContractLink, ItemLink, Party, RegistryLink } from './common.tsx';
import { contractsViews } from './contract-kinds.tsx';

type Payload = { [key: string]: JsonValue };
const text = (value: JsonValue | undefined): string => (typeof value === 'string' ? value : JSON.stringify(value ?? null));

interface KindView {
  /** A short name for lists. */
  label: string;
  /** One line saying what the tx does. */
  summary: (payload: Payload, signer: string) => JSX.Element;
}

const KIND_VIEWS: { [kind: string]: KindView } = {
  transfer: {
    label: 'Transfer',
    summary: (payload) => {
      const transfers = Array.isArray(payload.transfers) ? (payload.transfers as Payload[]) : [];
      return (
        <span class="summary">
          {transfers.map((t, i) => (
            <span class="transfer" key={i}>
              <Amount amount={text(t.amount)} asset={text(t.asset)} /> → <AccountLink address={text(t.to)} />
            </span>
          ))}
        </span>
      );
    },
  },
  'asset.create': {
    label: 'Create asset',
    summary: (payload) => (
      <span class="summary">
        <AssetLink symbol={text(payload.symbol)} /> “{text(payload.name)}”, supply <Amount amount={text(payload.supply)} asset={text(payload.symbol)} link={false} />
        {payload.mintAuthority !== undefined ? ', mintable' : ', fixed supply'}
      </span>
    ),
  },
  'asset.mint': {
    label: 'Mint',
    summary: (payload) => (
      <span class="summary">
        <Amount amount={text(payload.amount)} asset={text(payload.asset)} /> → <AccountLink address={text(payload.to)} />
      </span>
    ),
  },
  'asset.burn': {
    label: 'Burn',
    summary: (payload) => (
      <span class="summary">
        <Amount amount={text(payload.amount)} asset={text(payload.asset)} /> destroyed
      </span>
    ),
  },
  ...recordsViews(),
  ...contractsViews(),
};

/** spec/ledger.md §7.2. */
function recordsViews(): { [kind: string]: KindView } {
  const item = (payload: Payload): JSX.Element => <ItemLink id={text(payload.item)} />;
  const registry = (payload: Payload): JSX.Element | null => (typeof payload.registry === 'string' ? <> in <RegistryLink name={payload.registry} /></> : null);
  return {
    'registry.create': { label: 'Create registry', summary: (p) => <span class="summary">registry <RegistryLink name={text(p.name)} />, {p.open === true ? 'open' : 'curated'}</span> },
    'registry.authorize': { label: 'Registry roles', summary: (p) => <span class="summary">roles of <RegistryLink name={text(p.registry)} /></span> },
    'item.register': { label: 'Register item', summary: (p) => <span class="summary">a new “{text(p.kind)}”{registry(p)}</span> },
    'item.transfer': {
      label: 'Transfer item',
      summary: (p) => {
        const payment = p.payment as Payload | undefined;
        return (
          <span class="summary">
            {item(p)} → <AccountLink address={text(p.to)} />
            {payment !== undefined && <> for <Amount amount={text(payment.amount)} asset={text(payment.asset)} /></>}
          </span>
        );
      },
    },
    'item.attest': {
      label: 'Attest',
      summary: (p) => (
        <span class="summary">
          “{text(p.type)}” on {item(p)}
          {typeof p.custodian === 'string' && <> → custodian <AccountLink address={p.custodian} /></>}
        </span>
      ),
    },
    'item.split': { label: 'Split item', summary: (p) => <span class="summary">{item(p)} into {Array.isArray(p.children) ? p.children.length : '?'} items</span> },
    'item.merge': { label: 'Merge items', summary: (p) => <span class="summary">{Array.isArray(p.items) ? p.items.length : '?'} items into a new “{text(p.kind)}”</span> },
    'item.retire': { label: 'Retire item', summary: (p) => <span class="summary">{item(p)}</span> },
    'item.fractionalize': { label: 'Fractionalise', summary: (p) => <span class="summary">{item(p)} into {text(p.shares)} <AssetLink symbol={text(p.symbol)} /> shares</span> },
    'item.redeem': { label: 'Redeem item', summary: (p) => <span class="summary">{item(p)} with all its shares</span> },
  };
}

export function kindLabel(kind: string): string {
  return KIND_VIEWS[kind]?.label ?? kind;
}

export function TxSummary({ tx }: { tx: TxBodyJson }) {
  const view = KIND_VIEWS[tx.kind];
  const signer = tx.signers[0]?.address ?? '';
  if (view === undefined) return <code class="payload-inline">{JSON.stringify(tx.payload)}</code>;
  return view.summary(tx.payload, signer);
}

/** Event attributes that name an address or an amount are shown as links and with decimals. */
export function EventView({ event }: { event: LedgerEventJson }) {
  const { attributes } = event;
  const asset = attributes.asset;
  return (
    <div class="event">
      <span class="event-type">{event.type}</span>
      <dl class="event-attributes">
        {Object.entries(attributes).map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{attributeValue(name, value, asset)}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/** Event attributes that are amounts of the event's `asset` (contracts: prices, deposits, payouts). */
const AMOUNT_ATTRIBUTES = new Set(['amount', 'supply', 'price', 'deposit', 'pricePerPeriod', 'ratePerSecond', 'toOwner', 'toRenter', 'toPayee', 'toPayer', 'withdrawn', 'depositHeld']);
/** Event attributes that are block times in ms. */
const TIME_ATTRIBUTES = new Set(['deadlineMs', 'startMs', 'endMs']);

function attributeValue(name: string, value: string, asset: string | undefined): JSX.Element {
  // The contract an event is about (`escrow: agora1…`) links to its contract page.
  if (value.startsWith('agora1') && (CONTRACT_TYPES as readonly string[]).includes(name)) return <ContractLink address={value} />;
  if (value.startsWith('agora1')) return <Party value={value} />;
  if (TIME_ATTRIBUTES.has(name) && /^[0-9]{1,16}$/.test(value)) return <span title={value}>{formatTime(Number(value))}</span>;
  if (name === 'asset') return <AssetLink symbol={value} />;
  if (name === 'registry') return <RegistryLink name={value} />;
  if (value.startsWith('item1')) {
    // `item`, and `parents` (comma-separated) of item.created.
    return (
      <span class="tl-items">
        {value.split(',').map((id) => (
          <ItemLink id={id} key={id} />
        ))}
      </span>
    );
  }
  if (AMOUNT_ATTRIBUTES.has(name) && asset !== undefined && /^[0-9]+$/.test(value)) return <Amount amount={value} asset={asset} link={false} />;
  return <span class="mono">{value}</span>;
}

/** One line for a committed tx event of the live stream: its events, briefly. */
export function EventsSummary({ events }: { events: readonly LedgerEventJson[] }) {
  if (events.length === 0) return <span class="muted">no events</span>;
  const first = events[0];
  const more = events.length > 1 ? ` +${events.length - 1}` : '';
  const { asset, amount, to, from } = first.attributes;
  return (
    <span class="summary">
      {first.type}
      {amount !== undefined && asset !== undefined && (
        <>
          {' '}
          <Amount amount={amount} asset={asset} />
        </>
      )}
      {from !== undefined && (
        <>
          {' '}
          from <AccountLink address={from} />
        </>
      )}
      {to !== undefined && (
        <>
          {' '}
          → <AccountLink address={to} />
        </>
      )}
      {more}
    </span>
  );
}
