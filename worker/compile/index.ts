/** Public API of the compile path: compile a source to a validated, hashed module; the job loop's builder; the sandbox factory. */
export { compileSource, type CompileInput, type CompileOptions, type CompileResult, type CompilePhase, type LocalDirSource } from './compileSource.ts';
export { createBuildDir, sweepStaleBuildDirs, BUILD_DIR_PREFIX, type SweepOptions } from './buildDirs.ts';
export { SandboxModuleBuilder, type SandboxModuleBuilderOptions } from './SandboxModuleBuilder.ts';
export { buildTree, DEFAULT_BUILD_LIMITS, type BuildTreeOptions, type BuiltTree } from './buildTree.ts';
export { detectLanguage } from './detectLanguage.ts';
export { LANGUAGES, supportedTargets, defaultTarget, type Language } from './languages.ts';
export { validateOutput, wasmKind, type WasmKind } from './validateOutput.ts';
export { needsNetwork } from './classifyFailure.ts';
export { createSandbox, SANDBOX_BACKENDS, type SandboxBackend } from '../sandbox/index.ts';
export { NpmCompilersModuleBuilder } from './npm/NpmCompilersModuleBuilder.ts';
