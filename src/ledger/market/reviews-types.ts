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
  /** SHA-256 of the review's text, kept off the ledger. */
  textHash?: Uint8Array;
  salt: Uint8Array;
}

export interface ReviewReplyPayload {
  trade: Uint8Array;
  /** Whose review of the signer is answered. */
  reviewer: string;
  textHash: Uint8Array;
}
