import { TxRateChart } from '../components/charts.tsx';
import { AccountLink, BlockLink, Card, Code, TxLink } from '../components/common.tsx';
import { EventsSummary } from '../components/kinds.tsx';
import { formatRate, groupDigits, shortHash, timeAgo } from '../format.ts';
import { LATEST_TXS, useLive } from '../live.ts';
import { useNow } from '../use-now.ts';
import { meanBlockTimeMs, txRate } from '../rates.ts';

export function HomePage() {
  const live = useLive();
  const now = useNow();
  const { status, blocks, txs, latestCommit } = live;
  const tip = blocks[0];
  const blockTime = meanBlockTimeMs(blocks);
  const proposers = new Map<string, number>();
  for (const block of blocks.slice(0, 50)) proposers.set(block.header.proposer, (proposers.get(block.header.proposer) ?? 0) + 1);
  return (
    <>
      <section class="stats" aria-label="chain status">
        <Stat label="Height" value={status === undefined ? '…' : groupDigits(String(status.height))} testId="height" />
        <Stat label="Last block" value={tip === undefined ? '…' : timeAgo(tip.header.timeMs, now)} />
        <Stat label="Block time" value={blockTime === undefined ? '…' : `${(blockTime / 1000).toFixed(2)} s`} />
        <Stat label="Tx/s (1 min)" value={formatRate(txRate(blocks))} testId="tx-rate" />
        <Stat label="Validators" value={latestCommit === undefined ? '…' : String(latestCommit.signatures.length)} />
        <Stat label="Pending txs" value={status === undefined ? '…' : String(status.mempoolSize)} />
      </section>
      <p class="chain-line muted">
        Chain <span class="mono">{status?.chainId ?? '…'}</span> · node {status?.version ?? '…'} ·{' '}
        <span class={live.connected ? 'live on' : 'live off'}>{live.connected ? 'live' : 'reconnecting…'}</span>
      </p>
      <Card title="Activity">
        <TxRateChart blocks={blocks} />
      </Card>
      <div class="columns">
        <Card title="Latest blocks" actions={<a href="/blocks">all blocks</a>}>
          <table class="list" data-testid="latest-blocks">
            <thead>
              <tr>
                <th>Block</th>
                <th>Age</th>
                <th>Txs</th>
                <th class="wide">Proposer</th>
              </tr>
            </thead>
            <tbody>
              {blocks.slice(0, 12).map((block) => (
                <tr key={block.height}>
                  <td>
                    <BlockLink height={block.height} />
                  </td>
                  <td>{timeAgo(block.header.timeMs, now)}</td>
                  <td>{block.header.txCount}</td>
                  <td class="wide">
                    <AccountLink address={block.header.proposer} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
        <Card title="Latest transactions">
          {txs.length === 0 ? (
            <p class="muted" data-testid="latest-txs-empty">
              {live.blocksSearched === undefined ? 'Reading recent blocks…' : `No transaction in the last ${groupDigits(String(live.blocksSearched))} blocks. New ones appear here as they are committed.`}
            </p>
          ) : (
            <table class="list" data-testid="latest-txs">
              <thead>
                <tr>
                  <th>Tx</th>
                  <th>Block</th>
                  <th>Result</th>
                  <th class="wide">What</th>
                </tr>
              </thead>
              <tbody>
                {txs.slice(0, LATEST_TXS).map((tx) => (
                  <tr key={tx.id}>
                    <td>
                      <TxLink id={tx.id} />
                    </td>
                    <td>
                      <BlockLink height={tx.height} />
                    </td>
                    <td>
                      <Code code={tx.receipt.code} />
                    </td>
                    <td class="wide">
                      <EventsSummary events={tx.receipt.events} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </div>
      <div class="columns">
        <Card title="Validators">
          {latestCommit === undefined ? (
            <p class="muted">…</p>
          ) : (
            <>
              <p class="muted">
                Signed the commit of the last block (round {latestCommit.round}); proposals among the last {Math.min(50, blocks.length)} blocks:
              </p>
              <ul class="plain">
                {latestCommit.signatures.map((s) => (
                  <li key={s.validator}>
                    <AccountLink address={s.validator} /> · proposed {proposers.get(s.validator) ?? 0}
                    {tip?.header.proposer === s.validator && <span class="badge">proposed the last block</span>}
                  </li>
                ))}
              </ul>
            </>
          )}
        </Card>
        <Card title="Tip">
          {tip === undefined ? (
            <p class="muted">No block yet.</p>
          ) : (
            <p>
              Block <BlockLink height={tip.height} /> <span class="mono" title={tip.hash}>{shortHash(tip.hash)}</span>, proposed by{' '}
              <AccountLink address={tip.header.proposer} />, {tip.header.txCount} txs.
            </p>
          )}
        </Card>
      </div>
    </>
  );
}

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div class="stat">
      <div class="stat-label">{label}</div>
      <div class="stat-value" data-testid={testId}>
        {value}
      </div>
    </div>
  );
}
