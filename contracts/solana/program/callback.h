/* The requester's callback: resolve_execution invokes the program the request recorded (CPI) with
 * the instruction `errand_callback` (Anchor wire format: sha256("global:errand_callback")[0..8] ++
 * borsh(request: pubkey, request_id: u64, success: bool, resources_used: ResourcesUsed,
 * output: Output, error: String)), after the money has moved and the request is closed.
 * Accounts of the callee: the callback authority (PDA ["callback"] of Errand, signer: the callee
 * checks it to know the caller is Errand), then the accounts the request recorded, with the
 * writability recorded and never as signers.
 * A failing callback fails the whole resolve (Solana has no try/catch), so the worker may pass
 * skip_callback: the callback is then not invoked and ExecutionResolved says callback_skipped. */
#pragma once
#include "checks.h"
#include "layout.h"
#include "discriminators.h"

static const u8 SEED_CALLBACK[] = "callback";

/* The resolve's accounts from index 5: callback program, callback authority, the recorded
 * accounts in order. Any mismatch: E_WRONG_CALLBACK_ACCOUNTS. Returns the authority's bump. */
static u64 check_callback_accounts(const Input *in, const u8 *req, u8 *bump) {
  u64 n = req[REQ_CALLBACK_ACCOUNTS_LEN];
  if (in->count < 7 + n) return E_WRONG_CALLBACK_ACCOUNTS;
  if (!key_eq(in->accounts[5].key, (const Pubkey *)(req + REQ_CALLBACK_PROGRAM))) return E_WRONG_CALLBACK_ACCOUNTS;
  Slice seeds[1] = {{SEED_CALLBACK, 8}};
  if (find_pda(&in->accounts[6], seeds, 1, in->program_id, bump)) return E_WRONG_CALLBACK_ACCOUNTS;
  for (u64 i = 0; i < n; i++) {
    const u8 *rec = req + REQ_CALLBACK_ACCOUNTS + i * 33;
    const AccountInfo *a = &in->accounts[7 + i];
    if (!key_eq(a->key, (const Pubkey *)rec) || (rec[32] && !a->is_writable)) return E_WRONG_CALLBACK_ACCOUNTS;
  }
  return 0;
}

/* `head`: request pubkey (32), request_id (8), success (1), resources_used (24) = 65 bytes;
 * `tail`: output and error exactly as borsh-encoded in resolve_execution. `rec` is a copy of the
 * request's callback fields from REQ_CALLBACK_ACCOUNTS_LEN (the request account is closed by now). */
typedef struct { const u8 *rec; u8 bump; u8 head[65]; const u8 *tail; u64 tail_len; } CallbackCall;

__attribute__((noinline)) static u64 invoke_callback(const Input *in, const CallbackCall *c) {
  const u8 *rec = c->rec, *tail = c->tail;
  u64 tail_len = c->tail_len;
  u8 bump = c->bump;
  u8 data[8 + 65 + EVENT_CAP];
  if (tail_len > EVENT_CAP) return E_OUTPUT_TOO_LARGE;
  wr64(data, CB_ERRAND_CALLBACK);
  __builtin_memcpy(data + 8, c->head, 65);
  sol_memcpy_(data + 73, tail, tail_len);
  u64 n = rec[0];
  AccountMeta metas[1 + MAX_CALLBACK_ACCOUNTS];
  AccountInfo infos[2 + MAX_CALLBACK_ACCOUNTS];
  metas[0].pubkey = in->accounts[6].key; metas[0].is_signer = 1; metas[0].is_writable = 0;
  infos[0] = in->accounts[6];
  for (u64 i = 0; i < n; i++) {
    metas[1 + i].pubkey = in->accounts[7 + i].key;
    metas[1 + i].is_signer = 0;
    metas[1 + i].is_writable = rec[1 + i * 33 + 32];
    infos[1 + i] = in->accounts[7 + i];
  }
  infos[1 + n] = in->accounts[5];
  Instruction ix = {in->accounts[5].key, metas, 1 + n, data, 73 + tail_len};
  Slice seeds[2] = {{SEED_CALLBACK, 8}, {&bump, 1}};
  SignerSeeds signer = {seeds, 2};
  return sol_invoke_signed_c(&ix, infos, (int)(2 + n), &signer, 1);
}
