/** Plain SVG charts: tx/s over time, and an asset's largest holders. Scaled by the viewBox, so they fit a phone. */
import type { BlockEventJson } from '../../../src/client/index.ts';
import { formatDuration, formatRate, shortAddress } from '../format.ts';
import { chartStepMs, rateBuckets } from '../rates.ts';

const WIDTH = 360;
const HEIGHT = 100;

/** Tx/s in `buckets` bars; each bar as wide as needed (chartStepMs) to cover every block held. */
export function TxRateChart({ blocks, buckets = 36 }: { blocks: readonly BlockEventJson[]; buckets?: number }) {
  const bucketMs = chartStepMs(blocks, buckets);
  const rates = rateBuckets(blocks, bucketMs, buckets);
  // Scaled to the busiest bar, so a quiet chain's few txs still show; 1 tx/s when there are none.
  const peak = Math.max(...rates) || 1;
  const barWidth = WIDTH / buckets;
  const span = formatDuration(bucketMs * buckets);
  // The SVG holds only shapes and stretches to the card's width; text stays HTML, so it never distorts.
  return (
    <figure class="chart rate-chart">
      <div class="chart-scale">
        <span>{formatRate(peak)} tx/s</span>
      </div>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`transactions per second over the last ${span}; peak ${formatRate(peak)}`} preserveAspectRatio="none">
        <line x1="0" y1="0.5" x2={WIDTH} y2="0.5" class="grid" vector-effect="non-scaling-stroke" />
        <line x1="0" y1={HEIGHT - 0.5} x2={WIDTH} y2={HEIGHT - 0.5} class="axis" vector-effect="non-scaling-stroke" />
        {rates.map((rate, i) => {
          const height = (rate / peak) * (HEIGHT - 2);
          return (
            <rect key={i} class="bar" x={i * barWidth + barWidth * 0.1} y={HEIGHT - height} width={barWidth * 0.8} height={height}>
              <title>{`${formatRate(rate)} tx/s, ${i === buckets - 1 ? 'latest' : `${formatDuration((buckets - 1 - i) * bucketMs)} before`}`}</title>
            </rect>
          );
        })}
      </svg>
      <div class="chart-axis">
        <span>{span} ago</span>
        <span>now</span>
      </div>
      <figcaption>Transactions per second, in steps of {formatDuration(bucketMs)} of block time</figcaption>
    </figure>
  );
}

export interface HolderShare {
  address: string;
  amount: bigint;
}

/** Share of `supply` in basis points, with bigints so that huge supplies keep their precision. */
function basisPoints(amount: bigint, supply: bigint): number {
  return supply === 0n ? 0 : Number((amount * 10_000n) / supply);
}

function percent(amount: bigint, supply: bigint): string {
  const points = basisPoints(amount, supply);
  return points === 0 && amount > 0n ? '<0.01%' : `${(points / 100).toFixed(2)}%`;
}

/** The largest holders as bars of their share of the supply (HTML bars: they reflow on a phone). */
export function HoldersChart({ holders, supply, shown = 8 }: { holders: readonly HolderShare[]; supply: bigint; shown?: number }) {
  const top = [...holders].sort((a, b) => (a.amount === b.amount ? 0 : a.amount > b.amount ? -1 : 1)).slice(0, shown);
  if (top.length === 0 || supply === 0n) return <p class="muted">No holders yet.</p>;
  return (
    <figure class="chart">
      <ul class="share-bars" aria-label="largest holders by share of the supply">
        {top.map((holder) => (
          <li key={holder.address}>
            <a class="mono" href={`/account/${holder.address}`} title={holder.address}>
              {shortAddress(holder.address)}
            </a>
            <span class="share-track">
              <span class="share-bar" style={{ width: `${Math.max(0.5, basisPoints(holder.amount, supply) / 100)}%` }} />
            </span>
            <span class="share-value">{percent(holder.amount, supply)}</span>
          </li>
        ))}
      </ul>
      <figcaption>Largest holders among those listed, by share of the supply</figcaption>
    </figure>
  );
}
