/* Pricing, the NEAR contract's formula in lamports:
 *   cost(instructions, ms, compile_ms) = base_fee + ceil(instructions * per_million_instructions / 1e6)
 *                                       + ms * per_ms + compile_ms * per_compile_ms
 *   estimate(limits) = cost(max_instructions, max_execution_ms, max_compile_ms)
 * `pricing` points at a Pricing (layout.h): base_fee, per_million_instructions, per_ms,
 * per_compile_ms, per_http_request, per_http_kib. With the http capability (http.h), as on NEAR:
 *   + http_requests * per_http_request + ceil(http_response_bytes / 1024) * per_http_kib
 * at the capability's maxima in the estimate and at the reported usage (capped) at resolve, with the
 * prices the request was paid at (its copy of the Config's pricing); client/pricing.ts has the same.
 * Every step is checked; an overflow is E_OVERFLOW, never a wrapped price. */
#pragma once
#include "checks.h"
#include "layout.h"

static u64 cost(const u8 *pricing, u64 instructions, u64 ms, u64 compile_ms, u64 *out) {
  u64 x, total = rd64(pricing);
  TRY(mul_ok(instructions, rd64(pricing + 8), &x));
  TRY(add_ok(total, x / 1000000 + (x % 1000000 != 0), &total));
  TRY(mul_ok(ms, rd64(pricing + 16), &x));
  TRY(add_ok(total, x, &total));
  TRY(mul_ok(compile_ms, rd64(pricing + 24), &x));
  TRY(add_ok(total, x, &total));
  *out = total;
  return 0;
}

/* Adds the HTTP part of a price to *total. */
static u64 add_http_cost(const u8 *pricing, u64 requests, u64 response_bytes, u64 *total) {
  u64 x;
  TRY(mul_ok(requests, rd64(pricing + PRICE_PER_HTTP_REQUEST), &x));
  TRY(add_ok(*total, x, total));
  TRY(mul_ok(response_bytes / 1024 + (response_bytes % 1024 != 0), rd64(pricing + PRICE_PER_HTTP_KIB), &x));
  return add_ok(*total, x, total);
}

/* Limits: max_instructions, max_memory_mb, max_execution_ms, max_compile_ms. The first three must
 * be at least 1; each must be within the config's maxima. */
static u64 check_limits(const u8 *limits, const u8 *max) {
  for (int i = 0; i < 3; i++) if (rd64(limits + 8 * i) == 0) return E_INVALID_LIMITS;
  for (int i = 0; i < 4; i++) if (rd64(limits + 8 * i) > rd64(max + 8 * i)) return E_LIMIT_EXCEEDED;
  return 0;
}

static u64 estimate(const u8 *pricing, const u8 *limits, u64 *out) {
  return cost(pricing, rd64(limits), rd64(limits + 16), rd64(limits + 24), out);
}

/* floor(amount * bps / 10000) without a 128-bit product. */
static u64 bps_of(u64 amount, u16 bps) { return (amount / 10000) * bps + (amount % 10000) * bps / 10000; }
