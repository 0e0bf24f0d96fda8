/**
 * The seller's update of its listing (spec/market.md §2 `market.update`), on the listing page: the
 * sell form filled from the current terms; what is left as shown keeps its exact value
 * (updatedTermsOf); the new terms bump the version, so an order of the old version is refused
 * (`listing_changed`) and buyers read the new terms first.
 */
import { useEffect, useState } from 'preact/hooks';
import type { CommittedResult } from '../../../src/client/index.ts';
import { Loading, useDecimals } from '../components/common.tsx';
import type { ListingJson } from '../market-api.ts';
import { sellFormOf, updatedTermsOf, type SellForm } from '../market-sell-view.ts';
import { client } from '../node.ts';
import { SellFields, sellDecimals } from '../wallet/market-sell.tsx';
import type { Session } from '../wallet/session.ts';
import { TxForm } from '../wallet/tx-form.tsx';

export function ListingUpdateForm({ listing, session, onDone }: { listing: ListingJson; session: Session; onDone: () => void }) {
  const decimals = useDecimals(listing.terms.price.asset);
  const [form, setForm] = useState<SellForm | undefined>(undefined);
  // Filled again from each version read, so that the form shows the terms it would replace.
  useEffect(() => {
    if (decimals !== undefined) setForm(sellFormOf(listing.terms, decimals, Date.now()));
  }, [decimals, listing.version]);
  if (listing.state === 'closed') return null;
  if (form === undefined) return <Loading />;
  const run = async (): Promise<CommittedResult> => {
    const terms = updatedTermsOf(form, listing.terms, await sellDecimals(form), Date.now());
    const result = await client.sendTx(session.key, 'market.update', { listing: listing.address, terms });
    onDone();
    return result;
  };
  return (
    <TxForm title={`Update the terms (now version ${listing.version})`} submitLabel="Sign and update" run={run} testId="listing-update-form">
      <p class="muted">An update makes version {listing.version + 1}: orders already placed keep their terms; an order of the old version is refused.</p>
      <SellFields form={form} setForm={setForm} />
    </TxForm>
  );
}
