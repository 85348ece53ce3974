/* SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104), self-contained so the example needs no library. */
#ifndef ERRAND_SHA256_H
#define ERRAND_SHA256_H
#include <stddef.h>
#include <stdint.h>

typedef struct {
  uint32_t state[8];
  uint64_t length_bits;
  uint8_t block[64];
  size_t block_len;
} sha256_ctx;

void sha256_init(sha256_ctx *ctx);
void sha256_update(sha256_ctx *ctx, const uint8_t *data, size_t len);
void sha256_final(sha256_ctx *ctx, uint8_t out[32]);

typedef struct {
  sha256_ctx inner;
  uint8_t outer_key[64];
} hmac_sha256_ctx;

void hmac_sha256_init(hmac_sha256_ctx *ctx, const uint8_t *key, size_t key_len);
void hmac_sha256_update(hmac_sha256_ctx *ctx, const uint8_t *data, size_t len);
void hmac_sha256_final(hmac_sha256_ctx *ctx, uint8_t out[32]);
#endif
