/**
 * The wallet's contracts (spec/ledger.md §8): the contracts this key has a role in; open an escrow and
 * act on one (release, refund, dispute, resolve, settle); book a rental (rental-form.tsx) and act on one
 * (rental-actions.tsx); open, draw on and stop a payment stream (stream-forms.tsx). Signed in this page like every wallet tx; fields are checked
 * here first, so that a typo is explained before anything is signed.
 */
import { useState } from 'preact/hooks';
import { AgoraError, type AccountResponse, type CommittedResult, type EscrowContractJson, type Holding } from '../../../src/client/index.ts';
import { Card, ErrorBox, Fields, Loading } from '../components/common.tsx';
import { ContractsTable, usePagedContracts } from '../components/contracts-table.tsx';
import { HoldingView } from '../components/holding.tsx';
import { equalTranches, escrowActions, heldHolding, escrowRoles, escrowStatusWords, newContract, type EscrowAction } from '../contract-view.ts';
import { formatTime, untilWords } from '../format.ts';
import { useTxEvents } from '../live.ts';
import { chainParams, client } from '../node.ts';
import { useAsync } from '../use-async.ts';
import { useBlockTime, useContract } from '../use-contract.ts';
import { amountOf } from './amounts.ts';
import { ContractActionForm, type ContractAction } from './contract-action-form.tsx';
import { addressIn, checkAddress, ContractsList, NewContract } from './contract-fields.tsx';
import { RentalActionsForm } from './rental-actions.tsx';
import { BookRentalForm } from './rental-form.tsx';
import type { Session } from './session.ts';
import { OpenStreamForm, StreamActionsForm } from './stream-forms.tsx';
import { inputValue, TxForm } from './tx-form.tsx';

export function ContractsSection({ session, account }: { session: Session; account: AccountResponse | undefined }) {
  const { address } = session.entry;
  const contracts = usePagedContracts(address);
  const isContractEvent = (type: string): boolean => /^(escrow|offer|split|rental|stream)\./.test(type);
  useTxEvents((event) => event.addresses.includes(address) && event.receipt.events.some((e) => isContractEvent(e.type)) && contracts.restart(), [address]);
  // A contract made here is the one its actions form acts on next.
  const [escrow, setEscrow] = useState('');
  const [stream, setStream] = useState('');
  const [rental, setRental] = useState('');
  const symbols = account?.balances.map((b) => b.asset) ?? [];
  return (
    <>
      <Card title="Your contracts">
        <ContractsTable paged={contracts} empty="No contract names this key yet: open an escrow or book a rental below." testId="wallet-contracts" />
        <ContractsList id="wallet-escrows" contracts={contracts.list} type="escrow" />
        <ContractsList id="wallet-rentals" contracts={contracts.list} type="rental" />
        <ContractsList id="wallet-streams" contracts={contracts.list} type="stream" />
      </Card>
      <div class="columns">
        <Card title="Open an escrow">
          <OpenEscrowForm session={session} symbols={symbols} onCreated={setEscrow} />
        </Card>
        <Card title="Act on an escrow">
          <EscrowActionsForm session={session} escrow={escrow} setEscrow={setEscrow} />
        </Card>
      </div>
      <div class="columns">
        <Card title="Book a rental">
          <BookRentalForm session={session} onBooked={setRental} />
        </Card>
        <Card title="Act on a rental">
          <RentalActionsForm session={session} rental={rental} setRental={setRental} />
        </Card>
      </div>
      <div class="columns">
        <Card title="Stream a payment">
          <OpenStreamForm session={session} symbols={symbols} onCreated={setStream} />
        </Card>
        <Card title="Act on a stream">
          <StreamActionsForm session={session} stream={stream} setStream={setStream} />
        </Card>
      </div>
    </>
  );
}

const DEADLINE_UNITS: { [unit: string]: number } = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 };

