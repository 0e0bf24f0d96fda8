/**
 * A listing (spec/market.md §2): its terms, price, stock, the seller's reputation and the arbiters
 * the seller accepts with their fees; and, with an unlocked key, the order form — or, for its seller,
 * pause, resume, close and the update of its terms (market-listing-update.tsx). The quote (the total
 * into escrow and the arbiter's fee) is shown before signing; the note to the seller is sealed here,
 * to the seller's key, so that only ciphertext leaves the page (spec/market.md §3 "The note").
 */
import { useState } from 'preact/hooks';
import { AgoraError, sealNote, type CommittedResult, type TxPayloads } from '../../../src/client/index.ts';
import { fromHex } from '../../../src/crypto/hash.ts';
import { AccountLink, AddressSelect, Amount, Card, ContractLink, ErrorBox, Fields, Loading, useDecimals } from '../components/common.tsx';
import { ReputationSummary } from '../components/reputation.tsx';
import { formatDuration, formatTime } from '../format.ts';
import { getListing, type ListingJson, type MarketListingJson } from '../market-api.ts';
import { buyQuote, quoteWords } from '../market-view.ts';
import { client } from '../node.ts';
import { useAsync } from '../use-async.ts';
import { useSession, type Session } from '../wallet/session.ts';
import { ContractActionForm, type ContractAction } from '../wallet/contract-action-form.tsx';
import { TxForm, inputValue } from '../wallet/tx-form.tsx';
import { ERROR_WORDS } from '../errors.ts';
import { ListingUpdateForm } from './market-listing-update.tsx';

