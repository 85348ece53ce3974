/**
 * The checks every sandbox backend must pass, written once: a build that probes a listener on the
 * host's loopback sees nothing and the listener sees no connection; the build has only a loopback
 * interface and no DNS; the source and the root are read-only and only /out is writable. Each
 * backend's test file calls this inside its own describe.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type { Sandbox, SandboxRunOptions } from '../../../../worker/sandbox/index.ts';

export interface SandboxUnderTest {
  sandbox: Sandbox;
  base: Omit<SandboxRunOptions, 'command' | 'args'>;
  /** Holds src/ (with input.txt reading 'from the source') and out/, the base's directories. */
  scratchDir: string;
}

export function describeSandboxConformance(current: () => SandboxUnderTest): void {
  it('mounts the source read-only, the root read-only, and lets the build write only /out', async () => {
    const { sandbox, base, scratchDir } = current();
    const script = 'cat /src/input.txt; echo x > /src/new.txt || echo SRC_RO; echo y > /usr/new.txt || echo USR_RO; echo built > /out/result.txt';
    const result = await sandbox.run({ ...base, command: '/bin/sh', args: ['-c', script] });
    assert.equal(result.exitCode, 0, result.logTail);
    assert.match(result.logTail, /from the source/);
    assert.match(result.logTail, /SRC_RO/);
    assert.match(result.logTail, /USR_RO/);
    assert.equal(existsSync(path.join(scratchDir, 'src', 'new.txt')), false);
    assert.equal(readFileSync(path.join(scratchDir, 'out', 'result.txt'), 'utf8'), 'built\n');
  });

  describe('network', () => {
    let server: Server;
    let connections = 0;
    const sockets = new Set<Socket>();
    before(async () => {
      server = createServer((socket) => {
        connections += 1;
        sockets.add(socket);
        socket.end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    after(async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    });

    it('cannot reach a listener on the host loopback, and the listener sees no connection', async () => {
      const { sandbox, base } = current();
      const port = (server.address() as AddressInfo).port;
      const script = `require('net').connect(${port}, '127.0.0.1').on('connect', () => { console.log('CONNECTED'); process.exit(0); }).on('error', (e) => { console.log('connect failed:', e.code); process.exit(7); })`;
      const result = await sandbox.run({ ...base, command: '/usr/bin/node', args: ['-e', script] });
      assert.equal(result.exitCode, 7, result.logTail);
      assert.match(result.logTail, /connect failed: ECONNREFUSED/);
      assert.ok(!result.logTail.includes('CONNECTED'));
      await delay(100);
      assert.equal(connections, 0);
    });

    it('has only a loopback interface and no DNS', async () => {
      const { sandbox, base } = current();
      const result = await sandbox.run({
        ...base,
        command: '/bin/sh',
        args: ['-c', "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '; getent hosts deb.debian.org || echo NO_DNS"],
      });
      assert.equal(result.logTail.trim().split('\n').join(' '), 'lo NO_DNS');
    });
  });
}
