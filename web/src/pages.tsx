/** The app's pages by path. */
import type { JSX } from 'preact';
import { AccountPage } from './pages/account.tsx';
import { AssetPage } from './pages/asset.tsx';
import { AssetsPage, NotFoundPage } from './pages/assets.tsx';
import { BlockPage, BlocksPage } from './pages/block.tsx';
import { ContractPage } from './pages/contract.tsx';
import { HomePage } from './pages/home.tsx';
import { ItemPage } from './pages/item.tsx';
import { JobPage } from './pages/job.tsx';
import { JobsPage, MyJobsPage } from './pages/jobs.tsx';
import { ListingPage } from './pages/listing.tsx';
import { MarketPage } from './pages/market.tsx';
import { OrgPage } from './pages/org.tsx';
import { OrgsPage } from './pages/orgs.tsx';
import { ProfilePage } from './pages/profile.tsx';
import { RegistryPage } from './pages/registry.tsx';
import { TxPage } from './pages/tx.tsx';
import { OrdersPage } from './wallet/market-orders.tsx';
import { SellPage } from './wallet/market-sell.tsx';
import { WalletPage } from './wallet/wallet-page.tsx';

interface PageRoute {
  pattern: RegExp;
  /** The document title; `match` holds the pattern's groups. */
  title: (match: RegExpExecArray) => string;
  render: (match: RegExpExecArray) => JSX.Element;
}

const PAGES: PageRoute[] = [
  { pattern: /^\/$/, title: () => 'Explorer', render: () => <HomePage /> },
  { pattern: /^\/blocks$/, title: () => 'Blocks', render: () => <BlocksPage /> },
  { pattern: /^\/block\/([0-9]{1,15})$/, title: (m) => `Block #${m[1]}`, render: (m) => <BlockPage height={Number(m[1])} key={m[1]} /> },
  { pattern: /^\/tx\/([0-9a-f]{64})$/, title: (m) => `Tx ${m[1].slice(0, 8)}`, render: (m) => <TxPage id={m[1]} key={m[1]} /> },
  { pattern: /^\/account\/(agora1[02-9ac-hj-np-z]{6,90})$/, title: (m) => `Account ${m[1].slice(0, 12)}…`, render: (m) => <AccountPage address={m[1]} key={m[1]} /> },
  { pattern: /^\/assets$/, title: () => 'Assets', render: () => <AssetsPage /> },
  { pattern: /^\/asset\/([A-Z][A-Z0-9]{1,11})$/, title: (m) => `Asset ${m[1]}`, render: (m) => <AssetPage symbol={m[1]} key={m[1]} /> },
  { pattern: /^\/items\/(item1[02-9ac-hj-np-z]{58})$/, title: (m) => `Item ${m[1].slice(0, 11)}…`, render: (m) => <ItemPage id={m[1]} key={m[1]} /> },
  { pattern: /^\/registries\/([a-z][a-z0-9.-]{0,31})$/, title: (m) => `Registry ${m[1]}`, render: (m) => <RegistryPage name={m[1]} key={m[1]} /> },
  { pattern: /^\/contracts\/(agora1[02-9ac-hj-np-z]{6,90})$/, title: (m) => `Contract ${m[1].slice(0, 12)}…`, render: (m) => <ContractPage address={m[1]} key={m[1]} /> },
  { pattern: /^\/market$/, title: () => 'Market', render: () => <MarketPage /> },
  { pattern: /^\/market\/listing\/(agora1[02-9ac-hj-np-z]{6,90})$/, title: () => 'Listing', render: (m) => <ListingPage address={m[1]} key={m[1]} /> },
  { pattern: /^\/market\/sell$/, title: () => 'Sell', render: () => <SellPage /> },
  { pattern: /^\/market\/orders$/, title: () => 'My orders', render: () => <OrdersPage /> },
  { pattern: /^\/jobs$/, title: () => 'Jobs', render: () => <JobsPage /> },
  { pattern: /^\/jobs\/mine$/, title: () => 'My jobs', render: () => <MyJobsPage /> },
  { pattern: /^\/jobs\/(agora1[02-9ac-hj-np-z]{6,90})$/, title: (m) => `Job ${m[1].slice(0, 12)}…`, render: (m) => <JobPage address={m[1]} key={m[1]} /> },
  { pattern: /^\/orgs$/, title: () => 'Organisations', render: () => <OrgsPage /> },
  { pattern: /^\/orgs\/(agora1[02-9ac-hj-np-z]{6,90})$/, title: (m) => `Organisation ${m[1].slice(0, 12)}…`, render: (m) => <OrgPage address={m[1]} key={m[1]} /> },
  { pattern: /^\/profile\/(agora1[02-9ac-hj-np-z]{6,90})$/, title: (m) => `Profile ${m[1].slice(0, 12)}…`, render: (m) => <ProfilePage address={m[1]} key={m[1]} /> },
  { pattern: /^\/wallet$/, title: () => 'Wallet', render: () => <WalletPage /> },
];

export function pageFor(path: string): { title: string; element: JSX.Element } {
  for (const page of PAGES) {
    const match = page.pattern.exec(path);
    if (match !== null) return { title: page.title(match), element: page.render(match) };
  }
  return { title: 'Not found', element: <NotFoundPage /> };
}