function OpenEscrowForm({ session, symbols, onCreated }: { session: Session; symbols: string[]; onCreated: (address: string) => void }) {
  const [payee, setPayee] = useState('');
  const [arbiter, setArbiter] = useState('');
  const [amount, setAmount] = useState('');
  const [asset, setAsset] = useState('');
  const [deadline, setDeadline] = useState('7');
  const [unit, setUnit] = useState('days');
  const [onExpiry, setOnExpiry] = useState<'release' | 'refund'>('refund');
  const [milestones, setMilestones] = useState('1');
  const params = useAsync(() => chainParams(), []);
  const chosen = asset || params.data?.nativeAsset || '';
  const count = Number(deadline);
  const deadlineValid = /^[0-9]{1,4}$/.test(deadline.trim()) && count > 0;
  const run = async (): Promise<CommittedResult> => {
    const payload = { payee: checkAddress(payee, 'payee'), ...(arbiter.trim() === '' ? {} : { arbiter: checkAddress(arbiter, 'arbiter') }) };
    if (!deadlineValid) throw new AgoraError('bad_shape', 'the deadline is a whole number of minutes, hours or days from now');
    const parts = Number(milestones);
    if (!/^[0-9]{1,2}$/.test(milestones.trim()) || parts < 1 || parts > 16) throw new AgoraError('bad_shape', 'the milestones are 1 to 16 tranches');
    const units = await amountOf(chosen, amount);
    if (units < BigInt(parts)) throw new AgoraError('bad_amount', 'each milestone needs at least one base unit');
    const tranches: Holding[] = equalTranches(units, parts).map((part) => ({ assets: [{ asset: chosen, amount: part }] }));
    // Block time follows the proposer's clock (DESIGN.md §Consensus); this browser's clock stands for it.
    const deadlineMs = Date.now() + count * DEADLINE_UNITS[unit];
    const result = await client.sendTx(session.key, 'escrow.create', { ...payload, deadlineMs, onExpiry, tranches });
    const created = newContract(result.receipt.events);
    if (created !== undefined) onCreated(created.address);
    return result;
  };
  return (
    <TxForm title="Open an escrow" submitLabel="Open the escrow" run={run} testId="escrow-create-form" outcome={(result) => <NewContract result={result} what="escrow" />}>
      <p class="muted">Lock value for a payee: you release it when you are satisfied; the payee may give it back; an arbiter, if you name one, decides a dispute.</p>
      <label>
        Payee (an agora1… address)
        <input name="escrow-payee" value={payee} onInput={(event) => setPayee(inputValue(event))} autocomplete="off" spellcheck={false} />
      </label>
      <label>
        Arbiter (optional; decides a dispute)
        <input name="escrow-arbiter" value={arbiter} onInput={(event) => setArbiter(inputValue(event))} autocomplete="off" spellcheck={false} />
      </label>
      <div class="row">
        <label class="grow">
          Amount
          <input name="escrow-amount" inputMode="decimal" value={amount} onInput={(event) => setAmount(inputValue(event))} placeholder="25" />
        </label>
        <label>
          Asset
          <select name="escrow-asset" value={chosen} onChange={(event) => setAsset((event.target as HTMLSelectElement).value)}>
            {[...new Set([chosen, ...symbols])].filter((s) => s !== '').map((symbol) => (
              <option key={symbol} value={symbol}>
                {symbol}
              </option>
            ))}
          </select>
        </label>
        <label>
          Milestones
          <input name="escrow-milestones" inputMode="numeric" value={milestones} onInput={(event) => setMilestones(inputValue(event))} size={3} />
        </label>
      </div>
      <div class="row">
        <label class="grow">
          Deadline in
          <input name="escrow-deadline" inputMode="numeric" value={deadline} onInput={(event) => setDeadline(inputValue(event))} />
        </label>
        <label>
          &nbsp;
          <select name="escrow-deadline-unit" value={unit} onChange={(event) => setUnit((event.target as HTMLSelectElement).value)}>
            {Object.keys(DEADLINE_UNITS).map((u) => (
              <option key={u} value={u}>
                {u}
              </option>
            ))}
          </select>
        </label>
      </div>
      {deadlineValid && <p class="muted hint">About {formatTime(Date.now() + count * DEADLINE_UNITS[unit])}.</p>}
      <label>
        If nobody disputes by the deadline
        <select name="escrow-on-expiry" value={onExpiry} onChange={(event) => setOnExpiry((event.target as HTMLSelectElement).value as 'release' | 'refund')}>
          <option value="refund">refund it to me</option>
          <option value="release">release it to the payee</option>
        </select>
      </label>
    </TxForm>
  );
}

