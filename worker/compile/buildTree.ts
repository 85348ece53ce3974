/**
 * Builds a checked-out, already vetted source tree into a module inside a sandbox: detect (or take)
 * the language, pick the target, run the build script, read /out/module.wasm and validate it.
 * /out is a directory whose total size the sandbox caps where it can (prepareOutputDir), and the
 * module is read from it as hostile input (readBuildOutput: no symlinks, regular files only,
 * capped read), whichever the backend. The build log goes to `onLog` as it is produced, capped at `maxLogBytes` (a marker says where it was
 * cut). Failures are coded: WORKER__BUILD_FAILED / _NEEDS_NETWORK / _TIMEOUT / OUTPUT_*.
 */
import { ErrandError } from '../../common/errors/index.ts';
import type { BuildTarget } from '../../common/types/index.ts';
import { readBuildOutput, type Sandbox, type SandboxLimits } from '../sandbox/index.ts';
import { buildEnv } from './buildEnv.ts';
import { planBuild } from './buildPlan.ts';
import { buildScript, OUTPUT_FILE } from './buildScript.ts';
import { buildFailure } from './classifyFailure.ts';
import type { Language } from './languages.ts';
import { validateOutput } from './validateOutput.ts';

export interface BuildTreeOptions {
  sandbox: Sandbox;
  /** Directory for this build's output (created by the sandbox; its total capped at maxOutputBytes where the backend can). */
  outputDir: string;
  target?: BuildTarget;
  language?: Language;
  /** Sub-directory of the tree holding the program. */
  subdir?: string;
  wallMs: number;
  limits?: Partial<Omit<SandboxLimits, 'wallMs'>>;
  maxOutputBytes: number;
  maxLogBytes: number;
  signal?: AbortSignal;
  onLog?: (text: string) => void;
  onPhase?: (phase: 'building' | 'validating') => void;
}

export interface BuiltTree {
  wasm: Uint8Array;
  target: BuildTarget;
  language: Language;
}

export const DEFAULT_BUILD_LIMITS = { cpuSeconds: 600, memoryBytes: 4 * 1024 ** 3, maxProcesses: 256 };
/** Files a build may leave in /out (it needs one). */
export const MAX_OUTPUT_FILES = 256;

export async function buildTree(treeDir: string, options: BuildTreeOptions): Promise<BuiltTree> {
  const { subdir, programDir, language, target } = await planBuild(treeDir, options);
  const script = buildScript(language, target);
  const env = await buildEnv(programDir, subdir, language);
  const outputDir = await options.sandbox.prepareOutputDir(options.outputDir, { maxBytes: options.maxOutputBytes, maxFiles: MAX_OUTPUT_FILES });
  let wasm: Uint8Array | null;
  try {
    options.onPhase?.('building');
    const result = await options.sandbox.run({
      command: '/bin/sh',
      args: ['-c', script],
      sourceDir: treeDir,
      outputDir: outputDir.path,
      env,
      limits: { ...DEFAULT_BUILD_LIMITS, ...options.limits, wallMs: options.wallMs },
      onOutput: cappedLog(options.onLog, options.maxLogBytes),
      signal: options.signal,
    });
    if (result.timedOut || result.exitCode !== 0) throw buildFailure(result, { language, target, timeoutMs: options.wallMs });
    options.onPhase?.('validating');
    wasm = await readBuildOutput(outputDir.path, { file: OUTPUT_FILE, maxBytes: options.maxOutputBytes, target });
  } finally {
    await outputDir.release();
  }
  if (!wasm) throw new ErrandError('WORKER__OUTPUT_INVALID', `the ${language} build produced no ${OUTPUT_FILE}`, { target, reason: 'no output file' });
  await validateOutput(wasm, target, options.maxOutputBytes);
  return { wasm, target, language };
}

function cappedLog(onLog: ((text: string) => void) | undefined, maxBytes: number): ((chunk: string) => void) | undefined {
  if (!onLog) return undefined;
  let sent = 0;
  let cut = false;
  return (chunk) => {
    if (cut) return;
    if (sent + chunk.length > maxBytes) {
      onLog(chunk.slice(0, Math.max(0, maxBytes - sent)) + `\n[build log cut at ${maxBytes} bytes]\n`);
      cut = true;
      return;
    }
    sent += chunk.length;
    onLog(chunk);
  };
}
