/*
 * c-http: fetches a URL through the worker (errand_http.h) and prints the status and the body.
 * Input (stdin): the URL. With a secret API_TOKEN in the environment it is sent as a bearer token
 * (the run's transcript shows its sha256, never the token).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "errand_http.h"

int main(void) {
  char url[2048];
  size_t n = fread(url, 1, sizeof url - 1, stdin);
  while (n > 0 && (url[n - 1] == '\n' || url[n - 1] == ' ')) n--;
  url[n] = '\0';

  char headers[1024] = "Accept: application/json\n";
  const char *token = getenv("API_TOKEN");
  if (token) snprintf(headers + strlen(headers), sizeof headers - strlen(headers), "Authorization: Bearer %s\n", token);

  errand_http_response res;
  int32_t rc = errand_http_request("GET", 3, url, (uint32_t)n, headers, (uint32_t)strlen(headers), "", 0, &res);
  if (rc != ERRAND_HTTP_OK) {
    char message[512];
    uint32_t len = errand_http_last_error(message, sizeof message);
    printf("error %d: %.*s\n", (int)rc, (int)len, message);
    return 1;
  }
  printf("status %u\n", (unsigned)res.status);
  char chunk[4096];
  uint32_t offset = 0, got = 0;
  while (errand_http_response_body(res.handle, offset, chunk, sizeof chunk, &got) == ERRAND_HTTP_OK && got > 0) {
    fwrite(chunk, 1, got, stdout);
    offset += got;
  }
  putchar('\n');
  errand_http_close(res.handle);
  return 0;
}
