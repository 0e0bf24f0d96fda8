/** Public surface of the consensus core. Imports only src/crypto/hash.ts and its own files. */
export * from './types.ts';
export { ConsensusError } from './errors.ts';
export * from './limits.ts';
export { isQuorum, isOneThird } from './threshold.ts';
export { selectProposer, proposerPreimage } from './proposer.ts';
export * from './sign-guard.ts';
export { createConsensus, step, type StepResult, type ConsensusState } from './tendermint.ts';
export { timeoutDurationMs, type RoundMessages, type ProposalEntry } from './state.ts';
export { checkCommit, type CommitCheck, type CommitErrorCode } from './commit.ts';
export { allVotes, votesFor, type VoteSet } from './vote-set.ts';
