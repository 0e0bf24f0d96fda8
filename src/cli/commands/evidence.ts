import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { GenesisError, parseGenesis, type GenesisJson } from '../../chain/genesis.ts';
import { verifyEvidenceJson, type EvidenceVerdict } from '../../client/evidence.ts';
import { verifyEd25519Node } from '../../crypto/ed25519-node.ts';
import { CliError } from '../errors.ts';
import { globalOptions } from '../options.ts';
import { printResult } from '../output.ts';

/** A file of evidence is small: 32 pieces of at most ~2 KiB of JSON each, with room for a whole block answer. */
const EVIDENCE_FILE_CHARS_MAX = 4 * 1024 * 1024;

/**
 * `agora evidence verify FILE [--genesis FILE]` (spec/chain.md §6.2): checks evidence offline — no
 * node, no network — against a genesis the user chose (default: the home's). FILE holds one piece as
 * JSON, an array of pieces, or a block as `GET /v1/blocks/:height` answers (its `evidence`). Exits 0
 * only when every piece proves its offender equivocated; otherwise `not_proven`.
 */
export function registerEvidenceCommands(program: Command): void {
  const evidence = program.command('evidence').description('equivocation evidence (spec/chain.md §6)');
  evidence
    .command('verify')
    .description('check evidence offline against a genesis validator set; exit 0 only when every piece proves its offender signed twice')
    .argument('<file>', 'one piece of evidence (JSON), an array of them, or a block from GET /v1/blocks/:height')
    .option('--genesis <file>', "the chain's genesis.json (default: the home's)")
    .action(async (file: string, flags: { genesis?: string }, command: Command) => {
      const options = globalOptions(command);
      const genesisPath = flags.genesis ?? join(options.home, 'genesis.json');
      const genesis = await readGenesis(genesisPath);
      const pieces = piecesOf(await readJson(file));
      const results = pieces.map((piece) => verifyEvidenceJson(piece, genesis.chainId, genesis.validators, verifyEd25519Node));
      const human = results.map((r, i) => (r.ok ? `evidence ${i}: proven: ${r.offender} equivocated (${r.offence})` : `evidence ${i}: not proven: ${r.code}: ${r.message}`)).join('\n');
      printResult(options, human === '' ? 'no evidence in the file' : human, { file, chainId: genesis.chainId, results });
      const failed = results.filter((r): r is Extract<EvidenceVerdict, { ok: false }> => !r.ok);
      if (pieces.length === 0) throw new CliError('not_proven', `${file} holds no evidence`);
      if (failed.length > 0) throw new CliError('not_proven', `${failed.length} of ${results.length} piece(s) prove nothing; first: ${failed[0].code}: ${failed[0].message}`);
    });
}

function piecesOf(json: unknown): unknown[] {
  if (Array.isArray(json)) return json;
  if (typeof json === 'object' && json !== null && Array.isArray((json as { evidence?: unknown }).evidence)) return (json as { evidence: unknown[] }).evidence;
  return [json];
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError('bad_file', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (text.length > EVIDENCE_FILE_CHARS_MAX) throw new CliError('bad_file', `${file} is larger than ${EVIDENCE_FILE_CHARS_MAX} characters`);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError('bad_file', `${file} is not JSON: ${(error as Error).message}`);
  }
}

async function readGenesis(path: string): Promise<ReturnType<typeof parseGenesis>> {
  let json: GenesisJson;
  try {
    json = JSON.parse(await readFile(path, 'utf8')) as GenesisJson;
  } catch (error) {
    throw new CliError('bad_file', `cannot read the genesis ${path}: ${(error as Error).message}`);
  }
  try {
    return parseGenesis(json);
  } catch (error) {
    if (error instanceof GenesisError) throw new CliError('bad_file', `${path}: ${error.message}`);
    throw error;
  }
}
