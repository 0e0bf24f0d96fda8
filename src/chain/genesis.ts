import { encode, type CborValue } from '../codec/cbor.ts';
import { isAddress } from '../crypto/address.ts';
import { fromHex, sha256Hex } from '../crypto/hash.ts';
import { BaseError } from '../errors/base.ts';
import type { GenesisLedger } from '../ledger/genesis.ts';
import { AMOUNT_MAX, ASSET_DECIMALS_MAX, ASSET_NAME_LENGTH_MAX, ASSET_SYMBOL_PATTERN, CHAIN_ID_LENGTH_MAX, VALIDATOR_TOTAL_POWER_MAX, VALIDATORS_MAX } from '../ledger/limits.ts';
import type { ChainParams, TxKind } from '../ledger/types.ts';
import { isTxKind } from '../ledger/kinds-codec.ts';
import { GENESIS_FORMAT_VERSION, requireVersion } from './versions.ts';
import { normalizeValidators, totalPower, type ChainValidator } from './validators.ts';

/** genesis.json as written on disk: amounts and powers are decimal strings (spec/chain.md §Genesis). */
export interface GenesisJson {
  /** GENESIS_FORMAT_VERSION (versions.ts); checked before any other field. */
  version: number;
  chainId: string;
  genesisTimeMs: number;
  nativeAsset: { symbol: string; name: string; decimals: number };
  allocations: { address: string; amount: string }[];
  validators: { address: string; publicKey: string; power: string }[];
  params: { fees: { perByte: string; base: { [kind: string]: string } } };
}

export interface Genesis {
  chainId: string;
  genesisTimeMs: number;
  ledger: GenesisLedger;
  validators: ChainValidator[];
  params: ChainParams;
  /** SHA-256 of the canonical encoding of the genesis: block 1's previousHash. */
  hash: string;
}

/** A genesis.json that cannot start a chain; the message names the field. */
export class GenesisError extends BaseError<'bad_genesis'> {
  override name = 'GenesisError';
  constructor(message: string) {
    super('bad_genesis', message);
  }
}

function amount(text: string, what: string): bigint {
  if (typeof text !== 'string' || !/^(0|[1-9][0-9]{0,38})$/.test(text) || BigInt(text) > AMOUNT_MAX) throw new GenesisError(`${what}: expected a decimal amount`);
  return BigInt(text);
}

/** Parses and checks genesis.json: another format version is a VersionError, every other problem a GenesisError (`bad_genesis`) naming the field. */
export function parseGenesis(json: GenesisJson): Genesis {
  requireVersion('genesis', typeof json === 'object' && json !== null ? json.version : undefined, GENESIS_FORMAT_VERSION, 'in genesis.json');
  try {
    return parseGenesisFields(json);
  } catch (error) {
    if (error instanceof GenesisError) throw error;
    throw new GenesisError(`genesis is malformed: ${(error as Error).message}`);
  }
}

function parseGenesisFields(json: GenesisJson): Genesis {
  if (typeof json !== 'object' || json === null) throw new GenesisError('expected a JSON object');
  if (typeof json.chainId !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(json.chainId) || json.chainId.length > CHAIN_ID_LENGTH_MAX) {
    throw new GenesisError('chainId: lower-case letters, digits and dashes');
  }
  if (!Number.isSafeInteger(json.genesisTimeMs) || json.genesisTimeMs < 0) throw new GenesisError('genesisTimeMs: expected milliseconds since 1970');
  if (!ASSET_SYMBOL_PATTERN.test(json.nativeAsset?.symbol ?? '')) throw new GenesisError('nativeAsset.symbol: bad symbol');
  const { name, decimals } = json.nativeAsset;
  if (typeof name !== 'string' || name.length === 0 || name.length > ASSET_NAME_LENGTH_MAX) throw new GenesisError(`nativeAsset.name: 1 to ${ASSET_NAME_LENGTH_MAX} characters`);
  if (!Number.isSafeInteger(decimals) || decimals < 0 || decimals > ASSET_DECIMALS_MAX) throw new GenesisError(`nativeAsset.decimals: an integer from 0 to ${ASSET_DECIMALS_MAX}`);
  for (const a of json.allocations) if (!isAddress(a.address)) throw new GenesisError(`allocations: bad address ${a.address}`);
  const base: { [K in TxKind]?: bigint } = {};
  for (const [kind, fee] of Object.entries(json.params.fees.base)) {
    if (!isTxKind(kind)) throw new GenesisError(`params.fees.base: unknown kind ${kind}`);
    base[kind] = amount(fee, `params.fees.base.${kind}`);
  }
  const validators = normalizeValidators(json.validators.map((v) => ({ address: v.address, publicKey: fromHex(v.publicKey), power: amount(v.power, 'validators.power') })));
  // The ledger keeps the set in its state within these bounds (spec/ledger.md §10.1).
  if (validators.length > VALIDATORS_MAX) throw new GenesisError(`validators: at most ${VALIDATORS_MAX}`);
  if (totalPower(validators) > VALIDATOR_TOTAL_POWER_MAX) throw new GenesisError('validators: the total power passes 2^64 - 1');
  return {
    chainId: json.chainId,
    genesisTimeMs: json.genesisTimeMs,
    ledger: { nativeAsset: { symbol: json.nativeAsset.symbol, name, decimals }, allocations: json.allocations.map((a) => ({ address: a.address, amount: amount(a.amount, 'allocations.amount') })), validators },
    validators,
    params: { nativeAsset: json.nativeAsset.symbol, fees: { perByte: amount(json.params.fees.perByte, 'params.fees.perByte'), base } },
    hash: sha256Hex(encode(json as unknown as CborValue)),
  };
}
