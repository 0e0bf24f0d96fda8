import { reject, type Rejection } from '../errors.ts';
import { AMOUNT_MAX } from '../limits.ts';
import type { Overlay } from '../state.ts';
import type { AssetBurnPayload, AssetCreatePayload, AssetMintPayload, LedgerEvent } from '../types.ts';
import { getAsset, getBalance, putAsset, setBalance } from '../accounts/balances.ts';
import { checkRecipient, forwardFromSplit } from '../accounts/payout.ts';

/** Checks: the symbol is free (`asset_exists`). Effects: the asset record; the supply to the creator. */
export function applyAssetCreate(view: Overlay, creator: string, payload: AssetCreatePayload): Rejection | LedgerEvent[] {
  if (getAsset(view, payload.symbol) !== undefined) return reject('asset_exists', `asset ${payload.symbol} already exists`);
  putAsset(view, { ...payload, creator });
  if (payload.supply > 0n) setBalance(view, creator, payload.symbol, payload.supply);
  return [
    {
      type: 'asset.created',
      attributes: { asset: payload.symbol, creator, supply: payload.supply.toString(), mintable: String(payload.mintAuthority !== undefined) },
    },
  ];
}

/**
 * Checks in order: the asset exists (`unknown_asset`); it has a mint authority (`not_mintable`); the
 * signer is it (`not_mint_authority`); supply + amount ≤ maxSupply (`max_supply_exceeded`) and ≤ 2^128-1
 * (`supply_overflow`); the recipient is not a contract account other than a revenue split
 * (`contract_recipient`, spec/ledger.md §8.1). Minting to a split forwards to its members at once.
 */
export function applyAssetMint(view: Overlay, signer: string, payload: AssetMintPayload): Rejection | LedgerEvent[] {
  const asset = getAsset(view, payload.asset);
  if (asset === undefined) return reject('unknown_asset', `no asset ${payload.asset}`);
  if (asset.mintAuthority === undefined) return reject('not_mintable', `${payload.asset} has a fixed supply`);
  if (asset.mintAuthority !== signer) return reject('not_mint_authority', `only ${asset.mintAuthority} may mint ${payload.asset}`);
  const supply = asset.supply + payload.amount;
  if (asset.maxSupply !== undefined && supply > asset.maxSupply) {
    return reject('max_supply_exceeded', `minting ${payload.amount} would pass the max supply ${asset.maxSupply}`);
  }
  if (supply > AMOUNT_MAX) return reject('supply_overflow', 'supply would pass 2^128-1');
  const refused = checkRecipient(view, payload.to, false);
  if (refused !== undefined) return refused;
  putAsset(view, { ...asset, supply });
  setBalance(view, payload.to, payload.asset, getBalance(view, payload.to, payload.asset) + payload.amount);
  view.touch(payload.to);
  return [{ type: 'mint', attributes: { asset: payload.asset, to: payload.to, amount: payload.amount.toString() } }, ...forwardFromSplit(view, payload.to, payload.asset, payload.amount)];
}

/** Checks in order: the asset exists (`unknown_asset`); the signer holds the amount (`insufficient_balance`). */
export function applyAssetBurn(view: Overlay, signer: string, payload: AssetBurnPayload): Rejection | LedgerEvent[] {
  const asset = getAsset(view, payload.asset);
  if (asset === undefined) return reject('unknown_asset', `no asset ${payload.asset}`);
  const balance = getBalance(view, signer, payload.asset);
  if (balance < payload.amount) return reject('insufficient_balance', `balance of ${payload.asset} is ${balance}`);
  setBalance(view, signer, payload.asset, balance - payload.amount);
  putAsset(view, { ...asset, supply: asset.supply - payload.amount });
  return [{ type: 'burn', attributes: { asset: payload.asset, from: signer, amount: payload.amount.toString() } }];
}
