/**
 * "Verify provenance": fetches the item's report (spec/provenance.md) and checks it here, in the
 * browser, with the SDK's offline verifier — the node is asked for the file, not for a verdict. The
 * report is checked against a trust anchor, never against the validator sets it carries (§1): a hash
 * the reader pinned in this browser, else the genesis of the node serving the page; the verdict names
 * which (web/src/provenance-trust.ts).
 */
import { useState } from 'preact/hooks';
import type { GenesisResponse, VerifyResult } from '../../../src/client/index.ts';
import { groupDigits, shortHash } from '../format.ts';
import { client } from '../node.ts';
import { checkReport, chooseTrust, parsePin, PIN_STORAGE_KEY, readPin, trustWords, type PageTrust } from '../provenance-trust.ts';
import { ErrorBox } from './common.tsx';

interface Checked {
  result: VerifyResult;
  trust: PageTrust;
  bytes: number;
  elapsedMs: number;
}

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined; // storage blocked: no pin
  }
}

export function ProvenanceCheck({ id }: { id: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [checked, setChecked] = useState<Checked | undefined>(undefined);
  const [pinned, setPinned] = useState<string | null>(() => readPin(storage()));
  const run = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    setChecked(undefined);
    try {
      const [text, genesis] = await Promise.all([client.getItemReport(id), client.genesis().catch((): GenesisResponse | undefined => undefined)]);
      const trust = chooseTrust(genesis, pinned);
      const started = performance.now();
      const result = checkReport(text, trust);
      setChecked({ result, trust, bytes: text.length, elapsedMs: performance.now() - started });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const pin = (hash: string | null): void => {
    if (hash === null) storage()?.removeItem(PIN_STORAGE_KEY);
    else storage()?.setItem(PIN_STORAGE_KEY, hash);
    setPinned(hash);
    setChecked(undefined);
  };
  return (
    <div class="provenance" data-testid="provenance">
      <p class="muted">
        The report holds every event of this item and of the items it was made from, each with its transaction, the proof that it is in its
        block, and the validators’ signatures on that block. It is checked in this page against the chain’s genesis validators, without
        trusting the report.
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
      <PinForm pinned={pinned} onPin={pin} />
    </div>
  );
}

/** Pinning the genesis validator set hash of the chain the reader trusts, in this browser. */
function PinForm({ pinned, onPin }: { pinned: string | null; onPin: (hash: string | null) => void }) {
  const [text, setText] = useState('');
  const parsed = parsePin(text);
  return (
    <details class="trust-pin" data-testid="trust-pin">
      <summary>Trust anchor: {pinned === null ? 'this node’s genesis' : <code class="wrap">{pinned}</code>}</summary>
      <p class="muted">
        A report is proven only against validators you trust. By default that is the genesis of the node serving this page. To trust a
        chain you know instead, pin the hash of its genesis validator set (<code>agora verify</code> prints it).
      </p>
      <div class="row">
        <input class="grow mono" aria-label="Genesis validator set hash" placeholder="64 hex characters" value={text} onInput={(e) => setText((e.target as HTMLInputElement).value)} />
        <button type="button" disabled={parsed === null} onClick={() => onPin(parsed)}>
          Pin
        </button>
        {pinned !== null && (
          <button type="button" onClick={() => onPin(null)}>
            Unpin
          </button>
        )}
      </div>
    </details>
  );
}

function Verdict({ checked }: { checked: Checked }) {
  const { result } = checked;
  if (!result.ok) {
    return (
      <div class="verdict fail" role="alert" data-testid="verdict">
        <strong>Not proven:</strong> {result.problems.length} {result.problems.length === 1 ? 'problem' : 'problems'} in the report.
        <p data-testid="trust">Trusting {trustWords(checked.trust)}.</p>
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
      <p data-testid="trust">Trusting {trustWords(checked.trust)}.</p>
      <p class="muted">
        Checked {groupDigits(String(checked.bytes))} characters in {Math.max(1, Math.round(checked.elapsedMs))} ms.
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
