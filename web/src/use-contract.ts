/**
 * A contract read from the node (GET /v1/contracts/:address) and kept fresh: read again whenever a
 * committed tx touches its address. What block time makes of it between those reads (a stream's
 * accrual, a deadline, a booking's phase) is recomputed from `useBlockTime` (contract-view.ts).
 */
import type { ContractResponse } from '../../src/client/index.ts';
import { useLive, useTxEvents } from './live.ts';
import { client } from './node.ts';
import { useAsync, type AsyncState } from './use-async.ts';

/** `address` undefined reads nothing (a form whose field is not an address yet). */
export function useContract(address: string | undefined): AsyncState<ContractResponse | undefined> {
  const state = useAsync(() => (address === undefined ? Promise.resolve(undefined) : client.getContract(address)), [address]);
  useTxEvents((event) => address !== undefined && event.addresses.includes(address) && state.reload(), [address]);
  return state;
}

/** The latest block time known: the live stream's newest block, or the contract's own reading if newer. */
export function useBlockTime(contract?: { at: { timeMs: number } }): number {
  const live = useLive();
  return Math.max(contract?.at.timeMs ?? 0, live.status?.lastBlockTimeMs ?? 0);
}
