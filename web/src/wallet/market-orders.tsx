/**
 * My orders (spec/market.md §3): as buyer, as seller, and the disputes this key arbitrates; each with
 * its phase, its next step for this key and the actions open to it (deliver, confirm, dispute,
 * resolve, settle), all escrow txs on the order id. The seller reads the buyer's note opened here,
 * with its own key, which never leaves the page. Settled orders offer the reviews.
 */
import { useState } from 'preact/hooks';
import { openNote, parseAmount, type CommittedResult } from '../../../src/client/index.ts';
import { fromHex } from '../../../src/crypto/hash.ts';
import { AccountLink, Amount, BlockLink, Card, ContractLink, ErrorBox, Loading, TxLink, useDecimals } from '../components/common.tsx';
import { getAccountOrders, getArbiterDisputes, type OrderJson, type OrdersJson } from '../market-api.ts';
import { ACTION_LABELS, isSettled, orderStep, orderTradeId, resolutionToSeller, reviewSubjects, type OrderAction } from '../market-view.ts';
import { useTxEvents } from '../live.ts';
import { client } from '../node.ts';
import { useAsync } from '../use-async.ts';
import { ReviewBox } from './review-box.tsx';
import { useSession, type Session } from './session.ts';
import { inputValue } from './tx-form.tsx';

export function OrdersPage() {
  const session = useSession();
  if (session === undefined) {
    return (
      <Card title="My orders">
        <p class="muted">
          Unlock a key in the <a href="/wallet">wallet</a> to see its orders and act on them.
        </p>
      </Card>
    );
  }
  return <Orders session={session} />;
}

function Orders({ session }: { session: Session }) {
  const me = session.entry.address;
  const buyer = useAsync(() => getAccountOrders(me, 'buyer'), [me]);
  const seller = useAsync(() => getAccountOrders(me, 'seller'), [me]);
  const arbiter = useAsync(() => getArbiterDisputes(me), [me]);
  const reload = (): void => {
    buyer.reload();
    seller.reload();
    arbiter.reload();
  };
  // A tx naming this key (the other side delivered, confirmed, disputed…) refreshes the lists.
  useTxEvents((event) => event.addresses.includes(me) && reload(), [me]);
  return (
    <>
      <OrdersCard title="As buyer" testId="orders-buyer" state={buyer} session={session} onChange={reload} empty="You have not ordered anything yet. Find something in the market." />
      <OrdersCard title="As seller" testId="orders-seller" state={seller} session={session} onChange={reload} empty="Nobody has ordered from your listings yet." />
      <OrdersCard title="Disputes to decide (arbiter)" testId="orders-arbiter" state={arbiter} session={session} onChange={reload} empty="No dispute waits for you as arbiter." />
    </>
  );
}

function OrdersCard({ title, testId, state, session, onChange, empty }: { title: string; testId: string; state: { data: OrdersJson | undefined; error: unknown }; session: Session; onChange: () => void; empty: string }) {
  return (
    <Card title={title}>
      <div data-testid={testId}>
        {state.error !== undefined && <ErrorBox error={state.error} />}
        {state.data === undefined ? (
          state.error === undefined && <Loading />
        ) : state.data.orders.length === 0 ? (
          <p class="muted">{empty}</p>
        ) : (
          state.data.orders.map((order) => <OrderCard key={order.order} order={order} session={session} onChange={onChange} />)
        )}
      </div>
    </Card>
  );
}

