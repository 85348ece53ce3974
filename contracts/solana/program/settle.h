/* resolve_execution and cancel_stale_execution: the two ways a request ends. Both close the
 * request account, so a second settlement finds no request (E_REQUEST_NOT_FOUND).
 * Money identity, checked by the tests: charged + refund = deposit, charged = worker_payment +
 * protocol_fee (cancel: fees_kept), and the requester also gets back every other lamport the
 * request account held (its rent: rent_refund). */
#pragma once
#include "config.h"
#include "pricing.h"
#include "callback.h"

static const u8 SEED_WORKER[] = "worker";

/* The request account: this program's Request at ["request", requester, nonce, bump], and the
 * refund account passed is its requester. */
static u64 load_request(const AccountInfo *req, const AccountInfo *requester, const Pubkey *program_id) {
  TRY(need_writable(req));
  TRY(need_writable(requester));
  TRY(need_account(req, program_id, ACC_REQUEST, REQ_SIZE, E_REQUEST_NOT_FOUND));
  const u8 *d = req->data;
  Slice seeds[4] = {{SEED_REQUEST, 7}, {d + REQ_REQUESTER, 32}, {d + REQ_NONCE, 8}, {d + REQ_BUMP, 1}};
  TRY(need_pda(req, seeds, 4, program_id));
  if (!key_eq(requester->key, (const Pubkey *)(d + REQ_REQUESTER))) return E_WRONG_REQUESTER;
  return 0;
}

/* Output: enum { None, Inline { data: bytes }, Stored { sha256: [u8; 32], bytes: u64, reference } } */
static u64 parse_output(Reader *r, u32 max_output) {
  u8 kind = rd_u8(r);
  u32 n;
  if (kind == 0) return r->bad ? E_INVALID_RESULT : 0;
  if (kind == 1) {
    n = rd_u32(r);
    if (r->bad) return E_INVALID_RESULT;
    if (n > max_output) return E_OUTPUT_TOO_LARGE;
    return take(r, n) ? 0 : E_INVALID_RESULT;
  }
  if (kind != 2) return E_INVALID_RESULT;
  take(r, 40);
  const u8 *s = rd_bytes(r, &n, 1, MAX_REFERENCE);
  return s && text_ok(s, n) ? 0 : E_INVALID_RESULT;
}

/* accounts: worker authority (signer, writable: paid), worker (PDA ["worker", authority]),
 * config (writable), request (writable), requester (writable: refunded); when the request has a
 * callback and skip_callback is false: callback program, callback authority, recorded accounts
 * args: success bool, resources_used {instructions, time_ms, compile_time_ms}, output, error,
 * skip_callback bool, transcript_sha256 Option<[u8; 32]>, http_used Option<{requests, response_bytes}> */
