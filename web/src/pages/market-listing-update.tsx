/**
 * The seller's update of its listing (spec/market.md §2 `market.update`), on the listing page: the
 * sell form filled from the current terms; what is left as shown keeps its exact value
 * (updatedTermsOf); the new terms bump the version, so an order of the old version is refused
 * (`listing_changed`) and buyers read the new terms first. A rental or sale listing keeps stating what
 * its target enforces (decision 0012): its price, asset and credential read from the target's contract
 * and read-only, no arbiter (a stock of 1 for a sale).
 */
import { useEffect, useState } from 'preact/hooks';
import type { CommittedResult } from '../../../src/client/index.ts';
import { ErrorBox, Loading, useDecimals } from '../components/common.tsx';
import type { ListingJson } from '../market-api.ts';
import { lockedFormOf, sellFormOf, updatedTermsOf, type SellForm } from '../market-sell-view.ts';
import { client } from '../node.ts';
import { useAsync } from '../use-async.ts';
import { SellFields, readEnforcedTerms, sellDecimals } from '../wallet/market-sell.tsx';
import type { Session } from '../wallet/session.ts';
import { TxForm } from '../wallet/tx-form.tsx';

export function ListingUpdateForm({ listing, session, onDone }: { listing: ListingJson; session: Session; onDone: () => void }) {
  const decimals = useDecimals(listing.terms.price.asset);
  const enforced = useAsync(() => readEnforcedTerms(listing.kind, listing.target ?? undefined), [listing.kind, listing.target, listing.version]);
  const targetDecimals = useDecimals(enforced.data?.asset);
  const [form, setForm] = useState<SellForm | undefined>(undefined);
  // Filled again from each version read, so that the form shows the terms it would replace; for a
  // rental or sale listing, once its target's terms are read, with them.
  const targeted = listing.kind === 'rental' || listing.kind === 'sale';
  useEffect(() => {
    if (decimals === undefined) return;
    const shown = sellFormOf(listing.terms, decimals, Date.now());
    if (!targeted) setForm(shown);
    else if (enforced.data !== undefined && targetDecimals !== undefined) setForm(lockedFormOf(shown, enforced.data, targetDecimals));
  }, [decimals, listing.version, enforced.data, targetDecimals]);
  if (listing.state === 'closed') return null;
  if (targeted && enforced.error !== undefined) return <ErrorBox error={enforced.error} title="The listing’s target could not be read" />;
  if (form === undefined) return <Loading />;
  const run = async (): Promise<CommittedResult> => {
    // Read again at signing: the terms are the target's as the ledger will check them.
    const now = await readEnforcedTerms(listing.kind, listing.target ?? undefined);
    const terms = updatedTermsOf(form, listing.terms, await sellDecimals(form), Date.now(), now);
    const result = await client.sendTx(session.key, 'market.update', { listing: listing.address, terms });
    onDone();
    return result;
  };
  return (
    <TxForm title={`Update the terms (now version ${listing.version})`} submitLabel="Sign and update" run={run} testId="listing-update-form">
      <p class="muted">An update makes version {listing.version + 1}: orders already placed keep their terms; an order of the old version is refused.</p>
      <SellFields form={form} setForm={setForm} enforced={enforced.data} />
    </TxForm>
  );
}
