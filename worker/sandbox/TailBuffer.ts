/** Keeps the last `capBytes` characters of a stream of text (the end of a build log is where the error is). */
export class TailBuffer {
  private text = '';
  private dropped = 0;

  constructor(private readonly capBytes: number) {}

  push(chunk: string): void {
    this.text += chunk;
    if (this.text.length > this.capBytes * 2) this.trim();
  }

  toString(): string {
    this.trim();
    return this.dropped > 0 ? `[...${this.dropped} earlier characters dropped]\n${this.text}` : this.text;
  }

  private trim(): void {
    if (this.text.length <= this.capBytes) return;
    const cut = this.text.length - this.capBytes;
    this.dropped += cut;
    this.text = this.text.slice(cut);
  }
}
