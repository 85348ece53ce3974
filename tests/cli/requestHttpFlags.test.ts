/**
 * `errand request`'s HTTP flags become the request's http capability, with the contract's rules
 * applied before anything is estimated or paid. (That the capability reaches the chain, is priced
 * and used is tests/e2e/http.test.ts.)
 */
import assert from 'node:assert/strict';
import { isErrandError } from '../../common/errors/index.ts';
import { DEFAULT_HTTP, httpFromFlags } from '../../cli/request/httpFlags.ts';

const refused = (flags: Parameters<typeof httpFromFlags>[0], field: string) =>
  assert.throws(
    () => httpFromFlags(flags),
    (e: unknown) => isErrandError(e, 'COMMON__INVALID_ARGUMENT') && e.context.field === field,
  );

describe('errand request --http-* flags', () => {
  it('no flags: no capability', () => {
    assert.equal(httpFromFlags({}), undefined);
  });

  it('hosts with defaults, and explicit limits', () => {
    assert.deepEqual(httpFromFlags({ 'http-allow': ['api.example.com'] }), { allow: ['api.example.com'], ...DEFAULT_HTTP });
    assert.deepEqual(httpFromFlags({ 'http-allow': ['127.0.0.1:8080', '*.example.org'], 'http-max-requests': '3', 'http-max-bytes': '4096' }), {
      allow: ['127.0.0.1:8080', '*.example.org'],
      maxRequests: 3,
      maxResponseBytes: 4096,
    });
  });

  it('refuses bad hosts, limits without hosts, and limits out of range', () => {
    refused({ 'http-allow': ['https://api.example.com'] }, 'http-allow');
    refused({ 'http-allow': ['API.example.com'] }, 'http-allow');
    refused({ 'http-allow': ['*.com'] }, 'http-allow');
    refused({ 'http-allow': ['a.example:70000'] }, 'http-allow');
    refused({ 'http-max-requests': '2' }, 'http-allow');
    refused({ 'http-allow': ['a.example'], 'http-max-requests': '0' }, 'http-max-requests');
    refused({ 'http-allow': ['a.example'], 'http-max-requests': '257' }, 'http-max-requests');
    refused({ 'http-allow': ['a.example'], 'http-max-bytes': String((16 << 20) + 1) }, 'http-max-bytes');
    refused({ 'http-allow': Array.from({ length: 17 }, (_, i) => `h${i}.example`) }, 'http-allow');
  });
});
