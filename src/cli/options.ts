import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { CliError } from './errors.ts';
import { cliIo } from './io.ts';

export const DEFAULT_HOME = './.agora';
export const DEFAULT_NODE_URL = 'http://127.0.0.1:8080';
export const NODE_ENV = 'AGORA_NODE';

/** The options every command takes (DESIGN.md "Interfaces people use"). */
export interface GlobalOptions {
  /** Absolute path of --home. */
  readonly home: string;
  /** --node, else AGORA_NODE, else the API address in HOME/config.json, else DEFAULT_NODE_URL; an http(s) URL. */
  readonly node: string;
  readonly json: boolean;
}

/**
 * The global options as seen from `command` (the one whose action runs). They are declared once on
 * the program; commander also accepts them after the subcommand (`agora keys list --json`), and
 * optsWithGlobals() merges what the program and every parent parsed.
 */
export function globalOptions(command: Command): GlobalOptions {
  const options = command.optsWithGlobals<{ home?: unknown; node?: unknown; json?: unknown }>();
  const home = typeof options.home === 'string' && options.home.length > 0 ? options.home : DEFAULT_HOME;
  const absoluteHome = resolve(home);
  if (typeof options.node === 'string') return { home: absoluteHome, node: checkNodeUrl(options.node, '--node'), json: options.json === true };
  const fromEnv = cliIo().env[NODE_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return { home: absoluteHome, node: checkNodeUrl(fromEnv, NODE_ENV), json: options.json === true };
  return { home: absoluteHome, node: homeApiUrl(absoluteHome) ?? DEFAULT_NODE_URL, json: options.json === true };
}

/**
 * The URL of the API that `agora start --home HOME` serves, from HOME/config.json (spec/node.md §Home),
 * or null without one. A node listening on every interface is reached on loopback.
 */
function homeApiUrl(home: string): string | null {
  let api: unknown;
  try {
    api = (JSON.parse(readFileSync(join(home, 'config.json'), 'utf8')) as { api?: unknown }).api;
  } catch {
    return null; // no config (a home with keys only) or not ours to judge here: `agora start` reads it
  }
  if (typeof api !== 'string') return null;
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^\s:[\]]+)):([0-9]{1,5})$/u.exec(api);
  if (match === null) return null;
  const host = match[1] !== undefined ? (match[1] === '::' ? '[::1]' : `[${match[1]}]`) : match[2] === '0.0.0.0' ? '127.0.0.1' : match[2];
  return `http://${host}:${match[3]}`;
}

function checkNodeUrl(node: string, source: string): string {
  let url: URL;
  try {
    url = new URL(node);
  } catch {
    throw new CliError('bad_node_url', `${source} must be an http:// or https:// URL, got "${node}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError('bad_node_url', `${source} must be an http:// or https:// URL, got "${node}"`);
  }
  return node.replace(/\/+$/u, '');
}
