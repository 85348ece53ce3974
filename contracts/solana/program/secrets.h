/* store_secrets and delete_secrets. An entry is the Secrets account at PDA
 * ["secrets", owner, key_hash], key_hash = sha256(borsh(repo, branch: Option<String>, profile)),
 * paid by its owner's rent and refunded in full on delete. The envelope and the access condition
 * are opaque bytes here (the keystore seals and evaluates them). An existing entry is never
 * overwritten (E_SECRETS_EXIST): delete it first. */
#pragma once
#include "checks.h"
#include "borsh.h"
#include "layout.h"
#include "discriminators.h"

static const u8 SEED_SECRETS[] = "secrets";

/* accounts: owner (signer, writable), secrets (writable), system_program
 * args: repo, branch: Option<String>, profile, envelope bytes, access_condition bytes */
static u64 ix_store_secrets(Input *in, Reader *r) {
  if (in->count < 3) return E_NOT_ENOUGH_ACCOUNTS;
  AccountInfo *owner = &in->accounts[0], *sec = &in->accounts[1], *sys = &in->accounts[2];
  TRY(need_signer(owner));
  TRY(need_writable(owner));
  TRY(need_writable(sec));
  TRY(need_system_program(sys));
  u32 n;
  const u8 *s = rd_bytes(r, &n, 1, MAX_REPO);
  if (!s || !text_ok(s, n)) return E_INVALID_SECRETS;
  if (rd_option(r)) {
    s = rd_bytes(r, &n, 1, MAX_BRANCH);
    if (!s || !text_ok(s, n)) return E_INVALID_SECRETS;
  }
  s = rd_bytes(r, &n, 1, MAX_PROFILE);
  if (!s || !profile_ok(s, n)) return E_INVALID_SECRETS;
  u64 key_end = r->pos;
  if (!rd_bytes(r, &n, 1, MAX_ENVELOPE) || !rd_bytes(r, &n, 1, MAX_ACCESS_CONDITION) || r->pos != r->len)
    return E_INVALID_SECRETS;

  u8 key_hash[32];
  Slice key = {r->p, key_end};
  sol_sha256(&key, 1, key_hash);
  if (!key_eq(sec->owner, &SYSTEM_PROGRAM) || sec->data_len != 0) return E_SECRETS_EXIST;
  u8 bump;
  Slice seeds[4] = {{SEED_SECRETS, 7}, {owner->key->x, 32}, {key_hash, 32}, {NULL, 1}};
  TRY(find_pda(sec, seeds, 3, in->program_id, &bump));
  seeds[3].addr = &bump;
  u64 size = SEC_BODY + r->len, rent;
  TRY(rent_minimum(size, &rent));
  PdaCreate pc = {owner, sec, sys, seeds, 4};
  TRY(create_pda(&pc, size, rent, in->program_id));
  u8 *d = sec->data;
  wr64(d, ACC_SECRETS);
  __builtin_memcpy(d + SEC_OWNER, owner->key->x, 32);
  __builtin_memcpy(d + SEC_KEY_HASH, key_hash, 32);
  d[SEC_BUMP] = bump;
  sol_memcpy_(d + SEC_BODY, r->p, r->len);
  /* SecretsStored: owner, secrets, key_hash, rent, then repo, branch, profile as passed */
  u8 ev[EVENT_CAP];
  if (112 + key_end > EVENT_CAP) return E_INVALID_SECRETS;
  wr64(ev, EV_SECRETS_STORED);
  __builtin_memcpy(ev + 8, owner->key->x, 32);
  __builtin_memcpy(ev + 40, sec->key->x, 32);
  __builtin_memcpy(ev + 72, key_hash, 32);
  wr64(ev + 104, rent);
  sol_memcpy_(ev + 112, r->p, key_end);
  emit(ev, 112 + key_end);
  return 0;
}

/* accounts: owner (signer, writable: refunded), secrets (writable) */
static u64 ix_delete_secrets(Input *in, Reader *r) {
  if (in->count < 2) return E_NOT_ENOUGH_ACCOUNTS;
  if (r->len != 0) return E_INVALID_INSTRUCTION;
  AccountInfo *owner = &in->accounts[0], *sec = &in->accounts[1];
  TRY(need_signer(owner));
  TRY(need_writable(owner));
  TRY(need_writable(sec));
  TRY(need_account(sec, in->program_id, ACC_SECRETS, SEC_BODY | AT_LEAST, E_SECRETS_NOT_FOUND));
  const u8 *d = sec->data;
  if (!key_eq(owner->key, (const Pubkey *)(d + SEC_OWNER))) return E_NOT_OWNER;
  Slice seeds[4] = {{SEED_SECRETS, 7}, {owner->key->x, 32}, {d + SEC_KEY_HASH, 32}, {d + SEC_BUMP, 1}};
  TRY(need_pda(sec, seeds, 4, in->program_id));
  u8 ev[8 + 32 + 32 + 8];
  wr64(ev, EV_SECRETS_DELETED);
  __builtin_memcpy(ev + 8, owner->key->x, 32);
  __builtin_memcpy(ev + 40, sec->key->x, 32);
  u64 refunded = close_account(sec, owner);
  wr64(ev + 72, refunded);
  emit(ev, sizeof ev);
  return 0;
}