static u64 ix_resolve_execution(Input *in, Reader *r) {
  if (in->count < 5) return E_NOT_ENOUGH_ACCOUNTS;
  AccountInfo *auth = &in->accounts[0], *wrk = &in->accounts[1], *cfga = &in->accounts[2];
  AccountInfo *req = &in->accounts[3], *requester = &in->accounts[4];
  TRY(need_signer(auth));
  TRY(need_writable(auth));
  TRY(need_account(wrk, in->program_id, ACC_WORKER, WRK_SIZE, E_NOT_A_WORKER));
  Slice wseeds[3] = {{SEED_WORKER, 6}, {auth->key->x, 32}, {wrk->data + WRK_BUMP, 1}};
  if (need_pda(wrk, wseeds, 3, in->program_id)) return E_NOT_A_WORKER;
  if (!key_eq(auth->key, (const Pubkey *)(wrk->data + WRK_AUTHORITY))) return E_NOT_A_WORKER;
  if (wrk->data[WRK_STATUS] != WORKER_ACTIVE) return E_WORKER_NOT_ACTIVE;
  TRY(need_writable(cfga));
  TRY(load_config(cfga, in->program_id));
  TRY(load_request(req, requester, in->program_id));

  bool_t success = rd_bool(r);
  const u8 *used = take(r, 24);
  if (r->bad) return E_INVALID_RESULT;
  u64 tail_start = r->pos;
  TRY(parse_output(r, rd32(cfga->data + CFG_MAX_OUTPUT_BYTES)));
  u32 err_len;
  const u8 *err = rd_bytes(r, &err_len, 0, MAX_ERROR);
  u64 tail_end = r->pos;
  bool_t skip = rd_bool(r);
  /* transcript_sha256: Option<[u8; 32]>, http_used: Option<{requests, response_bytes}> */
  const u8 *transcript = rd_option(r) ? take(r, 32) : NULL;
  u64 http_req = 0, http_bytes = 0;
  if (rd_option(r)) {
    http_req = rd_u64(r);
    http_bytes = rd_u64(r);
  }
  if (!err || r->bad || r->pos != r->len || (!success && err_len == 0)) return E_INVALID_RESULT;

  const u8 *d = req->data;
  /* As on NEAR: a transcript hash, or HTTP requests, only for a request with the capability (one
   * with it may be resolved without a transcript: the program made no exchange, or failed). */
  bool_t has_http = d[REQ_HAS_HTTP];
  if (!has_http && (transcript || http_req > 0)) return E_INVALID_RESULT;
  http_req = min64(http_req, rd64(d + REQ_HTTP_MAX_REQUESTS));
  http_bytes = min64(http_bytes, rd64(d + REQ_HTTP_MAX_RESPONSE_BYTES));
  bool_t invoke = d[REQ_HAS_CALLBACK] && !skip;
  u8 cb_bump = 0, cb_rec[1 + 33 * MAX_CALLBACK_ACCOUNTS];
  if (invoke) {
    TRY(check_callback_accounts(in, d, &cb_bump));
    __builtin_memcpy(cb_rec, d + REQ_CALLBACK_ACCOUNTS_LEN, sizeof cb_rec);
  }
  const u8 *limits = d + REQ_LIMITS, *pricing = d + REQ_PRICING;
  u64 deposit = rd64(d + REQ_DEPOSIT);
  u64 ins = min64(rd64(used), rd64(limits));
  u64 ms = min64(rd64(used + 8), rd64(limits + 16));
  u64 cms = min64(rd64(used + 16), rd64(limits + 24));
  u64 charge;
  if (success) {
    TRY(cost(pricing, ins, ms, cms, &charge));
    TRY(add_http_cost(pricing, http_req, http_bytes, &charge));
  } else {
    charge = rd64(pricing);
  }
  charge = min64(charge, deposit);
  u64 fee = bps_of(charge, rd16(d + REQ_PROTOCOL_FEE_BPS));
  u64 payment = charge - fee, refund = deposit - charge;
  if (*req->lamports < deposit) return E_OVERFLOW;

  u8 ev[EVENT_CAP];
  u64 tail = tail_end - tail_start;
  if (179 + 49 + tail > EVENT_CAP) return E_OUTPUT_TOO_LARGE;
  bool_t skipped = d[REQ_HAS_CALLBACK] && skip;
  wr64(ev, EV_EXECUTION_RESOLVED);
  __builtin_memcpy(ev + 8, req->key->x, 32);
  wr64(ev + 40, rd64(d + REQ_ID));
  __builtin_memcpy(ev + 48, d + REQ_REQUESTER, 32);
  __builtin_memcpy(ev + 80, auth->key->x, 32);
  ev[112] = success;

  TRY(move_lamports(req, auth, payment));
  TRY(move_lamports(req, cfga, fee));
  u8 *cfg = cfga->data;
  wr64(cfg + CFG_FEES_COLLECTED, rd64(cfg + CFG_FEES_COLLECTED) + fee);
  u64 returned = close_account(req, requester);

  wr64(ev + 113, charge);
  wr64(ev + 121, payment);
  wr64(ev + 129, fee);
  wr64(ev + 137, refund);
  wr64(ev + 145, returned - refund);
  wr64(ev + 153, ins);
  wr64(ev + 161, ms);
  wr64(ev + 169, cms);
  sol_memcpy_(ev + 177, r->p + tail_start, tail);
  ev[177 + tail] = invoke;
  ev[178 + tail] = skipped;
  if (invoke) {
    CallbackCall call = {cb_rec, cb_bump, {0}, r->p + tail_start, tail};
    __builtin_memcpy(call.head, ev + 8, 40);
    call.head[40] = success;
    __builtin_memcpy(call.head + 41, ev + 153, 24);
    TRY(invoke_callback(in, &call));
  }
  /* transcript_sha256: Option<[u8; 32]>, http_requests, http_response_bytes (capped, as charged) */
  u64 at = 179 + tail;
  ev[at++] = transcript != NULL;
  if (transcript) {
    __builtin_memcpy(ev + at, transcript, 32);
    at += 32;
  }
  wr64(ev + at, http_req);
  wr64(ev + at + 8, http_bytes);
  emit(ev, at + 16);
  return 0;
}

/* accounts: caller (signer: anyone), config (writable), request (writable), requester (writable)
 * After the deadline slot: the base fee (capped at the deposit) goes to the protocol, everything
 * else the request account holds goes back to the requester. */
static u64 ix_cancel_stale_execution(Input *in, Reader *r) {
  if (in->count < 4) return E_NOT_ENOUGH_ACCOUNTS;
  if (r->len != 0) return E_INVALID_INSTRUCTION;
  AccountInfo *caller = &in->accounts[0], *cfga = &in->accounts[1];
  AccountInfo *req = &in->accounts[2], *requester = &in->accounts[3];
  TRY(need_signer(caller));
  TRY(need_writable(cfga));
  TRY(load_config(cfga, in->program_id));
  TRY(load_request(req, requester, in->program_id));
  const u8 *d = req->data;
  Clock clock;
  sol_get_clock_sysvar(&clock);
  if (clock.slot <= rd64(d + REQ_DEADLINE)) return E_NOT_STALE;
  u64 deposit = rd64(d + REQ_DEPOSIT);
  u64 kept = min64(rd64(d + REQ_PRICING), deposit);
  if (*req->lamports < deposit) return E_OVERFLOW;

  u8 ev[8 + 32 + 8 + 32 + 32 + 24];
  wr64(ev, EV_EXECUTION_CANCELLED);
  __builtin_memcpy(ev + 8, req->key->x, 32);
  wr64(ev + 40, rd64(d + REQ_ID));
  __builtin_memcpy(ev + 48, d + REQ_REQUESTER, 32);
  __builtin_memcpy(ev + 80, caller->key->x, 32);

  TRY(move_lamports(req, cfga, kept));
  u8 *cfg = cfga->data;
  wr64(cfg + CFG_FEES_COLLECTED, rd64(cfg + CFG_FEES_COLLECTED) + kept);
  u64 returned = close_account(req, requester);
  wr64(ev + 112, kept);
  wr64(ev + 120, deposit - kept);
  wr64(ev + 128, returned - (deposit - kept));
  emit(ev, sizeof ev);
  return 0;
}
