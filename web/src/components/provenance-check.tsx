/**
 * "Verify provenance": fetches the item's report (spec/provenance.md) and checks it here, in the
 * browser, with the SDK's offline verifier — the node is asked for the file, not for a verdict. The
 * validator set that signed is shown by hash, and compared with the set that signs this node's latest
 * block, so that a reader can see which set they are trusting.
 */
import { useState } from 'preact/hooks';
import { verifyReport, type VerifyResult } from '../../../src/client/index.ts';
import { groupDigits, shortHash } from '../format.ts';
import { client } from '../node.ts';
import { ErrorBox } from './common.tsx';

interface Checked {
  result: VerifyResult;
  bytes: number;
  /** The validators hash in this node's latest header, when it could be read. */
  nodeValidatorsHash: string | undefined;
  elapsedMs: number;
}

export function ProvenanceCheck({ id }: { id: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [checked, setChecked] = useState<Checked | undefined>(undefined);
  const run = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    setChecked(undefined);
    try {
      const [text, latest] = await Promise.all([client.getItemReport(id), client.block('latest').catch(() => undefined)]);
      const started = performance.now();
      const result = verifyReport(text);
      setChecked({ result, bytes: text.length, nodeValidatorsHash: latest?.header.validatorsHash, elapsedMs: performance.now() - started });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="provenance" data-testid="provenance">
      <p class="muted">
        The report holds every event of this item and of the items it was made from, each with its transaction, the proof that it is in its
        block, and the validators’ signatures on that block. It is checked in this page, without trusting the node.
      </p>
      <div class="row">
        <button type="button" class="primary" onClick={() => void run()} disabled={busy}>
          {busy ? 'Verifying…' : 'Verify provenance'}
        </button>
        <a class="button-link" href={`/v1/items/${id}/report`} download={`${id}.provenance.json`}>
          Download report
        </a>
      </div>
      {error !== undefined && <ErrorBox error={error} title="The report could not be read" />}
      {checked !== undefined && <Verdict checked={checked} />}
    </div>
  );
}

function Verdict({ checked }: { checked: Checked }) {
  const { result } = checked;
  if (!result.ok) {
    return (
      <div class="verdict fail" role="alert" data-testid="verdict">
        <strong>Not proven:</strong> {result.problems.length} {result.problems.length === 1 ? 'problem' : 'problems'} in the report.
        <ul class="problems">
          {result.problems.map((problem, i) => (
            <li key={i}>
              <code class="wrap">{problem.place}</code>: {problem.message}
            </li>
          ))}
        </ul>
      </div>
    );
  }
  const sets = result.validatorSets;
  const sameAsNode = checked.nodeValidatorsHash !== undefined && sets.every((set) => set.hash === checked.nodeValidatorsHash);
  return (
    <div class="verdict ok" role="status" data-testid="verdict">
      <p>
        <strong>
          Proven: {result.proven.length} {result.proven.length === 1 ? 'event' : 'events'} of {result.items.length} {result.items.length === 1 ? 'item' : 'items'}
        </strong>
        , signed by validator set{' '}
        {sets.map((set, i) => (
          <span key={set.hash}>
            {i > 0 && ', '}
            <code class="wrap" data-testid="validators-hash">{set.hash}</code> ({set.validators} {set.validators === 1 ? 'validator' : 'validators'})
          </span>
        ))}
        .
      </p>
      {result.completeAt !== null && (
        <p data-testid="complete-at">
          Complete: no other event of these items up to block {groupDigits(String(result.completeAt.height))}.
        </p>
      )}
      <p class="muted">
        {sameAsNode ? 'That is the set that signs this node’s latest block.' : 'Compare that hash with the validator set of the chain’s genesis before trusting it.'} Checked{' '}
        {groupDigits(String(checked.bytes))} characters in {Math.max(1, Math.round(checked.elapsedMs))} ms.
      </p>
      <details>
        <summary>The proven events</summary>
        <ol class="proven">
          {result.proven.map((event) => (
            <li key={`${event.item}/${event.seq}`}>
              <span class="mono">{shortHash(event.item, 11, 4)}</span> #{event.seq} {event.action} · block {event.height} · tx{' '}
              <a class="mono" href={`/tx/${event.txId}`}>
                {shortHash(event.txId)}
              </a>
            </li>
          ))}
        </ol>
      </details>
    </div>
  );
}
