import { useEffect, useRef, useState } from 'preact/hooks';
import type { AssetResponse } from '../../../src/client/index.ts';
import { HoldersChart } from '../components/charts.tsx';
import { AccountLink, Amount, Card, ErrorBox, Fields, Loading, Party } from '../components/common.tsx';
import { displayAmount } from '../format.ts';
import { useTxEvents } from '../live.ts';
import { assetHolders, client, type HolderJson } from '../node.ts';
import { useAsync } from '../use-async.ts';

const HOLDERS_PAGE = 100;

export function AssetPage({ symbol }: { symbol: string }) {
  const asset = useAsync(() => client.asset(symbol), [symbol]);
  const holders = useHolders(symbol);
  // A committed tx naming this asset (a transfer, a mint, a burn) may change the supply and holders.
  useTxEvents(
    (event) => {
      if (!event.receipt.events.some((e) => e.attributes.asset === symbol)) return;
      asset.reload();
      holders.restart();
    },
    [symbol],
  );
  if (asset.error !== undefined) return <Card title={`Asset ${symbol}`}><ErrorBox error={asset.error} /></Card>;
  if (asset.data === undefined) return <Loading what="Reading the asset" />;
  const data = asset.data;
  return (
    <>
      <Card title={`${data.name} (${data.symbol})`}>
        <AssetFields asset={data} />
      </Card>
      <Card title="Holders">
        {holders.error !== undefined && <ErrorBox error={holders.error} />}
        <HoldersChart holders={holders.list.map((h) => ({ address: h.address, amount: BigInt(h.amount) }))} supply={BigInt(data.supply)} />
        <table class="list" data-testid="holders">
          <thead>
            <tr>
              <th>Address</th>
              <th class="number">Balance</th>
            </tr>
          </thead>
          <tbody>
            {holders.list.map((h) => (
              <tr key={h.address}>
                <td>
                  <AccountLink address={h.address} />
                </td>
                <td class="number">
                  <Amount amount={h.amount} asset={symbol} link={false} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {holders.loading && <Loading what="Reading holders" />}
        {holders.next !== null && !holders.loading && (
          <button type="button" class="more" onClick={holders.more}>
            More holders
          </button>
        )}
      </Card>
    </>
  );
}

function AssetFields({ asset }: { asset: AssetResponse }) {
  return (
    <Fields
      rows={[
        ['Supply', <span data-testid="supply"><Amount amount={asset.supply} asset={asset.symbol} link={false} /></span>],
        ['Maximum supply', asset.maxSupply === null ? (asset.mintable ? 'no limit' : 'fixed') : `${displayAmount(asset.maxSupply, asset.decimals)} ${asset.symbol}`],
        ['Mint authority', asset.mintAuthority === null ? 'nobody: the supply is fixed' : <AccountLink address={asset.mintAuthority} full />],
        ['Creator', <Party value={asset.creator} />],
        ['Decimals', `${asset.decimals} (1 ${asset.symbol} = 1${'0'.repeat(asset.decimals)} base units)`],
      ]}
    />
  );
}

interface Holders {
  list: HolderJson[];
  next: string | null;
  loading: boolean;
  error: unknown;
  more: () => void;
  restart: () => void;
}

/** Pages of holders; a page may come back short (the node bounds its scan), so `more` follows `next`. */
function useHolders(symbol: string): Holders {
  const [state, setState] = useState<{ list: HolderJson[]; next: string | null; loading: boolean; error: unknown }>({ list: [], next: null, loading: true, error: undefined });
  // Answers to an older load (another symbol, or before a restart) are dropped.
  const generation = useRef(0);
  const load = (after: string | undefined, mine: number): void => {
    setState((s) => ({ ...s, loading: true }));
    assetHolders(symbol, { limit: HOLDERS_PAGE, after }).then(
      (page) => mine === generation.current && setState((s) => ({ list: after === undefined ? page.holders : [...s.list, ...page.holders], next: page.next, loading: false, error: undefined })),
      (error: unknown) => mine === generation.current && setState((s) => ({ ...s, loading: false, error })),
    );
  };
  const restart = (): void => load(undefined, ++generation.current);
  useEffect(restart, [symbol]);
  return { ...state, more: () => load(state.next ?? undefined, generation.current), restart };
}
