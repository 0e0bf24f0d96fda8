/** An escrow (spec/ledger.md §8.2): its parties, its tranches and their state, its deadline and default, its dispute. */
import type { EscrowContractJson } from '../../../src/client/index.ts';
import { AccountLink, Card, Fields } from '../components/common.tsx';
import { HoldingView } from '../components/holding.tsx';
import { StateLine } from '../components/state-line.tsx';
import { escrowNow, escrowStatusWords } from '../contract-view.ts';
import { formatTime, untilWords } from '../format.ts';
import { useBlockTime } from '../use-contract.ts';

const TRANCHE_WORDS = { held: 'held by the escrow', released: 'paid to the payee', refunded: 'back with the payer', resolved: 'divided by the arbiter' };

function disputeWords(escrow: EscrowContractJson, timeMs: number): string {
  if (escrow.state === 'disputed') return 'Disputed: the arbiter decides; the deadline no longer applies.';
  if (escrow.arbiter === null) return 'No arbiter: it cannot be disputed.';
  return escrowNow(escrow, timeMs).disputable ? 'None; the payer or the payee may open one until the deadline.' : 'None was opened.';
}

export function EscrowView({ escrow }: { escrow: EscrowContractJson }) {
  const timeMs = useBlockTime(escrow);
  const now = escrowNow(escrow, timeMs);
  const state = now.expired ? 'expired' : escrow.state;
  return (
    <>
      <Card title="Escrow">
        <StateLine state={state} words={escrowStatusWords(escrow, timeMs)} testId="escrow-state" />
        <Fields
          rows={[
            ['Payer', <AccountLink address={escrow.payer} full />],
            ['Payee', <AccountLink address={escrow.payee} full />],
            ['Arbiter', escrow.arbiter === null ? <span class="muted">none</span> : <AccountLink address={escrow.arbiter} full />],
            ['Deadline', <span data-testid="escrow-deadline">{formatTime(escrow.deadlineMs)} {escrow.state === 'closed' ? <span class="muted">(the escrow is closed)</span> : `(${untilWords(escrow.deadlineMs, timeMs)} by block time)`}</span>],
            ['At the deadline', escrow.onExpiry === 'release' ? 'without a dispute, what is held is released to the payee' : 'without a dispute, what is held goes back to the payer'],
            ['Dispute', disputeWords(escrow, timeMs)],
          ]}
        />
      </Card>
      <Card title={escrow.tranches.length === 1 ? 'What it locked' : `Milestones (${escrow.tranches.length})`}>
        <table class="list" data-testid="escrow-tranches">
          <thead>
            <tr>
              <th>#</th>
              <th>What</th>
              <th>State</th>
            </tr>
          </thead>
          <tbody>
            {escrow.tranches.map((t) => (
              <tr key={t.tranche} data-status={t.status}>
                <td>{t.tranche + 1}</td>
                <td>
                  <HoldingView holding={t} />
                </td>
                <td>
                  <span class={t.status === 'held' ? 'badge' : 'badge ok'}>{t.status}</span> <span class="muted">{TRANCHE_WORDS[t.status]}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </>
  );
}
