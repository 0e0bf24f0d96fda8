import type { CborValue } from '../../codec/cbor.ts';
import { readMap, readString, readSmallUint, readUint, optional } from '../../codec/shape.ts';
import { RejectError } from '../errors.ts';
import { AMOUNT_MAX, ASSET_DECIMALS_MAX, ASSET_NAME_LENGTH_MAX } from '../limits.ts';
import type { AssetBurnPayload, AssetCreatePayload, AssetMintPayload } from '../types.ts';
import { readAddress, readAmount, readSymbol } from '../payload-fields.ts';

/** The payloads of `asset.create`, `asset.mint` and `asset.burn`: the codec half (value/asset.ts applies them). */

export function decodeAssetCreate(value: CborValue): AssetCreatePayload {
  const map = readMap(value, 'payload', ['symbol', 'name', 'decimals', 'supply', 'maxSupply', 'mintAuthority']);
  const payload: AssetCreatePayload = {
    symbol: readSymbol(map.symbol, 'payload.symbol'),
    name: readString(map.name, 'payload.name', ASSET_NAME_LENGTH_MAX),
    decimals: readSmallUint(map.decimals, 'payload.decimals', ASSET_DECIMALS_MAX),
    supply: readUint(map.supply, 'payload.supply', AMOUNT_MAX),
    maxSupply: optional(map.maxSupply, (v) => readAmount(v, 'payload.maxSupply')),
    mintAuthority: optional(map.mintAuthority, (v) => readAddress(v, 'payload.mintAuthority')),
  };
  if (payload.name.length === 0) throw new RejectError('bad_asset_params', 'payload.name: must not be empty');
  if (payload.maxSupply !== undefined && payload.supply > payload.maxSupply) {
    throw new RejectError('bad_asset_params', 'initial supply exceeds maxSupply');
  }
  if (payload.maxSupply !== undefined && payload.mintAuthority === undefined) {
    throw new RejectError('bad_asset_params', 'maxSupply only makes sense with a mintAuthority');
  }
  return payload;
}

export function decodeAssetMint(value: CborValue): AssetMintPayload {
  const map = readMap(value, 'payload', ['asset', 'to', 'amount']);
  return { asset: readSymbol(map.asset, 'payload.asset'), to: readAddress(map.to, 'payload.to'), amount: readAmount(map.amount, 'payload.amount') };
}

export function decodeAssetBurn(value: CborValue): AssetBurnPayload {
  const map = readMap(value, 'payload', ['asset', 'amount']);
  return { asset: readSymbol(map.asset, 'payload.asset'), amount: readAmount(map.amount, 'payload.amount') };
}
