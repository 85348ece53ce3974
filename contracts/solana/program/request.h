/* request_execution: validates the request, holds the deposit in a request account at PDA
 * ["request", requester, nonce u64 LE] (funded with deposit + rent by the requester) and emits
 * ExecutionRequested with the full source, input and limits for the coordinator's watcher.
 * The account keeps hashes of the source and input, the limits and the pricing in force. */
#pragma once
#include "config.h"
#include "pricing.h"
#include "http.h"

static const u8 SEED_REQUEST[] = "request";

static bool_t has_prefix(const u8 *s, u32 n, const char *p, u32 pn) {
  if (n < pn) return 0;
  for (u32 i = 0; i < pn; i++) if (s[i] != (u8)p[i]) return 0;
  return 1;
}

/* Source: enum { Git { repo, commit, target, path: Option<String> }, WasmUrl { url, sha256 } } */
static u64 parse_source(Reader *r) {
  u8 kind = rd_u8(r);
  u32 n;
  const u8 *s;
  if (kind == 0) {
    s = rd_bytes(r, &n, 1, MAX_REPO);
    if (!s || !text_ok(s, n)) return E_INVALID_SOURCE;
    s = rd_bytes(r, &n, 1, MAX_COMMIT);
    if (!s || !text_ok(s, n)) return E_INVALID_SOURCE;
    s = rd_bytes(r, &n, 1, MAX_TARGET);
    if (!s || !(n == 13 && (has_prefix(s, n, "wasm32-wasip1", 13) || has_prefix(s, n, "wasm32-wasip2", 13))))
      return E_INVALID_SOURCE;
    if (rd_option(r)) {
      s = rd_bytes(r, &n, 1, MAX_PATH);
      if (!s || !text_ok(s, n) || s[0] == '/') return E_INVALID_SOURCE;
      for (u32 i = 0; i + 1 < n; i++)
        if (s[i] == '.' && s[i + 1] == '.' && (i == 0 || s[i - 1] == '/') && (i + 2 == n || s[i + 2] == '/'))
          return E_INVALID_SOURCE;
    }
  } else if (kind == 1) {
    s = rd_bytes(r, &n, 1, MAX_URL);
    if (!s || !text_ok(s, n)) return E_INVALID_SOURCE;
    if (!has_prefix(s, n, "https://", 8) && !has_prefix(s, n, "http://", 7) && !has_prefix(s, n, "file://", 7))
      return E_INVALID_SOURCE;
    take(r, 32);
  } else {
    return E_INVALID_SOURCE;
  }
  return r->bad ? E_INVALID_SOURCE : 0;
}

/* Input: enum { Inline { data: bytes }, Hash { sha256: [u8; 32], bytes: u64 } }; writes its hash. */
static u64 parse_input(Reader *r, u32 max_input, u8 *hash) {
  u8 kind = rd_u8(r);
  if (kind == 0) {
    u32 n = rd_u32(r);
    if (r->bad) return E_INVALID_INSTRUCTION;
    if (n > max_input) return E_INPUT_TOO_LARGE;
    const u8 *d = take(r, n);
    if (!d) return E_INVALID_INSTRUCTION;
    Slice s = {d, n};
    sol_sha256(&s, 1, hash);
    return 0;
  }
  if (kind != 1) return E_INVALID_INSTRUCTION;
  const u8 *h = take(r, 32);
  rd_u64(r);
  if (r->bad) return E_INVALID_INSTRUCTION;
  __builtin_memcpy(hash, h, 32);
  return 0;
}

/* CallbackSpec { program_id: pubkey, accounts: Vec<CallbackAccount { pubkey, writable: bool }> }:
 * at most MAX_CALLBACK_ACCOUNTS accounts; the program may be neither Errand nor the system program. */
static u64 parse_callback(Reader *r, const Pubkey *program_id, const u8 **prog, const u8 **accounts, u32 *n) {
  *prog = take(r, 32);
  *n = rd_u32(r);
  if (r->bad) return E_INVALID_INSTRUCTION;
  if (*n > MAX_CALLBACK_ACCOUNTS) return E_INVALID_CALLBACK;
  *accounts = take(r, *n * 33);
  if (!*accounts) return E_INVALID_INSTRUCTION;
  for (u32 i = 0; i < *n; i++) if ((*accounts)[i * 33 + 32] > 1) return E_INVALID_INSTRUCTION;
  if (key_eq((const Pubkey *)*prog, program_id) || key_eq((const Pubkey *)*prog, &SYSTEM_PROGRAM)) return E_INVALID_CALLBACK;
  return 0;
}

/* accounts: requester (signer, writable), config (writable), request (writable), system_program
 * args: nonce u64, deposit u64, source, input, limits, response_format u8, secrets_ref:
 * Option<{owner, profile}>, http: Option<HttpCapability> (http.h), callback: Option<CallbackSpec> */
