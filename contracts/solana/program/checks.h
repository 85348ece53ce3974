/* Account checks (signer, writable, owner, PDA, discriminator, size) and the few account operations
 * the program performs: creating a PDA through the system program, closing an account it owns,
 * and the rent-exempt minimum. Every check returns 0 or the error code that names it. */
#pragma once
#include "sbpf.h"
#include "errors.h"

#define TRY(x) do { u64 _e = (x); if (_e) return _e; } while (0)

static const Pubkey SYSTEM_PROGRAM = {{0}};

static inline u64 need_signer(const AccountInfo *a) { return a->is_signer ? 0 : E_MISSING_SIGNER; }
static inline u64 need_writable(const AccountInfo *a) { return a->is_writable ? 0 : E_NOT_WRITABLE; }
static inline u64 need_system_program(const AccountInfo *a) {
  return key_eq(a->key, &SYSTEM_PROGRAM) ? 0 : E_WRONG_PROGRAM;
}

static inline u64 add_ok(u64 a, u64 b, u64 *out) { *out = a + b; return *out < a ? E_OVERFLOW : 0; }
/* Checked a * b from 32-bit halves (the BPF back end has no 128-bit multiply to lean on). */
static u64 mul_ok(u64 a, u64 b, u64 *out) {
  u64 ah = a >> 32, al = a & 0xffffffffULL, bh = b >> 32, bl = b & 0xffffffffULL;
  if (ah && bh) return E_OVERFLOW;
  u64 mid = ah * bl + al * bh;
  if (mid >> 32) return E_OVERFLOW;
  u64 lo = al * bl;
  *out = (mid << 32) + lo;
  return *out < lo ? E_OVERFLOW : 0;
}
static inline u64 min64(u64 a, u64 b) { return a < b ? a : b; }

/* An account of this program: owned by it, of the given kind, of the given size (min_size when
 * exact is 0, for variable-size accounts). A closed account (owned by the system program, no
 * data) is reported as `missing` when it is nonzero. */
#define AT_LEAST (1ULL << 63) /* or'ed into need_account's size: a minimum, not an exact size */
static u64 need_account(const AccountInfo *a, const Pubkey *program_id, u64 disc, u64 size, u64 missing) {
  bool_t exact = !(size & AT_LEAST);
  size &= ~AT_LEAST;
  if (!key_eq(a->owner, program_id)) {
    if (missing && key_eq(a->owner, &SYSTEM_PROGRAM) && a->data_len == 0) return missing;
    return E_WRONG_ACCOUNT_OWNER;
  }
  if (a->data_len < 8 || rd64(a->data) != disc) return missing && a->data_len == 0 ? missing : E_WRONG_DISCRIMINATOR;
  if (exact ? a->data_len != size : a->data_len < size) return E_WRONG_ACCOUNT_SIZE;
  return 0;
}

/* The address must be the PDA of `seeds` (the last seed is the bump) under this program. */
static u64 need_pda(const AccountInfo *a, const Slice *seeds, u64 n, const Pubkey *program_id) {
  Pubkey expect;
  if (sol_create_program_address(seeds, n, program_id, &expect) != 0) return E_WRONG_PDA;
  return key_eq(a->key, &expect) ? 0 : E_WRONG_PDA;
}

/* Finds the PDA of `seeds` (without bump) and checks `a` is it; returns the bump in *bump. */
static u64 find_pda(const AccountInfo *a, const Slice *seeds, u64 n, const Pubkey *program_id, u8 *bump) {
  Pubkey expect;
  if (sol_try_find_program_address(seeds, n, program_id, &expect, bump) != 0) return E_WRONG_PDA;
  return key_eq(a->key, &expect) ? 0 : E_WRONG_PDA;
}

/* Rent-exempt minimum for `len` data bytes: (128 + len) * lamports_per_byte_year * threshold. The
 * threshold is a float, 2.0 historically and 1.0 since SIMD-0194 (with the per-byte price doubled);
 * the program has no floating point, so any other value is refused. */
