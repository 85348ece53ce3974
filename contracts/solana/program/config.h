/* initialize, update_config and withdraw_fees: the program's single Config account, PDA ["config"].
 * initialize must be signed by the program's upgrade authority (read from its loader-v3
 * ProgramData account), so nobody can front-run the deployer with their own configuration. */
#pragma once
#include "checks.h"
#include "borsh.h"
#include "layout.h"
#include "discriminators.h"

static const Pubkey LOADER_V3 = {{2,168,246,145,78,136,161,176,226,16,21,62,247,99,174,43,0,194,185,61,22,193,36,210,192,83,122,16,4,128,0,0}};
static const u8 SEED_CONFIG[] = "config";

/* ConfigArgs (borsh): owner, pricing[6], max_limits[4], min_stake, unbonding_period_slots,
 * timeout_slots, protocol_fee_bps u16, max_input_bytes u32, max_output_bytes u32. The u64s are
 * stored as given, in that order, from CFG_PRICING (CONFIG_NUMS bytes). */
#define CONFIG_NUMS (PRICING_SIZE + 56)
static u64 write_config_args(u8 *cfg, Reader *r) {
  const u8 *owner = take(r, 32);
  const u8 *nums = take(r, CONFIG_NUMS);
  const u8 *max = nums + PRICING_SIZE;
  u16 bps = rd_u16(r);
  u32 max_in = rd_u32(r), max_out = rd_u32(r);
  if (r->bad || r->pos != r->len) return E_INVALID_INSTRUCTION;
  u64 timeout = rd64(max + 48);
  if (bps > 10000 || timeout == 0 || rd64(max) == 0 || rd64(max + 8) == 0 || rd64(max + 16) == 0)
    return E_INVALID_CONFIG;
  __builtin_memcpy(cfg + CFG_OWNER, owner, 32);
  sol_memcpy_(cfg + CFG_PRICING, nums, CONFIG_NUMS);
  wr16(cfg + CFG_PROTOCOL_FEE_BPS, bps);
  wr32(cfg + CFG_MAX_INPUT_BYTES, max_in);
  wr32(cfg + CFG_MAX_OUTPUT_BYTES, max_out);
  return 0;
}

/* The Config account passed to any instruction: this program's, the right kind and size, at
 * PDA ["config", bump]. */
static u64 load_config(const AccountInfo *a, const Pubkey *program_id) {
  TRY(need_account(a, program_id, ACC_CONFIG, CFG_SIZE, 0));
  Slice seeds[2] = {{SEED_CONFIG, 6}, {a->data + CFG_BUMP, 1}};
  return need_pda(a, seeds, 2, program_id);
}

static void emit_config_updated(const u8 *cfg) {
  u8 ev[8 + 32 + CONFIG_NUMS + 2 + 8];
  wr64(ev, EV_CONFIG_UPDATED);
  __builtin_memcpy(ev + 8, cfg + CFG_OWNER, 32);
  __builtin_memcpy(ev + 40, cfg + CFG_PRICING, CONFIG_NUMS);
  wr16(ev + 40 + CONFIG_NUMS, rd16(cfg + CFG_PROTOCOL_FEE_BPS));
  wr64(ev + 42 + CONFIG_NUMS, rd64(cfg + CFG_NEXT_REQUEST_ID));
  emit(ev, sizeof ev);
}

/* accounts: authority (signer, writable: pays rent), config (writable), program_data, system_program */
static u64 ix_initialize(Input *in, Reader *r) {
  if (in->count < 4) return E_NOT_ENOUGH_ACCOUNTS;
  AccountInfo *auth = &in->accounts[0], *cfg = &in->accounts[1], *pd = &in->accounts[2], *sys = &in->accounts[3];
  TRY(need_signer(auth));
  TRY(need_writable(auth));
  TRY(need_writable(cfg));
  TRY(need_system_program(sys));
  if (!key_eq(pd->owner, &LOADER_V3)) return E_WRONG_ACCOUNT_OWNER;
  u8 pd_bump;
  Slice pd_seeds[1] = {{in->program_id->x, 32}};
  Pubkey expect;
  if (sol_try_find_program_address(pd_seeds, 1, &LOADER_V3, &expect, &pd_bump) != 0 || !key_eq(pd->key, &expect))
    return E_WRONG_PDA;
  if (pd->data_len < 45 || rd32(pd->data) != 3) return E_WRONG_DISCRIMINATOR;
  if (pd->data[12] != 1 || !key_eq((const Pubkey *)(pd->data + 13), auth->key)) return E_NOT_UPGRADE_AUTHORITY;
  if (!key_eq(cfg->owner, &SYSTEM_PROGRAM) || cfg->data_len != 0) return E_ALREADY_INITIALIZED;
  u8 bump;
  Slice seeds[2] = {{SEED_CONFIG, 6}, {NULL, 1}};
  TRY(find_pda(cfg, seeds, 1, in->program_id, &bump));
  seeds[1].addr = &bump;
  u64 rent;
  TRY(rent_minimum(CFG_SIZE, &rent));
  PdaCreate pc = {auth, cfg, sys, seeds, 2};
  TRY(create_pda(&pc, CFG_SIZE, rent, in->program_id));
  u8 *d = cfg->data;
  TRY(write_config_args(d, r));
  wr64(d, ACC_CONFIG);
  wr64(d + CFG_NEXT_REQUEST_ID, 1);
  wr64(d + CFG_FEES_COLLECTED, 0);
  d[CFG_BUMP] = bump;
  emit_config_updated(d);
  return 0;
}

/* accounts: owner (signer), config (writable) */
static u64 ix_update_config(Input *in, Reader *r) {
  if (in->count < 2) return E_NOT_ENOUGH_ACCOUNTS;
  AccountInfo *owner = &in->accounts[0], *cfg = &in->accounts[1];
  TRY(need_signer(owner));
  TRY(need_writable(cfg));
  TRY(load_config(cfg, in->program_id));
  if (!key_eq(owner->key, (const Pubkey *)(cfg->data + CFG_OWNER))) return E_NOT_OWNER;
  TRY(write_config_args(cfg->data, r));
  emit_config_updated(cfg->data);
  return 0;
}

/* accounts: owner (signer), config (writable), receiver (writable). Pays collected protocol fees
 * (base fees of cancelled requests and the protocol's share of charges); never the config's rent. */
static u64 ix_withdraw_fees(Input *in, Reader *r) {
  if (in->count < 3) return E_NOT_ENOUGH_ACCOUNTS;
  AccountInfo *owner = &in->accounts[0], *cfg = &in->accounts[1], *to = &in->accounts[2];
  u64 amount = rd_u64(r);
  if (r->bad || r->pos != r->len) return E_INVALID_INSTRUCTION;
  TRY(need_signer(owner));
  TRY(need_writable(cfg));
  TRY(need_writable(to));
  TRY(load_config(cfg, in->program_id));
  if (!key_eq(owner->key, (const Pubkey *)(cfg->data + CFG_OWNER))) return E_NOT_OWNER;
  u64 fees = rd64(cfg->data + CFG_FEES_COLLECTED);
  if (amount == 0 || amount > fees) return E_INSUFFICIENT_FEES;
  TRY(move_lamports(cfg, to, amount));
  wr64(cfg->data + CFG_FEES_COLLECTED, fees - amount);
  u8 ev[8 + 32 + 8];
  wr64(ev, EV_FEES_WITHDRAWN);
  __builtin_memcpy(ev + 8, to->key->x, 32);
  wr64(ev + 40, amount);
  emit(ev, sizeof ev);
  return 0;
}
