/**
 * A payment stream (spec/ledger.md §8.6): its rate, deposit, what has accrued and been withdrawn.
 * Accrual is the ledger's own rule at the newest block time, so the numbers move as blocks come.
 */
import type { StreamContractJson } from '../../../src/client/index.ts';
import { AccountLink, Amount, Card, Fields } from '../components/common.tsx';
import { StateLine } from '../components/state-line.tsx';
import { streamNow, streamStatusWords } from '../contract-view.ts';
import { formatTime, untilWords } from '../format.ts';
import { useBlockTime } from '../use-contract.ts';

export function StreamView({ stream }: { stream: StreamContractJson }) {
  const timeMs = useBlockTime(stream);
  const now = streamNow(stream, timeMs);
  const amount = (value: string | bigint, link = false) => <Amount amount={value.toString()} asset={stream.asset} link={link} />;
  return (
    <Card title="Stream">
      <StateLine state={stream.status} words={streamStatusWords(stream, timeMs)} testId="stream-state" />
      <div class="progress" role="img" aria-label={`${now.accruedPerMille / 10} % of the deposit accrued, ${now.withdrawnPerMille / 10} % withdrawn`}>
        <span class="accrued" style={{ width: `${now.accruedPerMille / 10}%` }} />
        <span class="withdrawn" style={{ width: `${now.withdrawnPerMille / 10}%` }} />
      </div>
      <Fields
        rows={[
          ['Payer', <AccountLink address={stream.payer} full />],
          ['Payee', <AccountLink address={stream.payee} full />],
          ['Rate', <span>{amount(stream.ratePerSecond, true)} per second</span>],
          ['Deposit', amount(stream.deposit)],
          ['Accrued now', <span data-testid="stream-accrued" data-accrued={now.accrued.toString()}>{amount(now.accrued)} <span class="muted">at block time {formatTime(timeMs)}</span></span>],
          ['Withdrawn', <span data-testid="stream-withdrawn">{amount(stream.withdrawn)}</span>],
          ['May withdraw now', amount(now.withdrawable)],
          ['Started', formatTime(stream.startMs)],
          stream.stoppedMs !== null ? ['Stopped', formatTime(stream.stoppedMs)] : ['Fully accrued', stream.now.endsMs === null ? 'not in this era' : `${formatTime(stream.now.endsMs)} (${untilWords(stream.now.endsMs, timeMs)})`],
        ]}
      />
    </Card>
  );
}
