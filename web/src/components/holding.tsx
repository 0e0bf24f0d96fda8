/** What a contract holds or moves (spec/ledger.md §8.1): amounts of assets and items, on one line. */
import type { HoldingJson } from '../../../src/client/index.ts';
import { Amount, ItemLink } from './common.tsx';

export function HoldingView({ holding, empty = 'nothing' }: { holding: HoldingJson; empty?: string }) {
  if (holding.assets.length === 0 && holding.items.length === 0) return <span class="muted">{empty}</span>;
  return (
    <span class="holding">
      {holding.assets.map(({ asset, amount }) => (
        <Amount amount={amount} asset={asset} key={asset} />
      ))}
      {holding.items.map((id) => (
        <ItemLink id={id} key={id} />
      ))}
    </span>
  );
}
