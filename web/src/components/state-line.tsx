import type { ComponentChildren } from 'preact';

/** A contract's state as a badge, and what it means in words, on one line. */
export function StateLine({ state, words, testId }: { state: string; words: ComponentChildren; testId: string }) {
  return (
    <p class="state-line" data-testid={testId} data-state={state}>
      <span class="badge">{state}</span> {words}
    </p>
  );
}