export function OrderCard({ order, session, onChange }: { order: OrderJson; session: Session; onChange: () => void }) {
  const me = session.entry.address;
  const step = orderStep(order, me);
  const trade = orderTradeId(order.order);
  return (
    <article class="order" data-testid="order" data-order={order.order} data-phase={order.phase}>
      <h3>
        <a href={`/market/listing/${order.listing}`}>{order.title}</a> × {order.quantity}
      </h3>
      <p>
        <Amount amount={order.total} asset={order.price.asset} /> {isSettled(order.phase) ? 'settled through escrow' : 'held by escrow'} <ContractLink address={order.order} /> · buyer <AccountLink address={order.buyer} /> · seller{' '}
        <AccountLink address={order.seller} />
        {order.arbiter !== null && (
          <>
            {' '}
            · arbiter <AccountLink address={order.arbiter} />
            {order.arbiterFee !== null && order.arbiterFee !== '0' && (
              <>
                {' '}
                (fee <Amount amount={order.arbiterFee} asset={order.price.asset} />)
              </>
            )}
          </>
        )}{' '}
        · ordered in block <BlockLink height={order.createdAt} />
      </p>
      <p>
        <span class="badge" data-testid="order-phase">
          {order.phase.replace(/_/g, ' ')}
        </span>{' '}
        <span data-testid="order-next">{step.words}</span>
      </p>
      {order.note !== null && step.role === 'seller' && <OpenedNote note={order.note} session={session} />}
      {order.note !== null && step.role !== 'seller' && <p class="muted">A note sealed to the seller comes with this order: only the seller can read it.</p>}
      {step.actions.length > 0 && <OrderActions order={order} actions={step.actions} session={session} onChange={onChange} />}
      {reviewSubjects(order, me).map((subject) => (
        <ReviewBox key={subject} trade={trade} subject={subject} session={session} label={subject === order.seller ? 'seller' : subject === order.buyer ? 'buyer' : 'arbiter'} />
      ))}
    </article>
  );
}

/** The buyer's note, opened with this key (spec/market.md §3): the secret key stays in this page. */
function OpenedNote({ note, session }: { note: string; session: Session }) {
  let text: string | undefined;
  try {
    text = openNote(session.key.secretKey, fromHex(note));
  } catch {
    text = undefined;
  }
  return text === undefined ? (
    <p class="error">The note could not be opened with this key.</p>
  ) : (
    <blockquote class="note" data-testid="order-note">
      Note from the buyer: {text}
    </blockquote>
  );
}

function OrderActions({ order, actions, session, onChange }: { order: OrderJson; actions: OrderAction[]; session: Session; onChange: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [done, setDone] = useState<CommittedResult | undefined>(undefined);
  const [toSeller, setToSeller] = useState('');
  const decimals = useDecimals(order.price.asset);
  const send = (action: OrderAction): Promise<CommittedResult> => {
    const escrow = order.order;
    switch (action) {
      case 'deliver':
        return client.sendTx(session.key, 'escrow.deliver', { escrow, tranche: 0 });
      case 'confirm':
        return client.sendTx(session.key, 'escrow.release', { escrow, tranche: 0 });
      case 'dispute':
        return client.sendTx(session.key, 'escrow.dispute', { escrow });
      case 'settle':
        return client.sendTx(session.key, 'escrow.settle', { escrow });
      case 'resolve': {
        const toPayee = resolutionToSeller(order, parseAmount(toSeller.trim() === '' ? '0' : toSeller.trim(), decimals ?? 0));
        return client.sendTx(session.key, 'escrow.resolve', { escrow, toPayee });
      }
    }
  };
  const run = async (action: OrderAction): Promise<void> => {
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      setDone(await send(action));
      onChange();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="order-actions" data-testid="order-actions">
      {actions.includes('resolve') && (
        <label>
          To the seller, in {order.price.asset} (the buyer gets the rest, after the arbiter’s fee)
          <input name="to-seller" inputMode="decimal" value={toSeller} onInput={(e) => setToSeller(inputValue(e))} size={10} />
        </label>
      )}
      <div class="row">
        {actions.map((action) => (
          <button key={action} type="button" class={action === 'dispute' ? undefined : 'primary'} disabled={busy} onClick={() => void run(action)} data-action={action}>
            {busy ? 'Signing and sending…' : ACTION_LABELS[action]}
          </button>
        ))}
      </div>
      {error !== undefined && <ErrorBox error={error} />}
      {done !== undefined && (
        <p class="success" role="status" data-testid="tx-done">
          Done: <TxLink id={done.id} /> is in block <BlockLink height={done.height} />.
        </p>
      )}
    </div>
  );
}
