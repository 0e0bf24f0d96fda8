import type { VrfRefusalReason } from './vrf-ecvrf.ts';
import { BaseError } from '../errors/base.ts';

/** Codes of CryptoError: stable and documented. */
export type CryptoErrorCode =
  | 'bad_address'
  | 'bad_hex'
  | 'bad_key_name'
  | 'bad_key_pair'
  | 'bad_message'
  | 'bad_mnemonic'
  | 'bad_passphrase'
  | 'bad_path'
  | 'bad_public_key'
  // a sealed note that does not open (src/crypto/seal.ts): not for this key, or altered
  | 'bad_seal'
  | 'bad_secret_key'
  | 'bad_seed'
  | 'bad_account'
  | 'internal'
  | 'key_exists'
  | 'key_not_found'
  | 'keystore_corrupt'
  | 'unsupported_keystore_version'
  // The VRF's refusals (src/crypto/vrf-ecvrf.ts VrfRefusalReason), thrown by vrfProve and vrfProofToHash.
  | VrfRefusalReason;

/** Thrown by crypto helpers on malformed input. */
export class CryptoError extends BaseError<CryptoErrorCode> {
  override name = 'CryptoError';
  constructor(code: CryptoErrorCode, message: string) {
    super(code, message);
  }
}
