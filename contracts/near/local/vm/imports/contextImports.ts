/** Host functions that read the call's context: registers, input, ids, block, balances, gas. */
import { GAS } from '../gasCosts.ts';
import { HostError } from '../HostError.ts';
import type { HostState } from '../HostState.ts';
import type { VMContext } from '../VMContext.ts';
import { u128ToBytes } from '../bytes.ts';

const utf8 = new TextEncoder();

export function contextImports(s: HostState): Record<string, (...args: never[]) => unknown> {
  // `s.ctx` is read at call time: the functions outlive one call (see HostState).
  const ids =
    (value: (c: VMContext) => string, name: string) =>
    (reg: bigint): void => {
      s.burn(GAS.base);
      if (s.ctx.isView && name !== 'current_account_id') throw HostError.execution(`${name} is not allowed in view calls`);
      s.setRegister(reg, utf8.encode(value(s.ctx)));
    };
  return {
    read_register: (reg: bigint, ptr: bigint): void => {
      s.burn(GAS.base);
      const data = s.registers.get(reg);
      if (!data) throw HostError.execution(`InvalidRegisterId { register_id: ${reg} }`);
      s.burn(GAS.readRegisterBase + GAS.readRegisterByte * BigInt(data.length));
      s.writeMemory(ptr, data);
    },
    register_len: (reg: bigint): bigint => {
      s.burn(GAS.base);
      const data = s.registers.get(reg);
      return data ? BigInt(data.length) : 0xffff_ffff_ffff_ffffn;
    },
    write_register: (reg: bigint, len: bigint, ptr: bigint): void => {
      s.burn(GAS.base);
      s.setRegister(reg, s.readMemory(ptr, len));
    },
    current_account_id: ids((c) => c.currentAccountId, 'current_account_id'),
    signer_account_id: ids((c) => c.signerId, 'signer_account_id'),
    predecessor_account_id: ids((c) => c.predecessorId, 'predecessor_account_id'),
    signer_account_pk: (reg: bigint): void => {
      s.burn(GAS.base);
      s.forbidInView('signer_account_pk');
      s.setRegister(reg, s.ctx.signerPublicKey);
    },
    input: (reg: bigint): void => {
      s.burn(GAS.base);
      s.setRegister(reg, s.ctx.input);
    },
    block_index: (): bigint => (s.burn(GAS.base), s.ctx.blockHeight),
    block_height: (): bigint => (s.burn(GAS.base), s.ctx.blockHeight),
    block_timestamp: (): bigint => (s.burn(GAS.base), s.ctx.blockTimestampNs),
    epoch_height: (): bigint => (s.burn(GAS.base), s.ctx.epochHeight),
    storage_usage: (): bigint => (s.burn(GAS.base), s.ctx.account.storageUsage),
    account_balance: (ptr: bigint): void => {
      s.burn(GAS.base);
      s.writeMemory(ptr, u128ToBytes(s.ctx.account.amount));
    },
    account_locked_balance: (ptr: bigint): void => {
      s.burn(GAS.base);
      s.writeMemory(ptr, u128ToBytes(s.ctx.account.locked));
    },
    attached_deposit: (ptr: bigint): void => {
      s.burn(GAS.base);
      s.forbidInView('attached_deposit');
      s.writeMemory(ptr, u128ToBytes(s.ctx.attachedDeposit));
    },
    prepaid_gas: (): bigint => {
      s.burn(GAS.base);
      s.forbidInView('prepaid_gas');
      return s.ctx.prepaidGas;
    },
    used_gas: (): bigint => {
      s.burn(GAS.base);
      s.forbidInView('used_gas');
      return s.usedGas;
    },
    random_seed: (reg: bigint): void => {
      s.burn(GAS.base);
      s.setRegister(reg, s.ctx.randomSeed);
    },
    validator_stake: (_len: bigint, _ptr: bigint, stakePtr: bigint): void => {
      s.burn(GAS.base);
      s.writeMemory(stakePtr, u128ToBytes(0n));
    },
    validator_total_stake: (stakePtr: bigint): void => {
      s.burn(GAS.base);
      s.writeMemory(stakePtr, u128ToBytes(0n));
    },
  };
}
