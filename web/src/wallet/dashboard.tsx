/** An unlocked key: balances, send, create an asset, mint, burn; its items (records-forms.tsx) and contracts (contracts-forms.tsx). Every tx is signed in this page. */
import { useState } from 'preact/hooks';
import { AgoraError, isAddress, parseAmount, type AccountResponse, type CommittedResult } from '../../../src/client/index.ts';
import { Card, ErrorBox, Loading } from '../components/common.tsx';
import { useTxEvents } from '../live.ts';
import { chainParams, client } from '../node.ts';
import { Balances } from '../pages/account.tsx';
import { useAsync } from '../use-async.ts';
import { amountOf } from './amounts.ts';
import { ContractsSection } from './contracts-forms.tsx';
import { lock, type Session } from './session.ts';
import { inputValue, TxForm } from './tx-form.tsx';
import { RecordsSection } from './records-forms.tsx';
import { openKey } from './vault.ts';

export function WalletDashboard({ session }: { session: Session }) {
  const { address } = session.entry;
  const account = useAsync(() => client.account(address), [address]);
  useTxEvents((event) => event.addresses.includes(address) && account.reload(), [address]);
  return (
    <>
      <Card title={`Wallet · ${session.entry.name}`} actions={<button type="button" onClick={lock}>Lock</button>}>
        <p class="muted">Your address — share it to receive value:</p>
        <p class="mono wrap lead" data-testid="wallet-address">
          {address}
        </p>
        <p>
          <a href={`/account/${address}`}>Its page in the explorer</a>, with the full history. <a href="/orgs">Your organisations</a>: found one, join, contribute, evaluate and vote.
        </p>
      </Card>
      <Card title="Balances" actions={<button type="button" onClick={account.reload}>Refresh</button>}>
        {account.error !== undefined && <ErrorBox error={account.error} />}
        {account.data === undefined ? <Loading /> : <div data-testid="wallet-balances"><Balances account={account.data} /></div>}
      </Card>
      <div class="columns">
        <Card title="Send">
          <SendForm session={session} account={account.data} />
        </Card>
        <Card title="Create an asset">
          <CreateAssetForm session={session} />
        </Card>
      </div>
      <div class="columns">
        <Card title="Mint">
          <MintForm session={session} />
        </Card>
        <Card title="Burn">
          <BurnForm session={session} account={account.data} />
        </Card>
      </div>
      <RecordsSection session={session} />
      <ContractsSection session={session} account={account.data} />
      <Card title="Recovery phrase">
        <RevealPhrase session={session} />
      </Card>
    </>
  );
}

function checkAddress(address: string): string {
  const trimmed = address.trim();
  if (!isAddress(trimmed)) throw new AgoraError('bad_address', 'the recipient is not an agora1… address');
  return trimmed;
}

function SendForm({ session, account }: { session: Session; account: AccountResponse | undefined }) {
  const [to, setTo] = useState('');
  const [amount, setAmount] = useState('');
  const [asset, setAsset] = useState('');
  const params = useAsync(() => chainParams(), []);
  const chosen = asset || params.data?.nativeAsset || '';
  const symbols = account?.balances.map((b) => b.asset) ?? [];
  const run = async (): Promise<CommittedResult> => {
    const recipient = checkAddress(to);
    const units = await amountOf(chosen, amount);
    return client.sendTx(session.key, 'transfer', { transfers: [{ to: recipient, asset: chosen, amount: units }] });
  };
  return (
    <TxForm title="Send" submitLabel="Send" run={run} testId="send-form">
      <label>
        To (an agora1… address)
        <input name="to" value={to} onInput={(event) => setTo(inputValue(event))} autocomplete="off" spellcheck={false} />
      </label>
      <div class="row">
        <label class="grow">
          Amount
          <input name="amount" inputMode="decimal" value={amount} onInput={(event) => setAmount(inputValue(event))} placeholder="1.5" />
        </label>
        <label>
          Asset
          <select name="asset" value={chosen} onChange={(event) => setAsset((event.target as HTMLSelectElement).value)}>
            {[...new Set([chosen, ...symbols])].filter((s) => s !== '').map((symbol) => (
              <option key={symbol} value={symbol}>
                {symbol}
              </option>
            ))}
          </select>
        </label>
      </div>
    </TxForm>
  );
}

