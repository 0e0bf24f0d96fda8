/**
 * The shell's ports to time (DESIGN.md rule 2): every part of src/node that needs the time or a
 * timer takes these, so the simulator (test/sim) runs the same parts on simulated time. Only the
 * composition root hands out the real ones.
 */
export interface Clock {
  nowMs(): number;
}

/** An opaque timer; cancel it with the Timers that made it. */
export interface TimerHandle {
  cancel(): void;
}

export interface Timers {
  /** Runs `run` once after `delayMs`. */
  after(delayMs: number, run: () => void): TimerHandle;
  /** Runs `run` every `intervalMs` until cancelled. Never keeps the process alive on its own. */
  every(intervalMs: number, run: () => void): TimerHandle;
}

export const SYSTEM_CLOCK: Clock = { nowMs: () => Date.now() };

export const SYSTEM_TIMERS: Timers = {
  after(delayMs, run) {
    const timer = setTimeout(run, delayMs);
    return { cancel: () => clearTimeout(timer) };
  },
  every(intervalMs, run) {
    const timer = setInterval(run, intervalMs);
    timer.unref();
    return { cancel: () => clearInterval(timer) };
  },
};
