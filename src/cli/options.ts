import { resolve } from 'node:path';
import type { Command } from 'commander';
import { CliError } from './errors.ts';

export const DEFAULT_HOME = './.agora';
export const DEFAULT_NODE_URL = 'http://127.0.0.1:8080';

/** The options every command takes (DESIGN.md "Interfaces people use"). */
export interface GlobalOptions {
  /** Absolute path of --home. */
  readonly home: string;
  /** --node, checked to be an http(s) URL. */
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
  const node = typeof options.node === 'string' ? options.node : DEFAULT_NODE_URL;
  return { home: resolve(home), node: checkNodeUrl(node), json: options.json === true };
}

function checkNodeUrl(node: string): string {
  let url: URL;
  try {
    url = new URL(node);
  } catch {
    throw new CliError('bad_node_url', `--node must be an http:// or https:// URL, got "${node}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError('bad_node_url', `--node must be an http:// or https:// URL, got "${node}"`);
  }
  return node.replace(/\/+$/u, '');
}
