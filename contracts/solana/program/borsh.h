/* A bounds-checked borsh reader over instruction data. Every read past the end sets `bad`; callers
 * check it once after parsing and refuse with E_INVALID_INSTRUCTION. */
#pragma once
#include "sbpf.h"

typedef struct { const u8 *p; u64 len; u64 pos; bool_t bad; } Reader;

static inline const u8 *take(Reader *r, u64 n) {
  if (r->bad || n > r->len - r->pos) { r->bad = 1; return NULL; }
  const u8 *p = r->p + r->pos;
  r->pos += n;
  return p;
}
static inline u8 rd_u8(Reader *r) { const u8 *p = take(r, 1); return p ? *p : 0; }
static inline u16 rd_u16(Reader *r) { const u8 *p = take(r, 2); return p ? rd16(p) : 0; }
static inline u32 rd_u32(Reader *r) { const u8 *p = take(r, 4); return p ? rd32(p) : 0; }
static inline u64 rd_u64(Reader *r) { const u8 *p = take(r, 8); return p ? rd64(p) : 0; }
/* A borsh bool is one byte, 0 or 1; anything else is malformed. */
static inline bool_t rd_bool(Reader *r) {
  u8 v = rd_u8(r);
  if (v > 1) r->bad = 1;
  return v;
}
/* A borsh String or Vec<u8>: u32 length then bytes; the length must be within [min, max]. */
static inline const u8 *rd_bytes(Reader *r, u32 *len, u32 min, u32 max) {
  u32 n = rd_u32(r);
  if (r->bad || n < min || n > max) { r->bad = 1; *len = 0; return NULL; }
  *len = n;
  return take(r, n);
}
/* An Option tag: 0 none, 1 some. */
static inline bool_t rd_option(Reader *r) { return rd_bool(r); }

/* Text rules shared with the NEAR contract: no whitespace or control characters. */
static inline bool_t text_ok(const u8 *s, u32 n) {
  for (u32 i = 0; i < n; i++) if (s[i] <= 0x20 || s[i] == 0x7f) return 0;
  return 1;
}
/* A profile name: [A-Za-z0-9_-]. */
static inline bool_t profile_ok(const u8 *s, u32 n) {
  for (u32 i = 0; i < n; i++) {
    u8 c = s[i];
    bool_t ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return 0;
  }
  return 1;
}
