import type { Command } from 'commander';
import type { CredentialJson } from '../../client/types.ts';
import { globalOptions } from '../options.ts';
import { printResult } from '../output.ts';
import { parseDeadline, printContractTx, sendContractTx } from './contracts-common.ts';
import { clientFor, resolveAddress } from './node-client.ts';
import { checkName, documentHashes, parseCount, table } from './records-common.ts';

/**
 * `agora credential issue|revoke|list` (spec/market.md §1): a registry's curator or an attester of the
 * type vouches for an address ("KYC if needed"); listings and orders may require the credential. The
 * ledger keeps only a document's SHA-256, never the document.
 */
export function registerCredentialCommands(program: Command): Command {
  const credential = program
    .command('credential')
    .description('credentials a registry\'s attesters issue to addresses (KYC if needed); listings may require one')
    .addHelpText('after', '\nExamples:\n  agora credential issue --from kyc-desk --registry kyc-eu --type kyc --to alice --expires 365d --doc passport-check.pdf\n  agora credential revoke --from kyc-desk --registry kyc-eu --type kyc --to alice\n  agora credential list alice');

  credential
    .command('issue')
    .description('by the registry\'s curator or an attester of --type: vouch for --to (a new issue renews)')
    .requiredOption('--from <name>', 'key name of the curator or attester')
    .requiredOption('--registry <name>', 'the registry that vouches')
    .requiredOption('--type <type>', 'the credential type, e.g. kyc')
    .requiredOption('--to <address-or-name>', 'who holds it')
    .option('--expires <duration-or-date>', 'when it stops being valid (90d, or an ISO date); default never')
    .option('--doc <file>', 'the document checked: only its SHA-256 goes on the ledger')
    .action(async (flags: { from: string; registry: string; type: string; to: string; expires?: string; doc?: string }, command: Command) => {
      const options = globalOptions(command);
      const registry = checkName('--registry', flags.registry);
      const type = checkName('--type', flags.type);
      const to = await resolveAddress(options.home, flags.to);
      const document = (await documentHashes(flags.doc === undefined ? undefined : [flags.doc]))?.[0];
      const expiresAtMs = flags.expires === undefined ? undefined : parseDeadline('--expires', flags.expires, (await clientFor(options).status()).lastBlockTimeMs);
      const payload = { registry, type, to, ...(expiresAtMs === undefined ? {} : { expiresAtMs }), ...(document === undefined ? {} : { document }) };
      const { result, signer } = await sendContractTx(options, flags.from, 'credential.issue', payload);
      const until = expiresAtMs === undefined ? '' : ` until ${new Date(expiresAtMs).toISOString()}`;
      printContractTx(options, `${signer} issued ${registry}:${type} to ${to}${until}`, result, { registry, type, subject: to, issuer: signer, expiresAtMs: expiresAtMs ?? null });
    });

  credential
    .command('revoke')
    .description('by the registry\'s curator or an attester of --type: withdraw a credential')
    .requiredOption('--from <name>', 'key name of the curator or attester')
    .requiredOption('--registry <name>', 'the registry')
    .requiredOption('--type <type>', 'the credential type')
    .requiredOption('--to <address-or-name>', 'who holds it')
    .action(async (flags: { from: string; registry: string; type: string; to: string }, command: Command) => {
      const options = globalOptions(command);
      const registry = checkName('--registry', flags.registry);
      const type = checkName('--type', flags.type);
      const to = await resolveAddress(options.home, flags.to);
      const { result, signer } = await sendContractTx(options, flags.from, 'credential.revoke', { registry, type, to });
      printContractTx(options, `${signer} revoked ${registry}:${type} of ${to}`, result, { registry, type, subject: to, by: signer });
    });

  credential
    .command('list')
    .description('the credentials issued to an address, valid or not')
    .argument('<address-or-name>', 'an address or a key name')
    .option('--limit <n>', 'credentials per page (1-100)', '20')
    .option('--after <cursor>', 'the `next` of the previous page')
    .action(async (who: string, flags: { limit: string; after?: string }, command: Command) => {
      const options = globalOptions(command);
      const limit = parseCount('--limit', flags.limit, 1, 100);
      const address = await resolveAddress(options.home, who);
      const page = await clientFor(options).getAccountCredentials(address, { limit, after: flags.after });
      const state = (c: CredentialJson): string => (c.revokedAtMs !== null ? 'revoked' : c.valid ? 'valid' : 'expired');
      const rows = page.credentials.map((c) => [`${c.registry}:${c.type}`, state(c), c.issuer, c.expiresAtMs === null ? '-' : new Date(c.expiresAtMs).toISOString()]);
      const human = rows.length === 0 ? `no credentials for ${address}` : table(['credential', 'state', 'issuer', 'expires'], rows);
      printResult(options, page.next === null ? human : `${human}\nmore: --after ${page.next}`, page);
    });
  return credential;
}
