/**
 * Secrets: list an owner's entries (key and storage deposit only), create one, delete one for its
 * storage refund, on NEAR or (when the coordinator serves the Solana program) on Solana. Key/value
 * pairs are encrypted here, in the browser, with the keystore's public key for the scope (fetched
 * through the coordinator) by the same envelope code as `errand secrets encrypt` (keystore/envelope,
 * bundled with @noble); only the envelope leaves the page. The storage cost is quoted before
 * anything is signed. On Solana the owner is the connected wallet's account (signer.ts).
 */
import type { ChainId } from '../../../common/types/index.ts';
import { encryptSecrets, parseScopePublicKey } from '../../../keystore/envelope/encryptSecrets.ts';
import { assertProfile, assertScope, type KeystoreScope } from '../../../keystore/envelope/scope.ts';
import { ENV_KEY } from '../../../keystore/envelope/secretsPlaintext.ts';
import { describeError, getJson } from '../api.ts';
import { field, h, replace, select, table } from '../dom.ts';
import { nearSigner, solanaSigner, type Quote, type Signer, type StoreEntry } from '../signer.ts';
import type { DashboardConfig } from '../types.ts';
import { conditionEditor } from './conditionBuilder.ts';
import { solanaWalletPicker } from './solanaWalletPicker.ts';
import { nearWalletBox } from './nearWalletBox.ts';
import { signedInAccount } from '../near/myNearWallet.ts';

interface Entry {
  repo: string;
  branch: string | null;
  profile: string;
  storageDeposit: string;
}

function input(name: string, extra: Record<string, string> = {}): HTMLInputElement {
  return h('input', { name, type: 'text', autocomplete: 'off', spellcheck: 'false', ...extra });
}

function say(el: HTMLElement, kind: 'error' | 'notice', text: string): void {
  el.className = kind;
  if (kind === 'error') el.setAttribute('role', 'alert');
  else el.removeAttribute('role');
  replace(el, text);
}

/** The typed pairs as a secrets map; names must be environment-variable safe, no duplicates. Values are never echoed. */
function readPairs(rows: Array<{ key: HTMLInputElement; value: HTMLInputElement }>): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [i, r] of rows.entries()) {
    const key = r.key.value.trim();
    if (!key && !r.value.value) continue;
    if (!ENV_KEY.test(key)) throw new Error(`secret ${i + 1}: the name must match [A-Za-z_][A-Za-z0-9_]* (KEYSTORE__SECRETS_INVALID)`);
    if (key in out) throw new Error(`secret ${i + 1}: ${key} appears twice (KEYSTORE__SECRETS_INVALID)`);
    out[key] = r.value.value;
  }
  if (Object.keys(out).length === 0) throw new Error('add at least one secret: a name and a value (KEYSTORE__SECRETS_INVALID)');
  return out;
}

export function secretsPage(main: HTMLElement): () => void {
  replace(main, h('h2', {}, 'Secrets'), h('p', {}, 'Loading…'));
  let stop = (): void => undefined;
  let left = false;
  getJson<DashboardConfig>('/v1/dashboard/config').then(
    (config) => {
      if (!left) stop = render(main, config);
    },
    (e: unknown) => replace(main, h('p', { class: 'error', role: 'alert' }, describeError(e))),
  );
  return () => {
    left = true;
    stop();
  };
}

