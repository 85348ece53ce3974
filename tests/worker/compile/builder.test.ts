/** The job loop's ModuleBuilder, build scripts inside the sandbox, vendored path dependencies, and the capped log stream. */
import assert from 'node:assert/strict';
import os from 'node:os';
import { compileSource, createSandbox, SandboxModuleBuilder } from '../../../worker/compile/index.ts';
import { Executor } from '../../../worker/executor/index.ts';
import { createTestRepo, type TestRepo } from '../helpers/gitRepo.ts';
import { runIn } from './helpers.ts';
import { requireTools } from '../../setup/requireTools.ts';

const sandbox = createSandbox('bwrap');

describe('worker/compile: SandboxModuleBuilder and build details', function () {
  before(async function () {
    await requireTools(this, ['bwrap', 'clang-14', 'rustc']);
  });
  this.timeout(180_000);
  let repo: TestRepo;
  let executor: Executor;
  beforeEach(() => {
    repo = createTestRepo();
    executor = new Executor({ threads: 1 });
  });
  afterEach(async () => {
    repo.remove();
    await executor.close();
  });

  it('pins a branch, then builds the pinned source and reports its commit', async () => {
    repo.write('main.c', '#include <stdio.h>\nint main(void){puts("pinned");return 0;}\n');
    const hash = repo.commit('one');
    const builder = new SandboxModuleBuilder({ sandbox });
    const pinned = await builder.pin({ kind: 'git', repo: repo.url, commit: 'main', target: 'wasm32-wasip1' }, AbortSignal.timeout(30_000));
    assert.equal(pinned.kind === 'git' && pinned.commit, hash);
    const logs: string[] = [];
    const built = await builder.build(pinned, { signal: AbortSignal.timeout(120_000), timeoutMs: 120_000, onLog: (t) => logs.push(t) });
    assert.equal(built.commit, hash);
    assert.match(logs.join(''), /clang-14 --target=wasm32-wasi/);
    const run = await runIn(executor, built.wasm, '');
    assert.equal(run.stdout, 'pinned\n');
  });

  it('runs Rust build scripts inside the sandbox and builds vendored path dependencies offline', async () => {
    repo.write('Cargo.toml', '[package]\nname = "with-build-rs"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nhelper = { path = "vendor/helper" }\n');
    repo.write('vendor/helper/Cargo.toml', '[package]\nname = "helper"\nversion = "0.1.0"\nedition = "2021"\n');
    repo.write('vendor/helper/src/lib.rs', 'pub fn double(x: u32) -> u32 { x * 2 }\n');
    // The build script records the hostname it ran under: bwrap's UTS namespace names it errand-build.
    repo.write(
      'build.rs',
      'fn main() { let h = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap(); println!("cargo:rustc-env=BUILD_HOST={}", h.trim()); }\n',
    );
    repo.write('src/main.rs', 'fn main() { println!("{} {}", env!("BUILD_HOST"), helper::double(21)); }\n');
    repo.commit('build script');
    const result = await compileSource(
      { kind: 'git', repo: repo.url, commit: 'main', target: 'wasm32-wasip1' },
      { sandbox, workDir: os.tmpdir(), timeoutMs: 170_000 },
    );
    const run = await runIn(executor, result.wasm, '');
    assert.equal(run.stdout, 'errand-build 42\n');
  });

  it('streams the build log through onLog as it is produced, capped with a marker', async () => {
    repo.write('Makefile', '# wasi\nall:\n\tseq 1 200000\n\tfalse\n');
    repo.commit('noisy');
    let streamed = '';
    await assert.rejects(
      compileSource(
        { kind: 'git', repo: repo.url, commit: 'main', target: 'wasm32-wasip1' },
        { sandbox, workDir: os.tmpdir(), timeoutMs: 60_000, maxLogBytes: 10_000, onLog: (t) => (streamed += t) },
      ),
    );
    assert.ok(streamed.length < 10_100, `streamed ${streamed.length}`);
    assert.match(streamed, /\[build log cut at 10000 bytes\]/);
    assert.match(streamed, /^errand: make/m);
  });
});
