// Reads stdin to the end and greets it: "Hello, <input>!" (or "Hello, world!" for empty input).
// WASI comes from @assemblyscript/wasi-shim (asc >= 0.21 no longer ships WASI bindings itself).

function readStdin(): string {
  const chunks = new Array<ArrayBuffer>();
  let total = 0;
  while (true) {
    const buffer = new ArrayBuffer(4096);
    const n = process.stdin.read(buffer);
    if (n <= 0) break;
    chunks.push(buffer.slice(0, n));
    total += n;
  }
  const all = new Uint8Array(total);
  let offset = 0;
  for (let i = 0; i < chunks.length; i++) {
    all.set(Uint8Array.wrap(chunks[i]), offset);
    offset += chunks[i].byteLength;
  }
  return String.UTF8.decode(all.buffer);
}

const name = readStdin().trim();
process.stdout.write("Hello, " + (name.length > 0 ? name : "world") + "!\n");
