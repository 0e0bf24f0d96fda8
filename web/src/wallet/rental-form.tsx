/**
 * Booking a rental from the wallet (spec/ledger.md §8.5.2): pick the rental by its address, a number
 * of periods and, if not now, a start; the price and the deposit are shown before anything is signed,
 * from the rental's own terms.
 */
import { useState } from 'preact/hooks';
import { AgoraError, type CommittedResult, type RentalContractJson } from '../../../src/client/index.ts';
import { AccountLink, Amount, ContractLink, ErrorBox, ItemLink, Loading } from '../components/common.tsx';
import { formatDuration, formatTime } from '../format.ts';
import { client } from '../node.ts';
import { quoteBooking, rentalNow } from '../rental-view.ts';
import { useBlockTime, useContract } from '../use-contract.ts';
import { addressIn, checkAddress } from './contract-fields.tsx';
import type { Session } from './session.ts';
import { inputValue, TxForm } from './tx-form.tsx';

/** A datetime-local value (this browser's time zone) → ms, or undefined when empty. */
function startOf(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const ms = new Date(text).getTime();
  if (!Number.isFinite(ms)) throw new AgoraError('bad_span', 'the start is not a date and time');
  return ms;
}

export function BookRentalForm({ session, onBooked }: { session: Session; onBooked: (rental: string) => void }) {
  const [rental, setRental] = useState('');
  const [periods, setPeriods] = useState('');
  const [start, setStart] = useState('');
  const address = addressIn(rental);
  const contract = useContract(address);
  const data = contract.data?.type === 'rental' ? contract.data : undefined;
  const count = periods.trim() === '' ? (data?.minPeriods ?? 1) : Number(periods);
  const run = async (): Promise<CommittedResult> => {
    const target = checkAddress(rental, 'rental');
    const terms = data ?? (await client.getContract(target));
    if (terms.type !== 'rental') throw new AgoraError('unknown_contract', `${target} is a ${terms.type}, not a rental`);
    const quoted = quoteBooking(terms, count);
    if ('problem' in quoted) throw new AgoraError(quoted.code, quoted.problem);
    const startMs = startOf(start);
    const result = await client.sendTx(session.key, 'rental.book', { rental: target, periods: count, ...(startMs === undefined ? {} : { startMs }) });
    onBooked(target);
    return result;
  };
  const outcome = (result: CommittedResult) => {
    const booked = result.receipt.events.find((e) => e.type === 'rental.booked')?.attributes;
    return booked === undefined ? null : (
      <span class="new-item" data-testid="new-booking" data-booking={booked.booking}>
        Booking #{booked.booking} of <ContractLink address={booked.rental} />, from {formatTime(Number(booked.startMs))} until {formatTime(Number(booked.endMs))}.
      </span>
    );
  };
  return (
    <TxForm title="Book a rental" submitLabel="Book and pay" run={run} testId="rental-book-form" outcome={outcome}>
      <p class="muted">Rent an item by the period: its price and a deposit go into the rental now; the price goes to the owner as you use it, the deposit comes back after.</p>
      <label>
        Rental (its agora1… address)
        <input name="rental-address" value={rental} list="wallet-rentals" onInput={(event) => setRental(inputValue(event))} autocomplete="off" spellcheck={false} />
      </label>
      <div class="row">
        <label class="grow">
          Periods
          <input name="rental-periods" inputMode="numeric" value={periods} onInput={(event) => setPeriods(inputValue(event))} placeholder={data === undefined ? '1' : String(data.minPeriods)} />
        </label>
        <label class="grow">
          Start (empty: now)
          <input name="rental-start" type="datetime-local" value={start} onInput={(event) => setStart(inputValue(event))} />
        </label>
      </div>
      {address !== undefined && contract.error !== undefined && <ErrorBox error={contract.error} />}
      {address !== undefined && contract.data === undefined && contract.error === undefined && <Loading what="Reading the rental" />}
      {contract.data !== undefined && data === undefined && <p class="error">That address is a {contract.data.type}, not a rental.</p>}
      {data !== undefined && <RentalQuote rental={data} periods={count} />}
    </TxForm>
  );
}

/** The terms and what this booking costs, before signing. */
function RentalQuote({ rental, periods }: { rental: RentalContractJson; periods: number }) {
  const timeMs = useBlockTime(rental);
  const now = rentalNow(rental, timeMs);
  const quoted = quoteBooking(rental, periods);
  return (
    <div class="quote" data-testid="rental-quote">
      <p>
        <ItemLink id={rental.item} /> of <AccountLink address={rental.owner} />: <Amount amount={rental.pricePerPeriod} asset={rental.asset} /> per {formatDuration(rental.periodMs)}, {rental.minPeriods} to {rental.maxPeriods} periods
        {now.user !== null && <>; in use now by <AccountLink address={now.user} /></>}.
      </p>
      {'problem' in quoted ? (
        <p class="error">{quoted.problem}</p>
      ) : (
        <p data-testid="rental-total">
          {periods} × <Amount amount={rental.pricePerPeriod} asset={rental.asset} link={false} /> = <strong><Amount amount={quoted.quote.price.toString()} asset={rental.asset} link={false} /></strong>
          {' '}for {formatDuration(quoted.quote.durationMs)}, plus a deposit of <strong><Amount amount={quoted.quote.deposit.toString()} asset={rental.asset} link={false} /></strong>: <strong><Amount amount={quoted.quote.total.toString()} asset={rental.asset} link={false} /></strong> leave your balance now.
        </p>
      )}
    </div>
  );
}
