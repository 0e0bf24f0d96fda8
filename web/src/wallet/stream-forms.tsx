/**
 * Payment streams from the wallet (spec/ledger.md §8.6): open one to a payee at a rate per second
 * capped by a deposit; the payee withdraws what has accrued; either side stops it.
 */
import { useState } from 'preact/hooks';
import { parseAmount, type CommittedResult, type StreamContractJson } from '../../../src/client/index.ts';
import { Amount, ErrorBox, Loading } from '../components/common.tsx';
import { newContract, streamNow, streamStatusWords } from '../contract-view.ts';
import { formatDuration } from '../format.ts';
import { assetInfo, chainParams, client } from '../node.ts';
import { useAsync } from '../use-async.ts';
import { useBlockTime, useContract } from '../use-contract.ts';
import { amountOf } from './amounts.ts';
import { ContractActionForm, type ContractAction } from './contract-action-form.tsx';
import { addressIn, checkAddress, NewContract } from './contract-fields.tsx';
import type { Session } from './session.ts';
import { inputValue, TxForm } from './tx-form.tsx';

export function OpenStreamForm({ session, symbols, onCreated }: { session: Session; symbols: string[]; onCreated: (address: string) => void }) {
  const [payee, setPayee] = useState('');
  const [asset, setAsset] = useState('');
  const [rate, setRate] = useState('');
  const [deposit, setDeposit] = useState('');
  const params = useAsync(() => chainParams(), []);
  const chosen = asset || params.data?.nativeAsset || '';
  const decimals = useAsync(() => (chosen === '' ? Promise.resolve(undefined) : assetInfo(chosen)), [chosen]).data?.decimals;
  const lasts = durationOf(rate, deposit, decimals);
  const run = async (): Promise<CommittedResult> => {
    const to = checkAddress(payee, 'payee');
    const ratePerSecond = await amountOf(chosen, rate);
    const units = await amountOf(chosen, deposit);
    const result = await client.sendTx(session.key, 'stream.open', { payee: to, asset: chosen, ratePerSecond, deposit: units });
    const created = newContract(result.receipt.events);
    if (created !== undefined) onCreated(created.address);
    return result;
  };
  return (
    <TxForm title="Stream a payment" submitLabel="Start the stream" run={run} testId="stream-open-form" outcome={(result) => <NewContract result={result} what="stream" />}>
      <p class="muted">Pay by the second: the deposit leaves you now and accrues to the payee at the rate; either of you may stop it, and what has not accrued comes back.</p>
      <label>
        Payee (an agora1… address)
        <input name="stream-payee" value={payee} onInput={(event) => setPayee(inputValue(event))} autocomplete="off" spellcheck={false} />
      </label>
      <div class="row">
        <label class="grow">
          Per second
          <input name="stream-rate" inputMode="decimal" value={rate} onInput={(event) => setRate(inputValue(event))} placeholder="0.01" />
        </label>
        <label class="grow">
          Deposit
          <input name="stream-deposit" inputMode="decimal" value={deposit} onInput={(event) => setDeposit(inputValue(event))} placeholder="36" />
        </label>
        <label>
          Asset
          <select name="stream-asset" value={chosen} onChange={(event) => setAsset((event.target as HTMLSelectElement).value)}>
            {[...new Set([chosen, ...symbols])].filter((s) => s !== '').map((symbol) => (
              <option key={symbol} value={symbol}>
                {symbol}
              </option>
            ))}
          </select>
        </label>
      </div>
      {lasts !== undefined && <p class="muted hint">It flows for {lasts} at most.</p>}
    </TxForm>
  );
}

/** How long a deposit lasts at a rate: ⌈deposit / rate⌉ whole seconds (spec/ledger.md §8.6), or undefined while the fields are not amounts. */
function durationOf(rate: string, deposit: string, decimals: number | undefined): string | undefined {
  if (decimals === undefined) return undefined;
  try {
    const perSecond = parseAmount(rate, decimals);
    const total = parseAmount(deposit, decimals);
    if (perSecond === 0n) return undefined;
    const seconds = (total + perSecond - 1n) / perSecond;
    return seconds > 10n ** 12n ? 'ever' : formatDuration(Number(seconds) * 1000);
  } catch {
    return undefined;
  }
}

function streamTxs(session: Session, stream: StreamContractJson, timeMs: number): ContractAction[] {
  const me = session.entry.address;
  if (stream.status !== 'open' || (me !== stream.payer && me !== stream.payee)) return [];
  const actions: ContractAction[] = [];
  if (me === stream.payee && streamNow(stream, timeMs).withdrawable > 0n) {
    actions.push({ id: 'withdraw', label: 'Withdraw what has accrued', run: () => client.sendTx(session.key, 'stream.withdraw', { stream: stream.address }) });
  }
  actions.push({ id: 'stop', label: me === stream.payer ? 'Stop it: the unaccrued rest comes back to me' : 'Stop it: take what has accrued', run: () => client.sendTx(session.key, 'stream.stop', { stream: stream.address }) });
  return actions;
}

export function StreamActionsForm({ session, stream, setStream }: { session: Session; stream: string; setStream: (text: string) => void }) {
  const address = addressIn(stream);
  const contract = useContract(address);
  const timeMs = useBlockTime(contract.data);
  const data = contract.data?.type === 'stream' ? contract.data : undefined;
  const now = data === undefined ? undefined : streamNow(data, timeMs);
  return (
    <ContractActionForm title="Act on a stream" testId="stream-action-form" loaded={data !== undefined} actions={data === undefined ? [] : streamTxs(session, data, timeMs)}>
      <label>
        Stream (its agora1… address)
        <input name="stream-address" value={stream} list="wallet-streams" onInput={(event) => setStream(inputValue(event))} autocomplete="off" spellcheck={false} />
      </label>
      {address !== undefined && contract.error !== undefined && <ErrorBox error={contract.error} />}
      {address !== undefined && contract.data === undefined && contract.error === undefined && <Loading what="Reading the stream" />}
      {contract.data !== undefined && data === undefined && <p class="error">That address is a {contract.data.type}, not a stream.</p>}
      {data !== undefined && now !== undefined && (
        <p data-testid="stream-summary">
          {streamStatusWords(data, timeMs)} Accrued <Amount amount={now.accrued.toString()} asset={data.asset} /> of <Amount amount={data.deposit} asset={data.asset} link={false} />, withdrawn <Amount amount={data.withdrawn} asset={data.asset} link={false} />.
        </p>
      )}
    </ContractActionForm>
  );
}
