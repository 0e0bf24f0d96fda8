/**
 * The node's libp2p identity (spec/p2p.md §Peer identity): an Ed25519 key derived from a 32-byte
 * seed kept in the node's home, so the peer id is stable across restarts and known before the node
 * starts (`agora testnet init` writes every node's peer list from the seeds alone). The seed is not
 * the validator key: a leaked transport key must not sign votes.
 */
import { randomBytes } from 'node:crypto';
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';
import type { Ed25519PrivateKey } from '@libp2p/interface';
import { P2PError } from './errors.ts';

export const PEER_KEY_SEED_BYTES = 32;

/** 32 fresh random bytes for a new node's peer key seed. */
export function newPeerKeySeed(): Uint8Array {
  return new Uint8Array(randomBytes(PEER_KEY_SEED_BYTES));
}

/** The Ed25519 private key of RFC 8032 §5.1.5 whose seed is `seed`. */
export async function peerKeyFromSeed(seed: Uint8Array): Promise<Ed25519PrivateKey> {
  if (!(seed instanceof Uint8Array) || seed.length !== PEER_KEY_SEED_BYTES) {
    throw new P2PError('bad_seed', `a peer key seed is ${PEER_KEY_SEED_BYTES} bytes`);
  }
  return generateKeyPairFromSeed('Ed25519', seed);
}

/** The peer id (base58btc, `12D3KooW…`) of the key derived from `seed`. */
export async function peerIdFromSeed(seed: Uint8Array): Promise<string> {
  return peerIdFromPrivateKey(await peerKeyFromSeed(seed)).toString();
}
