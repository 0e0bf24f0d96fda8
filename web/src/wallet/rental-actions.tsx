/**
 * Acting on a rental from the wallet (spec/ledger.md §8.5.3–§8.5.7): return or cancel a booking, claim
 * on a deposit, resolve a claim, settle what is due, close the offer — whichever this key may do now.
 */
import type { CommittedResult, RentalContractJson } from '../../../src/client/index.ts';
import { Amount, ErrorBox, Loading } from '../components/common.tsx';
import { client } from '../node.ts';
import { rentalActions, rentalNow, type RentalAction } from '../rental-view.ts';
import { useBlockTime, useContract } from '../use-contract.ts';
import { ContractActionForm, type ContractAction } from './contract-action-form.tsx';
import { addressIn } from './contract-fields.tsx';
import type { Session } from './session.ts';
import { inputValue } from './tx-form.tsx';

function label(action: RentalAction): string {
  switch (action.action) {
    case 'return':
      return action.cancel ? `Cancel booking #${action.booking} (everything back)` : `Return booking #${action.booking} now (the periods not begun come back)`;
    case 'claim':
      return `Claim damage on booking #${action.booking}’s deposit (the arbiter decides)`;
    case 'resolve':
      return action.toOwner === 0n ? `Resolve booking #${action.booking}: the deposit back to the renter` : `Resolve booking #${action.booking}: the deposit to the owner`;
    case 'settle':
      return 'Settle what is due (pay the owner and the renters)';
    case 'close':
      return 'Close the offer (the item moves freely again)';
  }
}

function rentalTx(session: Session, rental: string, action: RentalAction): ContractAction {
  const send = (): Promise<CommittedResult> => {
    switch (action.action) {
      case 'return':
        return client.sendTx(session.key, 'rental.return', { rental, booking: action.booking });
      case 'claim':
        return client.sendTx(session.key, 'rental.claim', { rental, booking: action.booking });
      case 'resolve':
        return client.sendTx(session.key, 'rental.resolve', { rental, booking: action.booking, toOwner: action.toOwner });
      case 'settle':
        return client.sendTx(session.key, 'rental.settle', { rental });
      case 'close':
        return client.sendTx(session.key, 'rental.close', { rental });
    }
  };
  const id = 'booking' in action ? `${action.action}-${action.booking}-${action.action === 'resolve' ? String(action.toOwner) : ''}` : action.action;
  return { id, label: label(action), run: send };
}

export function RentalActionsForm({ session, rental, setRental }: { session: Session; rental: string; setRental: (text: string) => void }) {
  const address = addressIn(rental);
  const contract = useContract(address);
  const timeMs = useBlockTime(contract.data);
  const data: RentalContractJson | undefined = contract.data?.type === 'rental' ? contract.data : undefined;
  const actions = data === undefined ? [] : rentalActions(data, session.entry.address, timeMs).map((action) => rentalTx(session, data.address, action));
  const mine = data === undefined ? [] : data.bookings.filter((b) => b.renter === session.entry.address);
  return (
    <ContractActionForm title="Act on a rental" testId="rental-action-form" loaded={data !== undefined} actions={actions}>
      <label>
        Rental (its agora1… address)
        <input name="rental-action-address" value={rental} list="wallet-rentals" onInput={(event) => setRental(inputValue(event))} autocomplete="off" spellcheck={false} />
      </label>
      {address !== undefined && contract.error !== undefined && <ErrorBox error={contract.error} />}
      {address !== undefined && contract.data === undefined && contract.error === undefined && <Loading what="Reading the rental" />}
      {contract.data !== undefined && data === undefined && <p class="error">That address is a {contract.data.type}, not a rental.</p>}
      {data !== undefined && (
        <p class="muted" data-testid="rental-action-summary">
          {mine.length === 0 ? 'You hold no booking of it.' : `Your bookings: ${mine.map((b) => `#${b.booking} (${rentalNow(data, timeMs).phases[data.bookings.indexOf(b)]})`).join(', ')}.`} Deposit per booking: <Amount amount={data.deposit} asset={data.asset} />.
        </p>
      )}
    </ContractActionForm>
  );
}
