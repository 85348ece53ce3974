/* register_worker, unregister_worker, withdraw_stake. A worker is the Worker account at PDA
 * ["worker", authority]; it holds the stake (lamports above its rent). The authority is the key
 * that signs resolve_execution; worker_key is the ed25519 key the worker attests with
 * (keystore), measurement its attested build. */
#pragma once
#include "settle.h"

/* The authority's Worker account, at ["worker", authority, bump]. */
static u64 load_worker(const AccountInfo *wrk, const AccountInfo *auth, const Pubkey *program_id) {
  TRY(need_writable(wrk));
  TRY(need_account(wrk, program_id, ACC_WORKER, WRK_SIZE, E_NOT_A_WORKER));
  Slice seeds[3] = {{SEED_WORKER, 6}, {auth->key->x, 32}, {wrk->data + WRK_BUMP, 1}};
  TRY(need_pda(wrk, seeds, 3, program_id));
  return key_eq(auth->key, (const Pubkey *)(wrk->data + WRK_AUTHORITY)) ? 0 : E_NOT_A_WORKER;
}

/* accounts: authority (signer, writable: pays stake + rent), config, worker (writable), system_program
 * args: worker_key [u8; 32], measurement bytes (1..64), stake u64 */
static u64 ix_register_worker(Input *in, Reader *r) {
  if (in->count < 4) return E_NOT_ENOUGH_ACCOUNTS;
  AccountInfo *auth = &in->accounts[0], *cfga = &in->accounts[1], *wrk = &in->accounts[2], *sys = &in->accounts[3];
  TRY(need_signer(auth));
  TRY(need_writable(auth));
  TRY(need_writable(wrk));
  TRY(need_system_program(sys));
  TRY(load_config(cfga, in->program_id));
  const u8 *wkey = take(r, 32);
  u32 mlen;
  const u8 *m = rd_bytes(r, &mlen, 1, MAX_MEASUREMENT);
  u64 stake = rd_u64(r);
  if (r->bad || r->pos != r->len) return E_INVALID_INSTRUCTION;
  if (is_zero(wkey, 32)) return E_INVALID_WORKER;
  if (stake < rd64(cfga->data + CFG_MIN_STAKE)) return E_STAKE_TOO_SMALL;
  if (!key_eq(wrk->owner, &SYSTEM_PROGRAM) || wrk->data_len != 0) return E_WORKER_EXISTS;
  u8 bump;
  Slice seeds[3] = {{SEED_WORKER, 6}, {auth->key->x, 32}, {NULL, 1}};
  TRY(find_pda(wrk, seeds, 2, in->program_id, &bump));
  seeds[2].addr = &bump;
  u64 rent, lamports;
  TRY(rent_minimum(WRK_SIZE, &rent));
  TRY(add_ok(rent, stake, &lamports));
  PdaCreate pc = {auth, wrk, sys, seeds, 3};
  TRY(create_pda(&pc, WRK_SIZE, lamports, in->program_id));
  Clock clock;
  sol_get_clock_sysvar(&clock);
  u8 *d = wrk->data;
  wr64(d, ACC_WORKER);
  wr64(d + WRK_STAKE, stake);
  wr64(d + WRK_REGISTERED_SLOT, clock.slot);
  __builtin_memcpy(d + WRK_AUTHORITY, auth->key->x, 32);
  __builtin_memcpy(d + WRK_KEY, wkey, 32);
  sol_memcpy_(d + WRK_MEASUREMENT, m, mlen);
  d[WRK_MEASUREMENT_LEN] = (u8)mlen;
  d[WRK_STATUS] = WORKER_ACTIVE;
  d[WRK_BUMP] = bump;
  /* WorkerRegistered: authority, worker_key, measurement (bytes), stake, slot */
  u8 ev[8 + 32 + 32 + 4 + MAX_MEASUREMENT + 16];
  wr64(ev, EV_WORKER_REGISTERED);
  __builtin_memcpy(ev + 8, auth->key->x, 32);
  __builtin_memcpy(ev + 40, wkey, 32);
  wr32(ev + 72, mlen);
  sol_memcpy_(ev + 76, m, mlen);
  wr64(ev + 76 + mlen, stake);
  wr64(ev + 84 + mlen, clock.slot);
  emit(ev, 92 + mlen);
  return 0;
}

/* accounts: authority (signer), config, worker (writable). Starts unbonding. */
static u64 ix_unregister_worker(Input *in, Reader *r) {
  if (in->count < 3) return E_NOT_ENOUGH_ACCOUNTS;
  if (r->len != 0) return E_INVALID_INSTRUCTION;
  AccountInfo *auth = &in->accounts[0], *cfga = &in->accounts[1], *wrk = &in->accounts[2];
  TRY(need_signer(auth));
  TRY(load_config(cfga, in->program_id));
  TRY(load_worker(wrk, auth, in->program_id));
  if (wrk->data[WRK_STATUS] != WORKER_ACTIVE) return E_WORKER_NOT_ACTIVE;
  Clock clock;
  sol_get_clock_sysvar(&clock);
  u64 ends;
  TRY(add_ok(clock.slot, rd64(cfga->data + CFG_UNBONDING_SLOTS), &ends));
  wr64(wrk->data + WRK_UNBONDING_ENDS, ends);
  wrk->data[WRK_STATUS] = WORKER_UNBONDING;
  u8 ev[8 + 32 + 8];
  wr64(ev, EV_WORKER_UNREGISTERED);
  __builtin_memcpy(ev + 8, auth->key->x, 32);
  wr64(ev + 40, ends);
  emit(ev, sizeof ev);
  return 0;
}

/* accounts: authority (signer, writable), worker (writable). After unbonding: closes the worker
 * account, stake and rent to the authority. */
static u64 ix_withdraw_stake(Input *in, Reader *r) {
  if (in->count < 2) return E_NOT_ENOUGH_ACCOUNTS;
  if (r->len != 0) return E_INVALID_INSTRUCTION;
  AccountInfo *auth = &in->accounts[0], *wrk = &in->accounts[1];
  TRY(need_signer(auth));
  TRY(need_writable(auth));
  TRY(load_worker(wrk, auth, in->program_id));
  if (wrk->data[WRK_STATUS] != WORKER_UNBONDING) return E_WORKER_NOT_UNBONDING;
  Clock clock;
  sol_get_clock_sysvar(&clock);
  if (clock.slot < rd64(wrk->data + WRK_UNBONDING_ENDS)) return E_STILL_UNBONDING;
  u64 stake = rd64(wrk->data + WRK_STAKE);
  u64 returned = close_account(wrk, auth);
  u8 ev[8 + 32 + 16];
  wr64(ev, EV_STAKE_WITHDRAWN);
  __builtin_memcpy(ev + 8, auth->key->x, 32);
  wr64(ev + 40, stake);
  wr64(ev + 48, returned - stake);
  emit(ev, sizeof ev);
  return 0;
}
