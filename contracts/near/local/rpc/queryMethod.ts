/**
 * `query`: view_account, view_access_key, view_access_key_list, view_code, view_state,
 * call_function. The local chain keeps no history: a query naming an older block is answered from
 * the current state, tagged with the block it named.
 */
import type { ChainState } from '../chain/ChainState.ts';
import type { AccessKeyState } from '../chain/types.ts';
import { viewFunction, ViewCallError } from '../chain/viewFunction.ts';
import { fromHex } from '../vm/bytes.ts';
import { resolveBlock } from './blockRef.ts';
import { RpcError } from './RpcError.ts';

const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');

export function query(state: ChainState, params: unknown): unknown {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) throw RpcError.badRequest('query takes an object with request_type');
  const p = params as Record<string, unknown>;
  const block = resolveBlock(state, p);
  const at = { block_height: block.height, block_hash: block.hash };
  const accountId = String(p['account_id'] ?? '');
  const acct = state.accounts.get(accountId);
  const noAccount = (): RpcError =>
    RpcError.handler('UNKNOWN_ACCOUNT', { requested_account_id: accountId, ...at }, `account ${accountId} does not exist while viewing`);
  switch (p['request_type']) {
    case 'view_account':
      if (!acct) throw noAccount();
      return {
        amount: acct.amount.toString(),
        locked: acct.locked.toString(),
        code_hash: acct.codeHash,
        storage_usage: Number(acct.storageUsage),
        storage_paid_at: 0,
        ...at,
      };
    case 'view_access_key': {
      if (!acct) throw noAccount();
      const pk = String(p['public_key'] ?? '');
      const key = acct.keys.get(pk);
      if (!key) throw RpcError.handler('UNKNOWN_ACCESS_KEY', { public_key: pk, ...at }, `access key ${pk} does not exist while viewing`);
      return { ...accessKeyJson(key), ...at };
    }
    case 'view_access_key_list':
      if (!acct) throw noAccount();
      return { keys: [...acct.keys].map(([public_key, k]) => ({ public_key, access_key: accessKeyJson(k) })), ...at };
    case 'view_code':
      if (!acct) throw noAccount();
      if (!acct.code)
        throw RpcError.handler(
          'NO_CONTRACT_CODE',
          { contract_account_id: accountId, ...at },
          `Contract code for contract ID #${accountId} has never been observed on the node`,
        );
      return { code_base64: b64(acct.code), hash: acct.codeHash, ...at };
    case 'view_state': {
      if (!acct) throw noAccount();
      const prefix = Buffer.from(String(p['prefix_base64'] ?? ''), 'base64').toString('hex');
      const values = [...acct.storage.entries()]
        .filter(([k]) => k.startsWith(prefix))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => ({ key: b64(fromHex(k)), value: b64(v), proof: [] }));
      return { values, proof: [], ...at };
    }
    case 'call_function': {
      const method = String(p['method_name'] ?? '');
      const args = new Uint8Array(Buffer.from(String(p['args_base64'] ?? ''), 'base64'));
      try {
        const { result, logs } = viewFunction(state, accountId, method, args);
        return { result: [...result], logs, ...at };
      } catch (e) {
        if (!(e instanceof ViewCallError)) throw e;
        if ('AccountDoesNotExist' in e.json) throw noAccount();
        throw RpcError.handler('CONTRACT_EXECUTION_ERROR', { vm_error: JSON.stringify(e.json), ...at }, `Function call returned an error: ${e.message}`);
      }
    }
    default:
      throw RpcError.badRequest(`unsupported request_type ${String(p['request_type'])}`);
  }
}

function accessKeyJson(k: AccessKeyState): Record<string, unknown> {
  const p = k.permission;
  return {
    nonce: Number(k.nonce),
    permission:
      p.kind === 'full'
        ? 'FullAccess'
        : { FunctionCall: { allowance: p.allowance?.toString() ?? null, receiver_id: p.receiverId, method_names: p.methodNames } },
  };
}
