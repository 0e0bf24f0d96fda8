import { AccountLink, BlockLink, Card, Code, ErrorBox, Fields, Loading } from '../components/common.tsx';
import { EventView, kindLabel, TxSummary } from '../components/kinds.tsx';
import { receiptWords } from '../errors.ts';
import { displayAmount } from '../format.ts';
import { useTxEvents } from '../live.ts';
import { client } from '../node.ts';
import { useAsync } from '../use-async.ts';

export function TxPage({ id }: { id: string }) {
  const { data: tx, error, loading, reload } = useAsync(() => client.tx(id), [id]);
  // A pending tx turns committed on the page as soon as its block arrives.
  useTxEvents((event) => event.id === id && reload(), [id]);
  if (error !== undefined) return <Card title="Transaction"><ErrorBox error={error} /></Card>;
  if (loading && tx === undefined) return <Loading what="Reading the transaction" />;
  if (tx === undefined) return null;
  const { receipt } = tx;
  return (
    <>
      <Card title={`${kindLabel(tx.tx.kind)} transaction`}>
        <p class="lead">
          <TxSummary tx={tx.tx} />
        </p>
        <Fields
          rows={[
            ['Id', <span class="mono wrap" data-testid="tx-id">{tx.id}</span>],
            ['Status', tx.status === 'committed' ? <span>committed in block {tx.height !== undefined && <BlockLink height={tx.height} />} at index {tx.index}</span> : <span class="badge">pending</span>],
            ['Result', receipt === undefined ? 'not committed yet' : <span><Code code={receipt.code} /> {receiptWords(receipt.code)}{receipt.message !== undefined && <span class="muted"> — {receipt.message}</span>}</span>],
            ['Fee paid', receipt === undefined ? '—' : `${displayAmount(receipt.fee, 0)} base units of the native asset`],
            ['Fee limit', `${displayAmount(tx.tx.fee, 0)} base units`],
            ['Signers', <span>{tx.tx.signers.map((s) => <span key={s.address} class="signer"><AccountLink address={s.address} full /> nonce {s.nonce}</span>)}</span>],
            ['Expires', tx.tx.expiresAt === null ? 'never' : `after block ${tx.tx.expiresAt}`],
            ['Size', `${tx.size} bytes`],
            ['Chain', tx.tx.chainId],
          ]}
        />
      </Card>
      <Card title={`Events (${receipt?.events.length ?? 0})`}>
        {receipt === undefined || receipt.events.length === 0 ? <p class="muted">{receipt === undefined ? 'Events appear once the tx is committed.' : 'No events: a failed tx changes nothing but its fee.'}</p> : receipt.events.map((event, i) => <EventView event={event} key={i} />)}
      </Card>
      <Card title="Payload">
        <pre class="json">{JSON.stringify(tx.tx.payload, null, 2)}</pre>
        <details>
          <summary>Signatures</summary>
          {tx.signatures.map((signature) => (
            <p class="mono wrap" key={signature}>
              {signature}
            </p>
          ))}
        </details>
      </Card>
    </>
  );
}
