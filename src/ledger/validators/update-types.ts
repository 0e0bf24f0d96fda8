/** A change of one validator: power 0 removes it, a new key adds it, else its power is set. */
export interface ValidatorChange {
  publicKey: Uint8Array;
  power: bigint;
}

/** One validator's approval of an update: its signature over approvalBytes (update-decode.ts). */
export interface ValidatorApproval {
  validator: string;
  signature: Uint8Array;
}

/** `validators.update` (spec/ledger.md §10.2). */
export interface ValidatorsUpdatePayload {
  /** `validators/sequence` when the approvals were made: an approval is good for one update only. */
  sequence: bigint;
  changes: ValidatorChange[];
  approvals: ValidatorApproval[];
}
