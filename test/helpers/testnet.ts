import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** Helpers for tests that run the real `agora` command and real node processes on 127.0.0.1. */
export const AGORA = join(import.meta.dirname, '..', '..', 'bin', 'agora.js');

export interface AgoraRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `agora ARGS` to its end (killed after `timeoutMs`), with `extraEnv` (e.g. AGORA_PASSPHRASE) added. */
export function runAgora(args: string[], timeoutMs = 60_000, extraEnv: Record<string, string> = {}): Promise<AgoraRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, AGORA_LOG_LEVEL: 'warn', ...extraEnv };
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [AGORA, ...args], { env, timeout: timeoutMs, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        reject(new Error(`agora ${args.join(' ')} did not finish: ${error.message}\n${stderr}`));
        return;
      }
      resolve({ code: child.exitCode, stdout, stderr });
    });
  });
}

/** An even base port in 20000–40000 with room for `count` nodes (API and p2p port each). */
export function randomBasePort(count: number): number {
  return 20_000 + 2 * Math.floor((Math.random() * (20_000 - 2 * count)) / 2);
}

export interface NodeChild {
  readonly name: string;
  readonly child: ChildProcess;
  /** The last 20,000 characters the node wrote on stderr. */
  stderr(): string;
}

/** Spawns `agora start --home HOME` (it uses the ports of HOME/config.json unless `extraArgs` say). Does not wait. */
export function spawnNode(name: string, home: string, extraEnv: Record<string, string> = {}, extraArgs: string[] = []): NodeChild {
  const child = spawn(process.execPath, [AGORA, 'start', '--home', home, ...extraArgs], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, AGORA_LOG_LEVEL: 'warn', ...extraEnv },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-20_000);
  });
  return { name, child, stderr: () => stderr };
}

export function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Sends `signal` and waits for the exit; SIGKILL after `graceMs`. */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL', graceMs = 10_000): Promise<void> {
  if (!isRunning(child)) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** GET a JSON document, bounded by `timeoutMs`. Throws on a network error, a timeout or a non-2xx status. */
export async function getJson<T>(url: string, timeoutMs = 5_000): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** GET that answers the HTTP status and body, or null when the node does not answer. */
export async function tryGet(url: string, timeoutMs = 5_000): Promise<{ status: number; body: unknown } | null> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return { status: response.status, body: (await response.json()) as unknown };
  } catch {
    return null;
  }
}

export async function postJson<T>(url: string, body: unknown, timeoutMs = 40_000): Promise<{ status: number; body: T }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: response.status, body: (await response.json()) as T };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` every `everyMs` until it returns true; throws `what` (and `detail()`) after `timeoutMs`. */
export async function waitUntil(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string, detail: () => string = () => '', everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail() === '' ? '' : `\n${detail()}`}`);
    await sleep(everyMs);
  }
}

/** Waits until every node in `urls` reports a height of at least `target` (30 s at most). */
export async function allAtHeight(urls: readonly string[], target: number): Promise<void> {
  let last: number[] = [];
  await waitUntil(
    async () => {
      last = await Promise.all(urls.map(async (u) => (await getJson<{ height: number }>(`${u}/v1/status`)).height));
      return last.every((h) => h >= target);
    },
    30_000,
    `every node at height ${target}`,
    () => `heights ${last.join(',')}`,
    50,
  );
}
