// The `agora` command against a node running in the test's process (test/api/helpers.ts
// startTestNode): run it, expect success (text or one JSON line), or expect a typed failure. By default
// the command runs in this process (runCli with its own io: the parsing and output under test, without
// a process start per call); `{ spawn: true }` runs it as a child process, end to end.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli/main.ts';

const AGORA = fileURLToPath(new URL('../../bin/agora.js', import.meta.url));
/** scrypt plus tsx startup can take this long on a loaded 2-core machine. */
const CHILD_TIMEOUT_MS = 60_000;

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface NodeCli {
  agora(args: string[]): Promise<Run>;
  /** Exit 0; returns stdout. */
  ok(args: string[]): Promise<string>;
  /** Exit 0 with --json and exactly one JSON line on stdout. */
  okJson<T>(args: string[]): Promise<T>;
  /** Exit 1, nothing on stdout, the code on stderr (JSON with --json); returns stderr. */
  fails(args: string[], code: string): Promise<string>;
}

/** `target` is read at each run (the node starts in `before`): its home holds the keys, its url serves. */
export function nodeCli(target: () => { home: string; url: string }, options: { spawn?: boolean } = {}): NodeCli {
  function agora(args: string[]): Promise<Run> {
    const env: NodeJS.ProcessEnv = { ...process.env, AGORA_LOG_LEVEL: 'warn', AGORA_PASSPHRASE: '' };
    const { home, url } = target();
    const full = [AGORA, ...args, '--home', home, '--node', url];
    if (options.spawn !== true) return runInProcess([process.execPath, ...full], env);
    return new Promise((resolve, reject) => {
      const child = execFile(process.execPath, full, { env, timeout: CHILD_TIMEOUT_MS, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(new Error(`agora ${args.join(' ')} did not finish: ${error.message}\n${stderr}`));
          return;
        }
        resolve({ code: child.exitCode, stdout, stderr });
      });
      child.stdin?.end();
    });
  }

  async function ok(args: string[]): Promise<string> {
    const run = await agora(args);
    assert.equal(run.code, 0, `agora ${args.join(' ')} failed (exit ${run.code}): ${run.stderr}${run.stdout}`);
    return run.stdout;
  }

  async function okJson<T>(args: string[]): Promise<T> {
    const stdout = await ok([...args, '--json']);
    assert.equal(stdout.trim().split('\n').length, 1, 'one JSON line');
    return JSON.parse(stdout) as T;
  }

  async function fails(args: string[], code: string): Promise<string> {
    const run = await agora(args);
    assert.equal(run.code, 1, `agora ${args.join(' ')} should fail: ${run.stdout}`);
    assert.equal(run.stdout, '');
    if (args.includes('--json')) assert.equal(JSON.parse(run.stderr).error.code, code, run.stderr);
    else assert.match(run.stderr, new RegExp(`^error: ${code}: `), run.stderr);
    return run.stderr;
  }

  return { agora, ok, okJson, fails };
}

/** Runs `agora` in this process with `env`, capturing what it writes. */
export async function runInProcess(argv: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    env,
    writeOut: (text) => {
      stdout += text;
    },
    writeErr: (text) => {
      stderr += text;
    },
  });
  return { code, stdout, stderr };
}
