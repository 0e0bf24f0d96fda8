import { createHash } from 'node:crypto';
import { realpathSync, unlinkSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { NodeError } from './errors.ts';

/**
 * One process per home (spec/node.md §One process per home). Two nodes on one home would share one
 * LMDB store and one validator key: a double sign waiting to happen. The lock is a listening Unix
 * socket, which the kernel closes when the process ends however it ends, so `kill -9` never leaves
 * a stale lock:
 * - on Linux, a socket in the abstract namespace named by the SHA-256 of the home's real path; the
 *   name is free the moment the holder dies, and a second bind fails with EADDRINUSE, atomically;
 * - elsewhere, a socket file `HOME/node.sock`; a file nobody listens on (connect is refused) is left
 *   over from a killed holder and is replaced.
 * The holder answers a connection with its process id, so the refusal can name it.
 */
export interface HomeLock {
  /** The process id written to whoever asks; this process's. */
  readonly pid: number;
  release(): Promise<void>;
}

/** How long a second start waits for the holder to say its process id. */
const HOLDER_ANSWER_TIMEOUT_MS = 2_000;

/** Takes the lock of `home` (which must exist) or throws NodeError `home_in_use` naming the holder. */
export async function lockHome(home: string): Promise<HomeLock> {
  const address = lockAddress(home);
  const server = createServer((socket) => {
    socket.on('error', () => {});
    socket.end(`${process.pid}\n`);
  });
  server.unref();
  try {
    await listen(server, address);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    const holder = await askHolder(address);
    if (holder === 'gone' && !address.startsWith('\0')) {
      unlinkSync(address); // left by a holder that was killed; the file is not a lock by itself
      await listen(server, address);
    } else {
      const pid = typeof holder === 'number' && holder > 0 ? holder : null;
      throw new NodeError('home_in_use', `home ${home} is in use by process ${pid ?? '(unknown)'}; stop it first (one node per home)`, { pid });
    }
  }
  return {
    pid: process.pid,
    release: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function lockAddress(home: string): string {
  const real = realpathSync(home);
  if (process.platform === 'linux') return `\0agora/home/${createHash('sha256').update(real).digest('hex')}`;
  return join(real, 'node.sock');
}

function listen(server: Server, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(address, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** The holder's process id as it says it, or 'gone' when nothing listens (a socket file left over). */
function askHolder(address: string): Promise<number | 'gone'> {
  return new Promise((resolve) => {
    const socket = connect(address);
    let text = '';
    const timer = setTimeout(() => socket.destroy(), HOLDER_ANSWER_TIMEOUT_MS);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk.slice(0, 32);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(error.code === 'ECONNREFUSED' || error.code === 'ENOENT' ? 'gone' : 0);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const pid = Number.parseInt(text, 10);
      resolve(Number.isSafeInteger(pid) && pid > 0 ? pid : 0);
    });
  });
}
