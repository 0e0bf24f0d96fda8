/**
 * The wallet's records actions (spec/ledger.md §7.2): register an item, attest an event on one
 * (custody hands it to a custodian), transfer one. Signed in this page like every wallet tx; fields
 * are checked here first so that a typo is explained before anything is signed.
 */
import { useState } from 'preact/hooks';
import { AgoraError, isAddress, isItemId, newItemIds, type CommittedResult, type ItemResponse } from '../../../src/client/index.ts';
import { Card, ItemLink } from '../components/common.tsx';
import { ItemsTable, usePagedItems } from '../components/items-table.tsx';
import { useTxEvents } from '../live.ts';
import { client } from '../node.ts';
import { DocumentsInput, type HashedDocument } from './documents-input.tsx';
import type { Session } from './session.ts';
import { inputValue, TxForm } from './tx-form.tsx';
import { WalletError } from './vault.ts';

/** spec/ledger.md §7.2 "name": kinds, event types, registries. */
const NAME = /^[a-z][a-z0-9.-]{0,31}$/;
const EVENT_TYPES = ['inspection', 'certification', 'location', 'repair', 'reading', 'custody'];
const OWNED_LIST = 'wallet-owned-items';

function checkName(text: string, what: string): string {
  const name = text.trim();
  if (!NAME.test(name)) throw new AgoraError('bad_name', `the ${what} “${name}” is not a name (small letters, digits, dots, dashes)`);
  return name;
}

function checkItem(text: string): string {
  const id = text.trim().toLowerCase();
  if (!isItemId(id)) throw new AgoraError('bad_item_id', 'the item is not an item1… id');
  return id;
}

function checkAddress(text: string, what: string): string {
  const address = text.trim();
  if (!isAddress(address)) throw new AgoraError('bad_address', `the ${what} is not an agora1… address`);
  return address;
}

