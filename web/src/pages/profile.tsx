/**
 * An address's profile (spec/reputation.md): its reputation aggregates and score, its reviews (a
 * rating and its text, as text, only once shown: both sides revealed, or no reveal can come), a verify button that checks the
 * reputation report here, offline, against the page's trust anchor (as the provenance check does), and,
 * for an unlocked key that traded with this address, the review forms of those trades.
 */
import { useState } from 'preact/hooks';
import { AgoraError, isAgoraError, type CommittedResult, type GenesisResponse, type ReputationVerifyResult } from '../../../src/client/index.ts';
import { fromHex, sha256, utf8 } from '../../../src/crypto/hash.ts';
import type { ReviewJson } from '../../../src/wire/reputation.ts';
import { AccountLink, BlockLink, Card, ErrorBox, Loading } from '../components/common.tsx';
import { ReputationSummary } from '../components/reputation.tsx';
import { shortHash } from '../format.ts';
import { getAccountOrders, searchListings, type OrderJson } from '../market-api.ts';
import { ListingsTable } from './market.tsx';
import { JobsOf } from './jobs.tsx';
import { Memberships } from './orgs.tsx';
import { checkReputation, reviewSubjects, scoreWords, stars } from '../market-view.ts';
import { client } from '../node.ts';
import { chooseTrust, readPin, trustWords, type PageTrust } from '../provenance-trust.ts';
import { useAsync } from '../use-async.ts';
import { OrderCard } from '../wallet/market-orders.tsx';
import { ReviewText } from '../wallet/review-box.tsx';
import { useSession, type Session } from '../wallet/session.ts';
import { TxForm, inputValue } from '../wallet/tx-form.tsx';

export function ProfilePage({ address }: { address: string }) {
  const session = useSession();
  return (
    <>
      <Card title="Profile">
        <p class="mono wrap lead" data-testid="profile-address">
          {address}
        </p>
        <p>
          <a href={`/account/${address}`}>Account and balances</a>
        </p>
      </Card>
      <Card title="Reputation">
        <p class="muted">Earned only from settled trades; value paid counts in the native asset only, shown with the number of distinct counterparties.</p>
        <ReputationSummary address={address} />
        <VerifyReputation address={address} />
      </Card>
      <Card title="Reviews">
        <Reviews address={address} session={session?.entry.address === address ? session : undefined} />
      </Card>
      <Card title="Listings">
        <SellerListings address={address} />
      </Card>
      <Card title="Organisations">
        <Memberships address={address} />
      </Card>
      <Card title="Jobs">
        <JobsOf address={address} />
      </Card>
      {session !== undefined && session.entry.address !== address && <TradesWith address={address} session={session} />}
    </>
  );
}

/** The address's active listings (the first page: a seller with more is searched in the market). */
function SellerListings({ address }: { address: string }) {
  const listings = useAsync(() => searchListings({ seller: address, limit: 25 }), [address]);
  if (listings.error !== undefined) return <ErrorBox error={listings.error} />;
  if (listings.data === undefined) return <Loading />;
  return <ListingsTable listings={listings.data.listings} />;
}

/** `session`: the subject's own key, which may answer each shown review once (spec/reputation.md §2.3). */
function Reviews({ address, session }: { address: string; session: Session | undefined }) {
  const reviews = useAsync(() => client.getReviews(address), [address]);
  if (reviews.error !== undefined) return <ErrorBox error={reviews.error} />;
  if (reviews.data === undefined) return <Loading />;
  if (reviews.data.reviews.length === 0) return <p class="muted">No review yet.</p>;
  return (
    <table class="list" data-testid="profile-reviews">
      <thead>
        <tr>
          <th>Rating</th>
          <th>By</th>
          <th>Trade</th>
          <th>Written</th>
        </tr>
      </thead>
      <tbody>
        {reviews.data.reviews.map((review) => (
          <ReviewRow key={`${review.trade}/${review.reviewer}`} review={review} session={session} onReplied={reviews.reload} />
        ))}
      </tbody>
    </table>
  );
}

