/**
 * wasi:io/streams for stdio: an InputStream over the run's input buffer and OutputStreams into
 * the capped captures. Stream errors follow the WIT: end of input is `{tag: 'closed'}`.
 * jco checks resources with instanceof, so these classes are what the import object exports.
 */
import type { CappedOutput } from '../CappedOutput.ts';
import type { StdinBuffer } from '../StdinBuffer.ts';
import { alwaysReady, type Pollable } from './pollables.ts';

const WRITE_PERMIT = 1n << 20n;
const MAX_READ = 1 << 20;

export class IoError {
  constructor(private readonly message: string) {}
  toDebugString(): string {
    return this.message;
  }
}

export class InputStream {
  constructor(private readonly source: StdinBuffer) {}

  read(len: bigint): Uint8Array {
    if (this.source.remaining === 0 && len > 0n) throw { tag: 'closed' };
    return this.source.read(Math.min(Number(len), MAX_READ)).slice();
  }
  blockingRead(len: bigint): Uint8Array {
    return this.read(len);
  }
  skip(len: bigint): bigint {
    return BigInt(this.read(len).length);
  }
  blockingSkip(len: bigint): bigint {
    return this.skip(len);
  }
  subscribe(): Pollable {
    return alwaysReady();
  }
}

export class OutputStream {
  constructor(private readonly sink: CappedOutput) {}

  checkWrite(): bigint {
    return WRITE_PERMIT;
  }
  write(contents: Uint8Array): void {
    this.sink.write(contents);
  }
  blockingWriteAndFlush(contents: Uint8Array): void {
    this.sink.write(contents);
  }
  flush(): void {}
  blockingFlush(): void {}
  writeZeroes(len: bigint): void {
    this.sink.write(new Uint8Array(Number(len)));
  }
  blockingWriteZeroesAndFlush(len: bigint): void {
    this.writeZeroes(len);
  }
  splice(src: InputStream, len: bigint): bigint {
    const bytes = src.read(len);
    this.sink.write(bytes);
    return BigInt(bytes.length);
  }
  blockingSplice(src: InputStream, len: bigint): bigint {
    return this.splice(src, len);
  }
  subscribe(): Pollable {
    return alwaysReady();
  }
}