function CreateAssetForm({ session }: { session: Session }) {
  const [symbol, setSymbol] = useState('');
  const [name, setName] = useState('');
  const [decimals, setDecimals] = useState('0');
  const [supply, setSupply] = useState('0');
  const [maxSupply, setMaxSupply] = useState('');
  const [mintable, setMintable] = useState(false);
  const run = async (): Promise<CommittedResult> => {
    const places = Number(decimals);
    if (!/^[0-9]{1,2}$/.test(decimals)) throw new AgoraError('bad_asset_params', 'decimals must be a small whole number');
    const payload = {
      symbol: symbol.trim(),
      name: name.trim(),
      decimals: places,
      supply: parseAmount(supply || '0', places),
      ...(maxSupply.trim() !== '' ? { maxSupply: parseAmount(maxSupply, places) } : {}),
      ...(mintable ? { mintAuthority: session.key.address } : {}),
    };
    return client.sendTx(session.key, 'asset.create', payload);
  };
  return (
    <TxForm title="Create an asset" submitLabel="Create" run={run} testId="create-asset-form">
      <div class="row">
        <label>
          Symbol
          <input name="symbol" value={symbol} maxLength={12} onInput={(event) => setSymbol(inputValue(event).toUpperCase())} placeholder="GOLD" />
        </label>
        <label class="grow">
          Name
          <input name="asset-name" value={name} maxLength={64} onInput={(event) => setName(inputValue(event))} placeholder="Gold points" />
        </label>
      </div>
      <div class="row">
        <label>
          Decimals
          <input name="decimals" inputMode="numeric" value={decimals} onInput={(event) => setDecimals(inputValue(event))} />
        </label>
        <label class="grow">
          Initial supply (to you)
          <input name="supply" inputMode="decimal" value={supply} onInput={(event) => setSupply(inputValue(event))} />
        </label>
      </div>
      <label class="check">
        <input type="checkbox" name="mintable" checked={mintable} onChange={(event) => setMintable((event.target as HTMLInputElement).checked)} /> You may mint more later
      </label>
      {mintable && (
        <label>
          Maximum supply (empty: no limit)
          <input name="max-supply" inputMode="decimal" value={maxSupply} onInput={(event) => setMaxSupply(inputValue(event))} />
        </label>
      )}
    </TxForm>
  );
}

function MintForm({ session }: { session: Session }) {
  const [asset, setAsset] = useState('');
  const [amount, setAmount] = useState('');
  const [to, setTo] = useState('');
  const run = async (): Promise<CommittedResult> => {
    const symbol = asset.trim().toUpperCase();
    const recipient = to.trim() === '' ? session.key.address : checkAddress(to);
    return client.sendTx(session.key, 'asset.mint', { asset: symbol, to: recipient, amount: await amountOf(symbol, amount) });
  };
  return (
    <TxForm title="Mint" submitLabel="Mint" run={run} testId="mint-form">
      <p class="muted">Create more of an asset whose mint authority is this key.</p>
      <div class="row">
        <label>
          Asset
          <input name="mint-asset" value={asset} onInput={(event) => setAsset(inputValue(event).toUpperCase())} placeholder="GOLD" />
        </label>
        <label class="grow">
          Amount
          <input name="mint-amount" inputMode="decimal" value={amount} onInput={(event) => setAmount(inputValue(event))} />
        </label>
      </div>
      <label>
        To (empty: this key)
        <input name="mint-to" value={to} onInput={(event) => setTo(inputValue(event))} autocomplete="off" spellcheck={false} />
      </label>
    </TxForm>
  );
}

function BurnForm({ session, account }: { session: Session; account: AccountResponse | undefined }) {
  const symbols = account?.balances.map((b) => b.asset) ?? [];
  const [asset, setAsset] = useState('');
  const [amount, setAmount] = useState('');
  const chosen = asset || symbols[0] || '';
  const run = async (): Promise<CommittedResult> => client.sendTx(session.key, 'asset.burn', { asset: chosen, amount: await amountOf(chosen, amount) });
  return (
    <TxForm title="Burn" submitLabel="Burn" run={run} testId="burn-form">
      <p class="muted">Destroy some of what you hold; the supply goes down by as much.</p>
      <div class="row">
        <label>
          Asset
          <select name="burn-asset" value={chosen} onChange={(event) => setAsset((event.target as HTMLSelectElement).value)}>
            {symbols.map((symbol) => (
              <option key={symbol} value={symbol}>
                {symbol}
              </option>
            ))}
          </select>
        </label>
        <label class="grow">
          Amount
          <input name="burn-amount" inputMode="decimal" value={amount} onInput={(event) => setAmount(inputValue(event))} />
        </label>
      </div>
    </TxForm>
  );
}

/** Shows the phrase again after the passphrase is typed again: a second check before a secret is on screen. */
function RevealPhrase({ session }: { session: Session }) {
  const [passphrase, setPassphrase] = useState('');
  const [words, setWords] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  if (words !== undefined) {
    return (
      <>
        <ol class="mnemonic">
          {words.split(' ').map((word, i) => (
            <li key={i}>{word}</li>
          ))}
        </ol>
        <button type="button" onClick={() => setWords(undefined)}>
          Hide
        </button>
      </>
    );
  }
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setError(undefined);
    try {
      setWords((await openKey(session.entry, passphrase)).mnemonic);
      setPassphrase('');
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <form class="form" onSubmit={submit}>
      <label>
        Type your passphrase to show the recovery phrase
        <input name="reveal-passphrase" type="password" autocomplete="current-password" value={passphrase} onInput={(event) => setPassphrase(inputValue(event))} />
      </label>
      {error !== undefined && <ErrorBox error={error} />}
      <button type="submit">Show</button>
    </form>
  );
}