function render(main: HTMLElement, config: DashboardConfig): () => void {
  const solana = config.chains.find((c) => c.chain === 'solana' && c.ready && c.contractId);
  const near = nearSigner(config);
  let signer: Signer = near;
  const owner = input('owner');
  const walletMsg = h('p', { 'aria-live': 'polite' });
  // NEAR on a real network: the wallet row (it also reports a write the wallet just sent back).
  const nearBox =
    config.signing.kind === 'wallet'
      ? nearWalletBox(config.nearWalletUrl, walletMsg, (account) => {
          if (chainChoice.value !== 'near') return;
          owner.value = account ?? '';
          if (account) void list();
        })
      : null;
  const nearAccount = (): string => (config.signing.kind === 'dev' ? (config.signing.accounts[0] ?? '') : (signedInAccount() ?? ''));
  owner.value = nearAccount();
  const chainChoice = select(
    'chain',
    solana
      ? [
          ['near', 'NEAR'],
          ['solana', 'Solana'],
        ]
      : [['near', 'NEAR']],
    'near',
  );
  const walletBox = h('div', { hidden: true });
  let stopPicker = (): void => undefined;
  const notice = h('p', { class: 'notice' });
  const describeSigning = (): void => {
    replace(
      notice,
      signer.kind === 'dev'
        ? `Development: transactions are signed as ${config.signing.kind === 'dev' ? config.signing.accounts.join(', ') : ''} by errand dev. Values are encrypted in this page; only ciphertext is sent.`
        : 'Transactions are signed with your wallet. Values are encrypted in this page; only ciphertext is sent.',
    );
  };
  const listOut = h('div', { 'aria-live': 'polite' });
  const listMsg = h('p');
  const listForm = h(
    'form',
    { 'aria-label': 'List secrets' },
    h('div', { class: 'row' }, field('Owner account', owner), h('button', { type: 'submit' }, 'List')),
  );

  const list = async (): Promise<void> => {
    try {
      const r = await getJson<{ entries: Entry[] }>('/v1/dashboard/secrets', { chain: signer.chain, owner: owner.value.trim() });
      replace(listMsg);
      listMsg.className = '';
      replace(
        listOut,
        r.entries.length === 0
          ? h('p', { class: 'muted' }, `${owner.value} has no secrets entries.`)
          : table(
              ['Repository', 'Branch', 'Profile', 'Storage deposit', ''],
              r.entries.map((e) => [
                e.repo,
                e.branch ?? 'any',
                e.profile,
                signer.amount(e.storageDeposit),
                deleteButton(signer, owner.value.trim(), e, listMsg, list),
              ]),
              `secrets entries of ${owner.value}`,
            ),
      );
    } catch (e) {
      say(listMsg, 'error', describeError(e));
    }
  };
  listForm.addEventListener('submit', (e) => {
    e.preventDefault();
    void list();
  });

  chainChoice.addEventListener('change', () => {
    stopPicker();
    replace(listOut);
    replace(listMsg);
    owner.readOnly = false;
    owner.value = chainChoice.value === 'near' ? nearAccount() : '';
    walletBox.hidden = chainChoice.value !== 'solana';
    if (nearBox) nearBox.hidden = chainChoice.value !== 'near';
    if (chainChoice.value === 'solana' && solana?.contractId) {
      const programId = solana.contractId;
      signer = solanaSigner(programId, null);
      const picker = solanaWalletPicker(config.solanaWalletChain, (wallet) => {
        signer = solanaSigner(programId, wallet);
        owner.value = wallet.address;
        owner.readOnly = true;
        void list();
      });
      stopPicker = picker.stop;
      replace(walletBox, picker.el);
    } else {
      signer = near;
    }
    describeSigning();
  });
  describeSigning();

  replace(
    main,
    h('h2', {}, 'Secrets'),
    notice,
    solana ? field('Chain', chainChoice) : null,
    nearBox,
    walletBox,
    walletMsg,
    h('h3', {}, 'Your secrets'),
    listForm,
    listMsg,
    listOut,
    h('h3', {}, 'New secrets entry'),
    createForm(() => signer, owner, list),
  );
  if (owner.value) void list();
  return () => stopPicker();
}

function deleteButton(signer: Signer, owner: string, e: Entry, msg: HTMLElement, reload: () => Promise<void>): HTMLButtonElement {
  const b = h('button', { type: 'button', class: 'secondary', 'aria-label': `Delete ${e.repo} ${e.branch ?? 'any branch'} ${e.profile}` }, 'Delete');
  b.addEventListener('click', () => {
    b.disabled = true;
    say(msg, 'notice', 'Deleting…');
    signer.deleteSecrets({ owner, repo: e.repo, branch: e.branch, profile: e.profile }, e.storageDeposit).then(
      async (text) => {
        // After the reload: reading the list clears its message line.
        await reload();
        say(msg, 'notice', text);
      },
      (err: unknown) => {
        b.disabled = false;
        say(msg, 'error', describeError(err));
      },
    );
  });
  return b;
}

