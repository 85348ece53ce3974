/** The guest's stdin: the run's input bytes, read once front to back; then end of file. */
export class StdinBuffer {
  private offset = 0;

  constructor(private readonly data: Uint8Array) {}

  get remaining(): number {
    return this.data.length - this.offset;
  }

  /** Copies up to `max` bytes out; an empty result means end of file. */
  read(max: number): Uint8Array {
    const take = Math.min(max, this.remaining);
    const out = this.data.subarray(this.offset, this.offset + take);
    this.offset += take;
    return out;
  }
}
