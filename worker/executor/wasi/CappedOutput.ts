/**
 * Captures one output stream (stdout or stderr) up to a byte cap. Writes past the cap are
 * accepted (the guest sees them succeed, so a chatty program is not killed by its own logging)
 * but dropped, and `truncated` records that. The text is decoded as UTF-8 once, at the end; a
 * character cut by the cap becomes U+FFFD.
 */
export class CappedOutput {
  private readonly chunks: Uint8Array[] = [];
  private kept = 0;
  truncated = false;

  constructor(private readonly capBytes: number) {}

  write(bytes: Uint8Array): void {
    const room = this.capBytes - this.kept;
    if (bytes.length > room) this.truncated = true;
    const take = Math.min(room, bytes.length);
    if (take <= 0) return;
    this.chunks.push(bytes.slice(0, take));
    this.kept += take;
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.kept);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  text(): string {
    return new TextDecoder('utf-8', { fatal: false }).decode(this.bytes());
  }
}
