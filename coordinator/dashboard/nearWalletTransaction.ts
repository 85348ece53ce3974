/**
 * The parts of a NEAR transaction the page needs to build one secrets write for the user's wallet
 * to sign (the MyNearWallet redirect protocol signs a transaction the dApp built, as the wallet
 * selector's my-near-wallet module does): the contract call exactly as ErrandNearClient makes it
 * (method, JSON arguments, gas, deposit: the storage bound of prepareStoreSecrets), the signer's
 * first full-access key with its next nonce, and a final block hash. The coordinator signs
 * nothing; the page could not read these itself (its CSP allows no RPC origin).
 */
import { ErrandError } from '../../common/errors/index.ts';
import { accessConditionToWire } from '../../contracts/near/client/accessConditionWire.ts';
import { NEAR_CLIENT_GAS } from '../../contracts/near/client/gas.ts';
import { rpcCall } from '../../contracts/near/client/rpcCall.ts';
import { prepareStoreSecrets, type StoreSecretsInput } from '../../keystore/client/prepareStoreSecrets.ts';
import type { DashboardNear } from './DashboardDeps.ts';
import type { NearWalletTransaction } from '../../common/types/nearWalletTransaction.ts';

type Call = Pick<NearWalletTransaction, 'methodName' | 'args' | 'gas' | 'deposit'>;
type Key = { repo: string; branch: string | null; profile: string };

const json = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64');

export function storeCall(entry: StoreSecretsInput): Call {
  const p = prepareStoreSecrets(entry);
  const args = { repo: p.repo, branch: p.branch, profile: p.profile, encrypted: p.encrypted, access_condition: accessConditionToWire(p.accessCondition) };
  return { methodName: 'store_secrets', args: json(args), gas: NEAR_CLIENT_GAS.store_secrets.toString(), deposit: p.depositBound.toString() };
}

export function deleteCall(k: Key): Call {
  return {
    methodName: 'delete_secrets',
    args: json({ repo: k.repo, branch: k.branch, profile: k.profile }),
    gas: NEAR_CLIENT_GAS.delete_secrets.toString(),
    deposit: '0',
  };
}

interface AccessKeyList {
  keys: Array<{ public_key: string; access_key: { nonce: number | string; permission: unknown } }>;
}

export async function nearWalletTransaction(near: DashboardNear, signerId: string, call: Call, signal?: AbortSignal): Promise<NearWalletTransaction> {
  const [list, block] = await Promise.all([
    rpcCall<AccessKeyList>(near.client.provider, 'query', { request_type: 'view_access_key_list', finality: 'final', account_id: signerId }, signal),
    rpcCall<{ header: { hash: string } }>(near.client.provider, 'block', { finality: 'final' }, signal),
  ]);
  // A call with a deposit needs a full-access key (a function-call key cannot attach NEAR).
  const key = list.keys.find((k) => k.access_key.permission === 'FullAccess' && k.public_key.startsWith('ed25519:'));
  if (!key) throw new ErrandError('COMMON__INVALID_ARGUMENT', `${signerId} has no full-access ed25519 key for a wallet to sign with`, { field: 'owner' });
  return {
    signerId,
    publicKey: key.public_key,
    nonce: (BigInt(key.access_key.nonce) + 1n).toString(),
    receiverId: near.contractId,
    blockHash: block.header.hash,
    ...call,
  };
}
