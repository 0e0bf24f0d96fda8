import { mkdir } from 'node:fs/promises';
import type { Command } from 'commander';
import { lockHome } from '../../node/home-lock.ts';
import { dataDirectory, initDevHome, loadConfig, loadGenesis, loadValidatorKey, saveConfig } from '../../node/home.ts';
import { globalOptions } from '../options.ts';
import { CliError } from '../errors.ts';
import type { LogFormat } from '../../node/logger.ts';

interface StartOptions {
  api?: string;
  p2p?: string;
  blockTime?: string;
  idleBlockTime?: string;
  logFormat?: string;
  stateSync?: boolean;
}

function positiveInteger(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[1-9][0-9]{0,6}$/.test(text)) throw new CliError('bad_usage', `${name} must be a positive integer of milliseconds`);
  return Number(text);
}

/** `--log-format`: absent means auto (readable on a terminal, JSON otherwise; src/node/logger.ts). */
function logFormat(text: string | undefined): LogFormat {
  if (text === undefined) return 'auto';
  if (text !== 'json' && text !== 'pretty') throw new CliError('bad_usage', `--log-format must be json or pretty, not ${JSON.stringify(text)}`);
  return text;
}

function hostPort(text: string | undefined, name: string): string | undefined {
  if (text === undefined) return undefined;
  if (!/^[^\s:]+:[0-9]{1,5}$/.test(text) || Number(text.split(':')[1]) > 65535) throw new CliError('bad_usage', `${name} must be HOST:PORT`);
  return text;
}

/** Runs `listen`; a port already taken becomes `port_in_use` naming the address and the flag that changes it. */
async function namingBusyPort<T>(what: string, address: string, flag: string, listen: () => Promise<T>): Promise<T> {
  try {
    return await listen();
  } catch (error) {
    if (!isAddressInUse(error)) throw error;
    throw new CliError('port_in_use', `the ${what} address ${address} is in use by another process; choose another port with ${flag} HOST:PORT`);
  }
}

/** EADDRINUSE from node's net, or wrapped by libp2p's transport (which keeps the cause or the text). */
function isAddressInUse(error: unknown): boolean {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 4; cause = cause.cause, depth++) {
    if ((cause as NodeJS.ErrnoException).code === 'EADDRINUSE' || cause.message.includes('EADDRINUSE')) return true;
  }
  return false;
}

export function registerStartCommands(program: Command): void {
  program
    .command('start')
    .description('start a node; with an empty --home, first lays out a single-validator dev chain with a funded `dev` key')
    .option('--api <host:port>', 'HTTP API address (default 127.0.0.1:8080)')
    .option('--p2p <host:port>', 'libp2p listen address')
    .option('--block-time <ms>', 'minimum time between blocks while there is work (default 250)')
    .option('--idle-block-time <ms>', 'with no txs, an empty block after this long (default 2000)')
    .option('--state-sync', 'on a fresh data directory, start from a peer\'s verified state snapshot instead of replaying from genesis (saved to config.json)')
    .option('--log-format <json|pretty>', 'log lines on stderr as JSON or readable text (default: readable on a terminal, JSON otherwise)')
    .action(async (options: StartOptions, command: Command) => {
      const { home } = globalOptions(command);
      const overrides = {
        api: hostPort(options.api, '--api'),
        p2p: hostPort(options.p2p, '--p2p'),
        blockTimeMs: positiveInteger(options.blockTime, '--block-time'),
        idleBlockMs: positiveInteger(options.idleBlockTime, '--idle-block-time'),
        stateSync: options.stateSync === true ? true : undefined,
      };
      const format = logFormat(options.logFormat);
      // The lock comes before anything in the home is read or written (spec/node.md §One process per
      // home), and before the node's modules load, so a second start is refused at once.
      await mkdir(home, { recursive: true, mode: 0o700 });
      const lock = await lockHome(home);
      // The node, its network and its API are loaded here, not at the top: every other command starts
      // without them (libp2p, fastify and pino take seconds to load on a busy machine).
      const [{ createLogger }, { AgoraNode, loadOrCreatePeerKeySeed }, { startApi }] = await Promise.all([
        import('../../node/logger.ts'),
        import('../../node/node.ts'),
        import('../../api/server.ts'),
      ]);
      const log = createLogger('agora', { format });
      if (await initDevHome(home, Date.now())) log.info({ home }, 'created a single-validator dev chain with a funded `dev` key');
      const config = { ...(await loadConfig(home)) };
      for (const [key, value] of Object.entries(overrides)) if (value !== undefined) Object.assign(config, { [key]: value });
      await saveConfig(home, config);
      const validatorKey = await loadValidatorKey(home);
      const node = await AgoraNode.open({
        genesis: await loadGenesis(home),
        dataDirectory: dataDirectory(home),
        validatorKey,
        blockTimeMs: config.blockTimeMs,
        idleBlockMs: config.idleBlockMs,
        log,
      });
      // A lone validator with no peers needs no networking; anything else joins the network.
      if (node.chain.genesis.validators.length > 1 || config.peers.length > 0) {
        const peerKeySeed = await loadOrCreatePeerKeySeed(home);
        await namingBusyPort('p2p', config.p2p, '--p2p', () => node.startNetwork({ listen: config.p2p, peers: config.peers, peerKeySeed }));
        // Before consensus and the API: the node then starts at the snapshot's height (spec/node.md §State sync).
        if (config.stateSync === true && node.chain.height === 0) await node.stateSync();
      }
      const api = await namingBusyPort('API', config.api, '--api', () => startApi(node, { listen: config.api, log, validator: validatorKey?.address ?? null }));
      node.start();
      log.info({ api: api.url, home }, 'node running; explorer at /');
      const shutdown = async (signal: string): Promise<void> => {
        log.info({ signal }, 'stopping');
        await api.close();
        await node.stop();
        await lock.release();
        process.exit(0);
      };
      process.once('SIGINT', () => void shutdown('SIGINT'));
      process.once('SIGTERM', () => void shutdown('SIGTERM'));
      await new Promise<never>(() => {});
    });
}
