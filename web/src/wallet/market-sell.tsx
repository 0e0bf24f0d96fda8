/** Listing goods or a service for sale (spec/market.md §2 `market.list`), signed in this page. */
import { useState } from 'preact/hooks';
import { AgoraError, type CommittedResult } from '../../../src/client/index.ts';
import { Card } from '../components/common.tsx';
import { assetInfo, client } from '../node.ts';
import { listedAddress, listingTermsOf, type SellForm } from '../market-view.ts';
import { useSession, type Session } from './session.ts';
import { TxForm, inputValue } from './tx-form.tsx';

const START: SellForm = { title: '', description: '', asset: 'AGR', price: '', stock: '1', handlingHours: '48', reviewHours: '72', arbiterHours: '96', arbiter: '', arbiterFee: '0', expiresDays: '30' };

export function SellPage() {
  const session = useSession();
  if (session === undefined) {
    return (
      <Card title="Sell something">
        <p class="muted">
          Unlock a key in the <a href="/wallet">wallet</a> first: the listing is signed in this page.
        </p>
      </Card>
    );
  }
  return (
    <Card title="Sell something">
      <p class="lead">A listing holds a small bond (1,000 base units of the native asset), returned when you close it.</p>
      <SellFormView session={session} />
    </Card>
  );
}

function SellFormView({ session }: { session: Session }) {
  const [form, setForm] = useState<SellForm>(START);
  const [kind, setKind] = useState<'goods' | 'service'>('goods');
  const field = (name: keyof SellForm) => (event: Event) => setForm({ ...form, [name]: inputValue(event) });
  const run = async (): Promise<CommittedResult> => {
    const asset = form.asset.trim().toUpperCase();
    const info = await assetInfo(asset);
    if (info === undefined) throw new AgoraError('unknown_asset', `no asset ${asset}`);
    const terms = listingTermsOf(form, info.decimals, Date.now());
    return client.sendTx(session.key, 'market.list', { kind, terms });
  };
  return (
    <TxForm
      title="Sell something"
      submitLabel="Sign and list"
      run={run}
      testId="sell-form"
      outcome={(result) => {
        const listing = listedAddress(result.receipt.events);
        return listing === undefined ? null : (
          <>
            Your listing: <a href={`/market/listing/${listing}`} data-testid="new-listing">{listing}</a>.
          </>
        );
      }}
    >
      <label>
        Title (1 to 16 words)
        <input name="title" value={form.title} onInput={field('title')} />
      </label>
      <label>
        Kind
        <select name="kind" value={kind} onChange={(e) => setKind(inputValue(e) as 'goods' | 'service')}>
          <option value="goods">goods</option>
          <option value="service">service</option>
        </select>
      </label>
      <label>
        Description (its SHA-256 is the terms hash)
        <textarea name="description" rows={3} value={form.description} onInput={field('description')} />
      </label>
      <div class="row">
        <label>
          Price each
          <input name="price" inputMode="decimal" value={form.price} onInput={field('price')} size={10} />
        </label>
        <label>
          Asset
          <input name="asset" value={form.asset} onInput={field('asset')} size={8} />
        </label>
        <label>
          Stock
          <input name="stock" inputMode="numeric" value={form.stock} onInput={field('stock')} size={6} />
        </label>
      </div>
      <div class="row">
        <label>
          Deliver within (hours)
          <input name="handlingHours" inputMode="numeric" value={form.handlingHours} onInput={field('handlingHours')} size={5} />
        </label>
        <label>
          Buyer’s review window (hours)
          <input name="reviewHours" inputMode="numeric" value={form.reviewHours} onInput={field('reviewHours')} size={5} />
        </label>
        <label>
          Arbiter’s window (hours)
          <input name="arbiterHours" inputMode="numeric" value={form.arbiterHours} onInput={field('arbiterHours')} size={5} />
        </label>
        <label>
          Expires in (days)
          <input name="expiresDays" inputMode="numeric" value={form.expiresDays} onInput={field('expiresDays')} size={5} />
        </label>
      </div>
      <div class="row">
        <label class="grow">
          Arbiter you accept (optional)
          <input name="arbiter" class="mono" placeholder="agora1…" value={form.arbiter} onInput={field('arbiter')} />
        </label>
        <label>
          Its fee, in the price’s asset
          <input name="arbiterFee" inputMode="decimal" value={form.arbiterFee} onInput={field('arbiterFee')} size={8} />
        </label>
      </div>
    </TxForm>
  );
}
