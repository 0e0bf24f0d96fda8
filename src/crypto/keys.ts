import { ed25519 } from '@noble/curves/ed25519.js';
import { addressFromPublicKey } from './address.ts';
import { CryptoError } from './errors.ts';
import { vrfProve } from './vrf.ts';

/**
 * An Ed25519 key pair (RFC 8032). The secret key is the 32-byte seed. It is kept in a non-enumerable
 * property and `toJSON`/`inspect` print only the address, so a key pair logged or serialised by
 * mistake never shows the secret.
 */
export class KeyPair {
  readonly publicKey: Uint8Array;
  readonly address: string;
  declare readonly secretKey: Uint8Array;

  constructor(secretKey: Uint8Array) {
    if (!(secretKey instanceof Uint8Array) || secretKey.length !== 32) {
      throw new CryptoError('bad_secret_key', 'secret key must be 32 bytes');
    }
    Object.defineProperty(this, 'secretKey', { value: Uint8Array.from(secretKey), enumerable: false });
    this.publicKey = ed25519.getPublicKey(secretKey);
    this.address = addressFromPublicKey(this.publicKey);
  }

  static generate(): KeyPair {
    return new KeyPair(ed25519.utils.randomSecretKey());
  }

  /** Ed25519 signature (64 bytes) over `message`. Deterministic (RFC 8032 §5.1.6). */
  sign(message: Uint8Array): Uint8Array {
    // Decision 0004 §Keys, choice 2: a 32-byte message could be the h_string of a VRF proof made
    // with this seed, and the pair would reveal the key. Agora signs only domain-led CBOR, longer.
    if (message.length === 32) throw new CryptoError('bad_message', 'an Agora key never signs a 32-byte message (spec/decisions/0004-vrf-suite.md §Keys)');
    return ed25519.sign(message, this.secretKey);
  }

  /** RFC 9381 ECVRF-EDWARDS25519-SHA512-TAI proof (pi, 80 bytes) over `alpha` with this seed. */
  proveSeed(alpha: Uint8Array): Uint8Array {
    return vrfProve(this.secretKey, alpha);
  }

  toJSON(): { address: string } {
    return { address: this.address };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `KeyPair(${this.address})`;
  }
}
