/**
 * `errand verify` end to end on the dev stack (local chain, coordinator, keystore, bubblewrap
 * worker), for what it needs besides the coordinator's cache: a module the coordinator no longer
 * has is rebuilt from the request's source at the commit the worker pinned, and `--rebuild` checks
 * that the build reproduces the module the worker ran; a request that used secrets is re-executed
 * only with the values its owner supplies (`--secrets-env FILE`), and refused (exit 2) without them.
 * The http capability's replay is tests/e2e/http.test.ts.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../cli/main.ts';
import type { DevStack } from '../../cli/dev/startDevStack.ts';
import { reexecute } from '../../cli/verify/reexecute.ts';
import { encryptSecrets } from '../../keystore/index.ts';
import { compileSource, createSandbox } from '../../worker/compile/index.ts';
import { gitRepoWith } from '../worker/loop/helpers.ts';
import { requireTools } from '../setup/requireTools.ts';
import { scratchDir } from '../setup/scratchDirs.ts';
import { assertVerifyReport, verifyFlags } from './errandVerify.ts';
import { asForger, handInModule, resolveOnNear } from './forger.ts';
import { admin, headCommit, LIMITS, programRepo, requestAndSettle, startE2eStack, stepLog } from './helpers.ts';
import { compiledWasmSha256, ledgerRecord } from './ledger.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

/** `errand verify ID FLAGS...` in-process, as the command line runs it: exit code, stdout, errors. */
async function errandVerify(stack: DevStack, requestId: string, ...flags: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const error = console.error;
  process.stdout.write = ((chunk: string | Uint8Array) => out.push(String(chunk)) > 0) as typeof process.stdout.write;
  console.error = (...a: unknown[]) => void err.push(a.join(' '));
  try {
    const code = await main(['verify', requestId, ...flags, ...verifyFlags(stack, 'near')]);
    return { code, out: out.join(''), err: err.join('\n') };
  } finally {
    process.stdout.write = write;
    console.error = error;
  }
}

/** The module the request's compile job produced, by the coordinator's ledger. */
async function compiledModule(stack: DevStack, requestId: string): Promise<string> {
  const [record] = await admin(stack).listRequests({ chain: 'near', contractId: stack.chain.contractId, requestId, limit: 1 });
  assert.ok(record, `the coordinator recorded request ${requestId}`);
  return compiledWasmSha256(stack, record.id);
}

/** Deletes a module's bytes from the coordinator's blob store (files without DATABASE_URL, else Postgres). */
async function evictBlob(stack: DevStack, dataDir: string, sha256: string): Promise<void> {
  const file = path.join(dataDir, 'wasm', sha256.slice(0, 2), `${sha256}.wasm`);
  if (existsSync(file)) return rmSync(file);
  const { db } = stack.coordinator.service;
  await db.query(`DELETE FROM wasm_blob_chunks WHERE sha256 = $1`, [sha256]);
  const { rowCount } = await db.query(`DELETE FROM wasm_blobs WHERE sha256 = $1`, [sha256]);
  assert.equal(rowCount, 1, `module ${sha256} was in the blob store`);
}

