/**
 * An org member's actions, signed in this page with the unlocked key (spec/org.md §5): join,
 * contribute, evaluate (commit a sealed score, then reveal it), close, claim, and motions (object,
 * vote sealed, reveal, execute; proposing one is org-propose-form.tsx). A sealed score or vote is
 * kept in this browser's storage from before its commit is sent until its reveal: without it the
 * reveal cannot match.
 */
import { useState } from 'preact/hooks';
import { AgoraError, evaluationCommitment, newOrgSalt, voteCommitment, type CommittedResult } from '../../../src/client/index.ts';
import { sha256, utf8 } from '../../../src/crypto/hash.ts';
import { chainParams, client } from '../node.ts';
import { contributionIdOf, decodeSealed, encodeSealed, sealedStorageKey } from '../org-view.ts';
import type { Session } from './session.ts';
import { TxForm, inputValue } from './tx-form.tsx';

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/** A tx with no fields to fill: one button. */
export function OrgButton({ label, title, testId, run, onDone }: { label: string; title: string; testId: string; run: () => Promise<CommittedResult>; onDone: () => void }) {
  const send = async (): Promise<CommittedResult> => {
    const result = await run();
    onDone();
    return result;
  };
  return (
    <TxForm title={title} submitLabel={label} run={send} testId={testId}>
      {null}
    </TxForm>
  );
}

export function JoinForm({ org, session, onDone }: { org: string; session: Session; onDone: () => void }) {
  return <OrgButton title="Join" label="Join this organisation" testId="org-join" run={() => client.sendTx(session.key, 'org.join', { org })} onDone={onDone} />;
}

export function ContributeForm({ org, session, fee, onDone }: { org: string; session: Session; fee: string; onDone: () => void }) {
  const [description, setDescription] = useState('');
  const [document, setDocument] = useState('');
  const run = async (): Promise<CommittedResult> => {
    const text = description.trim();
    if (text === '') throw new AgoraError('missing_field', 'describe the contribution');
    // The document stays here: only its SHA-256 goes on chain (the description when there is none).
    const result = await client.sendTx(session.key, 'org.contribute', { org, description: text, document: sha256(utf8(document.trim() === '' ? text : document)) });
    onDone();
    return result;
  };
  return (
    <TxForm
      title="Contribute"
      submitLabel="Sign and submit the contribution"
      run={run}
      testId="org-contribute"
      outcome={(result) => {
        const id = contributionIdOf(result.receipt.events);
        return id === undefined ? null : <span data-testid="new-contribution">Contribution #{id}.</span>;
      }}
    >
      <p class="muted">Submitting costs {fee}, paid into the treasury. Members then evaluate it.</p>
      <label>
        What you did
        <textarea name="contribution-description" rows={2} value={description} onInput={(e) => setDescription(inputValue(e))} />
      </label>
      <label>
        The work itself (optional; only its SHA-256 leaves this page)
        <textarea name="contribution-document" rows={3} value={document} onInput={(e) => setDocument(inputValue(e))} />
      </label>
    </TxForm>
  );
}

/** Commit a sealed score 0…100 (score ≥ 50 counts up), then reveal it in the reveal window. */
export function EvaluateForm({ org, contribution, session, onDone }: { org: string; contribution: number; session: Session; onDone: () => void }) {
  const [score, setScore] = useState('80');
  const run = async (): Promise<CommittedResult> => {
    const value = Number(score);
    if (!Number.isInteger(value) || value < 0 || value > 100) throw new AgoraError('bad_shape', 'a score is a whole number from 0 to 100');
    const params = await chainParams();
    const me = session.entry.address;
    const salt = newOrgSalt();
    // Saved before sending: a commit that lands without its secret could never be revealed.
    storage()?.setItem(sealedStorageKey(params.chainId, org, 'contribution', contribution, me), encodeSealed({ value, salt }));
    const result = await client.sendTx(session.key, 'org.evaluate', { org, contribution, commitment: evaluationCommitment(org, contribution, me, value, salt) });
    onDone();
    return result;
  };
  return (
    <TxForm title="Evaluate" submitLabel="Commit score" run={run} testId="org-evaluate">
      <label>
        Score, 0 to 100 (50 and above counts for it); sealed until you reveal it
        <input name="score" inputMode="numeric" value={score} onInput={(e) => setScore(inputValue(e))} size={4} />
      </label>
    </TxForm>
  );
}

async function sealedFor(org: string, what: 'contribution' | 'motion', id: number, me: string): Promise<{ value: number; salt: Uint8Array }> {
  const params = await chainParams();
  const sealed = decodeSealed(storage()?.getItem(sealedStorageKey(params.chainId, org, what, id, me)) ?? null);
  if (sealed === undefined) throw new AgoraError('no_saved_secret', `this browser holds no sealed ${what === 'motion' ? 'vote' : 'score'} of yours for it: it was committed elsewhere, or the browser's storage was cleared`);
  return sealed;
}

export function RevealButton({ org, what, id, session, onDone }: { org: string; what: 'contribution' | 'motion'; id: number; session: Session; onDone: () => void }) {
  const run = async (): Promise<CommittedResult> => {
    const sealed = await sealedFor(org, what, id, session.entry.address);
    const target = what === 'contribution' ? { contribution: id } : { motion: id };
    return client.sendTx(session.key, 'org.reveal', { org, ...target, value: sealed.value, salt: sealed.salt });
  };
  const label = what === 'contribution' ? 'Reveal score' : 'Reveal vote';
  return <OrgButton title={label} label={label} testId="org-reveal" run={run} onDone={onDone} />;
}

export function VoteForm({ org, motion, session, onDone }: { org: string; motion: number; session: Session; onDone: () => void }) {
  const [vote, setVote] = useState('1');
  const run = async (): Promise<CommittedResult> => {
    const params = await chainParams();
    const me = session.entry.address;
    const value = vote === '1' ? 1 : 0;
    const salt = newOrgSalt();
    storage()?.setItem(sealedStorageKey(params.chainId, org, 'motion', motion, me), encodeSealed({ value, salt }));
    const result = await client.sendTx(session.key, 'org.vote', { org, motion, commitment: voteCommitment(org, motion, me, value, salt) });
    onDone();
    return result;
  };
  return (
    <TxForm title="Vote" submitLabel="Commit vote" run={run} testId="org-vote">
      <label>
        Your vote, sealed until you reveal it
        <select name="vote" value={vote} onChange={(e) => setVote(inputValue(e))}>
          <option value="1">yes</option>
          <option value="0">no</option>
        </select>
      </label>
    </TxForm>
  );
}
