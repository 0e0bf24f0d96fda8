/**
 * Documents for an item or an event: files chosen here are hashed in this browser (SHA-256, WebCrypto)
 * and only their hashes go into the tx (spec/ledger.md §7.1: the files stay with their owner).
 */
import { useState } from 'preact/hooks';
import { toHex } from '../../../src/crypto/hash.ts';
import { ErrorBox } from '../components/common.tsx';
import { WalletError } from './vault.ts';

/** spec/ledger.md §7.2 "documents". */
export const DOCUMENTS_MAX = 16;

export interface HashedDocument {
  name: string;
  size: number;
  hash: Uint8Array;
}

export async function hashFile(file: Blob): Promise<Uint8Array> {
  let bytes: ArrayBuffer;
  try {
    bytes = await file.arrayBuffer();
  } catch (error) {
    throw new WalletError('bad_document', `cannot read the file: ${error instanceof Error ? error.message : String(error)}`);
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

export function DocumentsInput({ name, documents, onChange }: { name: string; documents: HashedDocument[]; onChange: (documents: HashedDocument[]) => void }) {
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const choose = async (event: Event): Promise<void> => {
    const input = event.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    setError(undefined);
    if (files.length > DOCUMENTS_MAX) {
      setError(new WalletError('bad_metadata', `at most ${DOCUMENTS_MAX} documents`));
      return;
    }
    setBusy(true);
    try {
      onChange(await Promise.all(files.map(async (file) => ({ name: file.name, size: file.size, hash: await hashFile(file) }))));
    } catch (caught) {
      setError(caught);
      onChange([]);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="documents">
      <label>
        Documents or photos (optional; only their SHA-256 leaves this browser)
        <input type="file" name={name} multiple onChange={(event) => void choose(event)} />
      </label>
      {busy && <p class="muted">Hashing…</p>}
      {error !== undefined && <ErrorBox error={error} />}
      {documents.length > 0 && (
        <ul class="plain doc-hashes" data-testid={`${name}-hashes`}>
          {documents.map((doc) => (
            <li key={`${doc.name}/${toHex(doc.hash)}`}>
              {doc.name} <span class="muted">({doc.size} bytes)</span>
              <div class="mono wrap">{toHex(doc.hash)}</div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
