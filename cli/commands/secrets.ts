/**
 * `errand secrets encrypt|store|list|delete`: client-side encryption of secrets for a repo scope,
 * and managing the on-chain entries. `encrypt` prints the base64 envelope as its last line; it gets
 * the scope's public key from the coordinator (COORDINATOR_URL or --coordinator, which proxies the
 * keystore's GET /v1/pubkey as GET /v1/keystore/pubkey) unless --pubkey gives it. Plaintext values
 * are never printed or written anywhere.
 * `store`, `list` and `delete` talk to the Errand NEAR contract through ErrandNearClient
 * (keystore/client/secretsOnChain.ts), or with `--chain solana` to the Errand Solana program
 * (keystore/client/solanaSecretsOnChain.ts, signed with a Solana keypair file); `store` validates
 * the envelope and the access condition (in that chain's terms) locally first, so nothing invalid
 * is paid for. The signing key (--key-file / NEAR_PRIVATE_KEY, --keypair / SOLANA_KEYPAIR) is
 * never printed.
 */
import { parseArgs } from 'node:util';
import { withTimeout } from '../../common/abort.ts';
import { isErrandError } from '../../common/errors/index.ts';
import { CHAINS, type ChainId } from '../../common/types/index.ts';
import { scopePublicKeyAnswer } from '../../keystore/api/index.ts';
import { requestJson } from '../../keystore/client/keystoreHttp.ts';
import { bytesToHex } from '../../keystore/envelope/bytes.ts';
import { encryptSecrets, parseScopePublicKey } from '../../keystore/envelope/encryptSecrets.ts';
import { assertProfile, assertScope, type KeystoreScope } from '../../keystore/envelope/scope.ts';
import { ENV_KEY, type SecretsMap } from '../../keystore/envelope/secretsPlaintext.ts';
import { loadNearKey } from '../../keystore/client/nearCredentials.ts';
import { validateStoreContent } from '../../keystore/client/prepareStoreSecrets.ts';
import { deleteSecretsOnChain, listSecretsOnChain, secretsClient, storeSecretsOnChain, type NearTarget } from '../../keystore/client/secretsOnChain.ts';
import { MAX_SOLANA_ENVELOPE_BYTES } from '../../keystore/client/solanaSecretsOnChain.ts';
import { isSolanaAddress } from '../../keystore/envelope/solanaAddress.ts';
import { branchLabel, CALL_TIMEOUT_MS, invalid, rpcUrlFrom, type Flags } from '../secrets/flags.ts';
import { deleteOnSolana, listOnSolana, solanaEncryptDefaults, storeOnSolana } from '../secrets/solanaSecrets.ts';

export const summary = 'encrypt secrets for a repo (encrypt), and store/list/delete them on-chain';

const USAGE = `usage: errand secrets encrypt|store|list|delete ...
  errand secrets encrypt --chain C --owner O --repo R [--branch B] --profile P [--pubkey HEX] [--coordinator URL] KEY=VALUE...
  errand secrets store [--chain near|solana] --repo R [--branch B] --profile P --envelope BASE64 --condition JSON [--deposit YOCTO] [chain flags]
  errand secrets list [--chain near|solana] --owner O [chain flags]
  errand secrets delete [--chain near|solana] --repo R [--branch B] --profile P [chain flags]
NEAR flags (the default chain): --rpc-url URL (NEAR_RPC_URL) --contract ID (ERRAND_CONTRACT_ID) --account ID (NEAR_ACCOUNT_ID)
  --key-file PATH (or NEAR_PRIVATE_KEY=ed25519:...; the key is never printed)
Solana flags (--chain solana): --rpc-url URL (SOLANA_RPC_URL) [--ws-url URL (SOLANA_WS_URL)] --program ID (ERRAND_SOLANA_PROGRAM_ID)
  --keypair FILE (SOLANA_KEYPAIR; solana-keygen's JSON; its public key is the owner; never printed)
  Without --rpc-url (or SOLANA_RPC_URL), --chain solana uses the running \`errand dev --chain solana\` stack
  of --data-dir D (default .errand/dev): its RPC, program and dev user's keypair; encrypt then fetches the
  public key from its coordinator, and --owner defaults to that user.`;

