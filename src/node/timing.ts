/** The node's clock, injectable so tests can control it. Only src/node reads real time. */
export interface Clock {
  nowMs(): number;
}

export const SYSTEM_CLOCK: Clock = { nowMs: () => Date.now() };
