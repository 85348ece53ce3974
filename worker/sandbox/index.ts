/** Public API of the compile sandbox: the interface, its two backends and the factory. */
export type { Sandbox, SandboxLimits, SandboxResult, SandboxRunOptions, CappedOutputDir, OutputDirLimits } from './Sandbox.ts';
export { SANDBOX_PATHS, LOG_TAIL_BYTES } from './Sandbox.ts';
export { BwrapSandbox, DEFAULT_BUILD_UID_BASE, type BwrapSandboxOptions } from './BwrapSandbox.ts';
export { DockerSandbox, DEFAULT_COMPILER_IMAGE, imageMissing, type DockerSandboxOptions } from './DockerSandbox.ts';
export { dockerCreateOptions, BUILD_LABELS, type DockerSpecOptions } from './dockerSpec.ts';
export { sweepBuildContainers, type SweepResult } from './dockerSweep.ts';
export { bwrapArgs, type BwrapArgsInput } from './bwrapArgs.ts';
export { createSandbox, SANDBOX_BACKENDS, type SandboxBackend, type CreateSandboxOptions } from './createSandbox.ts';
export { defaultToolchainBinds } from './toolchain.ts';
export { readBuildOutput, type ReadOutputOptions } from './readBuildOutput.ts';
export { createCappedOutputDir, plainOutputDir } from './cappedOutputDir.ts';
