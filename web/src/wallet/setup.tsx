/** Adding a key to the browser wallet: a new recovery phrase, or one imported. */
import { useState } from 'preact/hooks';
import { generateMnemonic } from '../../../src/crypto/mnemonic.ts';
import { Card, ErrorBox } from '../components/common.tsx';
import { addKey, openKey, PASSPHRASE_LENGTH_MIN, WalletError } from './vault.ts';
import { unlock } from './session.ts';

const value = (event: Event): string => (event.target as HTMLInputElement).value;

export function AddKey({ onDone }: { onDone?: () => void }) {
  const [mode, setMode] = useState<'create' | 'import'>('create');
  return (
    <Card title="Add a key to this browser">
      <div class="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={mode === 'create'} class={mode === 'create' ? 'tab on' : 'tab'} onClick={() => setMode('create')}>
          Create a new key
        </button>
        <button type="button" role="tab" aria-selected={mode === 'import'} class={mode === 'import' ? 'tab on' : 'tab'} onClick={() => setMode('import')}>
          Import a recovery phrase
        </button>
      </div>
      {mode === 'create' ? <CreateKey onDone={onDone} /> : <ImportKey onDone={onDone} />}
    </Card>
  );
}

function CreateKey({ onDone }: { onDone?: () => void }) {
  // Made only when asked: a phrase shown on arrival would sit on screen (and in the DOM) for anyone
  // passing by, and one made for nobody is a secret with no owner.
  const [mnemonic, setMnemonic] = useState<string | undefined>(undefined);
  const [confirmed, setConfirmed] = useState(false);
  if (mnemonic === undefined) {
    return (
      <>
        <p>
          A new key is a recovery phrase of 24 words, made in this page with the browser's random source. Have paper ready: the words are
          shown once, for you to write down.
        </p>
        <button type="button" class="primary" onClick={() => setMnemonic(generateMnemonic())}>
          Create a recovery phrase
        </button>
      </>
    );
  }
  return (
    <>
      <p>
        These 24 words are your key. Write them down and keep them safe: anyone who has them controls the account, and nobody can give them
        back to you if they are lost. They stay in this browser, encrypted with your passphrase.
      </p>
      <ol class="mnemonic" data-testid="mnemonic">
        {mnemonic.split(' ').map((word, i) => (
          <li key={i}>{word}</li>
        ))}
      </ol>
      <label class="check">
        <input type="checkbox" name="confirm" checked={confirmed} onChange={(event) => setConfirmed((event.target as HTMLInputElement).checked)} /> I have written these words down
      </label>
      {confirmed && <SaveKey mnemonic={mnemonic} onDone={onDone} />}
    </>
  );
}

function ImportKey({ onDone }: { onDone?: () => void }) {
  const [mnemonic, setMnemonic] = useState('');
  return (
    <>
      <label>
        Recovery phrase (12 to 24 words)
        <textarea name="mnemonic" rows={3} value={mnemonic} onInput={(event) => setMnemonic(value(event))} autocomplete="off" spellcheck={false} autocapitalize="none" />
      </label>
      <SaveKey mnemonic={mnemonic} onDone={onDone} />
    </>
  );
}

/** Name and passphrase, then encrypt, store and unlock. */
function SaveKey({ mnemonic, onDone }: { mnemonic: string; onDone?: () => void }) {
  const [name, setName] = useState('my key');
  const [passphrase, setPassphrase] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setError(undefined);
    if (passphrase !== again) return setError(new WalletError('passphrase_mismatch', 'The two passphrases differ.'));
    if (passphrase.length < PASSPHRASE_LENGTH_MIN) return setError(new WalletError('weak_passphrase', `Use a passphrase of at least ${PASSPHRASE_LENGTH_MIN} characters.`));
    setBusy(true);
    try {
      const entry = await addKey(name, mnemonic, passphrase);
      const { key } = await openKey(entry, passphrase);
      unlock({ entry, key });
      onDone?.();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="form" onSubmit={submit}>
      <label>
        Name (only for you)
        <input name="name" value={name} maxLength={40} onInput={(event) => setName(value(event))} />
      </label>
      <label>
        Passphrase (at least {PASSPHRASE_LENGTH_MIN} characters)
        <input name="passphrase" type="password" autocomplete="new-password" value={passphrase} onInput={(event) => setPassphrase(value(event))} />
      </label>
      <label>
        Passphrase again
        <input name="passphrase-again" type="password" autocomplete="new-password" value={again} onInput={(event) => setAgain(value(event))} />
      </label>
      {error !== undefined && <ErrorBox error={error} />}
      <button type="submit" class="primary" disabled={busy}>
        {busy ? 'Encrypting…' : 'Save the key in this browser'}
      </button>
    </form>
  );
}
