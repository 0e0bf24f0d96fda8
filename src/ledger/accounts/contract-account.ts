import { encode } from '../../codec/cbor.ts';
import type { CborMap } from '../../codec/shape.ts';
import { encodeAddress, ADDRESS_BYTES } from '../../crypto/address.ts';
import { sha256 } from '../../crypto/hash.ts';
import { getStateValue, putStateValue, type Overlay, type StateReader } from '../state.ts';

/**
 * Contract accounts (spec/ledger.md §8.1). Every contract (escrow, offer, rental, stream, split) has
 * an ordinary `agora1…` address that holds its value and items, derived as
 *   first 20 bytes of SHA-256(canonical CBOR ["agora/contract/v1", chainId, creator, nonce, index])
 * where the creator is the creating tx's first signer, the nonce the one that tx consumed and the
 * index the position among the contracts that tx creates (0 for every kind today). No key controls it:
 * a key address is SHA-256 of a public key, and finding a key whose hash lands on a contract address
 * is a 160-bit preimage search. The address is also the contract's id, and a wallet knows it before
 * it sends the creating tx.
 *
 * The contract's record lives at `contract/<address>`; its first field, `type`, names the module
 * that owns it. Only that module's handlers move what the address holds. Because the address is known
 * in advance, value and items may reach it before the contract exists; the creating tx hands them to
 * the creator first (contracts/stray.ts, spec/ledger.md §8.1 "Value sent ahead").
 */
export const CONTRACT_DOMAIN = 'agora/contract/v1';

// market (spec/market.md): a listing holds its bond.
// org (spec/org.md): an organisation holds its treasury.
// work (spec/work.md): a job holds its budget and its applicants' bonds.
export type ContractType = 'escrow' | 'offer' | 'rental' | 'stream' | 'split' | 'listing' | 'org' | 'job';

export const contractKey = (address: string): string => `contract/${address}`;
export const CONTRACT_PREFIX = 'contract/';

export function contractAddressFor(chainId: string, creator: string, nonce: bigint, index: number): string {
  return encodeAddress(sha256(encode([CONTRACT_DOMAIN, chainId, creator, nonce, index])).subarray(0, ADDRESS_BYTES));
}

/**
 * The stored record at `address` (a CBOR map whose `type` names its module), or undefined when the
 * address is not a contract. Each module decodes its own record with its own reader.
 */
export function getContractRecord(view: StateReader, address: string): { type: ContractType; record: CborMap } | undefined {
  const value = getStateValue(view, contractKey(address));
  if (value === undefined) return undefined;
  const record = value as CborMap;
  return { type: record.type as ContractType, record };
}

export function isContract(view: StateReader, address: string): boolean {
  return view.get(contractKey(address)) !== undefined;
}

/** Writes a contract's record; `record.type` must be set. Closed contracts may keep their record (their state says closed). */
export function putContractRecord(view: Overlay, address: string, record: CborMap & { type: ContractType }): void {
  putStateValue(view, contractKey(address), record);
}
