/**
 * `errand verify`'s refusals before it reads anything (the checks themselves, match and mismatch,
 * are tests/e2e/http.test.ts, tests/e2e/solanaHttp.test.ts and tests/e2e/verify.test.ts): a bad id,
 * no stack to ask (NEAR or Solana), flags of the other chain, a bad --sandbox or --secrets-env; how
 * a --secrets-env file becomes the program's environment; and the usage text.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { main } from '../../cli/main.ts';
import { programEnv, readSecretsEnv } from '../../cli/verify/secretsEnv.ts';
import { isErrandError } from '../../common/errors/index.ts';
import type { ExecutionRequest } from '../../common/types/index.ts';
import { scratchDir } from '../setup/scratchDirs.ts';

async function errandVerify(argv: string[]): Promise<{ code: number; err: string; out: string }> {
  const err: string[] = [];
  const out: string[] = [];
  const [error, log] = [console.error, console.log];
  console.error = (...a: unknown[]) => void err.push(a.join(' '));
  console.log = (...a: unknown[]) => void out.push(a.join(' '));
  try {
    return { code: await main(['verify', ...argv]), err: err.join('\n'), out: out.join('\n') };
  } finally {
    [console.error, console.log] = [error, log];
  }
}

/** A file holding `text`, in a scratch directory. */
function envFile(text: string): string {
  const file = path.join(scratchDir('errand-verify-env-'), 'env.json');
  writeFileSync(file, text, { mode: 0o600 });
  return file;
}

describe('errand verify: arguments', () => {
  it('refuses an id that is not a number (exit 2)', async () => {
    const r = await errandVerify(['abc']);
    assert.equal(r.code, 2);
    assert.match(r.err, /COMMON__INVALID_ARGUMENT/);
  });

  it('--chain solana without a running dev stack or network flags: CLI__NO_DEV_STACK', async () => {
    const r = await errandVerify(['1', '--chain', 'solana', '--data-dir', scratchDir('errand-verify-sol-')]);
    assert.equal(r.code, 1);
    assert.match(r.err, /CLI__NO_DEV_STACK/);
  });

  it('--chain solana with --rpc-url needs --program; Solana flags without --chain solana are refused (exit 2)', async () => {
    const noProgram = await errandVerify(['1', '--chain', 'solana', '--rpc-url', 'http://127.0.0.1:9']);
    assert.equal(noProgram.code, 2);
    assert.match(noProgram.err, /--program/);
    const nearWithProgram = await errandVerify(['1', '--program', '11111111111111111111111111111111']);
    assert.equal(nearWithProgram.code, 2);
    assert.match(nearWithProgram.err, /Solana flags/);
  });

  it('without a running dev stack or network flags: CLI__NO_DEV_STACK', async () => {
    const r = await errandVerify(['1', '--data-dir', scratchDir('errand-verify-')]);
    assert.equal(r.code, 1);
    assert.match(r.err, /CLI__NO_DEV_STACK/);
  });

  it('--sandbox other than bwrap or docker: exit 2, before any stack is looked for', async () => {
    const r = await errandVerify(['1', '--sandbox', 'chroot', '--data-dir', scratchDir('errand-verify-')]);
    assert.equal(r.code, 2);
    assert.match(r.err, /--sandbox must be bwrap or docker, got 'chroot' \(COMMON__INVALID_ARGUMENT\)/);
  });

  it('--secrets-env with a missing file: exit 2 naming the file', async () => {
    const missing = path.join(scratchDir('errand-verify-'), 'nope.json');
    const r = await errandVerify(['1', '--secrets-env', missing]);
    assert.equal(r.code, 2);
    assert.match(r.err, /--secrets-env: cannot read .*nope\.json \(ENOENT\)/);
  });

  it('--secrets-env that is not JSON: exit 2, and no part of the file is quoted', async () => {
    const r = await errandVerify(['1', '--secrets-env', envFile('{"API_KEY": hunter2-not-quoted}')]);
    assert.equal(r.code, 2);
    assert.match(r.err, /is not UTF-8 JSON \(COMMON__INVALID_ARGUMENT\)/);
    assert.doesNotMatch(r.err, /hunter2/);
  });

  it("--secrets-env breaking the keystore's rules (name, value type, NUL): exit 2, the value never shown", async () => {
    for (const [text, why] of [
      ['["A"]', /not a JSON object/],
      ['{"1BAD": "sekrit-1"}', /name is not an environment-variable-safe identifier \(1BAD\)/],
      ['{"N": 42}', /value is not a string \(N\)/],
      ['{"Z": "sekrit\\u0000-2"}', /value contains a NUL byte \(Z\)/],
    ] as const) {
      const r = await errandVerify(['1', '--secrets-env', envFile(text)]);
      assert.equal(r.code, 2, text);
      assert.match(r.err, why);
      assert.match(r.err, /COMMON__INVALID_ARGUMENT/);
      assert.doesNotMatch(r.err, /sekrit/);
    }
  });

  it("a --secrets-env file becomes the environment a worker gives: the keystore's order (sorted), no inherited fields", async () => {
    const env = await readSecretsEnv(envFile('{"ZETA": "z", "ALPHA": "a", "MID_1": ""}'));
    assert.deepEqual(Object.keys(env), ['ALPHA', 'MID_1', 'ZETA']);
    assert.equal(Object.getPrototypeOf(env), null);
    assert.equal(env['ZETA'], 'z');
  });

  it('programEnv: the supplied secrets for a request that used some; a coded refusal without them; none for a request without', () => {
    const base = { requestId: '7' } as ExecutionRequest;
    const withSecrets = { ...base, secretsRef: { owner: 'alice.local', profile: 'prod' } } as ExecutionRequest;
    assert.deepEqual(programEnv(withSecrets, { K: 'v' }), { K: 'v' });
    assert.throws(
      () => programEnv(withSecrets, undefined),
      (e: unknown) =>
        isErrandError(e, 'CLI__VERIFY_NEEDS_SECRETS') &&
        /pass --secrets-env FILE/.test(e.message) &&
        e.context.owner === 'alice.local' &&
        e.context.profile === 'prod',
    );
    assert.deepEqual(programEnv(base, undefined), {});
    assert.throws(
      () => programEnv(base, { K: 'v' }),
      (e: unknown) => isErrandError(e, 'COMMON__INVALID_ARGUMENT') && /used no secrets/.test(e.message),
    );
  });

  it('the usage names the rebuild and secrets flags', async () => {
    const r = await errandVerify(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.out, /usage: errand verify REQUEST_ID \[--json\] \[--chain near\|solana\] \[--rebuild\] \[--sandbox bwrap\|docker\] \[--secrets-env FILE\]/);
    assert.match(r.out, /rebuilt from the request's source at its pinned commit/);
    assert.match(r.out, /--secrets-env FILE, a JSON object/);
  });
});
