/** A tx seen from one account: did value come in or go out, and how much of what (account-flows.ts). */
import type { TxResponse } from '../../../src/client/index.ts';
import { accountFlows, signedAmount, type AssetChange } from '../account-flows.ts';
import { chainParams } from '../node.ts';
import { useAsync } from '../use-async.ts';
import { useDecimals } from './common.tsx';

/** Two cells, "In/out" and "Amount", for a row of an account's history; empty until the tx is read. */
export function FlowCells({ tx, account }: { tx: TxResponse | undefined; account: string }) {
  const params = useAsync(chainParams, []);
  if (tx?.receipt === undefined || params.data === undefined) {
    return (
      <>
        <td />
        <td class="number" />
      </>
    );
  }
  const flows = accountFlows(tx.receipt.events, account, params.data.nativeAsset);
  return (
    <>
      <td data-testid="direction">{flows.direction === 'none' ? <span class="muted">—</span> : <span class={`direction ${flows.direction === 'in' ? 'in' : 'out'}`}>{flows.direction}</span>}</td>
      <td class="number" data-testid="amount">
        {flows.changes.map((change) => (
          <Change change={change} key={change.asset} />
        ))}
        {flows.feePaid > 0n && <Change change={{ asset: params.data.nativeAsset, amount: -flows.feePaid }} note="fee" />}
      </td>
    </>
  );
}

function Change({ change, note }: { change: AssetChange; note?: string }) {
  const decimals = useDecimals(change.asset);
  return (
    <div class={note === undefined ? 'change' : 'change muted'} title={`${change.amount} base units`}>
      {decimals === undefined ? '…' : signedAmount(change.amount, decimals, change.asset)}
      {note !== undefined && ` ${note}`}
    </div>
  );
}
