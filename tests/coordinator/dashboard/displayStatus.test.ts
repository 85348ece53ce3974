import assert from 'node:assert/strict';
import { DISPLAY_STATUSES, displayStatus, ledgerStatusesOf } from '../../../coordinator/dashboard/displayStatus.ts';
import { REQUEST_STATUSES } from '../../../coordinator/api/index.ts';

describe('dashboard display status', () => {
  it('splits claimed by the running job and done by success', () => {
    assert.equal(displayStatus('queued', null, false), 'new');
    assert.equal(displayStatus('claimed', null, false), 'claimed');
    assert.equal(displayStatus('claimed', 'compile', false), 'compiling');
    assert.equal(displayStatus('claimed', 'execute', false), 'executing');
    assert.equal(displayStatus('done', null, false), 'resolved');
    assert.equal(displayStatus('done', null, true), 'failed');
    assert.equal(displayStatus('resolved', null, false), 'resolved');
    assert.equal(displayStatus('failed', null, false), 'failed');
  });

  it('the SQL pre-filter of each display status includes every ledger status that can show as it', () => {
    for (const s of REQUEST_STATUSES) {
      for (const job of [null, 'compile', 'execute'] as const) {
        for (const failed of [false, true]) {
          const shown = displayStatus(s, job, failed);
          assert.ok(DISPLAY_STATUSES.includes(shown));
          assert.ok(ledgerStatusesOf(shown).includes(s), `${s}/${job}/${failed} shows as ${shown}`);
        }
      }
    }
  });
});
