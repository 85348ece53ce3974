/**
 * The job loop's ModuleBuilder for development mode on a host whose bubblewrap does not work:
 * the same compile path as SandboxModuleBuilder (pin, fetch, vet, validate, hash), with builds run
 * by buildTreeInThread (AssemblyScript and JavaScript components, compilers from npm). Selected at wiring time only
 * when the worker is in development mode and the probe found bubblewrap broken; never in production.
 */
import os from 'node:os';
import type { ExecutionSource } from '../../../common/types/index.ts';
import type { BuildCapabilities, BuiltModule, ModuleBuilder } from '../../loop/ModuleBuilder.ts';
import { pinCommit } from '../../source/index.ts';
import { compileSource } from '../compileSource.ts';
import { buildTreeInThread } from './buildTreeInThread.ts';

export class NpmCompilersModuleBuilder implements ModuleBuilder {
  /** What buildTreeInThread builds; advertised so the coordinator (and an operator) can see this worker has no OS sandbox. */
  readonly capabilities: BuildCapabilities = {
    sandbox: false,
    languages: ['assemblyscript', 'js-component'],
    targets: ['wasm32-wasip1', 'wasm32-wasip2'],
  };

  constructor(private readonly options: { workDir?: string; pinTimeoutMs?: number } = {}) {}

  async pin(source: ExecutionSource, signal: AbortSignal): Promise<ExecutionSource> {
    if (source.kind !== 'git') return source;
    return { ...source, commit: await pinCommit(source.repo, source.commit, { signal, timeoutMs: this.options.pinTimeoutMs ?? 30_000 }) };
  }

  async build(pinned: ExecutionSource, options: { signal: AbortSignal; timeoutMs: number; onLog: (text: string) => void }): Promise<BuiltModule> {
    const result = await compileSource(pinned, { treeBuilder: buildTreeInThread, workDir: this.options.workDir ?? os.tmpdir(), ...options });
    return { wasm: result.wasm, sha256: result.sha256, commit: result.commit ?? '', buildMs: result.buildMs };
  }
}
