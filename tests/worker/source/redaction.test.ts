import assert from 'node:assert/strict';
import { isErrandError } from '../../../common/errors/index.ts';
import { pinCommit, redactUrls } from '../../../worker/source/index.ts';

describe('worker/source: credential redaction', () => {
  it('strips userinfo and secret query parameters from URLs inside any text', () => {
    assert.equal(redactUrls('fetch https://bob:ghp_abc@github.com/x/y.git failed'), 'fetch https://***@github.com/x/y.git failed');
    assert.equal(redactUrls('ssh://git@host/repo'), 'ssh://***@host/repo');
    assert.equal(redactUrls('https://h/x?token=s3cr3t&a=1'), 'https://h/x?token=***&a=1');
    assert.equal(redactUrls('no urls here'), 'no urls here');
  });

  it('keeps credentials out of a failed git fetch error (message and context)', async () => {
    // Port 9 on loopback: nothing listens, so git fails fast with the URL in its own message.
    await assert.rejects(pinCommit('http://deploy:tok3n-XYZ@127.0.0.1:9/org/repo.git', 'main', { timeoutMs: 20_000 }), (e) => {
      assert.ok(isErrandError(e, 'WORKER__SOURCE_FETCH_FAILED'), String(e));
      const everything = JSON.stringify({ message: e.message, context: e.context, stack: e.stack });
      assert.ok(!everything.includes('tok3n-XYZ'), everything);
      assert.ok(!everything.includes('deploy:'), everything);
      assert.ok(everything.includes('***@127.0.0.1:9'), everything);
      return true;
    });
  });
});
