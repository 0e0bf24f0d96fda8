import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import {
  apiUrl,
  initTestnet,
  inspectTestnetDir,
  loadTestnet,
  TESTNET_BASE_PORT_DEFAULT,
  TESTNET_HOST_DEFAULT,
  TESTNET_VALIDATORS_MAX,
  TestnetError,
  type Testnet,
} from '../../node/testnet.ts';
import { CliError } from '../errors.ts';
import { NODE_RUNTIME_FLAGS } from '../../node/runtime-flags.ts';
import { globalOptions, type GlobalOptions } from '../options.ts';
import { printResult } from '../output.ts';

const AGORA_BIN = fileURLToPath(new URL('../../../bin/agora.js', import.meta.url));
/** How long a node gets to stop after SIGTERM before it is killed. */
const STOP_GRACE_MS = 10_000;

interface TestnetFlags {
  validators: number;
  dir: string;
  basePort?: number;
  hosts?: string[];
}

/**
 * `agora testnet init` lays out a local network of N validators; `agora testnet` lays it out (or
 * reuses it) and runs every node as a child process until SIGINT/SIGTERM (src/node/testnet.ts).
 */
export function registerTestnetCommands(program: Command): void {
  // The options sit on `testnet` itself and `init` reads them with optsWithGlobals: commander lets a
  // parent consume its options after a subcommand's name, so declaring them twice would not work.
  const testnet = program
    .command('testnet')
    .description('run a local network of N validators, each a child process `agora start --home DIR/nodeI`; stops all on SIGINT/SIGTERM')
    .requiredOption('--validators <n>', `number of validators, 1 to ${TESTNET_VALIDATORS_MAX}`)
    .requiredOption('--dir <dir>', 'where the homes DIR/node0 … DIR/node{N-1} are (laid out if DIR is absent or empty)')
    .option('--base-port <port>', `node i listens on API port P + 2i and p2p port P + 2i + 1 (default ${TESTNET_BASE_PORT_DEFAULT})`)
    .option('--host <addresses>', `the nodes' IP address, or one per node separated by commas (default ${TESTNET_HOST_DEFAULT})`)
    .action(async (_options: unknown, command: Command) => testnetRun(globalOptions(command), testnetFlags(command)));

  testnet
    .command('init')
    .description('lay out DIR/node0 … DIR/node{N-1}: validator and p2p keys, the shared genesis, ports, peers, the funded `dev` key')
    .configureHelp({ showGlobalOptions: true })
    .action(async (_options: unknown, command: Command) => testnetInit(globalOptions(command), testnetFlags(command)));
}

function testnetFlags(command: Command): TestnetFlags {
  const options = command.optsWithGlobals<{ validators?: string; dir?: string; basePort?: string; host?: string }>();
  if (options.validators === undefined || !/^[0-9]{1,6}$/u.test(options.validators)) {
    throw new CliError('bad_validators', `--validators must be an integer from 1 to ${TESTNET_VALIDATORS_MAX}`);
  }
  if (options.dir === undefined || options.dir.length === 0) throw new CliError('bad_usage', '--dir is required (see --help)');
  if (options.basePort !== undefined && !/^[0-9]{1,5}$/u.test(options.basePort)) throw new CliError('bad_port', '--base-port must be a port number');
  return {
    validators: Number(options.validators),
    dir: resolve(options.dir),
    basePort: options.basePort === undefined ? undefined : Number(options.basePort),
    hosts: options.host?.split(',').map((host) => host.trim()),
  };
}

async function testnetInit(options: GlobalOptions, flags: TestnetFlags): Promise<void> {
  const testnet = await initTestnet({ dir: flags.dir, validators: flags.validators, basePort: flags.basePort, hosts: flags.hosts, nowMs: Date.now() });
  const human = [
    `testnet ${testnet.chainId}: ${testnet.nodes.length} validator(s) in ${flags.dir}`,
    ...describeNodes(testnet),
    '',
    `start one:  agora start --home ${testnet.nodes[0].home}`,
    `or all:     agora testnet --validators ${testnet.nodes.length} --dir ${flags.dir}`,
    'the funded `dev` key (no passphrase) is in every home: agora send --from dev --home DIR/nodeI --node API_URL …',
  ].join('\n');
  printResult(options, human, testnetJson(testnet));
}

