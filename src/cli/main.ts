import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerAccountCommands } from './commands/account.ts';
import { registerAssetCommands } from './commands/asset.ts';
import { registerBlockCommands } from './commands/block.ts';
import { registerContractCommands } from './commands/contract.ts';
import { registerCredentialCommands } from './commands/credential.ts';
import { registerEscrowCommands } from './commands/escrow.ts';
import { registerEvidenceCommands } from './commands/evidence.ts';
import { registerItemCommands } from './commands/item.ts';
import { registerJobCommands } from './commands/job.ts';
import { registerKeysCommands } from './commands/keys.ts';
import { registerMarketCommands } from './commands/market.ts';
// organisations (spec/org.md)
import { registerOrgCommands } from './commands/org.ts';
import { registerRegistryCommands } from './commands/registry.ts';
import { registerRentalCommands } from './commands/rental.ts';
import { registerSendCommands } from './commands/send.ts';
import { registerSplitCommands } from './commands/split.ts';
import { registerStartCommands } from './commands/start.ts';
import { registerStatusCommands } from './commands/status.ts';
import { registerStreamCommands } from './commands/stream.ts';
import { registerSwapCommands } from './commands/swap.ts';
import { registerTestnetCommands } from './commands/testnet.ts';
import { registerTxCommands } from './commands/tx.ts';
import { registerValidatorsCommands } from './commands/validators.ts';
import { registerVerifyCommands } from './commands/verify.ts';
// reputation (spec/reputation.md)
import { registerReputationCommands } from './commands/reputation.ts';
import { registerReviewCommands } from './commands/review.ts';
import { CliError } from './errors.ts';
import { cliIo, PROCESS_IO, withCliIo, type CliIo } from './io.ts';
import { AMOUNTS_HELP } from './amounts.ts';
import { DEFAULT_HOME, DEFAULT_NODE_URL, NODE_ENV } from './options.ts';
import { printError } from './output.ts';

// The `agora` command. Each file in src/cli/commands/ exports `registerXCommands(program)`; add one
// line here for a new file. Inside an action, read the global options with globalOptions(command)
// (options.ts), print with printResult (output.ts) and throw CliError(code, message) to fail.
const REGISTRATIONS: ReadonlyArray<(program: Command) => void> = [
  registerKeysCommands,
  registerStartCommands,
  registerStatusCommands,
  registerAccountCommands,
  registerTxCommands,
  registerBlockCommands,
  registerSendCommands,
  registerAssetCommands,
  registerItemCommands,
  registerRegistryCommands,
  registerEscrowCommands,
  registerSwapCommands,
  registerRentalCommands,
  registerStreamCommands,
  registerSplitCommands,
  registerContractCommands,
  registerMarketCommands,
  // organisations (spec/org.md)
  registerOrgCommands,
  registerJobCommands,
  registerCredentialCommands,
  registerVerifyCommands,
  registerEvidenceCommands,
  // reputation (spec/reputation.md)
  registerReputationCommands,
  registerReviewCommands,
  registerTestnetCommands,
  registerValidatorsCommands,
];

function buildProgram(): Command {
  const program = new Command('agora')
    .description('Agora: a BFT ledger for a distributed economy')
    .version(packageVersion(), '-V, --version')
    // Declared once here; commander also accepts them after a subcommand (`agora keys list --json`).
    .option('--home <dir>', 'keys and node data directory', DEFAULT_HOME)
    .option('--node <url>', `API URL of the node to talk to (default: $${NODE_ENV}, else the API address in HOME/config.json, else ${DEFAULT_NODE_URL})`)
    .option('--json', 'print one JSON object on stdout (errors as JSON on stderr)', false)
    .addHelpText('after', AMOUNTS_HELP);
  for (const register of REGISTRATIONS) register(program);
  forEachCommand(program, (command) => {
    // Errors come back here as exceptions and are printed once, in our format, by runCli.
    command.exitOverride().configureOutput({ writeOut: (text) => cliIo().writeOut(text), writeErr: (text) => cliIo().writeErr(text), outputError: () => {} });
    nameUnknownOptionsFirst(command);
  });
  return program;
}

/**
 * Runs the CLI on `argv` (process.argv form) with `io` (the process's by default) and returns the
 * exit code: 0, or 1 after printing the error on io's stderr. `agora start` never returns.
 */
export async function runCli(argv: readonly string[], io: CliIo = PROCESS_IO): Promise<number> {
  return withCliIo(io, async () => {
    let program: Command | undefined;
    try {
      program = buildProgram();
      await program.parseAsync([...argv]);
      return 0;
    } catch (error) {
      if (error instanceof CommanderError && isHelpOrVersion(error)) return error.exitCode;
      const json = program?.opts().json === true || argv.includes('--json');
      printError({ json }, error instanceof CommanderError ? usageError(error) : error);
      return 1;
    }
  });
}

function isHelpOrVersion(error: CommanderError): boolean {
  return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help';
}

function usageError(error: CommanderError): CliError {
  const message = error.message.replace(/^error: /u, '').replace(/\s*\n\s*/gu, ' ');
  return new CliError('bad_usage', `${message} (see --help)`);
}

/** The parts of commander's Command that are not in its typings. */
interface CommandInternals {
  args: string[];
  missingMandatoryOptionValue(option: unknown): void;
  unknownOption(flag: string): void;
}

/**
 * Commander checks required options before unknown ones, so `send --form dev` said "--from not
 * specified" and hid the typo. Here a mistyped flag is named first, with the nearest correct one
 * ("unknown option '--form' (Did you mean --from?)"). Unknown arguments are the tail of `args`.
 */
function nameUnknownOptionsFirst(command: Command): void {
  const internals = command as unknown as CommandInternals;
  const missing = internals.missingMandatoryOptionValue.bind(command);
  const unknownOption = internals.unknownOption.bind(command);
  // `--assett=GOLD` is the flag `--assett`: the suggestion is looked up for the flag alone.
  internals.unknownOption = (flag: string): void => unknownOption(flag.split('=')[0]);
  internals.missingMandatoryOptionValue = (option: unknown): void => {
    const unknown = internals.args.find((arg) => arg.startsWith('-'));
    if (unknown !== undefined) internals.unknownOption(unknown);
    missing(option);
  };
}

function forEachCommand(command: Command, visit: (command: Command) => void): void {
  visit(command);
  for (const child of command.commands) forEachCommand(child, visit);
}

function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  const version = (JSON.parse(text) as { version?: unknown }).version;
  return typeof version === 'string' ? version : '0.0.0';
}