describe('end to end: errand verify rebuilds from source and takes the secrets from their owner', function () {
  before(async function () {
    await requireTools(this, ['bwrap', 'clang-14']);
  });
  this.timeout(300_000);
  const steps = stepLog();
  const dataDir = scratchDir('errand-e2e-verify-');
  let stack: DevStack;
  let repo: string;

  before(async () => {
    stack = await startE2eStack(steps, { dataDir });
    repo = programRepo();
  });
  after(async () => {
    await stack?.close();
  });

  it('--rebuild: the module rebuilt from the pinned commit is the one the worker ran (module match)', async () => {
    // A branch: the rebuild takes the commit the worker pinned it to.
    const settled = await requestAndSettle(stack, repo, 'upper:rebuild me', { commit: 'main' });
    assert.deepEqual(settled.response.output, { format: 'text', value: 'REBUILD ME' });
    const ran = await compiledModule(stack, settled.requestId);
    const r = await errandVerify(stack, settled.requestId, '--rebuild');
    assertVerifyReport(r, 0, { output: 'match', fuel: 'match' });
    assert.match(r.out, new RegExp(`module\\s+match \\(${ran}\\)`));
  });

  describe('a request that used secrets', () => {
    let requestId: string;
    const secretsFile = (env: Record<string, string>): string => {
      const file = path.join(scratchDir('errand-verify-secrets-'), 'env.json');
      writeFileSync(file, JSON.stringify(env), { mode: 0o600 });
      return file;
    };

    before(async () => {
      const user = stack.chain.clientFor(stack.chain.userId);
      const query = new URLSearchParams({ chain: 'near', owner: stack.chain.userId, repo });
      const pub = (await (await fetch(`${stack.coordinator.url}/v1/keystore/pubkey?${query}`)).json()) as { publicKey: string };
      const scope = { chain: 'near' as const, owner: stack.chain.userId, repo, branch: null };
      const envelope = encryptSecrets(pub.publicKey, scope, 'verify', { E2E_SECRET: 'twelve-bytes' });
      await user.storeSecrets({ repo, branch: null, profile: 'verify', encrypted: envelope, accessCondition: { type: 'AllowAll' } }, 10n ** 23n);
      const s = await requestAndSettle(stack, repo, 'secret', { secretsRef: { owner: stack.chain.userId, profile: 'verify' } });
      assert.deepEqual(s.response.output, { format: 'text', value: 'secret of 12 bytes\n' }, JSON.stringify(s.response));
      requestId = s.requestId;
    });

    it('without --secrets-env: CLI__VERIFY_NEEDS_SECRETS, exit 2', async () => {
      const r = await errandVerify(stack, requestId);
      assert.equal(r.code, 2, r.err);
      assert.match(r.err, /CLI__VERIFY_NEEDS_SECRETS/);
      assert.match(r.err, /pass --secrets-env FILE/);
      assert.equal(r.out, '', 'nothing is re-executed');
    });

    it('with the values the program received: match', async () => {
      const r = await errandVerify(stack, requestId, '--secrets-env', secretsFile({ E2E_SECRET: 'twelve-bytes' }));
      assert.equal(r.code, 0, `${r.out}\n${r.err}`);
      assert.match(r.out, /output\s+match/);
      assert.match(r.out, /fuel\s+match/);
      assert.doesNotMatch(r.out + r.err, /twelve-bytes/, 'the secret is never printed');
    });

    it('with other values: mismatch (exit 1), the values never printed', async () => {
      const r = await errandVerify(stack, requestId, '--secrets-env', secretsFile({ E2E_SECRET: 'wrong-value-of-another-length' }));
      assertVerifyReport(r, 1, { output: 'mismatch' });
      assert.doesNotMatch(r.out + r.err, /wrong-value/);
    });
  });

  // Last: the other requests share this module, and a worker would have to compile it again.
  describe('a module evicted from the cache', () => {
    it("a module no longer in the coordinator's cache is rebuilt from source: match", async () => {
      const settled = await requestAndSettle(stack, repo, 'upper:evicted', { commit: 'main' });
      const ran = await compiledModule(stack, settled.requestId);
      await evictBlob(stack, dataDir, ran);
      const downloaded = await admin(stack)
        .downloadWasm(ran)
        .then(
          () => 'found',
          (e: { code?: string }) => e.code,
        );
      assert.equal(downloaded, 'COORDINATOR__WASM_NOT_FOUND', 'the coordinator no longer has the module');

      const r = await errandVerify(stack, settled.requestId);
      assertVerifyReport(r, 0, { output: 'match', fuel: 'match', module: 'match' });
      assert.match(r.out, new RegExp(`module ${ran}\\)`), 'the rebuilt module is the one the worker ran');
    });
  });

  // Last: it stops the honest worker (this test plays a lying one).
  describe('a worker that ran a module its source does not build', () => {
    it('the cache alone cannot tell; --rebuild says module mismatch (exit 1)', async () => {
      await stack.workers[0]!.stop(2_000);
      const commit = headCommit(repo);
      // The forged module: the same program, but it upper-cases nothing.
      const fixture = readFileSync(path.join(here, 'fixtures', 'program.c'), 'utf8');
      assert.ok(fixture.includes('toupper((unsigned char)*p)'));
      const forgedRepo = gitRepoWith({ 'main.c': fixture.replace('toupper((unsigned char)*p)', '*p') }).url;
      const forged = await compileSource(
        { kind: 'git', repo: forgedRepo, commit: headCommit(forgedRepo), target: 'wasm32-wasip1' },
        { sandbox: createSandbox('bwrap'), workDir: os.tmpdir(), timeoutMs: 120_000 },
      );

      const user = stack.chain.clientFor(stack.chain.userId);
      const input = 'upper:forged';
      const deposit = await user.estimateCost(LIMITS, undefined, { inputBytes: input.length });
      const { requestId } = await user.requestExecution({ source: { kind: 'git', repo, commit, target: 'wasm32-wasip1' }, input, limits: LIMITS }, deposit);
      const record = await ledgerRecord(stack, 'near', requestId);
      await asForger(stack, record.id, async ({ forger, claim, compileJob, executeJob }) => {
        assert.ok(compileJob, 'an untrusted build is not shared: the forger gets the compile job');
        await handInModule(forger, compileJob, forged.sha256, forged.wasm, commit);
        // What the forged module really answers, resolved with the registered worker key.
        const response = await reexecute(claim.request, forged.wasm, undefined);
        assert.deepEqual(response.output, { format: 'text', value: 'forged' });
        await resolveOnNear(stack, requestId, response);
        await forger.completeExecute(executeJob.id, { response });
      });

      const cached = await errandVerify(stack, requestId);
      assert.equal(cached.code, 0, `the forged module re-executes to its own claim: ${cached.out}\n${cached.err}`);
      assert.match(cached.out, new RegExp(`module ${forged.sha256}\\)`));

      const rebuilt = await errandVerify(stack, requestId, '--rebuild');
      assertVerifyReport(rebuilt, 1, { output: 'mismatch' });
      assert.match(rebuilt.out, new RegExp(`module\\s+mismatch \\(worker ran ${forged.sha256}, rebuilt [0-9a-f]{64}\\)`));
    });
  });
});
