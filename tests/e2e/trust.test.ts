/**
 * End to end: a poisoned compile. A rogue worker (a valid coordinator token, nothing else) claims a
 * request, uploads a module of its own, completes the compile with the real commit as its pin and
 * hands the request back. The honest worker that re-claims it — and a later request for the same
 * commit — must compile and run the real program, never the rogue's module.
 */
import assert from 'node:assert/strict';
import type { DevStack } from '../../cli/dev/startDevStack.ts';
import { sha256Hex } from '../../coordinator/cache/validateUpload.ts';
import { isErrandError } from '../../common/errors/index.ts';
import { encryptSecrets, KeystoreSecretsProvider, NearKeyPairSigner } from '../../keystore/index.ts';
import { wat } from '../common/helpers/wat.ts';
import { admin, headCommit, programRepo, requestAndSettle, startE2eStack, stepLog } from './helpers.ts';
import { requireTools } from '../setup/requireTools.ts';

describe('end to end: module cache poisoning, and secrets only with the claim', function () {
  before(async function () {
    await requireTools(this, ['bwrap', 'clang-14']);
  });
  this.timeout(240_000);
  let stack: DevStack | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });

  it('a poisoned compile is never run for another request', async () => {
    const steps = stepLog();
    stack = await startE2eStack(steps, { workers: 1, startWorkers: false });
    const repo = programRepo();
    const commit = headCommit(repo);
    const coord = admin(stack);
    const rogueReg = await coord.registerWorker({ workerId: 'rogue.local', operator: 'mallory' });
    const rogue = coord.withToken(rogueReg.token);
    // Runs, exits 0 and prints nothing: if it ever ran, the output would be empty.
    const evil = await wat('(module (memory (export "memory") 1) (func (export "_start")))');

    const first = requestAndSettle(stack, repo, 'upper:first');
    let claim = null;
    while (!claim) claim = await rogue.poll(5_000);
    assert.deepEqual(
      claim.jobs.map((j) => j.type),
      ['compile', 'execute'],
    );
    await rogue.uploadWasm(sha256Hex(evil), evil);
    await rogue.completeCompile(claim.jobs[0]!.id, { wasmSha256: sha256Hex(evil), pinnedCommit: commit });
    await rogue.failJob(claim.jobs[1]!.id, { error: { code: 'COMMON__UNAVAILABLE', message: 'going away' }, retryable: true });

    await stack.addWorker(stack.chain.workerIds[0]!);
    const a = await first;
    assert.deepEqual(a.response.output, { format: 'text', value: 'FIRST' }, 'the honest worker ran its own build');
    const b = await requestAndSettle(stack, repo, 'upper:second', { commit });
    assert.deepEqual(b.response.output, { format: 'text', value: 'SECOND' }, 'a request naming the commit never gets the rogue module');
    const compiled = steps.of('compiled');
    assert.ok(compiled.length >= 2 && compiled.every((c) => c.sha256 !== sha256Hex(evil)), 'the honest worker never took the rogue module');
  });

  it('a registered worker without the claim asking for secrets is refused; the lease holder is served', async () => {
    stack = await startE2eStack(stepLog(), { workers: 2, startWorkers: false });
    const st = stack;
    const repo = programRepo();
    const [holderId, strangerId] = st.chain.workerIds as [string, string];
    const user = st.chain.clientFor(st.chain.userId);
    const query = new URLSearchParams({ chain: 'near', owner: st.chain.userId, repo });
    const pub = (await (await fetch(`${st.coordinator.url}/v1/keystore/pubkey?${query}`)).json()) as { publicKey: string };
    const envelope = encryptSecrets(pub.publicKey, { chain: 'near', owner: st.chain.userId, repo, branch: null }, 'e2e', { E2E_SECRET: 'twelve-bytes' });
    await user.storeSecrets({ repo, branch: null, profile: 'e2e', encrypted: envelope, accessCondition: { type: 'AllowAll' } }, 10n ** 23n);

    const coord = admin(st);
    const signerOf = (id: string) => new NearKeyPairSigner(st.chain.near.secretKeyOf(id));
    const enrol = async (workerId: string, account: string) => {
      const signer = signerOf(account);
      const reg = await coord.registerWorker({ workerId, publicKey: signer.publicKey, operator: account });
      const keystore = new KeystoreSecretsProvider({ keystoreUrl: st.keystore.url, workerAccount: account, signer, measurement: st.measurement });
      return { client: coord.withToken(reg.token), keystore };
    };
    const holder = await enrol('holder', holderId);
    const stranger = await enrol('stranger', strangerId);

    const settled = requestAndSettle(st, repo, 'secret', { secretsRef: { owner: st.chain.userId, profile: 'e2e' } });
    let claim = null;
    while (!claim) claim = await holder.client.poll(5_000);
    const executeJob = claim.jobs.find((j) => j.type === 'execute')!;

    // The stranger is registered and staked on-chain, attests correctly, but holds no lease.
    await assert.rejects(stranger.keystore.fetchSecrets(claim.request), (e) => isErrandError(e, 'KEYSTORE__CLAIM_TICKET_INVALID'));
    await assert.rejects(stranger.client.claimTicket(executeJob.id), (e) => isErrandError(e, 'COORDINATOR__LEASE_LOST'));
    // The holder's ticket names the holder's key: useless to the stranger.
    const ticket = await holder.client.claimTicket(executeJob.id);
    await assert.rejects(stranger.keystore.fetchSecrets(claim.request, undefined, ticket), (e) => isErrandError(e, 'KEYSTORE__CLAIM_TICKET_INVALID'));
    assert.deepEqual({ ...(await holder.keystore.fetchSecrets(claim.request, undefined, ticket)) }, { E2E_SECRET: 'twelve-bytes' });

    // Handed back, the request is run by an ordinary worker, tickets and all.
    await holder.client.failJob(executeJob.id, { error: { code: 'COMMON__UNAVAILABLE', message: 'test hand-back' }, retryable: true });
    await st.addWorker(holderId);
    const s = await settled;
    assert.deepEqual(s.response.output, { format: 'text', value: 'secret of 12 bytes\n' });
  });
});
