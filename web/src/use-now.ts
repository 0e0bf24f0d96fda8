import { useEffect, useState } from 'preact/hooks';

/** The time now, re-rendering every `periodMs`: for "3 s ago". */
export function useNow(periodMs = 1_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), periodMs);
    return () => clearInterval(timer);
  }, [periodMs]);
  return now;
}
