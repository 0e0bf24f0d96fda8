/** Revenue split payloads (src/ledger/contracts/split.ts; spec/ledger.md §8.4). */

export interface SplitMember {
  address: string;
  /** Integer share, 1 … SPLIT_WEIGHT_MAX; a member gets weight / (sum of weights) of each payment. */
  weight: number;
}

export interface SplitCreatePayload {
  /** 2 … SPLIT_MEMBERS_MAX members, each address once, in the order the rounding rule uses. */
  members: SplitMember[];
}