static u64 rent_minimum(u64 len, u64 *out) {
  Rent r;
  sol_get_rent_sysvar(&r);
  u64 times;
  if (r.exemption_threshold_bits == 0x4000000000000000ULL) times = 2;
  else if (r.exemption_threshold_bits == 0x3ff0000000000000ULL) times = 1;
  else return E_UNSUPPORTED_RENT;
  TRY(mul_ok(128 + len, r.lamports_per_byte_year, out));
  return mul_ok(*out, times, out);
}

/* The accounts of a PDA creation: payer, the new account, the system program, and the PDA's
 * signer seeds (bump included). */
typedef struct { AccountInfo *from, *to, *system; const Slice *seeds; u64 nseeds; } PdaCreate;

static u64 system_cpi(const PdaCreate *c, u8 *data, u64 data_len, bool_t two_accounts) {
  AccountMeta metas[2];
  AccountInfo infos[3];
  u64 k = 0;
  if (two_accounts) {
    metas[k].pubkey = c->from->key; metas[k].is_writable = 1; metas[k].is_signer = 1; infos[k++] = *c->from;
  }
  metas[k].pubkey = c->to->key; metas[k].is_writable = 1; metas[k].is_signer = !two_accounts || data[0] == 0;
  infos[k++] = *c->to;
  infos[k++] = *c->system;
  Instruction ix = {(Pubkey *)&SYSTEM_PROGRAM, metas, two_accounts ? 2 : 1, data, data_len};
  SignerSeeds signer = {c->seeds, c->nseeds};
  u64 err = sol_invoke_signed_c(&ix, infos, (int)k, &signer, 1);
  /* allocate changes the data length in the serialised input: keep the AccountInfo in step, or
   * the next CPI reports the stale length as a change this program is not allowed to make. */
  c->to->data_len = rd64(c->to->data - 8);
  return err;
}

/* Creates the PDA `c->to` with `space` bytes owned by this program, funded by `c->from` up to
 * `lamports`. An address someone already sent lamports to is topped up, allocated and assigned
 * instead of created, so a donation cannot block it. */
static u64 create_pda(const PdaCreate *c, u64 space, u64 lamports, const Pubkey *program_id) {
  u8 data[52];
  u64 have = *c->to->lamports;
  if (have == 0) {
    wr32(data, 0);
    wr64(data + 4, lamports);
    wr64(data + 12, space);
    __builtin_memcpy(data + 20, program_id->x, 32);
    return system_cpi(c, data, 52, 1);
  }
  if (have < lamports) {
    wr32(data, 2);
    wr64(data + 4, lamports - have);
    TRY(system_cpi(c, data, 12, 1));
  }
  wr32(data, 8);
  wr64(data + 4, space);
  TRY(system_cpi(c, data, 12, 0));
  wr32(data, 1);
  __builtin_memcpy(data + 4, program_id->x, 32);
  return system_cpi(c, data, 36, 0);
}

/* Closes an account this program owns: every lamport to `dest`, data erased and truncated, owner
 * handed back to the system program. Returns the lamports moved. */
static u64 close_account(AccountInfo *a, AccountInfo *dest) {
  u64 amount = *a->lamports;
  *dest->lamports += amount;
  *a->lamports = 0;
  sol_memset_(a->data, 0, a->data_len);
  wr64(a->data - 8, 0);
  a->data_len = 0;
  sol_memset_(a->owner->x, 0, 32);
  return amount;
}

/* Moves lamports between two accounts when `from` is owned by this program. */
static u64 move_lamports(AccountInfo *from, AccountInfo *to, u64 amount) {
  if (*from->lamports < amount) return E_OVERFLOW;
  *from->lamports -= amount;
  *to->lamports += amount;
  return 0;
}

/* Emits an Anchor event: `Program data: base64(discriminator ++ borsh fields)`. */
static void emit(const u8 *buf, u64 len) {
  Slice s = {buf, len};
  sol_log_data(&s, 1);
}
