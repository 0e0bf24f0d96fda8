import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Where a CLI run writes and what environment it reads. A real run uses the process's; tests run
 * the CLI in process (runCli with their own CliIo) to check parsing and output without spawning.
 * AsyncLocalStorage keeps each run's io with its own async calls, so runs never see each other's.
 */
export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  writeOut(text: string): void;
  writeErr(text: string): void;
}

export const PROCESS_IO: CliIo = {
  env: process.env,
  writeOut: (text) => void process.stdout.write(text),
  writeErr: (text) => void process.stderr.write(text),
};

const current = new AsyncLocalStorage<CliIo>();

/** The io of the run this code belongs to (the process's outside any run). */
export function cliIo(): CliIo {
  return current.getStore() ?? PROCESS_IO;
}

export function withCliIo<T>(io: CliIo, run: () => Promise<T>): Promise<T> {
  return current.run(io, run);
}