function ReviewRow({ review, session, onReplied }: { review: ReviewJson; session: Session | undefined; onReplied: () => void }) {
  return (
    <tr data-testid="review" data-shown={String(review.shown)}>
      <td>
        {review.shown && review.rating !== undefined ? (
          <span title={`${review.rating} of 5`} data-testid="review-rating">
            {stars(review.rating)} {review.rating} of 5
          </span>
        ) : (
          <span class="muted">{review.revealed ? 'revealed; shown once the other side reveals' : 'committed; hidden until revealed'}</span>
        )}
        {review.shown && review.text !== undefined && <ReviewText text={review.text} />}
        {review.shown && review.text === undefined && review.textHash !== undefined && <div class="muted mono">text SHA-256 {shortHash(review.textHash)} (the text was not revealed on the ledger)</div>}
        {review.reply !== undefined && <div class="muted" data-testid="review-reply">The subject replied (text SHA-256 {shortHash(review.reply.textHash)}).</div>}
        {review.reply === undefined && review.revealed && session !== undefined && <ReplyForm review={review} session={session} onDone={onReplied} />}
      </td>
      <td>
        <AccountLink address={review.reviewer} />
      </td>
      <td class="mono">{shortHash(review.trade)}</td>
      <td>
        block <BlockLink height={review.revealedAt ?? review.committedAt} />
      </td>
    </tr>
  );
}

/** The subject's one answer to a revealed review: only the text's SHA-256 goes on the ledger. */
function ReplyForm({ review, session, onDone }: { review: ReviewJson; session: Session; onDone: () => void }) {
  const [text, setText] = useState('');
  const run = async (): Promise<CommittedResult> => {
    if (text.trim() === '') throw new AgoraError('missing_field', 'the reply is empty');
    const result = await client.sendTx(session.key, 'review.reply', { trade: fromHex(review.trade), reviewer: review.reviewer, textHash: sha256(utf8(text.trim())) });
    onDone();
    return result;
  };
  return (
    <TxForm title="Reply" submitLabel="Reply once" run={run} testId="review-reply-form">
      <label>
        Your reply (only its SHA-256 goes on the ledger)
        <textarea name="reply-text" rows={2} value={text} onInput={(e) => setText(inputValue(e))} />
      </label>
    </TxForm>
  );
}

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

function VerifyReputation({ address }: { address: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [checked, setChecked] = useState<{ result: ReputationVerifyResult; trust: PageTrust } | undefined>(undefined);
  const run = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    setChecked(undefined);
    try {
      const [text, genesis] = await Promise.all([client.getReputationReport(address), client.genesis().catch((): GenesisResponse | undefined => undefined)]);
      const trust = chooseTrust(genesis, readPin(storage()));
      setChecked({ result: checkReputation(text, trust), trust });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="provenance" data-testid="reputation-verify">
      <div class="row">
        <button type="button" class="primary" onClick={() => void run()} disabled={busy}>
          {busy ? 'Verifying…' : 'Verify reputation'}
        </button>
        <a class="button-link" href={`/v1/accounts/${address}/reputation/report`} download={`${address}.reputation.json`}>
          Download report
        </a>
      </div>
      {error !== undefined &&
        (isAgoraError(error) && error.code === 'not_found' ? (
          <p class="muted" data-testid="no-report">This address has never traded: there is no reputation to prove yet.</p>
        ) : (
          <ErrorBox error={error} title="The report could not be read" />
        ))}
      {checked !== undefined &&
        (checked.result.ok ? (
          <div class="verdict ok" role="status" data-testid="verdict">
            <strong>Proven at block {checked.result.height}:</strong> {checked.result.reviews.length} {checked.result.reviews.length === 1 ? 'review' : 'reviews'}, score{' '}
            {scoreWords(checked.result.scorePpm)}, the aggregates recomputed from them.
            <p data-testid="trust">Trusting {trustWords(checked.trust)}.</p>
          </div>
        ) : (
          <div class="verdict fail" role="alert" data-testid="verdict">
            <strong>Not proven:</strong> {checked.result.problems.length} {checked.result.problems.length === 1 ? 'problem' : 'problems'} in the report.
            <p data-testid="trust">Trusting {trustWords(checked.trust)}.</p>
            <ul class="problems">
              {checked.result.problems.map((problem, i) => (
                <li key={i}>
                  <code class="wrap">{problem.place}</code>: {problem.message}
                </li>
              ))}
            </ul>
          </div>
        ))}
    </div>
  );
}

/** This key's settled orders with `address`, each with its review forms (spec/reputation.md §2). */
function TradesWith({ address, session }: { address: string; session: Session }) {
  const me = session.entry.address;
  const orders = useAsync(async (): Promise<OrderJson[]> => {
    const [bought, sold] = await Promise.all([getAccountOrders(me, 'buyer'), getAccountOrders(me, 'seller')]);
    return [...bought.orders, ...sold.orders].filter((o) => reviewSubjects(o, me).includes(address));
  }, [address, me]);
  if (orders.data !== undefined && orders.data.length === 0) return null;
  return (
    <Card title="Your trades with this address">
      {orders.error !== undefined && <ErrorBox error={orders.error} />}
      {orders.data === undefined ? orders.error === undefined && <Loading /> : orders.data.map((order) => <OrderCard key={order.order} order={order} session={session} onChange={orders.reload} />)}
    </Card>
  );
}