/** Bad user input found by the keystore's own validators is a usage error here (exit 2). */
function asUsageError(e: unknown): unknown {
  if (
    isErrandError(e, 'KEYSTORE__SCOPE_INVALID') ||
    isErrandError(e, 'KEYSTORE__SECRETS_INVALID') ||
    isErrandError(e, 'KEYSTORE__CONDITION_INVALID') ||
    isErrandError(e, 'KEYSTORE__ENVELOPE_INVALID')
  ) {
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
    if (eq <= 0 || !ENV_KEY.test(key))
      throw invalid(`malformed KEY=VALUE pair (key ${JSON.stringify(key.slice(0, 40))}): KEY must match [A-Za-z_][A-Za-z0-9_]*`, 'pairs');
    if (key in secrets) throw invalid(`duplicate key ${key}`, 'pairs');
    secrets[key] = pair.slice(eq + 1);
  }
  return secrets;
}

async function fetchScopePublicKey(coordinatorUrl: string, scope: KeystoreScope): Promise<Uint8Array> {
  const q = new URLSearchParams({ chain: scope.chain, owner: scope.owner, repo: scope.repo });
  if (scope.branch !== null) q.set('branch', scope.branch);
  const url = `${coordinatorUrl.replace(/\/+$/, '')}/v1/keystore/pubkey?${q.toString()}`;
  const body = await requestJson(url, { method: 'GET', signal: withTimeout(undefined, 15_000) }, scopePublicKeyAnswer);
  return parseScopePublicKey(body.publicKey);
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
      'data-dir': { type: 'string' },
    },
  });
  // On a local Solana stack, its dev user is the owner and its coordinator serves the key.
  if (
    values.chain === 'solana' &&
    (values.owner === undefined || (values.pubkey === undefined && values.coordinator === undefined && !process.env.COORDINATOR_URL))
  ) {
    const dev = solanaEncryptDefaults(values['data-dir']);
    values.owner ??= dev.owner;
    if (values.pubkey === undefined && !process.env.COORDINATOR_URL) values.coordinator ??= dev.coordinatorUrl;
  }
  for (const f of ['chain', 'owner', 'repo', 'profile'] as const) if (!values[f]) throw invalid(`--${f} is required\n${USAGE}`, f);
  if (!CHAINS.includes(values.chain as ChainId)) throw invalid(`--chain must be one of ${CHAINS.join(', ')}`, 'chain');
  const scope: KeystoreScope = { chain: values.chain as ChainId, owner: values.owner!, repo: values.repo!, branch: values.branch ?? null };
  // A Solana owner is the public key that signs store_secrets: anything else could never be stored.
  if (scope.chain === 'solana' && !isSolanaAddress(scope.owner)) throw invalid('--owner must be a base58 Solana public key with --chain solana', 'owner');
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
  if (scope.chain === 'near' && envelope.length > 16384) console.log('warning: envelope is longer than the NEAR contract accepts (16384 characters)');
  const raw = Buffer.from(envelope, 'base64').length;
  if (scope.chain === 'solana' && raw > MAX_SOLANA_ENVELOPE_BYTES)
    console.log(`warning: envelope is ${raw} bytes, more than the Solana program accepts (${MAX_SOLANA_ENVELOPE_BYTES})`);
  console.log(envelope);
  return 0;
}

const NEAR_FLAGS = {
  'rpc-url': { type: 'string' },
  contract: { type: 'string' },
  account: { type: 'string' },
  'key-file': { type: 'string' },
  chain: { type: 'string' },
  program: { type: 'string' },
  keypair: { type: 'string' },
  'ws-url': { type: 'string' },
  'data-dir': { type: 'string' },
} as const;

function required(values: Flags, names: string[]): void {
  for (const f of names) if (!values[f]) throw invalid(`--${f} is required\n${USAGE}`, f);
}

function nearTarget(values: Flags): NearTarget {
  const rpcUrl = rpcUrlFrom(values, 'NEAR_RPC_URL');
  const contractId = values.contract ?? process.env.ERRAND_CONTRACT_ID;
  if (!contractId) throw invalid('give --contract ID or ERRAND_CONTRACT_ID', 'contract');
  return { rpcUrl, contractId };
}

/** The signing account and its key; a credentials file may name the account. */
function signer(values: Flags): { accountId: string; key: NonNullable<ReturnType<typeof loadNearKey>> } {
  const key = loadNearKey(values['key-file']);
  if (!key) throw invalid('give --key-file PATH or NEAR_PRIVATE_KEY to sign', 'key-file');
  const accountId = values.account ?? process.env.NEAR_ACCOUNT_ID ?? key.accountId;
  if (!accountId) throw invalid('give --account ID or NEAR_ACCOUNT_ID', 'account');
  return { accountId, key };
}

