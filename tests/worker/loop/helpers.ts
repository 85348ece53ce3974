/**
 * Pieces for the job-loop tests: a local git repository of a C program, a submitter that records
 * resolutions (standing in for the chain, which the end-to-end tests use for real), and a builder
 * wrapper that counts compiles.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ResolveOutcome, ResolveSubmitter, SecretsProvider } from '../../../common/ports/index.ts';
import type { ExecutionRequest, ExecutionResponse, ExecutionSource, RequestRef } from '../../../common/types/index.ts';
import type { BuiltModule, ModuleBuilder } from '../../../worker/loop/ModuleBuilder.ts';
import type { CoordinatorPort } from '../../../worker/loop/CoordinatorPort.ts';
import { ErrandError } from '../../../common/errors/index.ts';
import { sampleRequest } from '../../coordinator/helpers/fixtures.ts';
import { scratchDir } from '../../setup/scratchDirs.ts';

export function gitRepoWith(files: Record<string, string>): { url: string; dir: string } {
  const dir = scratchDir('errand-loop-repo-');
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'program');
  return { url: `file://${dir}`, dir };
}

/** Echoes stdin upper-cased, after spinning `n` iterations when the input is a number. */
export const UPPERCASE_C = `#include <stdio.h>
#include <ctype.h>
int main(void) {
  int c;
  while ((c = getchar()) != EOF) putchar(toupper(c));
  return 0;
}
`;

export class RecordingResolveSubmitter implements ResolveSubmitter {
  readonly resolutions: Array<{ ref: RequestRef; response: ExecutionResponse }> = [];

  async resolve(ref: RequestRef, response: ExecutionResponse): Promise<ResolveOutcome> {
    const already = this.resolutions.some((r) => r.ref.requestId === ref.requestId && r.ref.contractId === ref.contractId);
    this.resolutions.push({ ref, response });
    return { txHash: `tx-${ref.requestId}-${this.resolutions.length}`, alreadyResolved: already };
  }

  countFor(requestId: string): number {
    return this.resolutions.filter((r) => r.ref.requestId === requestId).length;
  }
}

export class CountingBuilder implements ModuleBuilder {
  builds = 0;
  constructor(private readonly inner: ModuleBuilder) {}

  pin(source: ExecutionSource, signal: AbortSignal): Promise<ExecutionSource> {
    return this.inner.pin(source, signal);
  }

  build(pinned: ExecutionSource, options: { signal: AbortSignal; timeoutMs: number; onLog: (text: string) => void }): Promise<BuiltModule> {
    this.builds++;
    return this.inner.build(pinned, options);
  }
}

export const noSecretsForTests: SecretsProvider = {
  async fetchSecrets(request: ExecutionRequest): Promise<Record<string, string>> {
    if (!request.secretsRef) return {};
    throw new ErrandError('COMMON__UNFINISHED', 'these tests run without a keystore', { feature: 'secrets' });
  },
};

export function gitRequest(i: number, repo: string, input: string, over: Partial<ExecutionRequest> = {}): ExecutionRequest {
  return sampleRequest(i, {
    source: { kind: 'git', repo, commit: 'main', target: 'wasm32-wasip1' },
    input,
    limits: { maxInstructions: 50_000_000, maxMemoryMb: 64, maxExecutionMs: 5_000, maxCompileMs: 120_000 },
    deposit: '1000000000000000000000000',
    ...over,
  });
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A coordinator port whose process "dies" on crash(): every later call fails, as from a dead host. */
export function crashableForTests(inner: CoordinatorPort): CoordinatorPort & { crash(): void } {
  let crashed = false;
  const dead = () => Promise.reject(new ErrandError('COMMON__UNAVAILABLE', 'the worker process is dead', { service: 'worker' }));
  const port = new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'crash') return () => (crashed = true);
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => (crashed ? dead() : (value as (...a: unknown[]) => unknown).apply(target, args));
    },
  });
  return port as CoordinatorPort & { crash(): void };
}
