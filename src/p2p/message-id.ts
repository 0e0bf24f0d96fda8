/**
 * Gossip message ids and vote re-send epochs (spec/p2p.md §Votes and re-sends; issue 12, attack 3).
 *
 * gossipsub drops a message whose id it saw in the last two minutes, before any handler runs. With
 * StrictNoSign its default id is the hash of the bytes, which for a vote covered the `relay` counter
 * outside the signature: anyone could republish one captured vote under endless new ids, each
 * verified and forwarded by every node. Here a vote's id is the hash of its signed part and of its
 * relay *epoch*: a re-send carries the sender's current epoch (the clock in RELAY_EPOCH_MS steps),
 * and an epoch further than RELAY_EPOCH_SKEW_MAX from the receiver's is "stale" (a sender whose
 * clock is off: taken only by a node that lacks the vote) or, past RELAY_EPOCH_FORGED_MIN, "forged"
 * (rejected with a strike) — all such copies of a vote share one id per kind. So one vote has at
 * most 2·RELAY_EPOCH_SKEW_MAX + 4 ids at any time, whatever the counter says; a copy that gets past
 * gossipsub is then dropped by a node that holds the vote, before its signature is checked, and not
 * forwarded (spec/p2p.md §3.1).
 */
import { sha256 } from '../crypto/hash.ts';
import { RELAY_EPOCH_FORGED_MIN, RELAY_EPOCH_MS, RELAY_EPOCH_SKEW_MAX } from './limits.ts';
import { decodeVoteMessage, encodeVoteMessage } from './messages.ts';

const ID_DOMAIN = new TextEncoder().encode('agora/vote-id/1|');

/** The relay epoch at `nowMs`: what a re-send carries in `relay`. */
export function relayEpoch(nowMs: number): number {
  return Math.floor(nowMs / RELAY_EPOCH_MS);
}

/**
 * What a received `relay` is: an epoch close enough to ours to be a re-send of now (`current`), one
 * an honest node with a clock set wrong could send (`stale`), or a counter no clock gives (`forged`).
 */
export function relayStanding(relay: number, nowMs: number): 'current' | 'stale' | 'forged' {
  const distance = Math.abs(relay - relayEpoch(nowMs));
  return distance <= RELAY_EPOCH_SKEW_MAX ? 'current' : distance < RELAY_EPOCH_FORGED_MIN ? 'stale' : 'forged';
}

function tagged(tag: string, signed: Uint8Array): Uint8Array {
  const head = new TextEncoder().encode(`${tag}|`);
  const bytes = new Uint8Array(ID_DOMAIN.length + head.length + signed.length);
  bytes.set(ID_DOMAIN, 0);
  bytes.set(head, ID_DOMAIN.length);
  bytes.set(signed, ID_DOMAIN.length + head.length);
  return bytes;
}

/**
 * The gossip id of a message on the votes topic (`isVote`) or another: the SHA-256 of the bytes,
 * except for a well-formed vote, whose id covers its signed part and its relay epoch as above.
 */
export function gossipMessageId(isVote: boolean, data: Uint8Array, nowMs: number): Uint8Array {
  if (!isVote) return sha256(data);
  let message: ReturnType<typeof decodeVoteMessage>;
  try {
    message = decodeVoteMessage(data);
  } catch {
    return sha256(data); // malformed: its own id; the handler rejects it with a strike
  }
  const signed = encodeVoteMessage({ vote: message.vote });
  const standing = message.relay === undefined ? 'first' : relayStanding(message.relay, nowMs);
  const tag = standing === 'current' ? `relay ${String(message.relay)}` : standing;
  return sha256(tagged(tag, signed));
}
