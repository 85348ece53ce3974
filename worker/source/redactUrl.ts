/**
 * Credentials never reach a log or an error message: every URL-shaped substring loses its userinfo
 * (`https://user:token@host/x` -> `https://***@host/x`), and query strings named like secrets are
 * masked. This is a best-effort text filter for messages; it does not make a URL safe to fetch.
 */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi;
const SECRET_QUERY = /([?&](?:access_token|token|key|password|secret|sig|signature)=)[^&\s#]+/gi;

/** Redacts userinfo and secret-looking query parameters from any URLs inside `text`. */
export function redactUrls(text: string): string {
  return text.replace(URL_USERINFO, '$1***@').replace(SECRET_QUERY, '$1***');
}
