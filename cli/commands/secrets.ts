/**
 * `errand secrets encrypt|store|list|delete`: client-side encryption of secrets for a repo scope,
 * and managing the on-chain entries. `encrypt` prints the base64 envelope as its last line; it gets
 * the scope's public key from the coordinator (COORDINATOR_URL or --coordinator, which proxies the
 * keystore's GET /v1/pubkey as GET /v1/keystore/pubkey) unless --pubkey gives it. Plaintext values
 * are never printed or written anywhere.
 */
import { parseArgs } from 'node:util';
import { withTimeout } from '../../common/abort.ts';
import { ErrandError, isErrandError } from '../../common/errors/index.ts';
import { CHAINS, type ChainId } from '../../common/types/index.ts';
import { requestJson } from '../../keystore/client/keystoreHttp.ts';
import { bytesToHex } from '../../keystore/envelope/bytes.ts';
import { encryptSecrets, parseScopePublicKey } from '../../keystore/envelope/encryptSecrets.ts';
import { assertProfile, assertScope, type KeystoreScope } from '../../keystore/envelope/scope.ts';
import { ENV_KEY, type SecretsMap } from '../../keystore/envelope/secretsPlaintext.ts';
import { validateAccessCondition } from '../../keystore/envelope/validateAccessCondition.ts';

export const summary = 'encrypt secrets for a repo (encrypt), and store/list/delete them on-chain';

const USAGE = `usage:
  errand secrets encrypt --chain C --owner O --repo R [--branch B] --profile P [--pubkey HEX] [--coordinator URL] KEY=VALUE...
  errand secrets store --repo R [--branch B] --profile P --encrypted BASE64 --condition JSON
  errand secrets list --owner O
  errand secrets delete --repo R [--branch B] --profile P`;

function invalid(message: string, field?: string): ErrandError {
  return new ErrandError('COMMON__INVALID_ARGUMENT', message, { ...(field && { field }), issues: [message] });
}

/** Bad user input found by the keystore's own validators is a usage error here (exit 2). */
function asUsageError(e: unknown): unknown {
  if (isErrandError(e, 'KEYSTORE__SCOPE_INVALID') || isErrandError(e, 'KEYSTORE__SECRETS_INVALID') || isErrandError(e, 'KEYSTORE__CONDITION_INVALID')) {
    return invalid(`${e.message} (${e.code})`);
  }
  return e;
}

export function parseSecretPairs(pairs: string[]): SecretsMap {
  if (pairs.length === 0) throw invalid('give at least one KEY=VALUE pair');
  const secrets: SecretsMap = Object.create(null) as SecretsMap;
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    // The pair may hold a secret value: name only the key in errors, never echo the whole argument.
    if (eq <= 0 || !ENV_KEY.test(key)) throw invalid(`malformed KEY=VALUE pair (key ${JSON.stringify(key.slice(0, 40))}): KEY must match [A-Za-z_][A-Za-z0-9_]*`, 'pairs');
    if (key in secrets) throw invalid(`duplicate key ${key}`, 'pairs');
    secrets[key] = pair.slice(eq + 1);
  }
  return secrets;
}

async function fetchScopePublicKey(coordinatorUrl: string, scope: KeystoreScope): Promise<Uint8Array> {
  const q = new URLSearchParams({ chain: scope.chain, owner: scope.owner, repo: scope.repo });
  if (scope.branch !== null) q.set('branch', scope.branch);
  const url = `${coordinatorUrl.replace(/\/+$/, '')}/v1/keystore/pubkey?${q.toString()}`;
  const body = (await requestJson(url, { method: 'GET', signal: withTimeout(undefined, 15_000) })) as { publicKey?: unknown };
  try {
    return parseScopePublicKey(body.publicKey);
  } catch {
    throw new ErrandError('COMMON__UNAVAILABLE', 'coordinator returned a malformed public key', { service: 'coordinator', reason: 'bad key' });
  }
}

async function encrypt(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      chain: { type: 'string' },
      owner: { type: 'string' },
      repo: { type: 'string' },
      branch: { type: 'string' },
      profile: { type: 'string' },
      pubkey: { type: 'string' },
      coordinator: { type: 'string' },
    },
  });
  for (const f of ['chain', 'owner', 'repo', 'profile'] as const) if (!values[f]) throw invalid(`--${f} is required\n${USAGE}`, f);
  if (!CHAINS.includes(values.chain as ChainId)) throw invalid(`--chain must be one of ${CHAINS.join(', ')}`, 'chain');
  const scope: KeystoreScope = { chain: values.chain as ChainId, owner: values.owner!, repo: values.repo!, branch: values.branch ?? null };
  const profile = values.profile!;
  let key: Uint8Array;
  let envelope: string;
  try {
    assertScope(scope);
    assertProfile(profile);
    const secrets = parseSecretPairs(positionals);
    if (values.pubkey !== undefined) {
      key = parseScopePublicKey(values.pubkey);
    } else {
      const coordinator = values.coordinator ?? process.env.COORDINATOR_URL;
      if (!coordinator) throw invalid('give --pubkey HEX, or --coordinator URL / COORDINATOR_URL to fetch the scope public key', 'pubkey');
      key = await fetchScopePublicKey(coordinator, scope);
    }
    envelope = encryptSecrets(key, scope, profile, secrets);
  } catch (e) {
    throw asUsageError(e);
  }
  console.log(`scope: ${scope.chain} ${scope.owner} ${scope.repo} ${scope.branch ?? '(any branch)'} profile ${profile}`);
  console.log(`public key: ${bytesToHex(key)}`);
  if (envelope.length > 16384) console.log('warning: envelope is longer than the NEAR contract accepts (16384 characters)');
  console.log(envelope);
  return 0;
}

function unfinished(what: string): never {
  throw new ErrandError('KEYSTORE__UNFINISHED', `errand secrets ${what} needs the NEAR contract client (contracts/near/client), which is not built yet`, {
    feature: `secrets ${what} via contracts/near/client`,
  });
}

async function store(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { repo: { type: 'string' }, branch: { type: 'string' }, profile: { type: 'string' }, encrypted: { type: 'string' }, condition: { type: 'string' } },
  });
  for (const f of ['repo', 'profile', 'encrypted', 'condition'] as const) if (!values[f]) throw invalid(`--${f} is required\n${USAGE}`, f);
  let condition: unknown;
  try {
    condition = JSON.parse(values.condition!);
  } catch {
    throw invalid('--condition must be JSON', 'condition');
  }
  try {
    validateAccessCondition(condition);
  } catch (e) {
    throw asUsageError(e);
  }
  return unfinished('store');
}

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'encrypt':
      return encrypt(rest);
    case 'store':
      return store(rest);
    case 'list':
      return unfinished('list');
    case 'delete':
      return unfinished('delete');
    default:
      throw invalid(`unknown or missing sub-command\n${USAGE}`);
  }
}