static u64 ix_request_execution(Input *in, Reader *r) {
  if (in->count < 4) return E_NOT_ENOUGH_ACCOUNTS;
  AccountInfo *who = &in->accounts[0], *cfga = &in->accounts[1], *req = &in->accounts[2], *sys = &in->accounts[3];
  TRY(need_signer(who));
  TRY(need_writable(who));
  TRY(need_writable(cfga));
  TRY(need_writable(req));
  TRY(need_system_program(sys));
  TRY(load_config(cfga, in->program_id));
  u8 *cfg = cfga->data;

  const u8 *nonce = take(r, 8);
  u64 deposit = rd_u64(r);
  if (r->bad) return E_INVALID_INSTRUCTION;
  u64 body = r->pos;
  u8 source_hash[32], input_hash[32];
  TRY(parse_source(r));
  Slice src = {r->p + body, r->pos - body};
  sol_sha256(&src, 1, source_hash);
  TRY(parse_input(r, rd32(cfg + CFG_MAX_INPUT_BYTES), input_hash));
  const u8 *limits = take(r, 32);
  u8 format = rd_u8(r);
  if (r->bad || format > 2) return E_INVALID_INSTRUCTION;
  const u8 *sec_owner = NULL, *profile = NULL;
  u32 profile_len = 0;
  if (rd_option(r)) {
    sec_owner = take(r, 32);
    profile = rd_bytes(r, &profile_len, 1, MAX_PROFILE);
    if (!profile || !profile_ok(profile, profile_len)) return E_INVALID_SECRETS;
  }
  HttpCapability http = {{0}, 0, 0};
  bool_t has_http = rd_option(r);
  if (has_http) TRY(parse_http(r, &http));
  u64 body_end = r->pos;
  const u8 *cb_program = NULL, *cb_accounts = NULL;
  u32 cb_n = 0;
  if (rd_option(r)) TRY(parse_callback(r, in->program_id, &cb_program, &cb_accounts, &cb_n));
  if (r->bad || r->pos != r->len) return E_INVALID_INSTRUCTION;

  TRY(check_limits(limits, cfg + CFG_MAX_LIMITS));
  u64 need;
  TRY(estimate(cfg + CFG_PRICING, limits, &need));
  TRY(add_http_cost(cfg + CFG_PRICING, http.max_requests, http.max_response_bytes, &need));
  if (deposit < need) return E_DEPOSIT_TOO_SMALL;

  if (!key_eq(req->owner, &SYSTEM_PROGRAM) || req->data_len != 0) return E_ALREADY_INITIALIZED;
  u8 bump;
  Slice seeds[4] = {{SEED_REQUEST, 7}, {who->key->x, 32}, {nonce, 8}, {NULL, 1}};
  TRY(find_pda(req, seeds, 3, in->program_id, &bump));
  seeds[3].addr = &bump;
  u64 rent, lamports;
  TRY(rent_minimum(REQ_SIZE, &rent));
  TRY(add_ok(rent, deposit, &lamports));
  PdaCreate pc = {who, req, sys, seeds, 4};
  TRY(create_pda(&pc, REQ_SIZE, lamports, in->program_id));

  Clock clock;
  sol_get_clock_sysvar(&clock);
  u64 deadline, id = rd64(cfg + CFG_NEXT_REQUEST_ID);
  TRY(add_ok(clock.slot, rd64(cfg + CFG_TIMEOUT_SLOTS), &deadline));
  wr64(cfg + CFG_NEXT_REQUEST_ID, id + 1);

  u8 *d = req->data;
  wr64(d, ACC_REQUEST);
  wr64(d + REQ_ID, id);
  __builtin_memcpy(d + REQ_NONCE, nonce, 8);
  wr64(d + REQ_DEPOSIT, deposit);
  wr64(d + REQ_SLOT, clock.slot);
  wr64(d + REQ_DEADLINE, deadline);
  __builtin_memcpy(d + REQ_LIMITS, limits, 32);
  __builtin_memcpy(d + REQ_PRICING, cfg + CFG_PRICING, PRICING_SIZE);
  __builtin_memcpy(d + REQ_REQUESTER, who->key->x, 32);
  __builtin_memcpy(d + REQ_SOURCE_HASH, source_hash, 32);
  __builtin_memcpy(d + REQ_INPUT_HASH, input_hash, 32);
  if (sec_owner) {
    __builtin_memcpy(d + REQ_SECRETS_OWNER, sec_owner, 32);
    sol_memcpy_(d + REQ_SECRETS_PROFILE, profile, profile_len);
  }
  wr16(d + REQ_PROTOCOL_FEE_BPS, rd16(cfg + CFG_PROTOCOL_FEE_BPS));
  d[REQ_RESPONSE_FORMAT] = format;
  d[REQ_HAS_SECRETS] = sec_owner != NULL;
  d[REQ_SECRETS_PROFILE_LEN] = (u8)profile_len;
  d[REQ_BUMP] = bump;
  if (cb_program) {
    d[REQ_HAS_CALLBACK] = 1;
    __builtin_memcpy(d + REQ_CALLBACK_PROGRAM, cb_program, 32);
    d[REQ_CALLBACK_ACCOUNTS_LEN] = (u8)cb_n;
    sol_memcpy_(d + REQ_CALLBACK_ACCOUNTS, cb_accounts, cb_n * 33);
  }
  if (has_http) {
    d[REQ_HAS_HTTP] = 1;
    wr64(d + REQ_HTTP_MAX_REQUESTS, http.max_requests);
    wr64(d + REQ_HTTP_MAX_RESPONSE_BYTES, http.max_response_bytes);
    __builtin_memcpy(d + REQ_HTTP_ALLOW_HASH, http.allow_hash, 32);
  }

  /* ExecutionRequested: request, request_id, requester, deposit, slot, deadline_slot, then the
   * arguments source..http exactly as borsh-encoded in the instruction. */
  u8 ev[EVENT_CAP];
  u64 tail = body_end - body;
  if (104 + tail > EVENT_CAP) return E_INPUT_TOO_LARGE;
  wr64(ev, EV_EXECUTION_REQUESTED);
  __builtin_memcpy(ev + 8, req->key->x, 32);
  wr64(ev + 40, id);
  __builtin_memcpy(ev + 48, who->key->x, 32);
  wr64(ev + 80, deposit);
  wr64(ev + 88, clock.slot);
  wr64(ev + 96, deadline);
  sol_memcpy_(ev + 104, r->p + body, tail);
  emit(ev, 104 + tail);
  return 0;
}
