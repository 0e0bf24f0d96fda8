import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import { SearchBox } from './components/search-box.tsx';
import { live } from './live.ts';
import { pageFor } from './pages.tsx';
import { interceptLinks, usePath } from './router.ts';
import { useSession } from './wallet/session.ts';

const NAV: [string, string][] = [
  ['/', 'Explorer'],
  ['/blocks', 'Blocks'],
  ['/assets', 'Assets'],
  ['/market', 'Market'],
  ['/jobs', 'Jobs'],
  ['/orgs', 'Orgs'],
  ['/wallet', 'Wallet'],
];

function App() {
  const path = usePath();
  const session = useSession();
  const page = pageFor(path);
  useEffect(() => {
    document.title = `${page.title} · Agora`;
  }, [page.title]);
  return (
    <>
      <header class="top">
        <a class="brand" href="/">
          <img src="/favicon.svg" alt="" width="24" height="24" /> Agora
        </a>
        <nav class="nav">
          {NAV.map(([href, label]) => (
            <a key={href} href={href} class={path === href ? 'on' : undefined} aria-current={path === href ? 'page' : undefined}>
              {label}
              {href === '/wallet' && session !== undefined && <span class="dot" title="unlocked" />}
            </a>
          ))}
        </nav>
        <SearchBox />
      </header>
      <main>{page.element}</main>
    </>
  );
}

interceptLinks();
live.start();
const root = document.getElementById('app');
if (root !== null) {
  root.textContent = '';
  render(<App />, root);
}
