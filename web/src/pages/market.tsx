/** Browse and search the market's active listings (spec/market.md §2; GET /v1/listings). */
import { useEffect, useState } from 'preact/hooks';
import { AccountLink, AnyOfSelect, Amount, Card, ErrorBox, Loading } from '../components/common.tsx';
import { assetInfo } from '../node.ts';
import { searchListings, type ListingJson, type ListingQuery } from '../market-api.ts';
import { browserSearchClock, EMPTY_SEARCH, LISTING_KINDS, searchQueryOf, type SearchForm } from '../market-search.ts';
import { inputValue } from '../wallet/tx-form.tsx';

const PAGE = 25;

export function MarketPage() {
  const [form, setForm] = useState<SearchForm>(EMPTY_SEARCH);
  const [query, setQuery] = useState<ListingQuery>({});
  const [found, setFound] = useState<{ listings: ListingJson[]; next: string | null } | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const load = async (criteria: ListingQuery, after?: string): Promise<void> => {
    setError(undefined);
    try {
      const page = await searchListings({ ...criteria, limit: PAGE, after });
      setFound((previous) => ({ listings: after === undefined || previous === undefined ? page.listings : [...previous.listings, ...page.listings], next: page.next }));
    } catch (caught) {
      setError(caught);
    }
  };
  useEffect(() => void load({}), []);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    try {
      const asset = form.asset.trim().toUpperCase();
      const decimals = asset === '' ? undefined : (await assetInfo(asset))?.decimals;
      const criteria = searchQueryOf(form, decimals, browserSearchClock());
      setQuery(criteria);
      setFound(undefined);
      await load(criteria);
    } catch (caught) {
      setError(caught);
    }
  };
  const field = (name: keyof SearchForm) => (event: Event) => setForm({ ...form, [name]: inputValue(event) });
  return (
    <>
      <Card title="Market" actions={<><a href="/market/sell">Sell something</a> · <a href="/market/orders">My orders</a></>}>
        <p class="lead">Listings of goods, services and rentals, paid into an escrow the ledger holds: the seller is paid on delivery, and a chosen arbiter settles a dispute.</p>
        <form class="form search" onSubmit={submit} data-testid="market-search" aria-label="Search listings">
          <label>
            Words of the title
            <input name="q" type="search" value={form.q} onInput={field('q')} placeholder="oak chair" />
          </label>
          <div class="row">
            <AnyOfSelect label="Kind" name="kind" value={form.kind} choices={LISTING_KINDS} onChange={field('kind')} />
            <label>
              Asset
              <input name="asset" value={form.asset} onInput={field('asset')} placeholder="any" size={8} />
            </label>
            <label>
              Price from
              <input name="minPrice" inputMode="decimal" value={form.minPrice} onInput={field('minPrice')} size={8} />
            </label>
            <label>
              to
              <input name="maxPrice" inputMode="decimal" value={form.maxPrice} onInput={field('maxPrice')} size={8} />
            </label>
          </div>
          <div class="row">
            <label>
              Seller’s score at least
              <input name="minScore" inputMode="decimal" value={form.minScore} onInput={field('minScore')} placeholder={form.scoreUnit === 'stars' ? '4.5' : '90'} size={6} />
            </label>
            <label>
              in
              <select name="scoreUnit" value={form.scoreUnit} onChange={field('scoreUnit')}>
                <option value="stars">stars (1 to 5)</option>
                <option value="percent">percent (0 to 100)</option>
              </select>
            </label>
            <label>
              Requires the credential of registry
              <input name="registry" value={form.registry} onInput={field('registry')} placeholder="kyc-eu" size={10} />
            </label>
            <label>
              of type
              <input name="type" value={form.type} onInput={field('type')} placeholder="kyc" size={8} />
            </label>
          </div>
          <div class="row">
            <label>
              Rental free from
              <input name="availableFrom" type="date" value={form.availableFrom} onInput={field('availableFrom')} />
            </label>
            <label>
              to (included)
              <input name="availableUntil" type="date" value={form.availableUntil} onInput={field('availableUntil')} />
            </label>
          </div>
          <button type="submit" class="primary">
            Search
          </button>
        </form>
      </Card>
      <Card title="Listings">
        {error !== undefined && <ErrorBox error={error} />}
        {found === undefined ? error === undefined && <Loading /> : <ListingsTable listings={found.listings} />}
        {found?.next != null && (
          <button type="button" class="more" onClick={() => void load(query, found.next ?? undefined)}>
            More
          </button>
        )}
      </Card>
    </>
  );
}

export function ListingsTable({ listings }: { listings: ListingJson[] }) {
  if (listings.length === 0) return <p class="muted" data-testid="no-listings">No listing matches.</p>;
  return (
    <table class="list" data-testid="listings">
      <thead>
        <tr>
          <th>Title</th>
          <th>Kind</th>
          <th class="number">Price</th>
          <th class="number">Stock</th>
          <th>Seller</th>
        </tr>
      </thead>
      <tbody>
        {listings.map((listing) => (
          <tr key={listing.address} data-listing={listing.address}>
            <td>
              <a href={`/market/listing/${listing.address}`}>{listing.terms.title}</a>
            </td>
            <td>{listing.kind}</td>
            <td class="number">
              <Amount amount={listing.terms.price.amount} asset={listing.terms.price.asset} />
            </td>
            <td class="number">{listing.terms.stock}</td>
            <td>
              <a href={`/profile/${listing.seller}`} title="the seller’s reputation">
                profile
              </a>{' '}
              <AccountLink address={listing.seller} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
