/** An item (spec/ledger.md §7.1): who owns and holds it, what it is, its timeline, its lineage, its proof. */
import type { ComponentChildren } from 'preact';
import type { ItemResponse, RentalContractJson } from '../../../src/client/index.ts';
import { AccountLink, Amount, Card, ContractLink, ErrorBox, Fields, ItemLink, Loading, RegistryLink } from '../components/common.tsx';
import { LineageGraph } from '../components/lineage-graph.tsx';
import { ProvenanceCheck } from '../components/provenance-check.tsx';
import { Timeline } from '../components/timeline.tsx';
import { prettyJson } from '../history-details.ts';
import { rentalNow } from '../rental-view.ts';
import { useBlockTime } from '../use-contract.ts';
import { useTxEvents } from '../live.ts';
import { client } from '../node.ts';
import { useAsync } from '../use-async.ts';

const STATUS_WORDS: { [status: string]: string } = {
  live: '',
  locked: 'fractionalised into shares; whoever holds all of them may redeem it',
  retired: 'its life on the ledger has ended (split, merged or retired); nothing changes it again',
};

export function ItemPage({ id }: { id: string }) {
  const item = useAsync(() => client.getItem(id), [id]);
  // Asked once the item is known to be live: an unknown item would answer 404 twice (and log it twice).
  const live = item.data?.status === 'live';
  const rental = useAsync(() => (live ? client.getItemRental(id) : Promise.resolve(undefined)), [id, live]);
  // A committed tx naming this item (its event's `item`, or a split or merge listing it) changes it.
  useTxEvents(
    (event) => {
      if (event.receipt.events.some((e) => e.attributes.item === id || (e.attributes.parents ?? '').split(',').includes(id))) {
        item.reload();
        rental.reload();
      }
    },
    [id],
  );
  if (item.error !== undefined) return <Card title="Item"><ErrorBox error={item.error} /></Card>;
  if (item.data === undefined) return <Loading what="Reading the item" />;
  const data = item.data;
  return (
    <>
      <Card title={`Item · ${data.kind}`}>
        <p class="mono wrap lead" data-testid="item-id">
          {data.id}
        </p>
        <ItemFields item={data} />
        {rental.data?.rental != null && <ItemRental rental={rental.data.rental} />}
      </Card>
      <Card title="Metadata and documents">
        <Metadata item={data} />
      </Card>
      <Card title={`Provenance timeline (${data.events} ${data.events === 1 ? 'event' : 'events'})`}>
        <Timeline id={id} events={data.events} />
      </Card>
      <Card title="Lineage">
        <LineageGraph item={data} />
      </Card>
      <Card title="Proof">
        <ProvenanceCheck id={id} />
      </Card>
    </>
  );
}

function ItemFields({ item }: { item: ItemResponse }) {
  const rows: [string, ComponentChildren][] = [
    ['Kind', <strong>{item.kind}</strong>],
    ['Status', <span data-testid="item-status"><span class={item.status === 'live' ? 'badge ok' : 'badge'}>{item.status}</span> <span class="muted">{STATUS_WORDS[item.status] ?? ''}</span></span>],
    ['Owner', <span data-testid="item-owner"><AccountLink address={item.owner} full /></span>],
    ['Custodian', <span data-testid="item-custodian">{item.custodian === null ? <span class="muted">the owner holds it</span> : <AccountLink address={item.custodian} full />}</span>],
    ['Registry', item.registry === null ? <span class="muted">none</span> : <RegistryLink name={item.registry} />],
    ['Created', <span>in block <a href={`/block/${item.createdAt}`}>#{item.createdAt}</a></span>],
  ];
  if (item.lock !== null) rows.push(['Shares', <span><Amount amount={item.lock.shares} asset={item.lock.asset} /> exist; all of them redeem the item</span>]);
  if (item.parents.length > 0) rows.push(['Made from', <ItemLinks ids={item.parents} />]);
  if (item.children.length > 0) rows.push(['Became', <ItemLinks ids={item.children} />]);
  return <Fields rows={rows} />;
}

/** The item's open rental offer (GET /v1/items/:id/rental) and who uses it at the newest block time. */
function ItemRental({ rental }: { rental: RentalContractJson }) {
  const timeMs = useBlockTime(rental);
  const user = rentalNow(rental, timeMs).user;
  return (
    <p class="state-line" data-testid="item-rental">
      <span class="badge">for rent</span> <a href={`/contracts/${rental.address}`}>Its rental</a> (<ContractLink address={rental.address} />): <Amount amount={rental.pricePerPeriod} asset={rental.asset} /> a period, {rental.bookings.length} booking{rental.bookings.length === 1 ? '' : 's'} open;{' '}
      <span data-testid="item-user">{user === null ? 'nobody rents it now' : <>used now by <AccountLink address={user} /></>}</span>.
    </p>
  );
}

function ItemLinks({ ids }: { ids: string[] }) {
  return (
    <span class="tl-items">
      {ids.map((id) => (
        <ItemLink id={id} key={id} />
      ))}
    </span>
  );
}

function Metadata({ item }: { item: ItemResponse }) {
  const metadata = item.metadata === null ? undefined : prettyJson(item.metadata);
  return (
    <>
      {metadata === undefined ? (
        <p class="muted">No metadata.</p>
      ) : metadata.json ? (
        <pre class="json" data-testid="item-metadata">{metadata.text}</pre>
      ) : (
        <p class="wrap" data-testid="item-metadata">{metadata.text}</p>
      )}
      <h3 class="subhead">Documents</h3>
      {item.documents.length === 0 ? (
        <p class="muted">No document hashes.</p>
      ) : (
        <>
          <p class="muted">The documents stay with their owner; the ledger keeps their SHA-256, so a copy can be checked against it.</p>
          <ul class="plain" data-testid="item-documents">
            {item.documents.map((hash) => (
              <li class="mono wrap" key={hash}>
                {hash}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
