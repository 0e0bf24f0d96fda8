import { useEffect, useState } from 'preact/hooks';
import type { BlockResponse, TxResponse } from '../../../src/client/index.ts';
import { FlowCells } from '../components/account-flow.tsx';
import { AccountLink, BlockLink, Card, Code, ErrorBox, Fields, Loading, TxLink } from '../components/common.tsx';
import { kindLabel, TxSummary } from '../components/kinds.tsx';
import { formatTime, groupDigits, timeAgo } from '../format.ts';
import { useLive } from '../live.ts';
import { client } from '../node.ts';
import { useAsync } from '../use-async.ts';
import { useNow } from '../use-now.ts';

/** Txs of a block read in detail per page of the list (one request each). */
const TXS_PAGE = 25;
const BLOCKS_PAGE = 20;

export function BlockPage({ height }: { height: number }) {
  const { data: block, error, loading } = useAsync(() => client.block(height), [height]);
  const live = useLive();
  const tip = live.status?.height ?? 0;
  if (error !== undefined) {
    return (
      <Card title={`Block #${groupDigits(String(height))}`}>
        <ErrorBox error={error} />
        {height > tip && <p class="muted">The chain is at height {tip}; this block is not committed yet.</p>}
      </Card>
    );
  }
  if (loading || block === undefined) return <Loading what="Reading the block" />;
  return (
    <>
      <nav class="pager">
        {height > 1 && <a href={`/block/${height - 1}`}>← #{height - 1}</a>}
        {height < tip && <a href={`/block/${height + 1}`}>#{height + 1} →</a>}
      </nav>
      <Card title={`Block #${groupDigits(String(height))}`}>
        <BlockFields block={block} />
      </Card>
      <Card title={`Transactions (${block.txs.length})`}>
        <BlockTxs ids={block.txs} />
      </Card>
      {block.evidence.length > 0 && (
        <Card title={`Evidence (${block.evidence.length})`}>
          <BlockEvidence block={block} />
        </Card>
      )}
      <Card title={`Commit: ${block.commit.signatures.length} signatures (round ${block.commit.round})`}>
        <ul class="plain">
          {block.commit.signatures.map((s) => (
            <li key={s.validator}>
              <AccountLink address={s.validator} /> <span class="mono muted wrap">{s.signature}</span>
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}

function BlockFields({ block }: { block: BlockResponse }) {
  const now = useNow();
  const { header } = block;
  return (
    <Fields
      rows={[
        ['Hash', <span class="mono wrap">{block.hash}</span>],
        ['Time', `${formatTime(header.timeMs)} (${timeAgo(header.timeMs, now)})`],
        ['Proposer', <AccountLink address={header.proposer} full />],
        ['Transactions', String(header.txCount)],
        ['Previous', header.height > 1 ? <a class="mono wrap" href={`/block/${header.height - 1}`}>{header.previousHash}</a> : <span class="mono wrap">{header.previousHash} (genesis)</span>],
        ['State root', <span class="mono wrap">{header.stateRoot}</span>],
        ['Tx root', <span class="mono wrap">{header.txRoot}</span>],
        ['Validators hash', <span class="mono wrap">{header.validatorsHash}</span>],
        // The set of the next block (spec/chain.md §1): different from the one above at a hand-over.
        ['Next validators', header.nextValidatorsHash === header.validatorsHash ? 'the same set' : <span class="mono wrap">{header.nextValidatorsHash} (the set changes)</span>],
        ['Evidence root', <span class="mono wrap">{header.evidenceRoot}</span>],
        ['Chain', header.chainId],
      ]}
    />
  );
}

/**
 * The equivocation a block commits (spec/chain.md §6): who, what they signed twice, and both signed
 * halves, which anyone can check against the validator set with `agora evidence verify`.
 */
function BlockEvidence({ block }: { block: BlockResponse }) {
  return (
    <>
      <p class="muted" data-testid="offenders">
        Proven to equivocate: {block.offenders.map((address, i) => (
          <span key={address}>
            {i > 0 && ', '}
            <AccountLink address={address} />
          </span>
        ))}
        . Each offence is committed once, and can be checked offline with `agora evidence verify`.
      </p>
      <table class="list" data-testid="block-evidence">
        <thead>
          <tr>
            <th>Kind</th>
            <th>Validator</th>
            <th>Height / round</th>
            <th class="wide">Signed twice</th>
          </tr>
        </thead>
        <tbody>
          {block.evidence.map((piece) => (
            <tr key={piece.id} data-evidence={piece.id}>
              <td>{piece.kind === 'duplicateVote' ? `double ${piece.type}` : 'two proposals'}</td>
              <td>
                <AccountLink address={piece.kind === 'duplicateVote' ? piece.validator : piece.proposer} />
              </td>
              <td>
                <BlockLink height={piece.height} /> / {piece.round}
              </td>
              <td class="wide mono wrap">
                {piece.first.blockHash ?? 'nil'} <span class="muted">and</span> {piece.second.blockHash ?? 'nil'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** The txs of a block with their kind, signer, result and summary, a page at a time. */
export function BlockTxs({ ids }: { ids: readonly string[] }) {
  const [shown, setShown] = useState(TXS_PAGE);
  if (ids.length === 0) return <p class="muted">An empty block: it carries time forward.</p>;
  return (
    <>
      <TxTable ids={ids.slice(0, shown)} testId="block-txs" />
      {ids.length > shown && (
        <button type="button" class="more" onClick={() => setShown(shown + TXS_PAGE)}>
          Show {Math.min(TXS_PAGE, ids.length - shown)} more of {ids.length - shown}
        </button>
      )}
    </>
  );
}

/**
 * Txs as a table of TxRow, with their block's column when they come from several blocks, and with
 * what each did to `account` (in or out, and how much) when the list is that account's history.
 */
export function TxTable({ ids, testId, showBlock = false, account }: { ids: readonly string[]; testId: string; showBlock?: boolean; account?: string }) {
  return (
    <table class="list" data-testid={testId}>
      <thead>
        <tr>
          <th>Tx</th>
          {showBlock && <th>Block</th>}
          <th>Kind</th>
          {account !== undefined && (
            <>
              <th>In/out</th>
              <th class="number">Amount</th>
            </>
          )}
          <th>Result</th>
          <th class="wide">What</th>
        </tr>
      </thead>
      <tbody>
        {ids.map((id) => (
          <TxRow id={id} key={id} showBlock={showBlock} account={account} />
        ))}
      </tbody>
    </table>
  );
}

/** One tx as a row: read on its own, so a long list fills in as answers come. */
export function TxRow({ id, showBlock = false, account }: { id: string; showBlock?: boolean; account?: string }) {
  const { data: tx, error } = useAsync<TxResponse>(() => client.tx(id), [id]);
  return (
    <tr data-tx={id}>
      <td>
        <TxLink id={id} />
      </td>
      {showBlock && <td>{tx?.height !== undefined ? <BlockLink height={tx.height} /> : tx?.status ?? '…'}</td>}
      <td>{tx === undefined ? (error !== undefined ? '?' : '…') : kindLabel(tx.tx.kind)}</td>
      {account !== undefined && <FlowCells tx={tx} account={account} />}
      <td>{tx?.receipt !== undefined ? <Code code={tx.receipt.code} /> : tx?.status === 'pending' ? 'pending' : ''}</td>
      <td class="wide">{tx !== undefined && <TxSummary tx={tx.tx} />}</td>
    </tr>
  );
}

export function BlocksPage() {
  const live = useLive();
  const tip = live.status?.height;
  // The list is pinned where it was opened: a live chain would otherwise reload it on every block.
  const [top, setTop] = useState<number | undefined>(undefined);
  useEffect(() => {
    if (top === undefined && tip !== undefined) setTop(tip);
  }, [tip, top]);
  const from = top;
  const heights: number[] = [];
  if (from !== undefined) for (let h = from; h >= 1 && h > from - BLOCKS_PAGE; h--) heights.push(h);
  const { data: blocks, error } = useAsync(() => Promise.all(heights.map((h) => client.block(h))), [from]);
  if (error !== undefined) return <ErrorBox error={error} />;
  return (
    <Card title="Blocks" actions={tip !== undefined && from !== undefined && tip > from && <button type="button" onClick={() => setTop(tip)}>{tip - from} newer</button>}>
      {blocks === undefined ? (
        <Loading />
      ) : (
        <table class="list">
          <thead>
            <tr>
              <th>Block</th>
              <th>Time</th>
              <th>Txs</th>
              <th class="wide">Proposer</th>
            </tr>
          </thead>
          <tbody>
            {blocks.map((block) => (
              <tr key={block.height}>
                <td>
                  <BlockLink height={block.height} />
                </td>
                <td>{formatTime(block.header.timeMs)}</td>
                <td>{block.header.txCount}</td>
                <td class="wide">
                  <AccountLink address={block.header.proposer} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {from !== undefined && from > BLOCKS_PAGE && (
        <button type="button" class="more" onClick={() => setTop(from - BLOCKS_PAGE)}>
          Older blocks
        </button>
      )}
    </Card>
  );
}