/** Optional JSON text: undefined when empty; kept as typed (trimmed) once it parses. */
export function jsonText(text: string, what: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  try {
    JSON.parse(trimmed);
  } catch (error) {
    throw new WalletError('bad_json', `the ${what} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return trimmed;
}

const hashes = (documents: HashedDocument[]): Uint8Array[] | undefined => (documents.length === 0 ? undefined : documents.map((d) => d.hash));

export function RecordsSection({ session }: { session: Session }) {
  const { address } = session.entry;
  const items = usePagedItems(address, (page) => client.getItemsByOwner(address, page));
  useTxEvents((event) => event.addresses.includes(address) && event.receipt.events.some((e) => e.type.startsWith('item.')) && items.restart(), [address]);
  const live = items.list.filter((item) => item.status === 'live');
  return (
    <>
      <Card title="Your items">
        <ItemsTable paged={items} empty="You own no item yet: register one below." testId="wallet-items" />
        <OwnedList items={live} />
      </Card>
      <div class="columns">
        <Card title="Register an item">
          <RegisterItemForm session={session} />
        </Card>
        <Card title="Attest an item">
          <AttestItemForm session={session} />
        </Card>
      </div>
      <Card title="Transfer an item">
        <TransferItemForm session={session} />
      </Card>
    </>
  );
}

/** Suggestions for the item fields: the live items this key owns. */
function OwnedList({ items }: { items: ItemResponse[] }) {
  return (
    <datalist id={OWNED_LIST}>
      {items.map((item) => (
        <option key={item.id} value={item.id}>
          {item.kind}
        </option>
      ))}
    </datalist>
  );
}

function RegisterItemForm({ session }: { session: Session }) {
  const [kind, setKind] = useState('');
  const [registry, setRegistry] = useState('');
  const [metadata, setMetadata] = useState('');
  const [documents, setDocuments] = useState<HashedDocument[]>([]);
  const run = async (): Promise<CommittedResult> => {
    const payload = {
      kind: checkName(kind, 'kind'),
      registry: registry.trim() === '' ? undefined : checkName(registry, 'registry'),
      metadata: jsonText(metadata, 'metadata'),
      documents: hashes(documents),
    };
    return client.sendTx(session.key, 'item.register', Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== undefined)) as typeof payload);
  };
  const outcome = (result: CommittedResult) => {
    const [id] = newItemIds(result.receipt.events);
    return id === undefined ? null : (
      <span class="new-item" data-testid="new-item" data-item={id}>
        New item: <ItemLink id={id} full />
      </span>
    );
  };
  return (
    <TxForm title="Register an item" submitLabel="Register" run={run} testId="register-item-form" outcome={outcome}>
      <div class="row">
        <label class="grow">
          Kind
          <input name="item-kind" value={kind} maxLength={32} onInput={(event) => setKind(inputValue(event).toLowerCase())} placeholder="coffee-lot" autocomplete="off" />
        </label>
        <label class="grow">
          Registry (optional)
          <input name="item-registry" value={registry} maxLength={32} onInput={(event) => setRegistry(inputValue(event).toLowerCase())} placeholder="tool-library" autocomplete="off" />
        </label>
      </div>
      <label>
        Metadata (JSON, optional, up to 2,048 characters)
        <textarea name="item-metadata" rows={3} value={metadata} maxLength={2048} onInput={(event) => setMetadata(inputValue(event))} placeholder='{"origin": "Huila", "kg": 60}' spellcheck={false} />
      </label>
      <DocumentsInput name="item-documents" documents={documents} onChange={setDocuments} />
    </TxForm>
  );
}

function AttestItemForm({ session }: { session: Session }) {
  const [item, setItem] = useState('');
  const [type, setType] = useState('');
  const [custodian, setCustodian] = useState('');
  const [data, setData] = useState('');
  const [documents, setDocuments] = useState<HashedDocument[]>([]);
  const custody = type.trim() === 'custody';
  const run = async (): Promise<CommittedResult> => {
    const payload = {
      item: checkItem(item),
      type: checkName(type, 'event type'),
      data: jsonText(data, 'data'),
      documents: hashes(documents),
      // spec/ledger.md §7.2.5: a custodian exactly when the type is custody.
      custodian: custody ? checkAddress(custodian, 'custodian') : undefined,
    };
    return client.sendTx(session.key, 'item.attest', Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== undefined)) as typeof payload);
  };
  return (
    <TxForm title="Attest an item" submitLabel="Attest" run={run} testId="attest-item-form">
      <p class="muted">Add an event to an item’s life: an inspection, a certificate, a location, a repair, a reading — or hand it to a custodian.</p>
      <label>
        Item (item1…)
        <input name="attest-item" value={item} list={OWNED_LIST} onInput={(event) => setItem(inputValue(event))} autocomplete="off" spellcheck={false} />
      </label>
      <label>
        Event type
        <input name="attest-type" value={type} list="wallet-event-types" maxLength={32} onInput={(event) => setType(inputValue(event).toLowerCase())} placeholder="inspection" autocomplete="off" />
        <datalist id="wallet-event-types">
          {EVENT_TYPES.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
      </label>
      {custody && (
        <label>
          New custodian (an agora1… address; the owner’s address hands it back)
          <input name="attest-custodian" value={custodian} onInput={(event) => setCustodian(inputValue(event))} autocomplete="off" spellcheck={false} />
        </label>
      )}
      <label>
        Data (JSON, optional, up to 1,024 characters)
        <textarea name="attest-data" rows={3} value={data} maxLength={1024} onInput={(event) => setData(inputValue(event))} placeholder='{"grade": "AA"}' spellcheck={false} />
      </label>
      <DocumentsInput name="attest-documents" documents={documents} onChange={setDocuments} />
    </TxForm>
  );
}

function TransferItemForm({ session }: { session: Session }) {
  const [item, setItem] = useState('');
  const [to, setTo] = useState('');
  const run = async (): Promise<CommittedResult> => client.sendTx(session.key, 'item.transfer', { item: checkItem(item), to: checkAddress(to, 'recipient') });
  return (
    <TxForm title="Transfer an item" submitLabel="Transfer" run={run} testId="transfer-item-form">
      <p class="muted">Give an item you own to another address. Its custodian, if any, keeps holding it.</p>
      <div class="row">
        <label class="grow">
          Item (item1…)
          <input name="transfer-item" value={item} list={OWNED_LIST} onInput={(event) => setItem(inputValue(event))} autocomplete="off" spellcheck={false} />
        </label>
        <label class="grow">
          To (an agora1… address)
          <input name="transfer-to" value={to} onInput={(event) => setTo(inputValue(event))} autocomplete="off" spellcheck={false} />
        </label>
      </div>
    </TxForm>
  );
}