function createForm(signerNow: () => Signer, owner: HTMLInputElement, reload: () => Promise<void>): HTMLElement {
  const repo = input('repo', { placeholder: 'https://github.com/you/program' });
  const branch = input('branch');
  const profile = input('profile', { value: 'default' });
  const pairsBox = h('div');
  const rows: Array<{ key: HTMLInputElement; value: HTMLInputElement }> = [];
  const addPair = (): void => {
    const key = input('secret-name');
    const value = h('input', { name: 'secret-value', type: 'password', autocomplete: 'off' });
    rows.push({ key, value });
    pairsBox.append(h('div', { class: 'row' }, field(`Name ${rows.length}`, key), field(`Value ${rows.length}`, value)));
  };
  addPair();
  const addButton = h('button', { type: 'button', class: 'secondary' }, 'Add another secret');
  addButton.addEventListener('click', addPair);
  const condition = conditionEditor();
  const msg = h('p', { 'aria-live': 'polite' });
  const review = h('button', { type: 'submit' }, 'Encrypt and show the cost');
  const sign = h('button', { type: 'button', hidden: true }, 'Sign and store');
  let pending: { entry: StoreEntry; quote: Quote; signer: Signer } | null = null;

  const form = h(
    'form',
    { novalidate: true, 'aria-label': 'New secrets entry' },
    h(
      'div',
      { class: 'row' },
      field('Repository', repo, 'the repo the secrets are for (as requests name it)'),
      field('Branch (optional)', branch, 'empty: any branch'),
      field('Profile', profile),
    ),
    h('fieldset', {}, h('legend', {}, 'Secrets (encrypted in this page)'), pairsBox, addButton),
    condition.el,
    h('div', { class: 'row' }, review, sign),
    msg,
  );
  // Any edit invalidates a quoted envelope: it must be encrypted again for what is on screen.
  form.addEventListener('input', () => {
    pending = null;
    sign.hidden = true;
  });

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    pending = null;
    sign.hidden = true;
    void (async () => {
      try {
        const signer = signerNow();
        const scope: KeystoreScope = {
          chain: signer.chain as ChainId,
          owner: owner.value.trim(),
          repo: repo.value.trim(),
          branch: branch.value.trim() || null,
        };
        if (!scope.owner) throw new Error('enter the owner account above (COMMON__INVALID_ARGUMENT)');
        assertScope(scope);
        assertProfile(profile.value.trim());
        const secrets = readPairs(rows);
        const cond = condition.read();
        say(msg, 'notice', 'Fetching the keystore key and encrypting…');
        const q = { chain: scope.chain, owner: scope.owner, repo: scope.repo, branch: scope.branch ?? undefined };
        const { publicKey } = await getJson<{ publicKey: string }>('/v1/keystore/pubkey', q);
        const envelope = encryptSecrets(parseScopePublicKey(publicKey), scope, profile.value.trim(), secrets);
        const entry = { owner: scope.owner, repo: scope.repo, branch: scope.branch, profile: profile.value.trim(), envelope, condition: cond };
        const quote = await signer.quote(entry);
        pending = { entry, quote, signer };
        sign.hidden = false;
        say(msg, 'notice', `Encrypted (${envelope.length} characters of ciphertext). ${quote.text}`);
        sign.focus();
      } catch (err) {
        say(msg, 'error', describeError(err));
      }
    })();
  });
  sign.addEventListener('click', () => {
    if (!pending) return;
    const { entry, quote, signer } = pending;
    sign.disabled = true;
    say(msg, 'notice', signer.kind === 'dev' ? 'Signing as the dev account…' : 'Waiting for your wallet…');
    signer.storeSecrets(entry, quote).then(
      async (text) => {
        sign.disabled = false;
        sign.hidden = true;
        pending = null;
        for (const row of rows) row.value.value = '';
        say(msg, 'notice', text);
        await reload();
      },
      (err: unknown) => {
        sign.disabled = false;
        say(msg, 'error', describeError(err));
      },
    );
  });
  return form;
}
