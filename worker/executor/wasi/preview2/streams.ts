/**
 * wasi:io/streams for stdio: an InputStream over the run's input buffer and OutputStreams into
 * the capped captures. Stream errors follow the WIT: end of input is `{tag: 'closed'}`.
 * jco checks resources with instanceof, so these classes are what the import object exports.
 * Every method charges HOST_CALL_FUEL, plus HOST_BYTE_FUEL per byte moved (costModel.ts).
 */
import { HOST_BYTE_FUEL, HOST_CALL_FUEL } from '../../instrument/costModel.ts';
import type { HostMeter } from '../HostMeter.ts';
import { alwaysReady, type Pollable } from './pollables.ts';

/** What an InputStream reads from: the run's stdin (StdinBuffer) or an open file. */
export interface ByteSource {
  readonly remaining: number;
  read(max: number): Uint8Array;
}

/** What an OutputStream writes to: a capped capture (CappedOutput) or an open file, which may
 * throw a stream error (`{tag: 'last-operation-failed', val: IoError}`) when the cap is reached. */
export interface ByteSink {
  write(bytes: Uint8Array): void;
}

const WRITE_PERMIT = 1n << 20n;
const MAX_READ = 1 << 20;

export class IoError {
  /** `fsCode`: the wasi:filesystem error-code, for errors of file streams (filesystem-error-code). */
  constructor(
    private readonly message: string,
    readonly fsCode?: string,
  ) {}
  toDebugString(): string {
    return this.message;
  }
}

export class InputStream {
  constructor(
    private readonly source: ByteSource,
    private readonly meter: HostMeter,
  ) {}

  read(len: bigint): Uint8Array {
    const take = Math.min(Number(len), MAX_READ, this.source.remaining);
    this.meter.charge(HOST_CALL_FUEL + take * HOST_BYTE_FUEL);
    if (this.source.remaining === 0 && len > 0n) throw { tag: 'closed' };
    return this.source.read(take).slice();
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
    this.meter.charge(HOST_CALL_FUEL);
    return alwaysReady(this.meter);
  }
}

export class OutputStream {
  constructor(
    private readonly sink: ByteSink,
    private readonly meter: HostMeter,
  ) {}

  checkWrite(): bigint {
    this.meter.charge(HOST_CALL_FUEL);
    return WRITE_PERMIT;
  }
  write(contents: Uint8Array): void {
    this.meter.charge(HOST_CALL_FUEL + contents.length * HOST_BYTE_FUEL);
    this.sink.write(contents);
  }
  blockingWriteAndFlush(contents: Uint8Array): void {
    this.write(contents);
  }
  flush(): void {
    this.meter.charge(HOST_CALL_FUEL);
  }
  blockingFlush(): void {
    this.meter.charge(HOST_CALL_FUEL);
  }
  writeZeroes(len: bigint): void {
    // Charged before the zeroes are allocated; the permit bounds what a well-behaved guest asks.
    this.meter.charge(HOST_CALL_FUEL + Number(len) * HOST_BYTE_FUEL);
    this.sink.write(new Uint8Array(Math.min(Number(len), Number(WRITE_PERMIT))));
  }
  blockingWriteZeroesAndFlush(len: bigint): void {
    this.writeZeroes(len);
  }
  splice(src: InputStream, len: bigint): bigint {
    const bytes = src.read(len);
    this.write(bytes);
    return BigInt(bytes.length);
  }
  blockingSplice(src: InputStream, len: bigint): bigint {
    return this.splice(src, len);
  }
  subscribe(): Pollable {
    this.meter.charge(HOST_CALL_FUEL);
    return alwaysReady(this.meter);
  }
}
