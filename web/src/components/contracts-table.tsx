/**
 * The contracts an address has a role in (GET /v1/accounts/:address/contracts), newest first, a page
 * at a time. The node may list a contract again on a later page (the address had a role in it in older
 * txs too): pages are merged by contract address, roles joined.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AccountContractJson } from '../../../src/client/index.ts';
import { mergeContracts } from '../contract-view.ts';
import { client } from '../node.ts';
import { BlockLink, ContractLink, ErrorBox, Loading } from './common.tsx';

const CONTRACTS_PAGE = 20;

interface PagedContracts {
  list: AccountContractJson[];
  next: string | null;
  loading: boolean;
  error: unknown;
}

export function usePagedContracts(address: string): PagedContracts & { more: () => void; restart: () => void } {
  const [state, setState] = useState<PagedContracts>({ list: [], next: null, loading: true, error: undefined });
  const generation = useRef(0);
  const read = (after: string | undefined, mine: number): void => {
    setState((s) => ({ ...s, loading: true }));
    client.getAccountContracts(address, { limit: CONTRACTS_PAGE, after }).then(
      (page) => mine === generation.current && setState((s) => ({ list: mergeContracts(after === undefined ? [] : s.list, page.contracts), next: page.next, loading: false, error: undefined })),
      (error: unknown) => mine === generation.current && setState((s) => ({ ...s, loading: false, error })),
    );
  };
  const restart = (): void => read(undefined, ++generation.current);
  useEffect(restart, [address]);
  return { ...state, more: () => state.next !== null && read(state.next, generation.current), restart };
}

const TYPE_WORDS: { [type: string]: string } = { escrow: 'Escrow', offer: 'Offer', split: 'Split', rental: 'Rental', stream: 'Stream' };

export function ContractsTable({ paged, empty, testId }: { paged: PagedContracts & { more: () => void }; empty: string; testId: string }) {
  return (
    <>
      {paged.error !== undefined && <ErrorBox error={paged.error} />}
      {paged.list.length === 0 ? (
        paged.loading ? <Loading what="Reading contracts" /> : <p class="muted">{empty}</p>
      ) : (
        <table class="list" data-testid={testId}>
          <thead>
            <tr>
              <th>Contract</th>
              <th>Type</th>
              <th>State</th>
              <th>Role</th>
              <th class="wide">Last touched</th>
            </tr>
          </thead>
          <tbody>
            {paged.list.map((c) => (
              <tr key={c.address} data-contract={c.address}>
                <td>
                  <ContractLink address={c.address} />
                </td>
                <td>{TYPE_WORDS[c.type] ?? c.type}</td>
                <td>
                  <span class="badge">{c.status}</span>
                </td>
                <td>{c.roles.join(', ')}</td>
                <td class="wide">
                  <BlockLink height={c.height} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {paged.next !== null && (
        <button type="button" class="more" onClick={paged.more} disabled={paged.loading}>
          {paged.loading ? 'Loading…' : 'Older contracts'}
        </button>
      )}
    </>
  );
}
