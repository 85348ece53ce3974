/**
 * The environment a request's program received, for `errand verify` of a request that used
 * secrets. A worker's program gets exactly the keystore's secrets map as its environment (nothing
 * else), opened with decodeSecrets from JSON the keystore wrote with sorted keys; so the secrets'
 * owner gives the same map (`--secrets-env FILE`, a JSON object of name -> string value) and this
 * turns it into the same environment: the keystore's rules for names and values, the same order.
 *
 * The values are secret: they stay in memory, the file's bytes are wiped once parsed, and no error
 * says a value (not even the JSON parser's message, which quotes the text around its complaint).
 */
import { readFile, stat } from 'node:fs/promises';
import { ErrandError, isErrandError } from '../../common/errors/index.ts';
import type { ExecutionRequest } from '../../common/types/index.ts';
import { assertSecretsMap, decodeSecrets, encodeSecrets, MAX_PLAINTEXT_BYTES, type SecretsMap } from '../../keystore/envelope/index.ts';

const invalid = (message: string): ErrandError<'COMMON__INVALID_ARGUMENT'> =>
  new ErrandError('COMMON__INVALID_ARGUMENT', `--secrets-env: ${message}`, { field: 'secrets-env', issues: [message] });

/** Reads and checks FILE; its size is bounded by what the keystore can hold in one envelope. */
export async function readSecretsEnv(file: string): Promise<SecretsMap> {
  let bytes: Buffer;
  try {
    const size = (await stat(file)).size;
    if (size > MAX_PLAINTEXT_BYTES) throw invalid(`${file} is ${size} bytes; secrets are at most ${MAX_PLAINTEXT_BYTES}`);
    bytes = await readFile(file);
  } catch (e) {
    if (isErrandError(e)) throw e;
    throw invalid(`cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw invalid(`${file} is not UTF-8 JSON`);
  } finally {
    bytes.fill(0);
  }
  try {
    assertSecretsMap(parsed);
    const encoded = encodeSecrets(parsed);
    try {
      // The worker's path exactly: sorted-key JSON, opened into a null-prototype map.
      return decodeSecrets(encoded);
    } finally {
      encoded.fill(0);
    }
  } catch (e) {
    // The keystore's messages name the rule and the variable, never its value.
    if (isErrandError(e, 'KEYSTORE__SECRETS_INVALID')) throw invalid(`${file}: ${e.message}${e.context.key ? ` (${e.context.key})` : ''}`);
    throw e;
  }
}

/**
 * The environment to re-execute `request` with: the supplied secrets when it used some, none
 * otherwise. Secrets the request did not use are refused rather than ignored: the worker ran the
 * program with an empty environment, so they would make a different run.
 */
export function programEnv(request: ExecutionRequest, supplied: SecretsMap | undefined): Record<string, string> {
  const ref = request.secretsRef;
  if (!ref) {
    if (supplied) throw invalid(`request ${request.requestId} used no secrets: its program ran with an empty environment`);
    return {};
  }
  if (!supplied) {
    throw new ErrandError(
      'CLI__VERIFY_NEEDS_SECRETS',
      `request ${request.requestId} used secrets (owner ${ref.owner}, profile ${ref.profile}): pass --secrets-env FILE with the values the program received (a JSON object of name -> value)`,
      { requestId: request.requestId, owner: ref.owner, profile: ref.profile },
    );
  }
  return supplied;
}
