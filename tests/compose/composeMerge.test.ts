import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './helpers/composeStack.ts';

function merge(base: string, override: string): Record<string, unknown> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'errand-compose-merge-'));
  try {
    writeFileSync(path.join(dir, 'base.yml'), base);
    writeFileSync(path.join(dir, 'over.yml'), override);
    const out = execFileSync('python3', [path.join(REPO_ROOT, 'docker/test/compose-merge.py'), path.join(dir, 'base.yml'), path.join(dir, 'over.yml')]);
    return JSON.parse(out.toString()) as Record<string, unknown>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('docker/test/compose-merge.py: the compose test override onto the production file', () => {
  const base = `
x-common: &common
  restart: always
services:
  a:
    <<: *common
    image: prod
    networks: [internal]
    ports: ["8080:8080"]
    environment: { KEEP: "1", CHANGE: old }
networks:
  internal: { internal: true }
`;

  it('merges mappings, replaces lists and scalars, removes keys set to null (also in new keys), drops x- keys', () => {
    const merged = merge(
      base,
      `
x-host: &host
  network_mode: host
  networks: null
services:
  a:
    <<: *host
    ports: null
    environment: { CHANGE: new }
  b:
    <<: *host
    image: added
networks: null
`,
    );
    assert.deepEqual(merged, {
      services: {
        a: { restart: 'always', image: 'prod', network_mode: 'host', environment: { KEEP: '1', CHANGE: 'new' } },
        b: { network_mode: 'host', image: 'added' },
      },
    });
  });

  it('the real files: every service on host networking, no networks, the keystore and coordinator publish nothing', () => {
    const merged = JSON.parse(
      execFileSync('python3', ['docker/test/compose-merge.py', 'docker-compose.yml', 'docker-compose.test.yml'], { cwd: REPO_ROOT }).toString(),
    ) as {
      services: Record<string, { network_mode?: string; networks?: unknown; ports?: unknown; profiles?: string[] }>;
      networks?: unknown;
    };
    assert.equal(merged.networks, undefined);
    for (const [name, service] of Object.entries(merged.services)) {
      if (service.profiles?.includes('build-only')) continue;
      assert.equal(service.network_mode, 'host', name);
      assert.equal(service.networks, undefined, name);
      assert.equal(service.ports, undefined, name);
    }
  });

  it('the production file alone keeps its internal network and the keystore unpublished', () => {
    const prod = merge(readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8'), '{}') as {
      services: Record<string, { networks?: string[]; ports?: unknown; network_mode?: string }>;
      networks: Record<string, { internal?: boolean }>;
    };
    assert.equal(prod.networks.internal?.internal, true);
    assert.equal(prod.services.keystore?.ports, undefined);
    assert.deepEqual(prod.services.keystore?.networks, ['internal']);
    for (const name of ['postgres', 'redis', 'worker-1', 'worker-2']) assert.deepEqual(prod.services[name]?.networks, ['internal'], name);
    assert.equal(Object.values(prod.services).filter((s) => s.network_mode === 'host').length, 0);
  });
});
