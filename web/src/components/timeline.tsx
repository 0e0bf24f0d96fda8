/**
 * An item's provenance timeline: its history entries oldest first (GET /v1/items/:id/history), a page
 * at a time with "Load more". A history only grows (spec/ledger.md §7.4: entries never change), so
 * new entries are appended from where the list ends.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { HistoryEntryJson } from '../../../src/client/index.ts';
import { formatTime } from '../format.ts';
import { entryDetails, type Detail } from '../history-details.ts';
import { entrySentence, type Phrase } from '../history-sentence.ts';
import { client } from '../node.ts';
import { AccountLink, Amount, BlockLink, ContractLink, ErrorBox, ItemLink, Loading } from './common.tsx';

export const HISTORY_PAGE = 20;

interface History {
  entries: HistoryEntryJson[];
  next: number | null;
  loading: boolean;
  error: unknown;
}

/** Pages of an item's history; `more` reads the next page; new entries are read as the item's count grows. */
function useHistory(id: string, events: number | undefined): History & { more: () => void } {
  const [state, setState] = useState<History>({ entries: [], next: null, loading: true, error: undefined });
  // Answers for another item (the page was reused) are dropped.
  const generation = useRef(0);
  const busy = useRef(false);
  const load = (from: number, mine: number): void => {
    if (busy.current) return;
    busy.current = true;
    setState((s) => ({ ...s, loading: true }));
    client.getItemHistory(id, { from, limit: HISTORY_PAGE }).then(
      (page) => {
        busy.current = false;
        if (mine !== generation.current) return;
        // Keep what is before `from`: a catch-up or a next page continues the list, never repeats it.
        setState((s) => ({ entries: [...s.entries.filter((e) => e.seq < from), ...page.entries], next: page.next, loading: false, error: undefined }));
      },
      (error: unknown) => {
        busy.current = false;
        if (mine === generation.current) setState((s) => ({ ...s, loading: false, error }));
      },
    );
  };
  useEffect(() => {
    busy.current = false;
    setState({ entries: [], next: null, loading: true, error: undefined });
    load(0, ++generation.current);
  }, [id]);
  // The item gained entries (a live tx): when the whole list is shown, read the new ones. Checked again
  // after every load, so an event that came during one is not missed; each (count, from) is tried once,
  // so a node that lags behind its own item record is not asked in a loop.
  const tried = useRef('');
  useEffect(() => {
    if (events === undefined || state.loading || state.next !== null || state.entries.length >= events) return;
    const attempt = `${events}/${state.entries.length}`;
    if (tried.current === attempt) return;
    tried.current = attempt;
    load(state.entries.length, generation.current);
  }, [events, state.loading, state.next, state.entries.length]);
  return { ...state, more: () => state.next !== null && load(state.next, generation.current) };
}

export function Timeline({ id, events }: { id: string; events: number | undefined }) {
  const history = useHistory(id, events);
  return (
    <>
      {history.error !== undefined && <ErrorBox error={history.error} />}
      {history.entries.length === 0 && history.loading ? (
        <Loading what="Reading the history" />
      ) : (
        <ol class="timeline" data-testid="timeline">
          {history.entries.map((entry) => (
            <TimelineEntry entry={entry} key={entry.seq} />
          ))}
        </ol>
      )}
      {history.next !== null && (
        <button type="button" class="more" onClick={history.more} disabled={history.loading}>
          {history.loading ? 'Loading…' : `Load more (${events === undefined ? 'older' : `${events - history.entries.length} more`})`}
        </button>
      )}
    </>
  );
}

function TimelineEntry({ entry }: { entry: HistoryEntryJson }) {
  const details = entryDetails(entry);
  const sentence = entrySentence(entry);
  // Most sentences say who acted ("by …"); the signer gets its own line only when they do not.
  const namesSigner = sentence.some((phrase) => typeof phrase !== 'string' && phrase.kind === 'address' && phrase.value === entry.signer);
  return (
    <li class={`tl-entry tl-${entry.action}`} data-action={entry.action} data-seq={entry.seq}>
      <div class="tl-head">
        <span class="tl-action" data-testid="tl-says">
          {sentence.map((phrase, i) => (
            <PhraseView phrase={phrase} key={i} />
          ))}
        </span>
        <span class="tl-when muted">
          <time dateTime={new Date(entry.timeMs).toISOString()}>{formatTime(entry.timeMs)}</time> · block <BlockLink height={entry.height} />
        </span>
      </div>
      {!namesSigner && (
        <div class="tl-signer">
          signed by <AccountLink address={entry.signer} />
        </div>
      )}
      {details.length > 0 && (
        <dl class="tl-details">
          {details.map((detail, i) => (
            <div key={i}>
              <dt>{detail.label}</dt>
              <dd>
                <DetailValue detail={detail} />
              </dd>
            </div>
          ))}
        </dl>
      )}
    </li>
  );
}

function DetailValue({ detail }: { detail: Detail }) {
  switch (detail.kind) {
    case 'address':
      return <AccountLink address={detail.value} />;
    case 'contract':
      return <ContractLink address={detail.value} />;
    case 'amount':
      return <Amount amount={detail.amount} asset={detail.asset} />;
    case 'items':
      return (
        <span class="tl-items">
          {detail.value.map((item) => (
            <ItemLink id={item} key={item} />
          ))}
        </span>
      );
    case 'hashes':
      return (
        <ul class="plain">
          {detail.value.map((hash) => (
            <li class="mono wrap" key={hash}>
              {hash}
            </li>
          ))}
        </ul>
      );
    case 'json':
      return detail.value.includes('\n') ? <pre class="json">{detail.value}</pre> : <code class="json-inline">{detail.value}</code>;
    case 'time':
      return <span>{formatTime(detail.value)}</span>;
    default:
      return <span class="wrap">{detail.value}</span>;
  }
}

function PhraseView({ phrase }: { phrase: Phrase }) {
  if (typeof phrase === 'string') return <>{phrase}</>;
  switch (phrase.kind) {
    case 'address':
      return <AccountLink address={phrase.value} />;
    case 'contract':
      return <ContractLink address={phrase.value} />;
    case 'amount':
      return <Amount amount={phrase.amount} asset={phrase.asset} />;
    case 'items':
      return (
        <span class="tl-items">
          {phrase.value.map((item) => (
            <ItemLink id={item} key={item} />
          ))}
        </span>
      );
  }
}
