/**
 * The dashboard: a hash router over five pages. Each page renders into <main> and returns a
 * cleanup that closes its live streams when the reader leaves. No framework: the pages are small
 * and rebuild their part of the DOM when data changes.
 */
import { replace, h } from './dom.ts';
import { requestsPage } from './pages/requestsPage.ts';
import { requestPage } from './pages/requestPage.ts';
import { workersPage } from './pages/workersPage.ts';
import { secretsPage } from './pages/secretsPage.ts';
import { estimatePage } from './pages/estimatePage.ts';

export type Page = (main: HTMLElement, arg: string) => () => void;

const routes: Array<[RegExp, Page, string]> = [
  [/^#\/requests\/([0-9a-f-]{36})$/, requestPage, 'Request'],
  [/^#\/requests$/, requestsPage, 'Requests'],
  [/^#\/workers$/, workersPage, 'Workers'],
  [/^#\/secrets$/, secretsPage, 'Secrets'],
  [/^#\/estimate$/, estimatePage, 'Cost estimator'],
];

let cleanup: () => void = () => undefined;

function route(): void {
  const main = document.getElementById('main') as HTMLElement;
  cleanup();
  const hash = location.hash || '#/requests';
  const hit = routes.find(([re]) => re.test(hash));
  for (const a of document.querySelectorAll('nav a')) {
    const href = a.getAttribute('href') ?? '';
    if (hash === href || hash.startsWith(`${href}/`)) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (!hit) {
    replace(main, h('h2', {}, 'Not found'), h('p', { class: 'error', role: 'alert' }, `no page ${hash} (DASHBOARD__NO_SUCH_PAGE)`));
    cleanup = () => undefined;
    return;
  }
  const [re, page, title] = hit;
  document.title = `${title} · Errand`;
  cleanup = page(main, re.exec(hash)?.[1] ?? '');
  main.focus();
}

window.addEventListener('hashchange', route);
route();
