/**
 * How the contract tx kinds (spec/ledger.md §8) read in tx lists and on tx pages: one line each, with
 * the contract linked to its page. Payloads arrive as JSON (amounts as decimal strings, holdings with
 * their absent lists left out), so everything is read loosely and shown as it is when unexpected.
 */
import type { JSX } from 'preact';
import type { JsonValue } from '../../../src/client/index.ts';
import { holdingOf } from '../contract-view.ts';
import { formatDuration, formatTime } from '../format.ts';
import { AccountLink, Amount, ContractLink, ItemLink } from './common.tsx';
import { HoldingView } from './holding.tsx';

type Payload = { [key: string]: JsonValue };

interface KindView {
  label: string;
  summary: (payload: Payload, signer: string) => JSX.Element;
}

const text = (value: JsonValue | undefined): string => (typeof value === 'string' ? value : JSON.stringify(value ?? null));
const number = (value: JsonValue | undefined): number => (typeof value === 'number' ? value : Number.NaN);

const contract = (p: Payload, field: string): JSX.Element => <ContractLink address={text(p[field])} />;
const time = (ms: JsonValue | undefined): string => (Number.isFinite(number(ms)) ? formatTime(number(ms)) : text(ms));
const when = (p: Payload): JSX.Element | null => (p.deadlineMs === undefined ? null : <>, until {time(p.deadlineMs)}</>);

function escrowViews(): { [kind: string]: KindView } {
  return {
    'escrow.create': {
      label: 'Open escrow',
      summary: (p) => {
        const tranches = Array.isArray(p.tranches) ? p.tranches : [];
        return (
          <span class="summary">
            {tranches.map((t, i) => (
              <span key={i}>
                {i > 0 && ' + '}
                <HoldingView holding={holdingOf(t)} />
              </span>
            ))}{' '}
            for <AccountLink address={text(p.payee)} />
            {typeof p.arbiter === 'string' && <>, arbiter <AccountLink address={p.arbiter} /></>}
            {when(p)}, then {p.onExpiry === 'release' ? 'released' : 'refunded'}
          </span>
        );
      },
    },
    'escrow.release': { label: 'Release escrow', summary: (p) => <span class="summary">{contract(p, 'escrow')}{number(p.tranche) > 0 ? `, milestone ${number(p.tranche) + 1}` : ''} → payee</span> },
    'escrow.refund': { label: 'Refund escrow', summary: (p) => <span class="summary">{contract(p, 'escrow')} → back to the payer</span> },
    'escrow.dispute': { label: 'Dispute escrow', summary: (p) => <span class="summary">{contract(p, 'escrow')} goes to its arbiter</span> },
    'escrow.resolve': {
      label: 'Resolve dispute',
      summary: (p) => (
        <span class="summary">
          {contract(p, 'escrow')}: {p.toPayee === undefined ? 'everything back to the payer' : <><HoldingView holding={holdingOf(p.toPayee)} /> to the payee, the rest to the payer</>}
        </span>
      ),
    },
    'escrow.settle': { label: 'Settle escrow', summary: (p) => <span class="summary">{contract(p, 'escrow')}: its default applied after the deadline</span> },
  };
}

function swapAndOfferViews(): { [kind: string]: KindView } {
  return {
    swap: {
      label: 'Atomic swap',
      summary: (p) => (
        <span class="summary">
          {(Array.isArray(p.legs) ? (p.legs as Payload[]) : []).map((leg, i) => (
            <span class="transfer" key={i}>
              <AccountLink address={text(leg.from)} /> → <AccountLink address={text(leg.to)} />: <HoldingView holding={holdingOf(leg)} />
            </span>
          ))}
        </span>
      ),
    },
    'offer.create': {
      label: 'Make offer',
      summary: (p) => (
        <span class="summary">
          gives <HoldingView holding={holdingOf(p.give)} /> for <HoldingView holding={holdingOf(p.ask)} />
          {typeof p.counterparty === 'string' && <> to <AccountLink address={p.counterparty} /></>}
          {when(p)}
        </span>
      ),
    },
    'offer.accept': { label: 'Accept offer', summary: (p) => <span class="summary">{contract(p, 'offer')} accepted</span> },
    'offer.cancel': { label: 'Cancel offer', summary: (p) => <span class="summary">{contract(p, 'offer')} withdrawn by its maker</span> },
    'split.create': {
      label: 'Create split',
      summary: (p) => (
        <span class="summary">
          {(Array.isArray(p.members) ? (p.members as Payload[]) : []).map((m, i) => (
            <span class="transfer" key={i}>
              <AccountLink address={text(m.address)} /> ×{text(m.weight)}
            </span>
          ))}
        </span>
      ),
    },
  };
}

function rentalViews(): { [kind: string]: KindView } {
  const booking = (p: Payload): JSX.Element => <>booking #{text(p.booking)} of {contract(p, 'rental')}</>;
  return {
    'rental.offer': {
      label: 'Offer for rent',
      summary: (p) => (
        <span class="summary">
          <ItemLink id={text(p.item)} /> at <Amount amount={text(p.pricePerPeriod)} asset={text(p.asset)} /> per {formatDuration(number(p.periodMs))}
          {p.deposit !== undefined && <>, deposit <Amount amount={text(p.deposit)} asset={text(p.asset)} link={false} /></>}
        </span>
      ),
    },
    'rental.book': {
      label: 'Book rental',
      summary: (p) => (
        <span class="summary">
          {text(p.periods)} {number(p.periods) === 1 ? 'period' : 'periods'} of {contract(p, 'rental')}
          {p.startMs !== undefined && <> from {time(p.startMs)}</>}
        </span>
      ),
    },
    'rental.return': { label: 'Return rental', summary: (p) => <span class="summary">{booking(p)} returned</span> },
    'rental.claim': { label: 'Damage claim', summary: (p) => <span class="summary">on {booking(p)}{typeof p.reason === 'string' && <>: “{p.reason}”</>}</span> },
    'rental.resolve': { label: 'Resolve claim', summary: (p) => <span class="summary">{booking(p)}: {text(p.toOwner)} base units of the deposit to the owner, the rest to the renter</span> },
    'rental.settle': { label: 'Settle rental', summary: (p) => <span class="summary">{contract(p, 'rental')}: what is due paid out</span> },
    'rental.close': { label: 'Close rental', summary: (p) => <span class="summary">{contract(p, 'rental')} withdrawn by its owner</span> },
  };
}

function streamViews(): { [kind: string]: KindView } {
  return {
    'stream.open': {
      label: 'Open stream',
      summary: (p) => (
        <span class="summary">
          <Amount amount={text(p.ratePerSecond)} asset={text(p.asset)} /> per second → <AccountLink address={text(p.payee)} />, up to <Amount amount={text(p.deposit)} asset={text(p.asset)} link={false} />
        </span>
      ),
    },
    'stream.withdraw': { label: 'Withdraw stream', summary: (p) => <span class="summary">{p.amount === undefined ? 'all accrued' : `${text(p.amount)} base units`} from {contract(p, 'stream')}</span> },
    'stream.stop': { label: 'Stop stream', summary: (p) => <span class="summary">{contract(p, 'stream')} stopped</span> },
  };
}

/** spec/ledger.md §8.2–§8.6. */
export function contractsViews(): { [kind: string]: KindView } {
  return { ...escrowViews(), ...swapAndOfferViews(), ...rentalViews(), ...streamViews() };
}
