/** Payloads of the review kinds (spec/reputation.md §2). A trade id is its 32 bytes (hex in JSON and in state keys). */

/** Dimension name (the records' name syntax) → rating 1–5. */
export type ReviewDimensions = { [name: string]: number };

export interface ReviewCommitPayload {
  trade: Uint8Array;
  subject: string;
  /** reviewCommitment(...) of the review to reveal (reviews-state.ts). */
  commitment: Uint8Array;
}

export interface ReviewRevealPayload {
  trade: Uint8Array;
  subject: string;
  rating: number;
  dimensions?: ReviewDimensions;
  /** SHA-256 of the review's text (UTF-8). */
  textHash?: Uint8Array;
  salt: Uint8Array;
  /** The text itself, at most REVIEW_TEXT_BYTES_MAX bytes of UTF-8, hashing to `textHash`; not part of the commitment (its hash is). */
  text?: string;
}

export interface ReviewReplyPayload {
  trade: Uint8Array;
  /** Whose review of the signer is answered. */
  reviewer: string;
  textHash: Uint8Array;
}
