/**
 * The job loop's ModuleBuilder (worker/loop/ModuleBuilder.ts) on top of compileSource: `pin` turns a
 * branch or tag into its commit hash, `build` compiles a pinned source in this builder's sandbox.
 * A builder is made once, at worker start: it then deletes the build directories that dead
 * workers left in its workDir (`swept`), and its first build waits for that.
 */
import os from 'node:os';
import type { Logger } from '../../common/logger.ts';
import type { ExecutionSource } from '../../common/types/index.ts';
import type { BuildCapabilities, BuiltModule, ModuleBuilder } from '../loop/ModuleBuilder.ts';
import { BUILD_TARGETS } from '../../common/types/index.ts';
import { LANGUAGES } from './languages.ts';
import type { Sandbox } from '../sandbox/index.ts';
import { pinCommit } from '../source/index.ts';
import { sweepStaleBuildDirs } from './buildDirs.ts';
import { compileSource, type CompileOptions } from './compileSource.ts';

export interface SandboxModuleBuilderOptions extends Partial<Pick<CompileOptions, 'limits' | 'maxOutputBytes' | 'maxLogBytes' | 'maxSourceBytes'>> {
  sandbox: Sandbox;
  workDir?: string;
  pinTimeoutMs?: number;
  log?: Logger;
}

export class SandboxModuleBuilder implements ModuleBuilder {
  /** The stale build directories deleted at start (never rejects: a failed sweep is logged). */
  readonly swept: Promise<string[]>;
  readonly capabilities: BuildCapabilities = { sandbox: true, languages: [...LANGUAGES], targets: [...BUILD_TARGETS] };

  constructor(private readonly options: SandboxModuleBuilderOptions) {
    const workDir = options.workDir ?? os.tmpdir();
    this.swept = sweepStaleBuildDirs(workDir).then(
      (removed) => {
        if (removed.length > 0) options.log?.info({ workDir, removed }, 'deleted build directories left by dead workers');
        return removed;
      },
      (err: unknown) => {
        options.log?.warn({ workDir, err }, 'could not sweep stale build directories');
        return [];
      },
    );
  }

  async pin(source: ExecutionSource, signal: AbortSignal): Promise<ExecutionSource> {
    if (source.kind !== 'git') return source;
    return { ...source, commit: await pinCommit(source.repo, source.commit, { signal, timeoutMs: this.options.pinTimeoutMs ?? 30_000 }) };
  }

  async build(pinned: ExecutionSource, options: { signal: AbortSignal; timeoutMs: number; onLog: (text: string) => void }): Promise<BuiltModule> {
    const { sandbox, workDir, limits, maxOutputBytes, maxLogBytes, maxSourceBytes } = this.options;
    await this.swept;
    const result = await compileSource(pinned, {
      sandbox,
      workDir: workDir ?? os.tmpdir(),
      limits,
      maxOutputBytes,
      maxLogBytes,
      maxSourceBytes,
      ...options,
    });
    return { wasm: result.wasm, sha256: result.sha256, commit: result.commit ?? '', buildMs: result.buildMs };
  }
}
