/** Revenue split payloads (src/ledger/contracts/split.ts; spec/ledger.md §8.4). */

import type { SplitMember } from '../accounts/split-state.ts';

export interface SplitCreatePayload {
  /** 2 … SPLIT_MEMBERS_MAX members, each address once, in the order the rounding rule uses. */
  members: SplitMember[];
}
