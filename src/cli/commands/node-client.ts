import { AgoraClient } from '../../client/client.ts';
import type { CommittedResult, ParamsResponse } from '../../client/types.ts';
import { ADDRESS_BYTES, ADDRESS_PREFIX, isAddress } from '../../crypto/address.ts';
import { bech32mProblem } from '../../crypto/bech32m-problem.ts';
import { isValidKeyName, keyExists, keysDirectory, readKeyInfo } from '../../crypto/keystore.ts';
import { CliError } from '../errors.ts';
import type { GlobalOptions } from '../options.ts';
import { printResult } from '../output.ts';

/**
 * What the commands that talk to a node share: the SDK client for --node, key names as addresses,
 * amounts, and the report of a committed tx. Failures are AgoraError/CliError with a stable code,
 * which main.ts prints on stderr before exiting 1.
 */
export function clientFor(options: GlobalOptions): AgoraClient {
  return new AgoraClient(options.node);
}

/** An agora1… address as given, or the address of the key of that name in HOME/keys. */
export async function resolveAddress(home: string, addressOrName: string): Promise<string> {
  if (isAddress(addressOrName)) return addressOrName;
  if (isValidKeyName(addressOrName) && (await keyExists(home, addressOrName))) return (await readKeyInfo(home, addressOrName)).address;
  if (addressOrName.toLowerCase().startsWith(`${ADDRESS_PREFIX}1`)) {
    throw new CliError('bad_address', `"${addressOrName}" is not an agora1… address: ${bech32mProblem(addressOrName, ADDRESS_PREFIX, ADDRESS_BYTES) ?? 'it does not hold an address'}`);
  }
  throw new CliError('bad_address', `"${addressOrName}" is neither an agora1… address nor a key in ${keysDirectory(home)}`);
}

/** `--asset` or the chain's native asset. */
export function assetOrNative(asset: string | undefined, params: ParamsResponse): string {
  return asset ?? params.nativeAsset;
}

/** Prints a committed tx: `{id, height, index, code}` with --json, a sentence otherwise. */
export function printCommitted(options: GlobalOptions, summary: string, result: CommittedResult): void {
  const human = `${summary}\ntx ${result.id} committed at height ${result.height} (index ${result.index})`;
  printResult(options, human, { id: result.id, height: result.height, index: result.index, code: result.receipt.code });
}
