/** Small assertions for tests that compare how two implementations fail. */
import assert from 'node:assert/strict';
import { ErrandError } from '../../../common/errors/index.ts';

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => assert.fail('expected a rejection'),
    (e: unknown) => e,
  );
}

/** What a caller sees of a coded error: code, message, context (fails the test for anything else). */
export function coded(e: unknown): { code: string; message: string; context: unknown } {
  assert.ok(e instanceof ErrandError, `a coded error, not ${String(e)}`);
  return { code: e.code, message: e.message, context: e.context };
}
