/** Guards the test loader: a class imported statically and dynamically must be one class (tsx loads ESM only). */
import assert from 'node:assert/strict';
import { ErrandError } from '../../common/errors/index.ts';
describe('dual', () => {
  it('same class', async () => {
    const m = await import('../../common/errors/index.ts');
    assert.equal(m.ErrandError, ErrandError);
  });
});
