/**
 * Contract storage host functions. Storage usage is counted as NEAR does: key + value bytes plus
 * 40 bytes per record; whether the account can pay for it is checked by the chain after the call.
 * Writes go through the account journal so a failed receipt can undo them (accountJournal.ts).
 */
import { deleteStorage, setStorage } from '../../chain/accountJournal.ts';
import { EXTRA_RECORD_BYTES } from '../../chain/config.ts';
import { GAS } from '../gasCosts.ts';
import { HostError } from '../HostError.ts';
import type { HostState } from '../HostState.ts';
import { hex } from '../bytes.ts';

const MAX_KEY_BYTES = 2048;

/**
 * Trie nodes one storage access touches (each costs touching_trie_node). NEAR counts the nodes on
 * the key's path through the shard's state trie; the local chain keeps no trie, so it charges the
 * path of a 16-ary trie holding the account's keys (a branch and an extension node per level)
 * plus the nodes above the account's subtree. An estimate of the right order, not nearcore's count.
 */
export function trieNodesTouched(accountKeys: number): bigint {
  return BigInt(4 + 2 * Math.ceil(Math.log(accountKeys + 1) / Math.log(16)));
}
const MAX_VALUE_BYTES = 4 * 1024 * 1024;

export function storageImports(s: HostState): Record<string, (...args: never[]) => unknown> {
  const readKey = (len: bigint, ptr: bigint): Uint8Array => {
    const key = s.readBytes(len, ptr);
    if (key.length > MAX_KEY_BYTES) throw HostError.execution(`KeyLengthExceeded { length: ${key.length}, limit: ${MAX_KEY_BYTES} }`);
    return key;
  };
  return {
    storage_write: (kLen: bigint, kPtr: bigint, vLen: bigint, vPtr: bigint, reg: bigint): bigint => {
      s.burn(GAS.base);
      s.forbidInView('storage_write');
      const key = readKey(kLen, kPtr);
      const value = s.readBytes(vLen, vPtr);
      if (value.length > MAX_VALUE_BYTES) throw HostError.execution(`ValueLengthExceeded { length: ${value.length}, limit: ${MAX_VALUE_BYTES} }`);
      const acct = s.ctx.account;
      const k = hex(key);
      const old = acct.storage.get(k);
      s.burn(
        GAS.storageWriteBase +
          GAS.storageWriteKeyByte * BigInt(key.length) +
          GAS.storageWriteValueByte * BigInt(value.length) +
          GAS.storageWriteEvictedByte * BigInt(old?.length ?? 0) +
          GAS.touchingTrieNode * trieNodesTouched(acct.storage.size),
      );
      setStorage(acct, k, value);
      if (old) {
        acct.storageUsage += BigInt(value.length) - BigInt(old.length);
        s.setRegister(reg, old);
        return 1n;
      }
      acct.storageUsage += BigInt(key.length + value.length) + EXTRA_RECORD_BYTES;
      return 0n;
    },
    storage_read: (kLen: bigint, kPtr: bigint, reg: bigint): bigint => {
      s.burn(GAS.base);
      const key = readKey(kLen, kPtr);
      const value = s.ctx.account.storage.get(hex(key));
      s.burn(
        GAS.storageReadBase +
          GAS.storageReadKeyByte * BigInt(key.length) +
          GAS.storageReadValueByte * BigInt(value?.length ?? 0) +
          GAS.touchingTrieNode * trieNodesTouched(s.ctx.account.storage.size),
      );
      if (!value) return 0n;
      s.setRegister(reg, value);
      return 1n;
    },
    storage_remove: (kLen: bigint, kPtr: bigint, reg: bigint): bigint => {
      s.burn(GAS.base);
      s.forbidInView('storage_remove');
      const key = readKey(kLen, kPtr);
      const acct = s.ctx.account;
      const k = hex(key);
      const old = acct.storage.get(k);
      s.burn(
        GAS.storageRemoveBase +
          GAS.storageRemoveKeyByte * BigInt(key.length) +
          GAS.storageRemoveRetValueByte * BigInt(old?.length ?? 0) +
          GAS.touchingTrieNode * trieNodesTouched(acct.storage.size),
      );
      if (!old) return 0n;
      deleteStorage(acct, k);
      acct.storageUsage -= BigInt(key.length + old.length) + EXTRA_RECORD_BYTES;
      s.setRegister(reg, old);
      return 1n;
    },
    storage_has_key: (kLen: bigint, kPtr: bigint): bigint => {
      s.burn(GAS.base);
      const key = readKey(kLen, kPtr);
      s.burn(GAS.storageHasKeyBase + GAS.storageHasKeyByte * BigInt(key.length) + GAS.touchingTrieNode * trieNodesTouched(s.ctx.account.storage.size));
      return s.ctx.account.storage.has(hex(key)) ? 1n : 0n;
    },
  };
}
