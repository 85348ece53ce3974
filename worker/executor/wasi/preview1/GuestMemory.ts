/**
 * Bounds-checked access to the guest's linear memory for the preview 1 host. Views are rebuilt
 * on every call because memory.grow detaches the old ArrayBuffer. An out-of-bounds pointer throws
 * GuestFault, which the host turns into errno FAULT instead of crashing the run.
 */
export class GuestFault extends Error {}

/**
 * A vector of more iovecs than IOV_MAX is INVAL, as POSIX readv/writev answer: the host builds one
 * object per iovec, so an unbounded count would grow the thread's heap with guest-chosen sizes.
 */
export const IOV_MAX = 1024;
export class TooManyIovecs extends Error {}

export interface Iovec {
  ptr: number;
  len: number;
}

export class GuestMemory {
  constructor(private readonly memory: () => WebAssembly.Memory) {}

  private check(ptr: number, len: number): ArrayBuffer {
    const buffer = this.memory().buffer;
    if (ptr < 0 || len < 0 || ptr + len > buffer.byteLength) throw new GuestFault(`pointer ${ptr}+${len} out of bounds`);
    return buffer;
  }

  bytes(ptr: number, len: number): Uint8Array {
    return new Uint8Array(this.check(ptr >>> 0, len >>> 0), ptr >>> 0, len >>> 0);
  }

  private view(ptr: number, len: number): DataView {
    return new DataView(this.check(ptr >>> 0, len), ptr >>> 0, len);
  }

  u8(ptr: number, value: number): void {
    this.view(ptr, 1).setUint8(0, value);
  }
  u16(ptr: number, value: number): void {
    this.view(ptr, 2).setUint16(0, value, true);
  }
  u32(ptr: number, value: number): void {
    this.view(ptr, 4).setUint32(0, value >>> 0, true);
  }
  u64(ptr: number, value: bigint): void {
    this.view(ptr, 8).setBigUint64(0, BigInt.asUintN(64, value), true);
  }
  readU8(ptr: number): number {
    return this.view(ptr, 1).getUint8(0);
  }
  readU16(ptr: number): number {
    return this.view(ptr, 2).getUint16(0, true);
  }
  readU32(ptr: number): number {
    return this.view(ptr, 4).getUint32(0, true);
  }
  readU64(ptr: number): bigint {
    return this.view(ptr, 8).getBigUint64(0, true);
  }

  iovecs(ptr: number, count: number): Iovec[] {
    if (count >>> 0 > IOV_MAX) throw new TooManyIovecs(`${count >>> 0} iovecs, above IOV_MAX (${IOV_MAX})`);
    const view = this.view(ptr, (count >>> 0) * 8);
    const out: Iovec[] = [];
    for (let i = 0; i < count >>> 0; i++) out.push({ ptr: view.getUint32(i * 8, true), len: view.getUint32(i * 8 + 4, true) });
    return out;
  }
}
