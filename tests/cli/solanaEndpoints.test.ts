/**
 * The Solana flags of `errand request` and `errand verify` (cli/endpoint/solanaEndpoints.ts): a real
 * cluster needs a program id and well-formed URLs, and `errand request` a keypair to sign with;
 * each refusal names its flag. The running dev stack path is covered by the end-to-end tests.
 */
import assert from 'node:assert/strict';
import { isErrandError } from '../../common/errors/index.ts';
import { resolveSolanaTarget } from '../../cli/endpoint/resolveSolanaTarget.ts';
import { solanaEndpoints } from '../../cli/endpoint/solanaEndpoints.ts';

const PROGRAM = '11111111111111111111111111111111';
const refusedOn = (field: string, pattern: RegExp) => (e: unknown) => {
  assert.ok(isErrandError(e, 'COMMON__INVALID_ARGUMENT'), String(e));
  assert.equal(e.context.field, field);
  assert.match(e.message, pattern);
  return true;
};

describe('cli: Solana endpoint flags', () => {
  const env = {}; // nothing from the environment

  it('a cluster is its RPC, optional PubSub, program and coordinator, from flags or the environment', () => {
    const at = solanaEndpoints({ 'rpc-url': 'https://rpc.example', program: PROGRAM }, env);
    assert.deepEqual([at.dev, at.rpcUrl, at.wsUrl, at.programId, at.coordinator], [false, 'https://rpc.example', undefined, PROGRAM, undefined]);
    const fromEnv = solanaEndpoints({}, { SOLANA_RPC_URL: 'http://127.0.0.1:8899', SOLANA_WS_URL: 'ws://127.0.0.1:8900', ERRAND_SOLANA_PROGRAM_ID: PROGRAM });
    assert.deepEqual([fromEnv.rpcUrl, fromEnv.wsUrl, fromEnv.programId], ['http://127.0.0.1:8899', 'ws://127.0.0.1:8900', PROGRAM]);
  });

  it('refuses a missing or malformed program id, and URLs of the wrong kind', () => {
    assert.throws(() => solanaEndpoints({ 'rpc-url': 'https://rpc.example' }, env), refusedOn('program', /give --program ID/));
    assert.throws(() => solanaEndpoints({ 'rpc-url': 'https://rpc.example', program: 'not-base58!' }, env), refusedOn('program', /not a base58/));
    assert.throws(() => solanaEndpoints({ 'rpc-url': 'rpc.example', program: PROGRAM }, env), refusedOn('rpc-url', /must be a URL/));
    assert.throws(() => solanaEndpoints({ 'rpc-url': 'ws://rpc.example', program: PROGRAM }, env), refusedOn('rpc-url', /http: or https:/));
    assert.throws(
      () => solanaEndpoints({ 'rpc-url': 'https://rpc.example', 'ws-url': 'https://x', program: PROGRAM }, env),
      refusedOn('ws-url', /ws: or wss:/),
    );
    assert.throws(
      () => solanaEndpoints({ 'rpc-url': 'https://rpc.example', program: PROGRAM, coordinator: 'ftp://c' }, env),
      refusedOn('coordinator', /http: or https:/),
    );
  });

  it('errand request on a cluster needs a keypair to sign with', () => {
    assert.throws(() => resolveSolanaTarget({ 'rpc-url': 'https://rpc.example', program: PROGRAM }, env), refusedOn('keypair', /give --keypair F/));
  });
});
