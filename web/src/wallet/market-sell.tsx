/**
 * Listing something for sale (spec/market.md §2 `market.list`), signed in this page: goods, a
 * service, a rental of the key's (§8.5) or an offer of its (§8.3.2), with an optional credential
 * buyers must hold. A rental or sale listing states only what its target enforces (decision 0012):
 * its price, asset and credential are read from the target's contract and shown read-only, with no
 * arbiter (and a stock of 1 for a sale), so the form cannot build a listing the ledger refuses
 * (`terms_not_enforced`). The fields are shared with the seller's update form on the listing page.
 */
import { useEffect, useState } from 'preact/hooks';
import { AgoraError, type CommittedResult } from '../../../src/client/index.ts';
import { Card, ErrorBox, useDecimals } from '../components/common.tsx';
import { assetInfo, client } from '../node.ts';
import {
  ENFORCED_WORDS,
  START_SELL,
  SELL_KINDS,
  TARGET_WORDS,
  enforcedTermsOf,
  listPayloadOf,
  listedAddress,
  lockedFormOf,
  sellTargets,
  sellTermsOf,
  type EnforcedTerms,
  type SellForm,
} from '../market-sell-view.ts';
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

/** What the rental or offer at `target` enforces for a listing of `kind`; undefined for goods and services (or no target yet). */
export async function readEnforcedTerms(kind: string, target: string | undefined): Promise<EnforcedTerms | undefined> {
  if ((kind !== 'rental' && kind !== 'sale') || target === undefined || target.trim() === '') return undefined;
  return enforcedTermsOf(kind, await client.getContract(target.trim()));
}

/**
 * Keeps `form` showing what the target enforces once its contract and its asset's decimals are read
 * (`enforced` is read again whenever the kind or the target changes).
 */
export function useLockedForm(enforced: EnforcedTerms | undefined, setForm: (update: (form: SellForm) => SellForm) => void): void {
  const decimals = useDecimals(enforced?.asset);
  useEffect(() => {
    if (enforced !== undefined && decimals !== undefined) setForm((form) => lockedFormOf(form, enforced, decimals));
  }, [enforced, decimals]);
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
  const enforced = useAsync(() => readEnforcedTerms(kind, target), [kind, target]);
  useLockedForm(enforced.data, setForm);
  const run = async (): Promise<CommittedResult> => {
    // Read again at signing: the terms are the target's as the ledger will check them, whatever the fields show.
    const now = await readEnforcedTerms(kind, target);
    const terms = sellTermsOf(form, await sellDecimals(now === undefined ? form : { ...form, asset: now.asset }), Date.now(), now);
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
      {words !== undefined && enforced.error !== undefined && target.trim() !== '' && <ErrorBox error={enforced.error} title="This target cannot be listed" />}
      <SellFields form={form} setForm={setForm} enforced={words === undefined ? undefined : enforced.data} />
    </TxForm>
  );
}

/** The terms' fields, for a new listing or an update; with `enforced`, the target's fields are read-only and the arbiter's absent. */
export function SellFields({ form, setForm, enforced }: { form: SellForm; setForm: (form: SellForm) => void; enforced?: EnforcedTerms | undefined }) {
  const field = (name: keyof SellForm) => (event: Event) => setForm({ ...form, [name]: inputValue(event) });
  const locked = enforced !== undefined;
  return (
    <>
      {enforced !== undefined && (
        <p class="muted" data-testid="sell-enforced">
          {ENFORCED_WORDS[enforced.kind]}
        </p>
      )}
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
          <input name="price" inputMode="decimal" value={form.price} onInput={field('price')} readOnly={locked} size={10} />
        </label>
        <label>
          Asset
          <input name="asset" value={form.asset} onInput={field('asset')} readOnly={locked} size={8} />
        </label>
        <label>
          Stock
          <input name="stock" inputMode="numeric" value={form.stock} onInput={field('stock')} readOnly={enforced?.kind === 'sale'} size={6} />
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
      {!locked && (
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
      )}
      <div class="row">
        <label>
          Buyers must hold the credential of registry (optional)
          <input name="registry" value={form.registry} onInput={field('registry')} readOnly={locked} placeholder="kyc-eu" size={10} />
        </label>
        <label>
          of type
          <input name="type" value={form.type} onInput={field('type')} readOnly={locked} placeholder="kyc" size={8} />
        </label>
      </div>
    </>
  );
}
