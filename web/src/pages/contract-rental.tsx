/**
 * A rental (spec/ledger.md §8.5): its item and terms, who uses the item now, its unsettled bookings on
 * a timeline and in a table with their phase (claims included), and what the next touch would pay out.
 * Settled bookings leave the record; their life stays in the item's timeline.
 */
import type { RentalBookingJson, RentalContractJson } from '../../../src/client/index.ts';
import { AccountLink, Amount, Card, Fields, ItemLink } from '../components/common.tsx';
import { StateLine } from '../components/state-line.tsx';
import { formatDuration, formatTime } from '../format.ts';
import { bookingPaid, bookingTimeline, PHASE_WORDS, rentalNow } from '../rental-view.ts';
import { useBlockTime } from '../use-contract.ts';

export function RentalView({ rental }: { rental: RentalContractJson }) {
  const timeMs = useBlockTime(rental);
  const now = rentalNow(rental, timeMs);
  const amount = (value: string) => <Amount amount={value} asset={rental.asset} />;
  return (
    <>
      <Card title="Rental">
        <StateLine state={rental.status} words={rental.status === 'open' ? 'Open: anyone but the owner and the arbiter may book a free span.' : 'Closed: the owner withdrew the offer; the item moves freely again.'} testId="rental-state" />
        <Fields
          rows={[
            ['Item', <ItemLink id={rental.item} full />],
            ['Owner', <AccountLink address={rental.owner} full />],
            ['Used now by', <span data-testid="rental-user">{now.user === null ? <span class="muted">nobody has it booked now: the owner</span> : <AccountLink address={now.user} full />}</span>],
            ['Price', <span>{amount(rental.pricePerPeriod)} per {formatDuration(rental.periodMs)}</span>],
            ['Booking length', `${rental.minPeriods} to ${rental.maxPeriods} periods`],
            ['Deposit', rental.deposit === '0' ? <span class="muted">none</span> : amount(rental.deposit)],
            ['Arbiter', rental.arbiter === null ? <span class="muted">none: the owner cannot claim on a deposit</span> : <AccountLink address={rental.arbiter} full />],
            ['Claim window', rental.claimWindowMs === 0 ? <span class="muted">none</span> : `${formatDuration(rental.claimWindowMs)} after a booking ends`],
            ['Bookings made', String(rental.nextBooking)],
          ]}
        />
      </Card>
      <Card title={`Bookings not settled yet (${rental.bookings.length})`}>
        <Bookings rental={rental} timeMs={timeMs} />
      </Card>
    </>
  );
}

function Bookings({ rental, timeMs }: { rental: RentalContractJson; timeMs: number }) {
  const now = rentalNow(rental, timeMs);
  if (rental.bookings.length === 0) return <p class="muted">None: every booking made was settled (see the item’s timeline), or none was made yet.</p>;
  const line = bookingTimeline(rental.bookings, now.phases, rental.periodMs, timeMs);
  return (
    <>
      <div class="bookings-line" role="img" aria-label="the bookings on a timeline, with now">
        {line.bars.map((bar) => (
          <span class={`booking-bar ${bar.phase}`} style={{ left: `${bar.left / 10}%`, width: `${bar.width / 10}%` }} key={bar.booking} title={`booking #${bar.booking}: ${PHASE_WORDS[bar.phase]}`}>
            #{bar.booking}
          </span>
        ))}
        {line.now !== null && <span class="now-mark" style={{ left: `${line.now / 10}%` }} title="now (block time)" />}
      </div>
      <div class="line-axis">
        <span>{formatTime(line.fromMs)}</span>
        <span>{formatTime(line.toMs)}</span>
      </div>
      <table class="list" data-testid="rental-bookings">
        <thead>
          <tr>
            <th>#</th>
            <th>Renter</th>
            <th>Span</th>
            <th class="number">Price</th>
            <th class="wide number">Deposit</th>
            <th>Now</th>
          </tr>
        </thead>
        <tbody>
          {rental.bookings.map((b, i) => (
            <tr key={b.booking} data-booking={b.booking} data-phase={now.phases[i]}>
              <td>{b.booking}</td>
              <td>
                <AccountLink address={b.renter} />
              </td>
              <td>
                {formatTime(b.startMs)} – {formatTime(b.endMs)} <span class="muted">({b.periods} × {formatDuration(rental.periodMs)}{b.endedMs !== null && b.endedMs < b.endMs ? `, returned ${formatTime(b.endedMs)}` : ''})</span>
              </td>
              <td class="number">
                <BookingPrice rental={rental} booking={b} />
              </td>
              <td class="wide number">
                <Amount amount={b.deposit} asset={rental.asset} link={false} />
              </td>
              <td>
                <span class="badge">{now.phases[i]}</span> <span class="muted">{PHASE_WORDS[now.phases[i]]}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {now.due.length > 0 && (
        <p class="muted" data-testid="rental-due">
          Due at the next touch (any rental tx, or a settle anyone may send):{' '}
          {now.due.map((d) => (
            <span key={d.booking}>
              booking #{d.booking}: <Amount amount={d.toOwner.toString()} asset={rental.asset} link={false} /> to the owner, <Amount amount={d.toRenter.toString()} asset={rental.asset} link={false} /> to the renter.{' '}
            </span>
          ))}
        </p>
      )}
    </>
  );
}

/** The price held, or once ended what the owner was paid and what came back (an early return). */
function BookingPrice({ rental, booking }: { rental: RentalContractJson; booking: RentalBookingJson }) {
  const paid = bookingPaid(rental, booking);
  if (paid === undefined) return <span title="held by the rental until the booking ends"><Amount amount={booking.price} asset={rental.asset} link={false} /> <span class="muted">held</span></span>;
  return (
    <span>
      <Amount amount={paid.toOwner.toString()} asset={rental.asset} link={false} /> <span class="muted">paid</span>
      {paid.refunded > 0n && <span class="muted"> ({<Amount amount={paid.refunded.toString()} asset={rental.asset} link={false} />} back)</span>}
    </span>
  );
}
