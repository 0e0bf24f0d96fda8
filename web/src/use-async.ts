import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Runs the load again, keeping the current data on screen meanwhile. */
  reload: () => void;
}

/** Loads `load()` whenever `deps` change; an answer that arrives after a newer load started is dropped. */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): AsyncState<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: undefined, loading: true });
  const generation = useRef(0);
  const run = useCallback((keep: boolean) => {
    const mine = ++generation.current;
    setState((previous) => ({ data: keep ? previous.data : undefined, error: undefined, loading: true }));
    load().then(
      (data) => mine === generation.current && setState({ data, error: undefined, loading: false }),
      (error: unknown) => mine === generation.current && setState((previous) => ({ data: keep ? previous.data : undefined, error, loading: false })),
    );
    // `load` is a new closure each render; `deps` say when it reads something new.
  }, deps);
  useEffect(() => run(false), [run]);
  return { ...state, reload: () => run(true) };
}
