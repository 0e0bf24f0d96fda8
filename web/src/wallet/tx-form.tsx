/** What every wallet action shares: a submit that signs and sends here, then shows the outcome. */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { CommittedResult } from '../../../src/client/index.ts';
import { BlockLink, ErrorBox, TxLink } from '../components/common.tsx';

export const inputValue = (event: Event): string => (event.target as HTMLInputElement).value;

/** `outcome` adds to the success line what the tx made (a new item's id). */
export function TxForm({
  title,
  submitLabel,
  run,
  children,
  testId,
  outcome,
}: {
  title: string;
  submitLabel: string;
  run: () => Promise<CommittedResult>;
  children: ComponentChildren;
  testId: string;
  outcome?: (result: CommittedResult) => ComponentChildren;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [done, setDone] = useState<CommittedResult | undefined>(undefined);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      setDone(await run());
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="form" onSubmit={submit} data-testid={testId} aria-label={title}>
      {children}
      <button type="submit" class="primary" disabled={busy}>
        {busy ? 'Signing and sending…' : submitLabel}
      </button>
      {error !== undefined && <ErrorBox error={error} />}
      {done !== undefined && (
        <p class="success" role="status" data-testid="tx-done">
          Done: <TxLink id={done.id} /> is in block <BlockLink height={done.height} />
          {done.receipt.fee !== '0' && ` (fee ${done.receipt.fee} base units)`}.{outcome !== undefined && <> {outcome(done)}</>}
        </p>
      )}
    </form>
  );
}
