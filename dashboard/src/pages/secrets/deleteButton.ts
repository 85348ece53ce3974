/** Deletes one listed secrets entry for its storage refund, then reloads the listing and says what happened. */
import { describeError } from '../../api.ts';
import { h } from '../../dom.ts';
import type { Signer } from '../../signer.ts';
import { say } from './say.ts';
import type { ListedEntry } from './secretsList.ts';

export function deleteButton(signer: Signer, owner: string, e: ListedEntry, msg: HTMLElement, reload: () => Promise<void>): HTMLButtonElement {
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