function chainOf(values: Flags): ChainId {
  const chain = values.chain ?? 'near';
  if (!CHAINS.includes(chain as ChainId)) throw invalid(`--chain must be one of ${CHAINS.join(', ')}`, 'chain');
  if (chain === 'near' && (values.program !== undefined || values.keypair !== undefined || values['ws-url'] !== undefined))
    throw invalid('--program, --keypair and --ws-url are Solana flags: add --chain solana', 'chain');
  return chain as ChainId;
}

async function store(values: Flags): Promise<number> {
  required(values, ['repo', 'profile', 'envelope', 'condition']);
  let condition: unknown;
  try {
    condition = JSON.parse(values.condition!);
  } catch {
    throw invalid('--condition must be JSON', 'condition');
  }
  let deposit: bigint | undefined;
  if (values.deposit !== undefined) {
    if (!/^[0-9]{1,39}$/.test(values.deposit)) throw invalid('--deposit must be an amount in yoctoNEAR (digits only)', 'deposit');
    deposit = BigInt(values.deposit);
  }
  if (chainOf(values) === 'solana') return storeOnSolana(values, condition);
  // Everything that needs no chain and no key first: bad input exits 2 before anything else.
  validateStoreContent(values.envelope!, condition);
  assertProfile(values.profile);
  const target = nearTarget(values);
  const who = signer(values);
  const input = { owner: who.accountId, repo: values.repo!, branch: values.branch ?? null, profile: values.profile!, envelope: values.envelope!, condition };
  const r = await storeSecretsOnChain(secretsClient(target, who), input, deposit, withTimeout(undefined, CALL_TIMEOUT_MS));
  console.log(`stored secrets: owner ${who.accountId} repo ${input.repo} branch ${branchLabel(input.branch)} profile ${input.profile} on ${target.contractId}`);
  console.log(`storage deposit: ${r.storageDeposit} yoctoNEAR (attached ${r.attached}, refunded ${r.refunded})`);
  return 0;
}

async function list(values: Flags): Promise<number> {
  if (chainOf(values) === 'solana') return listOnSolana(values);
  const owner = values.owner ?? values.account ?? process.env.NEAR_ACCOUNT_ID;
  if (!owner) throw invalid(`--owner is required\n${USAGE}`, 'owner');
  const target = nearTarget(values);
  const entries = await listSecretsOnChain(secretsClient(target), owner, withTimeout(undefined, CALL_TIMEOUT_MS));
  console.log(`secrets of ${owner} on ${target.contractId}: ${entries.length}`);
  for (const e of entries) console.log(`repo ${e.repo} branch ${branchLabel(e.branch)} profile ${e.profile} storage_deposit ${e.storageDeposit}`);
  return 0;
}

async function remove(values: Flags): Promise<number> {
  required(values, ['repo', 'profile']);
  if (chainOf(values) === 'solana') return deleteOnSolana(values);
  const target = nearTarget(values);
  const who = signer(values);
  const key = { repo: values.repo!, branch: values.branch ?? null, profile: values.profile! };
  const r = await deleteSecretsOnChain(secretsClient(target, who), key, withTimeout(undefined, CALL_TIMEOUT_MS));
  console.log(`deleted secrets: owner ${who.accountId} repo ${key.repo} branch ${branchLabel(key.branch)} profile ${key.profile} on ${target.contractId}`);
  console.log(`refunded: ${r.refunded} yoctoNEAR`);
  return 0;
}

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const flags = (extra: string[]): Flags =>
    parseArgs({ args: rest, options: { ...NEAR_FLAGS, ...Object.fromEntries(extra.map((n) => [n, { type: 'string' as const }])) } }).values as Flags;
  try {
    switch (sub) {
      case 'encrypt':
        return await encrypt(rest);
      case 'store':
        return await store(flags(['repo', 'branch', 'profile', 'envelope', 'condition', 'deposit']));
      case 'list':
        return await list(flags(['owner']));
      case 'delete':
        return await remove(flags(['repo', 'branch', 'profile']));
      default:
        throw invalid(`unknown or missing sub-command\n${USAGE}`);
    }
  } catch (e) {
    if (e instanceof TypeError && (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) throw invalid(`${e.message}\n${USAGE}`);
    throw asUsageError(e);
  }
}

export { USAGE as usage };
