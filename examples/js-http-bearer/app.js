// Calls an API with a bearer token taken from a secret. The token is the secret API_TOKEN, which
// the worker puts in the environment (from the keystore; `errand run --secret API_TOKEN=...`
// locally). Input (stdin): the URL to call. Prints the API's `result` field.
// The transcript of the run never holds the token: the worker replaces it, wherever the program
// puts it in a request, by `[secret:sha256:<hash of the token>]`.
import { getStdin } from 'wasi:cli/stdin@0.2.12';
import { getEnvironment } from 'wasi:cli/environment@0.2.12';

function readStdin() {
  const stream = getStdin();
  const parts = [];
  for (;;) {
    let chunk;
    try {
      chunk = stream.blockingRead(65536n);
    } catch {
      break;
    }
    if (chunk.length === 0) break;
    parts.push(...chunk);
  }
  return new TextDecoder().decode(new Uint8Array(parts));
}

export const run = {
  async run() {
    const url = readStdin().trim();
    const token = new Map(getEnvironment()).get('API_TOKEN');
    if (!token) {
      console.log('error: the secret API_TOKEN is not set');
      return;
    }
    try {
      const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
      const body = await response.json();
      console.log(response.ok ? `result=${JSON.stringify(body.result)}` : `error: HTTP ${response.status}`);
    } catch (e) {
      console.log(`error: ${e.message}`);
    }
  },
};
