/**
 * The worker's in-memory copy of recently run modules, by sha256, so a cached request skips the
 * download. Bounded by bytes; least recently used goes first. The coordinator's WASM cache stays
 * the shared copy: losing this one only costs a download.
 */
import type { Sha256Hex } from '../../common/types/index.ts';

export class ModuleCache {
  private readonly entries = new Map<Sha256Hex, Uint8Array>();
  private bytes = 0;

  constructor(private readonly budgetBytes: number) {}

  get(sha256: Sha256Hex): Uint8Array | undefined {
    const wasm = this.entries.get(sha256);
    if (wasm) {
      this.entries.delete(sha256);
      this.entries.set(sha256, wasm);
    }
    return wasm;
  }

  set(sha256: Sha256Hex, wasm: Uint8Array): void {
    if (wasm.byteLength > this.budgetBytes || this.entries.has(sha256)) return;
    this.entries.set(sha256, wasm);
    this.bytes += wasm.byteLength;
    for (const [key, value] of this.entries) {
      if (this.bytes <= this.budgetBytes) break;
      this.entries.delete(key);
      this.bytes -= value.byteLength;
    }
  }
}
