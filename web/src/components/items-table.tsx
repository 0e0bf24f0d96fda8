/**
 * A paged list of items (GET /v1/accounts/:address/items, /v1/registries/:name/items): id order, a
 * page at a time, "More items" following the node's `next` cursor.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ItemResponse, ItemsResponse } from '../../../src/client/index.ts';
import { AccountLink, ErrorBox, ItemLink, Loading, RegistryLink } from './common.tsx';

export const ITEMS_PAGE = 25;

export type ItemsLoader = (options: { limit: number; after?: string }) => Promise<ItemsResponse>;

interface Paged {
  list: ItemResponse[];
  next: string | null;
  loading: boolean;
  error: unknown;
}

/** `key` names what is listed (an address, a registry): a new key starts over. */
export function usePagedItems(key: string, load: ItemsLoader): Paged & { more: () => void; restart: () => void } {
  const [state, setState] = useState<Paged>({ list: [], next: null, loading: true, error: undefined });
  const generation = useRef(0);
  const read = (after: string | undefined, mine: number): void => {
    setState((s) => ({ ...s, loading: true }));
    load({ limit: ITEMS_PAGE, after }).then(
      (page) => mine === generation.current && setState((s) => ({ list: after === undefined ? page.items : [...s.list, ...page.items], next: page.next, loading: false, error: undefined })),
      (error: unknown) => mine === generation.current && setState((s) => ({ ...s, loading: false, error })),
    );
  };
  const restart = (): void => read(undefined, ++generation.current);
  useEffect(restart, [key]);
  return { ...state, more: () => state.next !== null && read(state.next, generation.current), restart };
}

export function ItemsTable({ paged, empty, showOwner = false, testId }: { paged: Paged & { more: () => void }; empty: string; showOwner?: boolean; testId: string }) {
  return (
    <>
      {paged.error !== undefined && <ErrorBox error={paged.error} />}
      {paged.list.length === 0 ? (
        paged.loading ? <Loading what="Reading items" /> : <p class="muted">{empty}</p>
      ) : (
        <table class="list" data-testid={testId}>
          <thead>
            <tr>
              <th>Item</th>
              <th>Kind</th>
              <th>Status</th>
              {showOwner ? <th class="wide">Owner</th> : <th class="wide">Registry</th>}
              <th class="number">Events</th>
            </tr>
          </thead>
          <tbody>
            {paged.list.map((item) => (
              <tr key={item.id}>
                <td>
                  <ItemLink id={item.id} />
                </td>
                <td>{item.kind}</td>
                <td>{item.status}</td>
                <td class="wide">{showOwner ? <AccountLink address={item.owner} /> : item.registry === null ? <span class="muted">—</span> : <RegistryLink name={item.registry} />}</td>
                <td class="number">{item.events}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {paged.next !== null && (
        <button type="button" class="more" onClick={paged.more} disabled={paged.loading}>
          More items
        </button>
      )}
    </>
  );
}
