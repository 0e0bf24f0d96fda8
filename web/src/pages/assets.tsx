import { useState } from 'preact/hooks';
import type { AssetResponse } from '../../../src/client/index.ts';
import { AssetLink, Card, ErrorBox, Loading, Party } from '../components/common.tsx';
import { displayAmount } from '../format.ts';
import { client } from '../node.ts';
import { useAsync } from '../use-async.ts';

export function AssetsPage() {
  const [after, setAfter] = useState<string | undefined>(undefined);
  const [earlier, setEarlier] = useState<(string | undefined)[]>([]);
  const { data, error } = useAsync(() => client.assets({ limit: 50, after }), [after]);
  if (error !== undefined) return <ErrorBox error={error} />;
  return (
    <Card title="Assets">
      {data === undefined ? (
        <Loading />
      ) : (
        <table class="list" data-testid="assets">
          <thead>
            <tr>
              <th>Symbol</th>
              <th>Name</th>
              <th class="number">Supply</th>
              <th class="wide">Creator</th>
            </tr>
          </thead>
          <tbody>
            {data.assets.map((asset: AssetResponse) => (
              <tr key={asset.symbol}>
                <td>
                  <AssetLink symbol={asset.symbol} />
                </td>
                <td>{asset.name}</td>
                <td class="number">{displayAmount(asset.supply, asset.decimals)}</td>
                <td class="wide">
                  <Party value={asset.creator} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav class="pager">
        {earlier.length > 0 && (
          <button type="button" onClick={() => { setAfter(earlier.at(-1)); setEarlier(earlier.slice(0, -1)); }}>
            ← Previous
          </button>
        )}
        {data?.next != null && (
          <button type="button" onClick={() => { setEarlier([...earlier, after]); setAfter(data.next ?? undefined); }}>
            Next →
          </button>
        )}
      </nav>
    </Card>
  );
}

export function NotFoundPage() {
  return (
    <Card title="Page not found">
      <p>
        There is no page here. Try the search box, or go back to the <a href="/">explorer</a>.
      </p>
    </Card>
  );
}