async function testnetRun(options: GlobalOptions, flags: TestnetFlags): Promise<void> {
  const { testnet, created } = await openTestnet(flags);
  const human = [
    `testnet ${testnet.chainId}: ${created ? 'laid out' : 'reusing'} ${testnet.nodes.length} validator(s) in ${flags.dir}`,
    ...describeNodes(testnet),
    '',
    'node logs follow on stderr, each line prefixed with [nodeI]; Ctrl-C stops every node',
  ].join('\n');
  printResult(options, human, { ...testnetJson(testnet), created });
  const exitCode = await runNodes(testnet);
  if (exitCode !== 0) throw new CliError('all_nodes_exited', 'every node of the testnet exited; see the [nodeI] lines above');
  process.exit(0);
}

/** Lays out a testnet in an absent or empty DIR, or reuses the one of the same size DIR holds. */
async function openTestnet(flags: TestnetFlags): Promise<{ testnet: Testnet; created: boolean }> {
  const state = await inspectTestnetDir(flags.dir);
  if (state === 'empty') {
    const testnet = await initTestnet({ dir: flags.dir, validators: flags.validators, basePort: flags.basePort, hosts: flags.hosts, nowMs: Date.now() });
    return { testnet, created: true };
  }
  if (state === 'occupied') throw new TestnetError('dir_not_empty', `${flags.dir} is not empty and holds no testnet: give a new or empty directory`);
  const testnet = await loadTestnet(flags.dir);
  if (testnet.nodes.length !== flags.validators) {
    throw new TestnetError('testnet_mismatch', `${flags.dir} holds a testnet of ${testnet.nodes.length} node(s), not ${flags.validators}: give another --dir`);
  }
  const basePort = Number(testnet.nodes[0].api.split(':').at(-1));
  if (flags.basePort !== undefined && flags.basePort !== basePort) {
    throw new TestnetError('testnet_mismatch', `${flags.dir} holds a testnet with base port ${basePort}, not ${flags.basePort}: give another --dir or edit each config.json`);
  }
  if (flags.hosts !== undefined) throw new TestnetError('testnet_mismatch', `${flags.dir} holds a testnet already: --host applies only when laying one out`);
  return { testnet, created: false };
}

function describeNodes(testnet: Testnet): string[] {
  return testnet.nodes.map((node) => `node${node.index}  api ${apiUrl(node.api)}  p2p ${node.p2p}  home ${node.home}`);
}

function testnetJson(testnet: Testnet): { chainId: string; nodes: Testnet['nodes'] } {
  return { chainId: testnet.chainId, nodes: testnet.nodes };
}

/**
 * Runs every node as `node FLAGS bin/agora.js start --home DIR/nodeI` (FLAGS: NODE_RUNTIME_FLAGS), their stdout and stderr copied to
 * ours line by line with a `[nodeI]` prefix. A node that dies is reported and the others keep
 * running. SIGINT, SIGTERM or SIGHUP stops all (SIGTERM, then SIGKILL after STOP_GRACE_MS; a second
 * signal kills at once). Resolves 0 once they are stopped, 1 if every node died by itself.
 *
 * The children run in their own process groups, so Ctrl-C in a terminal reaches only this process
 * and each node is stopped exactly once, by it.
 */
function runNodes(testnet: Testnet): Promise<number> {
  return new Promise((done) => {
    let stopping = false;
    const children: ChildProcess[] = testnet.nodes.map((node) => {
      const child = spawn(process.execPath, [...NODE_RUNTIME_FLAGS, AGORA_BIN, 'start', '--home', node.home], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      const prefix = `[node${node.index}] `;
      for (const stream of [child.stdout, child.stderr]) {
        if (stream !== null) createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => process.stderr.write(`${prefix}${line}\n`));
      }
      process.stderr.write(`[testnet] node${node.index} started (pid ${child.pid ?? '?'}), api ${apiUrl(node.api)}\n`);
      child.once('exit', (code, signal) => {
        if (stopping) return;
        const alive = children.filter(isRunning).length;
        const how = signal === null ? `with code ${code ?? '?'}` : `on ${signal}`;
        process.stderr.write(`[testnet] node${node.index} exited ${how}; ${alive} other node(s) keep running\n`);
        if (alive === 0) done(1);
      });
      child.once('error', (error) => process.stderr.write(`[testnet] node${node.index} could not run: ${error.message}\n`));
      return child;
    });

    const stopAll = async (signal: NodeJS.Signals): Promise<void> => {
      if (stopping) {
        process.stderr.write(`[testnet] ${signal} again: killing every node\n`);
        for (const child of children.filter(isRunning)) child.kill('SIGKILL');
        return;
      }
      stopping = true;
      process.stderr.write(`[testnet] ${signal}: stopping ${children.filter(isRunning).length} node(s)\n`);
      await Promise.all(children.map(stopChild));
      done(0);
    };
    // SIGHUP too: a closed terminal would otherwise end this process and leave the nodes running.
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stopAll(signal));
  });
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (!isRunning(child)) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}
