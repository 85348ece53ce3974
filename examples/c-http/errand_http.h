/*
 * errand_http.h: outbound HTTP for WASI preview 1 programs run by Errand.
 *
 * Preview 1 has no HTTP, so Errand's executor provides a small import module, `errand_http`, for
 * one whole exchange at a time: the program hands over a request, the worker performs it (if the
 * request's `http` capability names the host) and keeps the response until the program closes it.
 * The worker checks the host against the allowlist, resolves DNS itself and refuses private,
 * loopback, link-local and metadata addresses, speaks HTTPS only (plain http in development mode),
 * re-checks every redirect, caps counts, bytes and time, charges fuel, and records the exchange in
 * the run's transcript (secret values replaced by their hash).
 *
 * Wire formats:
 *   request headers:  "Name: value\n" lines (at most 256); Host, Content-Length, Connection,
 *                     Transfer-Encoding, Upgrade, TE, Trailer and Keep-Alive are set by the worker.
 *   response headers: "name: value\n" lines, names in lower case, in the order received.
 * The response body is read with errand_http_response_body from any offset.
 *
 * Every function returns an ERRAND_HTTP_* code (0 = ok); errand_http_last_error copies the message
 * of the last failure. Nothing here traps, except when the run's fuel is exhausted.
 */
#ifndef ERRAND_HTTP_H
#define ERRAND_HTTP_H

#include <stdint.h>

#define ERRAND_HTTP_OK 0
#define ERRAND_HTTP_DENIED 1    /* host not allowed, scheme, refused address or redirect */
#define ERRAND_HTTP_LIMIT 2     /* request count, response bytes, redirects */
#define ERRAND_HTTP_TIMEOUT 3
#define ERRAND_HTTP_NETWORK 4   /* DNS, connection, TLS */
#define ERRAND_HTTP_INVALID 5   /* malformed request, or a buffer too small for the headers */
#define ERRAND_HTTP_BADHANDLE 6
#define ERRAND_HTTP_FAULT 7     /* a pointer outside linear memory */
#define ERRAND_HTTP_TOOMANY 8   /* 16 responses open at once */

typedef struct {
  uint32_t handle;
  uint32_t status;
  uint32_t headers_len;
  uint32_t body_len;
} errand_http_response;

#define ERRAND_HTTP_IMPORT(name) __attribute__((import_module("errand_http"), import_name(name)))

/* Sends one request and waits for the whole response (or the error). */
ERRAND_HTTP_IMPORT("request")
int32_t errand_http_request(const char *method, uint32_t method_len, const char *url, uint32_t url_len,
                            const char *headers, uint32_t headers_len, const void *body, uint32_t body_len,
                            errand_http_response *out);

/* Copies the response headers (exactly out->headers_len bytes; `cap` must be at least that). */
ERRAND_HTTP_IMPORT("response_headers")
int32_t errand_http_response_headers(uint32_t handle, char *buf, uint32_t cap);

/* Copies up to `cap` body bytes from `offset`; *nread is 0 at the end. */
ERRAND_HTTP_IMPORT("response_body")
int32_t errand_http_response_body(uint32_t handle, uint32_t offset, void *buf, uint32_t cap, uint32_t *nread);

/* Frees the response. */
ERRAND_HTTP_IMPORT("close")
int32_t errand_http_close(uint32_t handle);

/* Copies the last failure's message (not NUL-terminated); returns the bytes written. */
ERRAND_HTTP_IMPORT("last_error")
uint32_t errand_http_last_error(char *buf, uint32_t cap);

#endif
