/**
 * A contract (spec/ledger.md §8) at its address: one view per type (escrow, offer, split, rental,
 * stream), what its account holds, and the txs that touched it. Read again when a tx touches it; what
 * block time makes of it (deadlines, accrual, a booking's phase) moves with every new block.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ContractResponse, OfferContractJson, SplitContractJson, TxLocationJson } from '../../../src/client/index.ts';
import { AccountLink, Card, ErrorBox, Fields, Loading } from '../components/common.tsx';
import { HoldingView } from '../components/holding.tsx';
import { StateLine } from '../components/state-line.tsx';
import { offerStatusWords } from '../contract-view.ts';
import { formatTime, untilWords } from '../format.ts';
import { useTxEvents } from '../live.ts';
import { client } from '../node.ts';
import { useBlockTime, useContract } from '../use-contract.ts';
import { TxTable } from './block.tsx';
import { EscrowView } from './contract-escrow.tsx';
import { RentalView } from './contract-rental.tsx';
import { StreamView } from './contract-stream.tsx';

// Keyed by text, not by the union, so that a type the node adds reads before the page knows it.
const TITLES: { readonly [type: string]: string } = { escrow: 'Escrow', offer: 'Offer', split: 'Revenue split', rental: 'Rental', stream: 'Payment stream', listing: 'Market listing', org: 'Organisation', job: 'Job' };

export function ContractPage({ address }: { address: string }) {
  const contract = useContract(address);
  if (contract.error !== undefined) return <Card title="Contract"><ErrorBox error={contract.error} /></Card>;
  if (contract.data === undefined) return <Loading what="Reading the contract" />;
  const data = contract.data;
  return (
    <>
      <Card title={`${TITLES[data.type] ?? data.type} contract`}>
        <p class="mono wrap lead" data-testid="contract-address" data-type={data.type}>
          {data.address}
        </p>
        <p class="muted">A contract account: no key controls it; only its contract’s rules move what it holds. Created in block <a href={`/block/${data.createdAt}`}>#{data.createdAt}</a>.</p>
        <Fields rows={[['Holds now', <span data-testid="contract-holds"><HoldingView holding={data.holds} /></span>]]} />
      </Card>
      <ContractView contract={data} address={address} />
      <Card title="History">
        <ContractHistory address={address} />
      </Card>
    </>
  );
}

function ContractView({ contract, address }: { contract: ContractResponse; address: string }) {
  switch (contract.type) {
    case 'escrow':
      return <EscrowView escrow={contract} />;
    case 'rental':
      return <RentalView rental={contract} />;
    case 'stream':
      return <StreamView stream={contract} />;
    case 'offer':
      return <OfferView offer={contract} />;
    case 'split':
      return <SplitView split={contract} />;
    case 'job':
      // A job (spec/work.md): its own page shows it whole; here its state in one line.
      return (
        <Card title="Job">
          <p data-testid="contract-job">
            A {contract.mode} job of {contract.milestones.length} milestone(s), {contract.state}
            {contract.worker === null ? '' : <>, worker <AccountLink address={contract.worker} /></>}. Its account holds what is left of the budget and the applicants’ bonds: see <a href={`/jobs/${contract.address}`}>its page</a> for its milestones, applicants and what you may do there.
          </p>
        </Card>
      );
    case 'listing':
      return (
        <Card title="Listing">
          <p data-testid="contract-listing">
            “{contract.terms.title}”, version {contract.version}, {contract.state}: see it <a href={`/market/listing/${contract.address}`}>in the market</a>. Its account holds the seller’s bond until it is closed.
          </p>
        </Card>
      );
    case 'org':
      // An organisation (spec/org.md): its own page shows it whole.
      return (
        <Card title="Organisation">
          <p data-testid="contract-org">
            An organisation: see <a href={`/orgs/${address}`}>its page</a> for its members, treasury, contributions and motions.
          </p>
        </Card>
      );
  }
}

function OfferView({ offer }: { offer: OfferContractJson }) {
  const timeMs = useBlockTime(offer);
  return (
    <Card title="Offer">
      <StateLine state={offer.state} words={offerStatusWords(offer, timeMs)} testId="offer-state" />
      <Fields
        rows={[
          ['Maker', <AccountLink address={offer.maker} full />],
          ['Counterparty', offer.counterparty === null ? <span class="muted">anyone but the maker</span> : <AccountLink address={offer.counterparty} full />],
          ['Gives', <HoldingView holding={offer.give} />],
          ['Asks in return', <HoldingView holding={offer.ask} />],
          ['Deadline', `${formatTime(offer.deadlineMs)} (${untilWords(offer.deadlineMs, timeMs)})`],
        ]}
      />
    </Card>
  );
}

function SplitView({ split }: { split: SplitContractJson }) {
  return (
    <Card title="Members">
      <p class="muted">
        Every payment to this address is forwarded at once to its members by weight; the units a division leaves over go to the largest remainders, so none is lost or made. Made by <AccountLink address={split.creator} />.
      </p>
      <table class="list" data-testid="split-members">
        <thead>
          <tr>
            <th>Member</th>
            <th class="number">Weight</th>
            <th class="number">Share</th>
          </tr>
        </thead>
        <tbody>
          {split.members.map((m) => (
            <tr key={m.address}>
              <td>
                <AccountLink address={m.address} />
              </td>
              <td class="number">{m.weight}</td>
              <td class="number">{((m.weight * 100) / split.totalWeight).toFixed(2)} %</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}

const HISTORY_PAGE = 20;

/** The txs that touched the contract's address, newest first (GET /v1/accounts/:address/txs). */
function ContractHistory({ address }: { address: string }) {
  const [txs, setTxs] = useState<{ list: TxLocationJson[]; next: string | null } | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const load = (before?: string): void => {
    client.accountTxs(address, { limit: HISTORY_PAGE, before }).then(
      (page) => {
        setTxs((previous) => ({ list: before === undefined || previous === undefined ? page.txs : [...previous.list, ...page.txs], next: page.next }));
        setError(undefined);
      },
      (caught: unknown) => setError(caught),
    );
  };
  useEffect(() => load(), [address]);
  useTxEvents((event) => event.addresses.includes(address) && load(), [address]);
  if (error !== undefined) return <ErrorBox error={error} />;
  if (txs === undefined) return <Loading />;
  return (
    <>
      <TxTable ids={txs.list.map((tx) => tx.id)} testId="contract-history" showBlock />
      {txs.next !== null && (
        <button type="button" class="more" onClick={() => load(txs.next ?? undefined)}>
          Older
        </button>
      )}
    </>
  );
}
