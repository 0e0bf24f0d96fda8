/**
 * Client-side routes over the History API: `/block/12`, `/tx/<id>`, … The node answers index.html for
 * any such path (src/api/routes/static.ts), so a link can be opened, bookmarked or reloaded.
 */
import { useEffect, useState } from 'preact/hooks';

const CHANGE = 'agora:navigate';

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (path === window.location.pathname) return;
  if (options.replace === true) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  window.dispatchEvent(new Event(CHANGE));
  window.scrollTo(0, 0);
}

/** The current path; re-renders on navigation and on the back/forward buttons. */
export function usePath(): string {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const update = (): void => setPath(window.location.pathname);
    window.addEventListener('popstate', update);
    window.addEventListener(CHANGE, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(CHANGE, update);
    };
  }, []);
  return path;
}

/** Paths the node serves itself (the API, metrics): links to them are followed by the browser. */
function isServerPath(path: string): boolean {
  return path === '/v1' || path.startsWith('/v1/') || path === '/metrics';
}

/** Plain same-origin left clicks on links become client navigation; the rest stays the browser's. */
export function interceptLinks(): void {
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = (event.target as Element | null)?.closest?.('a');
    if (anchor === null || anchor === undefined || anchor.target !== '' || anchor.hasAttribute('download')) return;
    const url = new URL(anchor.href, window.location.href);
    if (url.origin !== window.location.origin || isServerPath(url.pathname)) return;
    event.preventDefault();
    navigate(url.pathname);
  });
}
