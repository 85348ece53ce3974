/* The optional `http` capability of a request: the hosts its program may call (exact names, an
 * optional leading `*.`, an optional `:port`), the most HTTP requests it may make and the most
 * response-body bytes it may receive. The same shape, bounds and host rules as the NEAR contract
 * (contracts/near/contract/src/http.rs; off-chain: common/types/http.ts isHostPattern). The worker
 * enforces it; the program validates it, prices it at its maxima up front and at the usage the
 * worker reports at resolve (never above the maxima), and logs it in ExecutionRequested. */
#pragma once
#include "borsh.h"
#include "errors.h"
#include "layout.h"

static inline bool_t is_digit(u8 c) { return c >= '0' && c <= '9'; }

/* A DNS label: 1..63 of [a-z0-9-], not starting or ending with '-'. */
static bool_t label_ok(const u8 *s, u32 n) {
  if (n == 0 || n > 63 || s[0] == '-' || s[n - 1] == '-') return 0;
  for (u32 i = 0; i < n; i++) {
    u8 c = s[i];
    if (!((c >= 'a' && c <= 'z') || is_digit(c) || c == '-')) return 0;
  }
  return 1;
}

/* `host` or `*.host`, optionally `:port` (1..65535, no leading zero); at least two labels after a
 * wildcard, so `*.com` cannot name a whole TLD; the name at most 253 characters. */
static bool_t host_pattern_ok(const u8 *p, u32 n) {
  u32 end = n;
  for (u32 i = n; i > 0; i--) {
    if (p[i - 1] != ':') continue;
    u32 digits = n - i;
    if (digits == 0 || digits > 5 || p[i] == '0') return 0;
    u32 port = 0;
    for (u32 j = i; j < n; j++) {
      if (!is_digit(p[j])) return 0;
      port = port * 10 + (p[j] - '0');
    }
    if (port > 65535) return 0;
    end = i - 1;
    break;
  }
  u32 start = 0;
  bool_t wildcard = end >= 2 && p[0] == '*' && p[1] == '.';
  if (wildcard) start = 2;
  u32 len = end - start;
  if (len == 0 || len > 253) return 0;
  u32 labels = 0, from = start;
  for (u32 i = start; i <= end; i++) {
    if (i < end && p[i] != '.') continue;
    if (!label_ok(p + from, i - from)) return 0;
    labels++;
    from = i + 1;
  }
  return !wildcard || labels >= 2;
}

typedef struct { u8 allow_hash[32]; u64 max_requests, max_response_bytes; } HttpCapability;

/* HttpCapability { allow: Vec<String>, max_requests: u64, max_response_bytes: u64 } */
static u64 parse_http(Reader *r, HttpCapability *h) {
  u64 start = r->pos;
  u32 n = rd_u32(r);
  if (r->bad) return E_INVALID_INSTRUCTION;
  if (n == 0 || n > MAX_HTTP_HOSTS) return E_INVALID_HTTP;
  for (u32 i = 0; i < n; i++) {
    u32 len = rd_u32(r);
    const u8 *s = r->bad ? NULL : take(r, len);
    if (!s) return E_INVALID_INSTRUCTION;
    if (len > MAX_HOST_PATTERN || !host_pattern_ok(s, len)) return E_INVALID_HTTP;
  }
  Slice allow = {r->p + start, r->pos - start};
  sol_sha256(&allow, 1, h->allow_hash);
  h->max_requests = rd_u64(r);
  h->max_response_bytes = rd_u64(r);
  if (r->bad) return E_INVALID_INSTRUCTION;
  if (h->max_requests == 0 || h->max_requests > MAX_HTTP_REQUESTS) return E_INVALID_HTTP;
  if (h->max_response_bytes == 0 || h->max_response_bytes > MAX_HTTP_RESPONSE_BYTES) return E_INVALID_HTTP;
  return 0;
}
