/**
 * Gate for the tests that need a real Docker engine and the compiler image. Where no engine answers
 * they are skipped, except under CI (CI=true) or ERRAND_DOCKER_TESTS=required, where they fail: CI
 * runs docker/test-engine.sh first, so a missing engine there is a broken machine, not a reason to
 * pass. An engine without the compiler image fails with the command that builds it (never a raw 404).
 */
import Docker from 'dockerode';
import { DockerSandbox, imageMissing } from '../../../../worker/sandbox/index.ts';

export const COMPILER_IMAGE = process.env.ERRAND_COMPILER_IMAGE ?? 'errand-compiler:latest';

export function dockerRequired(): boolean {
  return Boolean(process.env.CI) || process.env.ERRAND_DOCKER_TESTS === 'required';
}

/** Call from a `before` hook: resolves with a sandbox on the real engine, or skips/fails the suite. */
export async function requireDockerEngine(ctx: Mocha.Context, options: { owner?: string } = {}): Promise<{ docker: Docker; sandbox: DockerSandbox }> {
  const docker = new Docker();
  const sandbox = new DockerSandbox({ docker, image: COMPILER_IMAGE, owner: options.owner ?? `errand-test-${process.pid}` });
  try {
    await sandbox.ping(3000);
  } catch (err) {
    const message = `no Docker engine answers (${err instanceof Error ? err.message : String(err)}): start one with docker/test-engine.sh`;
    if (dockerRequired()) throw new Error(message);
    console.log(`      skipped: ${message}`);
    ctx.skip();
  }
  try {
    await docker.getImage(COMPILER_IMAGE).inspect();
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) throw imageMissing(COMPILER_IMAGE);
    throw err;
  }
  return { docker, sandbox };
}