const ACTION_LABELS = {
  release: (escrow: EscrowContractJson, tranche: number) => (escrow.tranches.length === 1 ? 'Release it to the payee' : `Release milestone ${tranche + 1} of ${escrow.tranches.length} to the payee`),
  refund: () => 'Refund everything held to the payer',
  dispute: () => 'Open a dispute (the arbiter decides)',
  resolve: (toPayee: boolean) => (toPayee ? 'Resolve: everything held to the payee' : 'Resolve: everything held back to the payer'),
  settle: (escrow: EscrowContractJson) => `Settle: apply the default (${escrow.onExpiry === 'release' ? 'release to the payee' : 'refund to the payer'})`,
};

function escrowTx(session: Session, escrow: EscrowContractJson, action: EscrowAction): ContractAction {
  const target = escrow.address;
  switch (action.action) {
    case 'release':
      return { id: `release-${action.tranche}`, label: ACTION_LABELS.release(escrow, action.tranche), run: () => client.sendTx(session.key, 'escrow.release', { escrow: target, tranche: action.tranche }) };
    case 'refund':
      return { id: 'refund', label: ACTION_LABELS.refund(), run: () => client.sendTx(session.key, 'escrow.refund', { escrow: target }) };
    case 'dispute':
      return { id: 'dispute', label: ACTION_LABELS.dispute(), run: () => client.sendTx(session.key, 'escrow.dispute', { escrow: target }) };
    case 'resolve': {
      const all = heldHolding(escrow);
      const toPayee: Holding = { ...(all.assets.length > 0 ? { assets: all.assets } : {}), ...(all.items.length > 0 ? { items: all.items } : {}) };
      const payload = action.toPayee ? { escrow: target, toPayee } : { escrow: target };
      return { id: `resolve-${action.toPayee ? 'payee' : 'payer'}`, label: ACTION_LABELS.resolve(action.toPayee), run: () => client.sendTx(session.key, 'escrow.resolve', payload) };
    }
    case 'settle':
      return { id: 'settle', label: ACTION_LABELS.settle(escrow), run: () => client.sendTx(session.key, 'escrow.settle', { escrow: target }) };
  }
}

function EscrowActionsForm({ session, escrow, setEscrow }: { session: Session; escrow: string; setEscrow: (text: string) => void }) {
  const address = addressIn(escrow);
  const contract = useContract(address);
  const timeMs = useBlockTime(contract.data);
  const data = contract.data?.type === 'escrow' ? contract.data : undefined;
  const me = session.entry.address;
  const actions = data === undefined ? [] : escrowActions(data, me, timeMs).map((action) => escrowTx(session, data, action));
  return (
    <ContractActionForm title="Act on an escrow" testId="escrow-action-form" loaded={data !== undefined} actions={actions}>
      <label>
        Escrow (its agora1… address)
        <input name="escrow-address" value={escrow} list="wallet-escrows" onInput={(event) => setEscrow(inputValue(event))} autocomplete="off" spellcheck={false} />
      </label>
      {address !== undefined && contract.error !== undefined && <ErrorBox error={contract.error} />}
      {address !== undefined && contract.data === undefined && contract.error === undefined && <Loading what="Reading the escrow" />}
      {contract.data !== undefined && data === undefined && <p class="error">That address is a {contract.data.type}, not an escrow.</p>}
      {data !== undefined && (
        <div data-testid="escrow-summary">
          <p>{escrowStatusWords(data, timeMs)}</p>
          <Fields
            rows={[
              ['You are', escrowRoles(data, me).join(' and ') || 'not a party'],
              ['Held', <HoldingView holding={data.holds} />],
              ['Deadline', `${formatTime(data.deadlineMs)} (${untilWords(data.deadlineMs, timeMs)})`],
            ]}
          />
        </div>
      )}
    </ContractActionForm>
  );
}
