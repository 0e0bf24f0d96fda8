/** The wallet: keys kept encrypted in this browser, unlocked with a passphrase, signing here. */
import { useState } from 'preact/hooks';
import { AccountLink, Card, ErrorBox } from '../components/common.tsx';
import { WalletError, listKeys, openKey, removeKey, walletAvailable, type VaultEntry } from './vault.ts';
import { unlock, useSession } from './session.ts';
import { AddKey } from './setup.tsx';
import { WalletDashboard } from './dashboard.tsx';

export function WalletPage() {
  const session = useSession();
  const [adding, setAdding] = useState(false);
  const [, setVersion] = useState(0);
  if (!walletAvailable()) {
    return (
      <Card title="Wallet">
        <ErrorBox error={new WalletError('no_secure_context', 'WebCrypto is not available')} />
      </Card>
    );
  }
  if (session !== undefined) return <WalletDashboard session={session} />;
  const keys = listKeys();
  if (keys.length === 0 || adding) {
    return (
      <>
        <p class="lead">Your keys are made and kept in this browser, encrypted with your passphrase. The node only ever receives signed transactions.</p>
        <AddKey onDone={() => setAdding(false)} />
        {adding && (
          <button type="button" onClick={() => setAdding(false)}>
            Back to my keys
          </button>
        )}
      </>
    );
  }
  return (
    <>
      <Card title="Your keys in this browser">
        {keys.map((entry) => (
          <UnlockKey key={entry.address} entry={entry} onRemoved={() => setVersion((v) => v + 1)} />
        ))}
      </Card>
      <button type="button" onClick={() => setAdding(true)}>
        Add another key
      </button>
    </>
  );
}

function UnlockKey({ entry, onRemoved }: { entry: VaultEntry; onRemoved: () => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const { key } = await openKey(entry, passphrase);
      setPassphrase('');
      unlock({ entry, key });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const remove = (): void => {
    if (!window.confirm(`Remove “${entry.name}” from this browser? Without its recovery phrase the account is lost for good.`)) return;
    removeKey(entry.address);
    onRemoved();
  };
  return (
    <form class="form unlock" onSubmit={submit}>
      <p>
        <strong>{entry.name}</strong> · <AccountLink address={entry.address} />
      </p>
      <label>
        Passphrase
        <input name="unlock-passphrase" type="password" autocomplete="current-password" value={passphrase} onInput={(event) => setPassphrase((event.target as HTMLInputElement).value)} />
      </label>
      {error !== undefined && <ErrorBox error={error} />}
      <div class="row">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Unlocking…' : 'Unlock'}
        </button>
        <button type="button" class="danger" onClick={remove}>
          Remove
        </button>
      </div>
    </form>
  );
}
