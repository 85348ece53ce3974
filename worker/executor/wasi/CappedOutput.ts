/**
 * Captures one output stream (stdout or stderr) up to a byte cap, in a SharedArrayBuffer that the
 * Executor allocated: the host can still read it after it terminated the thread at a deadline, so
 * a run that timed out reports what it printed before. Writes past the cap are accepted (the guest
 * sees them succeed, so a chatty program is not killed by its own logging) but dropped, and
 * `truncated` records that. The text is decoded as UTF-8 once, at the end; a character cut by the
 * cap becomes U+FFFD. When the text does not spell the bytes exactly (they are not UTF-8, or start
 * with a BOM the decoder drops), `base64` carries them, so the `bytes` response format is exact.
 *
 * Layout of the buffer: Int32 [0] bytes kept, [1] truncated flag (0/1), then the bytes. The
 * counters are published with Atomics after the bytes, so a reader never sees a length that
 * covers bytes not yet written.
 */
const HEADER_BYTES = 8;

export function newCaptureBuffer(capBytes: number): SharedArrayBuffer {
  return new SharedArrayBuffer(HEADER_BYTES + capBytes);
}

export interface Captured {
  text: string;
  truncated: boolean;
  /** The exact bytes, base64, when `text` does not encode back to them. */
  base64?: string;
}

function decode(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

/** The text of `bytes`, and the bytes themselves when the text is not an exact spelling. */
export function spell(bytes: Uint8Array): { text: string; base64?: string } {
  const text = decode(bytes);
  const exact = Buffer.byteLength(text, 'utf8') === bytes.length && Buffer.from(text, 'utf8').equals(bytes);
  return exact ? { text } : { text, base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') };
}

/** What a capture buffer holds now (from any thread, including after its writer was terminated). */
export function readCapture(buffer: SharedArrayBuffer): Captured {
  const header = new Int32Array(buffer, 0, 2);
  const kept = Atomics.load(header, 0);
  const truncated = Atomics.load(header, 1) === 1;
  return { ...spell(new Uint8Array(buffer, HEADER_BYTES, kept).slice()), truncated };
}

export class CappedOutput {
  private readonly header: Int32Array;
  private readonly data: Uint8Array;
  private kept = 0;
  truncated = false;

  constructor(
    buffer: SharedArrayBuffer,
    private readonly capBytes: number,
  ) {
    if (buffer.byteLength < HEADER_BYTES + capBytes) throw new RangeError('capture buffer smaller than its cap');
    this.header = new Int32Array(buffer, 0, 2);
    this.data = new Uint8Array(buffer, HEADER_BYTES, capBytes);
    Atomics.store(this.header, 0, 0);
    Atomics.store(this.header, 1, 0);
  }

  write(bytes: Uint8Array): void {
    const room = this.capBytes - this.kept;
    if (bytes.length > room && !this.truncated) {
      this.truncated = true;
      Atomics.store(this.header, 1, 1);
    }
    const take = Math.min(room, bytes.length);
    if (take <= 0) return;
    this.data.set(take === bytes.length ? bytes : bytes.subarray(0, take), this.kept);
    this.kept += take;
    Atomics.store(this.header, 0, this.kept);
  }

  bytes(): Uint8Array {
    return this.data.slice(0, this.kept);
  }

  text(): string {
    return decode(this.bytes());
  }
}
