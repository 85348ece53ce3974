// A WASI preview 2 command written in JavaScript: componentize-js embeds it in SpiderMonkey and
// exports it as wasi:cli/run. It reads all of stdin and prints a JSON summary of the words.
import { getStdin } from 'wasi:cli/stdin@0.2.12';

function readStdin() {
  const stream = getStdin();
  const parts = [];
  let total = 0;
  for (;;) {
    let chunk;
    try {
      chunk = stream.blockingRead(65536n);
    } catch {
      break; // closed: end of input
    }
    if (chunk.length === 0) break;
    parts.push(chunk);
    total += chunk.length;
  }
  const all = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  return new TextDecoder().decode(all);
}

export const run = {
  run() {
    const text = readStdin();
    const words = text.split(/\s+/).filter((w) => w.length > 0);
    const counts = {};
    for (const word of words) counts[word.toLowerCase()] = (counts[word.toLowerCase()] ?? 0) + 1;
    const top = Object.entries(counts)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 3)
      .map(([word, count]) => ({ word, count }));
    console.log(JSON.stringify({ words: words.length, unique: Object.keys(counts).length, top }));
  },
};