export function ListingPage({ address }: { address: string }) {
  const found = useAsync(() => getListing(address), [address]);
  const session = useSession();
  if (found.error !== undefined) return <Card title="Listing"><ErrorBox error={found.error} /></Card>;
  if (found.data === undefined) return <Loading />;
  const { listing } = found.data;
  const terms = listing.terms;
  return (
    <>
      <Card title={<span data-testid="listing-title">{terms.title}</span>}>
        <Fields
          rows={[
            ['Price', <span data-testid="listing-price"><Amount amount={terms.price.amount} asset={terms.price.asset} /> each</span>],
            ['In stock', <span data-testid="listing-stock">{terms.stock}</span>],
            ['State', <span data-testid="listing-state">{listing.state}{listing.now.expired ? ' (expired)' : ''}{listing.now.orderable ? '' : ' — cannot be ordered now'}</span>],
            ['Kind', listing.target === null ? listing.kind : <>{listing.kind} of <span data-testid="listing-target"><ContractLink address={listing.target} full /></span></>],
            ['Seller', <><AccountLink address={listing.seller} full /> · <a href={`/profile/${listing.seller}`}>profile and reviews</a></>],
            ['Delivery', `within ${formatDuration(terms.handlingMs)} of the order, else the buyer is refunded`],
            ['After delivery', `the buyer has ${formatDuration(terms.reviewWindowMs)} to confirm or dispute, else the seller is paid`],
            ['Arbiter’s time', `${formatDuration(terms.arbiterWindowMs)} to decide a dispute, else the buyer is refunded`],
            ['Requires', terms.requires === null ? 'no credential' : `a ${terms.requires.type} credential of registry ${terms.requires.registry}`],
            ['Description', terms.metadata === null ? <span class="muted">none</span> : <span class="wrap">{terms.metadata}</span>],
            ['Terms hash', <code class="wrap">{terms.termsHash}</code>],
            ['Version', `${listing.version} (an order is for this version of the terms)`],
            ['Expires', formatTime(terms.expiresAtMs)],
          ]}
        />
      </Card>
      <Card title="Arbiters the seller accepts">
        {terms.arbiters.length === 0 ? (
          <p class="muted">None: an order of this listing cannot be disputed.</p>
        ) : (
          <table class="list" data-testid="listing-arbiters">
            <thead>
              <tr>
                <th>Arbiter</th>
                <th class="number">Fee if it decides a dispute</th>
              </tr>
            </thead>
            <tbody>
              {terms.arbiters.map((a) => (
                <tr key={a.address}>
                  <td>
                    <AccountLink address={a.address} /> · <a href={`/profile/${a.address}`}>profile</a>
                  </td>
                  <td class="number">
                    <Amount amount={a.fee} asset={terms.price.asset} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      <Card title="The seller’s reputation">
        <ReputationSummary address={listing.seller} />
      </Card>
      <Card title="Order">
        {session === undefined ? (
          <p class="muted">
            Unlock a key in the <a href="/wallet">wallet</a> to order: it signs here, in this page.
          </p>
        ) : session.entry.address === listing.seller ? (
          <>
            <p class="muted">{ERROR_WORDS.self_trade}</p>
            <SellerActions listing={listing} session={session} onDone={found.reload} />
          </>
        ) : listing.target !== null ? (
          <p data-testid="listing-elsewhere">
            A {listing.kind} listing is {listing.kind === 'rental' ? 'booked' : 'bought'} on its {listing.kind === 'rental' ? 'rental' : 'offer'}: <ContractLink address={listing.target} full />.
          </p>
        ) : (
          <BuyForm found={found.data} session={session} />
        )}
      </Card>
      {session !== undefined && session.entry.address === listing.seller && listing.state !== 'closed' && (
        <Card title="Update your listing">
          <ListingUpdateForm listing={listing} session={session} onDone={found.reload} />
        </Card>
      )}
    </>
  );
}

/** The seller's own listing: pause or resume it, or close it and take the bond back (spec/market.md §2). */
function SellerActions({ listing, session, onDone }: { listing: ListingJson; session: Session; onDone: () => void }) {
  if (listing.state === 'closed') return <p class="muted">Closed: the bond is back with you.</p>;
  const actions: ContractAction[] = [
    listing.state === 'paused'
      ? { id: 'resume', label: 'Resume it: buyers may order again', run: () => client.sendTx(session.key, 'market.pause', { listing: listing.address, paused: false }) }
      : { id: 'pause', label: 'Pause it: no new orders until resumed', run: () => client.sendTx(session.key, 'market.pause', { listing: listing.address, paused: true }) },
    { id: 'close', label: 'Close it for good and take the bond back', run: () => client.sendTx(session.key, 'market.close', { listing: listing.address }) },
  ];
  const run = (id: string) => async (): Promise<CommittedResult> => {
    const result = await (actions.find((a) => a.id === id) ?? actions[0]).run();
    onDone();
    return result;
  };
  return (
    <ContractActionForm
      title="Your listing"
      testId="listing-seller-actions"
      loaded
      actions={actions.map((a) => ({ ...a, run: run(a.id) }))}
    />
  );
}

function BuyForm({ found, session }: { found: MarketListingJson; session: Session }) {
  const { listing, sellerPublicKey } = found;
  const terms = listing.terms;
  const decimals = useDecimals(terms.price.asset);
  const [quantity, setQuantity] = useState('1');
  const [arbiter, setArbiter] = useState(terms.arbiters[0]?.address ?? '');
  const [note, setNote] = useState('');
  const chosen = arbiter === '' ? undefined : arbiter;
  const quote = buyQuote(terms, Number(quantity), chosen);
  const run = async (): Promise<CommittedResult> => {
    if (quote.problem !== undefined) throw new AgoraError(quote.problem, ERROR_WORDS[quote.problem] ?? quote.problem);
    const payload: TxPayloads['market.buy'] = { listing: listing.address, version: listing.version, quantity: Number(quantity) };
    if (chosen !== undefined) payload.arbiter = chosen;
    if (note.trim() !== '') {
      if (sellerPublicKey === null) throw new AgoraError('no_seller_key', 'the seller’s public key is not known, so a note cannot be sealed to it');
      // Sealed here: only the ciphertext goes into the tx (spec/market.md §3 "The note").
      payload.note = sealNote(fromHex(sellerPublicKey), note.trim());
    }
    return client.sendTx(session.key, 'market.buy', payload);
  };
  return (
    <TxForm
      title="Order"
      submitLabel="Sign and pay into escrow"
      run={run}
      testId="buy-form"
      outcome={() => (
        <>
          See it in <a href="/market/orders">my orders</a>.
        </>
      )}
    >
      <label>
        Quantity
        <input name="quantity" inputMode="numeric" value={quantity} onInput={(e) => setQuantity(inputValue(e))} size={6} />
      </label>
      {terms.arbiters.length > 0 && (
        <AddressSelect label="Arbiter" name="arbiter" value={arbiter} addresses={terms.arbiters.map((a) => a.address)} none="none (the order cannot be disputed)" onChange={setArbiter} />
      )}
      <label>
        Note to the seller (optional, e.g. a shipping address; sealed so that only the seller can read it)
        <textarea name="note" rows={3} value={note} onInput={(e) => setNote(inputValue(e))} />
      </label>
      <div class="quote" data-testid="buy-quote" aria-live="polite">
        {decimals === undefined ? (
          <Loading />
        ) : quote.problem !== undefined ? (
          <p class="error">{ERROR_WORDS[quote.problem]}</p>
        ) : (
          quoteWords(quote, terms, decimals, chosen).map((line, i) => <p key={i}>{line}</p>)
        )}
      </div>
    </TxForm>
  );
}
