/*
 * Signs stdin with HMAC-SHA256 under a key taken from the environment variable HMAC_KEY (a secret
 * that Errand's keystore injects), and prints the signature as 64 lowercase hex characters.
 * The key is never printed, not even in error messages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sha256.h"

int main(void) {
  const char *key = getenv("HMAC_KEY");
  if (key == NULL || key[0] == '\0') {
    fputs("HMAC_KEY is not set: store it as a secret for this repository\n", stderr);
    return 2;
  }
  hmac_sha256_ctx ctx;
  hmac_sha256_init(&ctx, (const uint8_t *)key, strlen(key));
  uint8_t buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) hmac_sha256_update(&ctx, buf, n);
  if (ferror(stdin)) {
    fputs("could not read stdin\n", stderr);
    return 1;
  }
  uint8_t mac[32];
  hmac_sha256_final(&ctx, mac);
  for (int i = 0; i < 32; i++) printf("%02x", mac[i]);
  putchar('\n');
  return 0;
}
