import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { GenesisError, parseGenesis, type GenesisJson } from '../../chain/genesis.ts';
import { verifyEvidenceJson, type EvidenceVerdict } from '../../client/evidence.ts';
import { isEvidenceDocument, verifyEvidenceDocument, type EvidenceDocumentResult } from '../../client/evidence-document.ts';
import { anchorFromGenesis } from '../../client/provenance/anchor.ts';
import { verifyEd25519Node } from '../../crypto/ed25519-node.ts';
import { CliError } from '../errors.ts';
import { cliIo } from '../io.ts';
import { globalOptions, type GlobalOptions } from '../options.ts';
import { printResult } from '../output.ts';
import { clientFor } from './node-client.ts';

/** A file of evidence is small: 32 pieces of at most ~2 KiB of JSON each, with room for a whole block answer. */
const EVIDENCE_FILE_CHARS_MAX = 4 * 1024 * 1024;

/** What a bare piece's `not_a_validator` adds: the genesis set is all a bare piece is checked against. */
const HAND_OVER_HINT =
  'a bare piece is checked against the genesis validator set only; for a validator that joined later, verify the block\'s evidence document (`agora evidence get HEIGHT --out FILE`, GET /v1/blocks/:height/evidence), which carries the hand-overs';

/**
 * `agora evidence get HEIGHT [--out FILE]` and `agora evidence verify FILE [--genesis FILE]`
 * (spec/chain.md §6.5). `get` fetches a block's evidence document from a node; `verify` checks it
 * offline — no node, no network — against a genesis the user chose (default: the home's), following
 * the validator set from the genesis to each piece's height by the document's hand-over blocks. FILE
 * may also hold one bare piece as JSON, an array of pieces, or a block as `GET /v1/blocks/:height`
 * answers (its `evidence`): those are checked against the genesis set alone. Exits 0 only when every
 * piece proves its offender equivocated; otherwise `not_proven`.
 */
export function registerEvidenceCommands(program: Command): void {
  const evidence = program.command('evidence').description('equivocation evidence (spec/chain.md §6)');
  evidence
    .command('get')
    .description("write a block's evidence document: its evidence with the hand-over blocks that prove the validator set of each piece's height (check it with `agora evidence verify FILE`)")
    .argument('<height>', 'a height ≥ 1, or "latest"')
    .option('--out <file>', 'where to write it (default: stdout)')
    .action(async (height: string, flags: { out?: string }, command: Command) => {
      const options = globalOptions(command);
      if (height !== 'latest' && !/^[1-9][0-9]{0,14}$/.test(height)) throw new CliError('bad_height', 'a height is a positive integer, or "latest"');
      const document = await clientFor(options).getBlockEvidence(height === 'latest' ? 'latest' : Number(height));
      const text = `${JSON.stringify(document, null, 2)}\n`;
      if (flags.out === undefined) return cliIo().writeOut(text);
      await writeAtomically(flags.out, text);
      const human = `wrote ${flags.out}: ${document.evidence.length} piece(s) of evidence, ${document.handOvers.length} hand-over block(s); check it offline with \`agora evidence verify ${flags.out} --genesis GENESIS\``;
      printResult(options, human, { file: flags.out, evidence: document.evidence.length, handOvers: document.handOvers.length });
    });
  evidence
    .command('verify')
    .description("check evidence offline against your genesis, following validator-set hand-overs; exit 0 only when every piece proves its offender signed twice")
    .argument('<file>', 'an evidence document (`agora evidence get`), one piece of evidence (JSON), an array of them, or a block from GET /v1/blocks/:height')
    .option('--genesis <file>', "the chain's genesis.json (default: the home's)")
    .action(async (file: string, flags: { genesis?: string }, command: Command) => {
      const options = globalOptions(command);
      const genesisPath = flags.genesis ?? join(options.home, 'genesis.json');
      const genesis = await readGenesis(genesisPath);
      const json = await readJson(file);
      if (isEvidenceDocument(json)) return verifyDocument(file, verifyEvidenceDocument(json, anchorFromGenesis(genesis), verifyEd25519Node), options);
      const pieces = piecesOf(json);
      const results = pieces.map((piece) => withHint(verifyEvidenceJson(piece, genesis.chainId, genesis.validators, verifyEd25519Node)));
      const human = results.map((r, i) => (r.ok ? `evidence ${i}: proven: ${r.offender} equivocated (${r.offence}) against the genesis validator set` : `evidence ${i}: not proven: ${r.code}: ${r.message}`)).join('\n');
      printResult(options, human === '' ? 'no evidence in the file' : human, { file, chainId: genesis.chainId, results });
      const failed = results.filter((r): r is Extract<EvidenceVerdict, { ok: false }> => !r.ok);
      if (pieces.length === 0) throw new CliError('not_proven', `${file} holds no evidence`);
      if (failed.length > 0) throw new CliError('not_proven', `${failed.length} of ${results.length} piece(s) prove nothing; first: ${failed[0].code}: ${failed[0].message}`);
    });
}

function withHint(verdict: EvidenceVerdict): EvidenceVerdict {
  return !verdict.ok && verdict.code === 'not_a_validator' ? { ...verdict, message: `${verdict.message}; ${HAND_OVER_HINT}` } : verdict;
}

function verifyDocument(file: string, result: EvidenceDocumentResult, options: GlobalOptions): void {
  const lines = result.results.map((r, i) => {
    if (!r.ok) return `evidence ${i}: not proven: ${r.code}: ${r.message}`;
    const height = Number(r.offence.split('/')[2]);
    return `evidence ${i}: proven: ${r.offender} equivocated (${r.offence}) against the validator set ${r.validatorsHash} of height ${height}, reached from the genesis`;
  });
  const others = result.problems.filter((p) => !p.place.startsWith('$.evidence['));
  if (others.length > 0) lines.push(...others.map((p) => `not proven: ${p.code} at ${p.place}: ${p.message}`));
  printResult(options, lines.join('\n'), { file, ...result });
  if (!result.ok) {
    const first = result.problems[0];
    throw new CliError('not_proven', `${result.problems.length} problem(s) in ${file}; first: ${first.code} at ${first.place}: ${first.message}`);
  }
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.partial`;
  try {
    await writeFile(temporary, text, { flag: 'w' });
    await rename(temporary, file);
  } catch (error) {
    throw new CliError('bad_file', `cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
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
