import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { saveConfig, saveGenesis, saveValidatorKey, DEFAULT_CONFIG, type NodeConfig } from '../src/node/home.ts';
import type { GenesisJson } from '../src/chain/genesis.ts';
import type { KeyPair } from '../src/crypto/keys.ts';
import { NODE_RUNTIME_FLAGS } from '../src/node/runtime-flags.ts';

/** A node home laid out for a benchmark or an integration test. */
export async function writeHome(home: string, genesis: GenesisJson, validator: KeyPair | null, config: Partial<NodeConfig>): Promise<void> {
  mkdirSync(home, { recursive: true });
  await saveGenesis(home, genesis);
  if (validator !== null) await saveValidatorKey(home, validator);
  await saveConfig(home, { ...DEFAULT_CONFIG, ...config });
}

export interface NodeProcess {
  child: ChildProcess;
  url: string;
  stderr: () => string;
}

/** Starts `agora start --home HOME` as a child process, with the node's runtime flags, and waits until its API answers. */
export async function startNodeProcess(home: string, apiPort: number, timeoutMs = 30_000, extraEnv: Record<string, string> = {}): Promise<NodeProcess> {
  const nodeArgs = (process.env.AGORA_BENCH_NODE_ARGS ?? '').split(' ').filter((a) => a.length > 0);
  const child = spawn(process.execPath, [...NODE_RUNTIME_FLAGS, ...nodeArgs, join(import.meta.dirname, '..', 'bin', 'agora.js'), 'start', '--home', home, '--api', `127.0.0.1:${apiPort}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, AGORA_LOG_LEVEL: 'warn', ...extraEnv },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-20_000);
  });
  const url = `http://127.0.0.1:${apiPort}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`node exited with ${child.exitCode}: ${stderr}`);
    try {
      const response = await fetch(`${url}/v1/status`);
      if (response.ok) return { child, url, stderr: () => stderr };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`node did not answer within ${timeoutMs} ms: ${stderr}`);
}

export async function stopNodeProcess(node: NodeProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (node.child.exitCode !== null || node.child.signalCode !== null) return;
  const exited = new Promise((resolve) => node.child.once('exit', resolve));
  node.child.kill(signal);
  const timer = setTimeout(() => node.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
