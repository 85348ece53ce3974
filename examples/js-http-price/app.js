// Fetches a JSON price and prints one value. Input (stdin): `URL [FIELD]`, e.g.
// `https://api.example.com/v1/price?pair=NEAR-USD price`. fetch() goes through the worker's
// wasi:http host: the request's `http.allow` must name the host, every exchange is recorded in
// the transcript, and `errand run --replay` gives the same output without any network.
import { getStdin } from 'wasi:cli/stdin@0.2.12';

function readStdin() {
  const stream = getStdin();
  const parts = [];
  for (;;) {
    let chunk;
    try {
      chunk = stream.blockingRead(65536n);
    } catch {
      break; // closed: end of input
    }
    if (chunk.length === 0) break;
    parts.push(...chunk);
  }
  return new TextDecoder().decode(new Uint8Array(parts));
}

export const run = {
  async run() {
    const [url, field = 'price'] = readStdin().trim().split(/\s+/);
    try {
      const response = await fetch(url, { headers: { accept: 'application/json' } });
      if (!response.ok) {
        console.log(`error: HTTP ${response.status}`);
        return;
      }
      const body = await response.json();
      console.log(`${field}=${body[field]}`);
    } catch (e) {
      console.log(`error: ${e.message}`);
    }
  },
};
