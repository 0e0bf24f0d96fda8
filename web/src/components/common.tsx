/** Small pieces every page uses: links to ledger objects (accounts, txs, blocks, assets, items, registries, contracts), amounts, errors, loading, key-value lists. */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { humanError } from '../errors.ts';
import { displayAmount, shortAddress, shortHash } from '../format.ts';
import { assetInfo } from '../node.ts';

export function AccountLink({ address, full = false }: { address: string; full?: boolean }) {
  return (
    <a class={full ? 'mono wrap' : 'mono'} href={`/account/${address}`} title={address}>
      {full ? address : shortAddress(address)}
    </a>
  );
}

export function TxLink({ id, full = false }: { id: string; full?: boolean }) {
  return (
    <a class={full ? 'mono wrap' : 'mono'} href={`/tx/${id}`} title={id}>
      {full ? id : shortHash(id)}
    </a>
  );
}

/** `item1qx3f9…7k2m` → the item's page. */
export function ItemLink({ id, full = false }: { id: string; full?: boolean }) {
  return (
    <a class={full ? 'mono wrap' : 'mono'} href={`/items/${id}`} title={id}>
      {full ? id : shortHash(id, 11, 4)}
    </a>
  );
}

/** A contract account (spec/ledger.md §8.1) → its contract page. */
export function ContractLink({ address, full = false }: { address: string; full?: boolean }) {
  return (
    <a class={full ? 'mono wrap' : 'mono'} href={`/contracts/${address}`} title={address}>
      {full ? address : shortAddress(address)}
    </a>
  );
}

export function RegistryLink({ name }: { name: string }) {
  return <a href={`/registries/${name}`}>{name}</a>;
}

export function BlockLink({ height }: { height: number }) {
  return <a href={`/block/${height}`}>#{height}</a>;
}

export function AssetLink({ symbol }: { symbol: string }) {
  return <a href={`/asset/${symbol}`}>{symbol}</a>;
}

/** An address, or "genesis" for the native asset's creator. */
export function Party({ value }: { value: string }) {
  return value.startsWith('agora1') ? <AccountLink address={value} /> : <span>{value}</span>;
}

/** The decimals of an asset (0 until known): amounts are base units, decimals only say where the point goes. */
export function useDecimals(symbol: string | undefined): number | undefined {
  const [decimals, setDecimals] = useState<number | undefined>(undefined);
  useEffect(() => {
    let live = true;
    if (symbol === undefined) return;
    assetInfo(symbol).then(
      (asset) => live && setDecimals(asset?.decimals ?? 0),
      () => live && setDecimals(0),
    );
    return () => {
      live = false;
    };
  }, [symbol]);
  return decimals;
}

/** `1,500.25 GOLD`, with the asset's decimals. */
export function Amount({ amount, asset, link = true }: { amount: string; asset: string; link?: boolean }) {
  const decimals = useDecimals(asset);
  return (
    <span class="amount" title={`${amount} base units`}>
      {decimals === undefined ? '…' : displayAmount(amount, decimals)} {link ? <AssetLink symbol={asset} /> : asset}
    </span>
  );
}

export function ErrorBox({ error, title }: { error: unknown; title?: string }) {
  const human = humanError(error);
  return (
    <div class="error" role="alert">
      {title !== undefined && <strong>{title}: </strong>}
      {human.text}
      {human.detail !== undefined && <div class="error-detail">{human.detail}</div>}
      <div class="error-code">code: {human.code}</div>
    </div>
  );
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return <p class="loading">{what}…</p>;
}

/** A definition list of label → value rows, stacked on a phone. */
export function Fields({ rows }: { rows: [string, ComponentChildren][] }) {
  return (
    <dl class="fields">
      {rows.map(([label, value]) => (
        <div class="field" key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Card({ title, children, actions }: { title?: ComponentChildren; children: ComponentChildren; actions?: ComponentChildren }) {
  return (
    <section class="card">
      {(title !== undefined || actions !== undefined) && (
        <header class="card-head">
          {title !== undefined && <h2>{title}</h2>}
          {actions}
        </header>
      )}
      {children}
    </section>
  );
}

export function Code({ code }: { code: string }) {
  return <span class={code === 'ok' ? 'badge ok' : 'badge fail'}>{code === 'ok' ? 'ok' : code}</span>;
}

/**
 * A labelled choice of one address among `addresses` (a job's applicants, the arbiters offered), with,
 * when `none` is given, a last choice of none: the empty value, in those words.
 */
export function AddressSelect({ label, name, value, addresses, none, grow = false, onChange }: { label: string; name: string; value: string; addresses: readonly string[]; none?: string; grow?: boolean; onChange: (value: string) => void }) {
  return (
    <label class={grow ? 'grow' : undefined}>
      {label}
      <select name={name} value={value} onChange={(event) => onChange((event.target as HTMLSelectElement).value)}>
        {addresses.map((address) => (
          <option key={address} value={address}>
            {address}
          </option>
        ))}
        {none !== undefined && <option value="">{none}</option>}
      </select>
    </label>
  );
}

/** A search form's filter: "any" (the empty value) or one of `choices`, labelled. */
export function AnyOfSelect({ label, name, value, choices, onChange }: { label: string; name: string; value: string; choices: readonly string[]; onChange: (event: Event) => void }) {
  return (
    <label>
      {label}
      <select name={name} value={value} onChange={onChange}>
        <option value="">any</option>
        {choices.map((choice) => (
          <option key={choice} value={choice}>
            {choice}
          </option>
        ))}
      </select>
    </label>
  );
}
