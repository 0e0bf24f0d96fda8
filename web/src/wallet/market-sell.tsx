/**
 * Listing something for sale (spec/market.md §2 `market.list`), signed in this page: goods, a
 * service, a rental of the key's (§8.5) or an offer of its (§8.3.2), with an optional credential
 * buyers must hold. The fields are shared with the seller's update form on the listing page.
 */
import { useEffect, useState } from 'preact/hooks';
import { AgoraError, type CommittedResult } from '../../../src/client/index.ts';
import { Card } from '../components/common.tsx';
import { assetInfo, client } from '../node.ts';
import { START_SELL, SELL_KINDS, TARGET_WORDS, listPayloadOf, listedAddress, listingTermsOf, sellTargets, type SellForm } from '../market-sell-view.ts';
import { useAsync } from '../use-async.ts';
import { useSession, type Session } from './session.ts';
import { TxForm, inputValue } from './tx-form.tsx';

/** How many of the key's newest contracts are searched for a rental or offer to list (one page). */
const TARGETS_PAGE = 100;

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

/** The decimals of the form's asset, or `unknown_asset`. */
export async function sellDecimals(form: SellForm): Promise<number> {
  const asset = form.asset.trim().toUpperCase();
  const info = await assetInfo(asset);
  if (info === undefined) throw new AgoraError('unknown_asset', `no asset ${asset}`);
  return info.decimals;
}

function SellFormView({ session }: { session: Session }) {
  const [form, setForm] = useState<SellForm>(START_SELL);
  const [kind, setKind] = useState<string>('goods');
  const [target, setTarget] = useState('');
  const contracts = useAsync(() => client.getAccountContracts(session.entry.address, { limit: TARGETS_PAGE }), [session.entry.address]);
  const targets = sellTargets(contracts.data?.contracts ?? [], kind);
  const chooseKind = (next: string): void => {
    setKind(next);
    setTarget(sellTargets(contracts.data?.contracts ?? [], next)[0] ?? '');
  };
  // The contracts may arrive after the kind was chosen: then the newest target fills an empty field.
  useEffect(() => {
    if (target === '' && targets.length > 0) setTarget(targets[0]);
  }, [contracts.data, kind]);
  const run = async (): Promise<CommittedResult> => {
    const terms = listingTermsOf(form, await sellDecimals(form), Date.now());
    return client.sendTx(session.key, 'market.list', listPayloadOf(kind, target, terms));
  };
  const words = TARGET_WORDS[kind as keyof typeof TARGET_WORDS];
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
        Kind
        <select name="kind" value={kind} onChange={(e) => chooseKind(inputValue(e))}>
          {SELL_KINDS.map((k) => (
            <option key={k} value={k}>
              {k === 'rental' ? 'rental (of your open rental)' : k === 'sale' ? 'sale (of your open offer)' : k}
            </option>
          ))}
        </select>
      </label>
      {words !== undefined && (
        <label>
          It points at {words} (bought there: {kind === 'rental' ? 'booked with rental.book' : 'accepted with offer.accept'})
          <input name="target" class="mono" list="sell-targets" placeholder="agora1…" value={target} onInput={(e) => setTarget(inputValue(e))} />
          <datalist id="sell-targets">
            {targets.map((address) => (
              <option key={address} value={address} />
            ))}
          </datalist>
          <span class="muted" data-testid="sell-targets-found">
            {contracts.loading ? 'Reading your contracts…' : targets.length === 0 ? `None found among your ${TARGETS_PAGE} newest contracts: create it in the wallet, or paste its address.` : `${targets.length} found among your newest contracts.`}
          </span>
        </label>
      )}
      <SellFields form={form} setForm={setForm} />
    </TxForm>
  );
}

/** The terms' fields, for a new listing or an update. */
export function SellFields({ form, setForm }: { form: SellForm; setForm: (form: SellForm) => void }) {
  const field = (name: keyof SellForm) => (event: Event) => setForm({ ...form, [name]: inputValue(event) });
  return (
    <>
      <label>
        Title (1 to 16 words)
        <input name="title" value={form.title} onInput={field('title')} />
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
      <div class="row">
        <label>
          Buyers must hold the credential of registry (optional)
          <input name="registry" value={form.registry} onInput={field('registry')} placeholder="kyc-eu" size={10} />
        </label>
        <label>
          of type
          <input name="type" value={form.type} onInput={field('type')} placeholder="kyc" size={8} />
        </label>
      </div>
    </>
  );
}
