/**
 * Drives `docker-compose` (Debian's v1, the compose tool on these machines) for the compose test:
 * the production docker-compose.yml merged with docker-compose.test.yml (docker/test/compose-merge.py)
 * under a project name of its own, with the test's ports and directory as variables.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type Docker from 'dockerode';

const run = promisify(execFile);
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export class ComposeStack {
  readonly file: string;

  constructor(
    readonly project: string,
    dir: string,
    readonly env: Record<string, string>,
  ) {
    this.file = path.join(dir, 'compose.json');
  }

  async writeMergedFile(): Promise<void> {
    const { stdout } = await run('python3', ['docker/test/compose-merge.py', 'docker-compose.yml', 'docker-compose.test.yml'], { cwd: REPO_ROOT });
    writeFileSync(this.file, stdout);
  }

  /** Runs docker-compose on the merged file; rejects with its stderr on a non-zero exit. */
  async compose(args: string[], timeoutMs = 300_000): Promise<string> {
    try {
      const { stdout } = await run('docker-compose', ['-p', this.project, '-f', this.file, '--project-directory', REPO_ROOT, ...args], {
        cwd: REPO_ROOT,
        env: { ...process.env, ...this.env },
        timeout: timeoutMs,
        maxBuffer: 16 * 1024 * 1024,
      });
      return stdout;
    } catch (err) {
      const e = err as { stderr?: string; stdout?: string; message: string };
      throw new Error(`docker-compose ${args.join(' ')} failed: ${e.stderr || e.stdout || e.message}`);
    }
  }

  /** The project's containers, by service, with their state and health (no healthcheck: 'none'). */
  async states(docker: Docker): Promise<Record<string, { state: string; health: string }>> {
    const list = await docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${this.project}`] } });
    const out: Record<string, { state: string; health: string }> = {};
    for (const c of list) {
      const info = await docker.getContainer(c.Id).inspect();
      out[c.Labels['com.docker.compose.service']!] = { state: info.State.Status, health: info.State.Health?.Status ?? 'none' };
    }
    return out;
  }

  async volumes(docker: Docker): Promise<string[]> {
    const { Volumes } = await docker.listVolumes({ filters: { label: [`com.docker.compose.project=${this.project}`] } });
    return (Volumes ?? []).map((v) => v.Name);
  }
}
