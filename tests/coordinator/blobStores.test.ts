/**
 * The blob stores behind the WASM cache, each against the same checks: round trip in chunks,
 * idempotent writes, absent blobs, damaged bytes refused on read, and eviction that keeps bytes a
 * coordinator indexed again meanwhile. Then the point of the Postgres store: a module uploaded
 * through one coordinator is served by another that shares only the database.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isErrandError } from '../../common/errors/index.ts';
import type { BlobStore } from '../../coordinator/cache/BlobStore.ts';
import { FileBlobStore } from '../../coordinator/cache/FileBlobStore.ts';
import { PgBlobStore } from '../../coordinator/cache/PgBlobStore.ts';
import type { Db } from '../../coordinator/db/Db.ts';
import { openSiblingDb, openTestDb } from './helpers/testDb.ts';
import { startCoordinator } from '../../coordinator/startCoordinator.ts';
import { CoordinatorClient } from '../../coordinator/client/CoordinatorClient.ts';
import { startTestCoordinator } from './helpers/testCoordinator.ts';
import { sha256, wasmModule } from './helpers/fixtures.ts';
import { scratchDir } from '../setup/scratchDirs.ts';

const stores: Array<{ name: string; open(db: Db): BlobStore; corrupt(db: Db, store: BlobStore, sha: string): Promise<void> }> = [
  {
    name: 'PgBlobStore',
    open: (db) => new PgBlobStore(db, 1000),
    corrupt: async (db, _s, sha) => void (await db.query(`UPDATE wasm_blob_chunks SET bytes = '\\x00'::bytea || bytes WHERE sha256 = $1 AND seq = 1`, [sha])),
  },
  {
    name: 'FileBlobStore',
    open: () => new FileBlobStore(scratchDir('errand-blobs-')),
    corrupt: async (_db, s, sha) => writeFile(path.join((s as FileBlobStore).dir, sha.slice(0, 2), `${sha}.wasm`), wasmModule('other', 3000)),
  },
];

for (const kind of stores) {
  describe(`blob store: ${kind.name}`, () => {
    let db: Db;
    let store: BlobStore;
    beforeEach(async () => {
      db = await openTestDb();
      store = kind.open(db);
    });
    afterEach(async () => db.close());

    it('round-trips a multi-chunk module as a stream, and a second put of the same name changes nothing', async () => {
      const mod = wasmModule('big', 3500);
      const sha = sha256(mod);
      await store.put(sha, mod);
      await store.put(sha, mod);
      const parts: Buffer[] = [];
      for await (const c of (await store.open(sha))!) parts.push(c);
      assert.deepEqual(Buffer.concat(parts), mod);
      if (kind.name === 'PgBlobStore') assert.equal(parts.length, 4, '1000-byte chunks');
      assert.deepEqual(await store.get(sha), mod);
    });

    it('an absent blob is null; damaged bytes fail with COORDINATOR__BLOB_CORRUPT', async () => {
      const mod = wasmModule('c', 2500);
      const sha = sha256(mod);
      assert.equal(await store.get(sha), null);
      await store.put(sha, mod);
      await kind.corrupt(db, store, sha);
      await assert.rejects(store.get(sha), (e) => isErrandError(e, 'COORDINATOR__BLOB_CORRUPT') && e.context.sha256 === sha);
    });

    it('delete removes the bytes', async () => {
      const mod = wasmModule('d');
      await store.put(sha256(mod), mod);
      await store.delete(sha256(mod));
      assert.equal(await store.get(sha256(mod)), null);
    });
  });
}

describe('blob store: PgBlobStore eviction race', () => {
  it('keeps the bytes of a module that is indexed again (re-uploaded through another coordinator)', async () => {
    const db = await openTestDb();
    try {
      const store = new PgBlobStore(db);
      const mod = wasmModule('e');
      await store.put(sha256(mod), mod);
      await db.query(`INSERT INTO wasm_modules (sha256, size_bytes) VALUES ($1, $2)`, [sha256(mod), mod.length]);
      await store.delete(sha256(mod));
      assert.deepEqual(await store.get(sha256(mod)), mod);
    } finally {
      await db.close();
    }
  });
});

describe('WASM cache shared by two coordinators (Postgres blob store)', () => {
  it('a module uploaded through A is downloaded from B; eviction by one is seen by both', async () => {
    const a = await startTestCoordinator({ BLOB_STORE: 'postgres', WASM_CACHE_BYTES: 2 * 1100 });
    try {
      // B on A's schema: only the database is shared.
      const dbB = await openSiblingDb(a.db);
      const coordB = await startCoordinator(
        { PORT: 0, BLOB_STORE: 'postgres', WASM_CACHE_BYTES: 2 * 1100, COORDINATOR_ADMIN_TOKEN: a.adminToken },
        { db: dbB },
      );
      try {
        const onA = (await a.worker('wa')).client;
        const onB = new CoordinatorClient({ baseUrl: coordB.url, token: a.adminToken });
        const mods = ['1', '2', '3'].map((t) => wasmModule(t, 1000));
        await onA.uploadWasm(sha256(mods[0]!), mods[0]!);
        assert.deepEqual(Buffer.from(await onB.downloadWasm(sha256(mods[0]!))), mods[0]);
        await onA.uploadWasm(sha256(mods[1]!), mods[1]!);
        await onA.uploadWasm(sha256(mods[2]!), mods[2]!);
        // Budget of two: the least recently used (module 1) is gone for B as well.
        assert.equal(await onB.wasmExists(sha256(mods[0]!)), false);
        await assert.rejects(onB.downloadWasm(sha256(mods[0]!)), (e) => isErrandError(e, 'COORDINATOR__WASM_NOT_FOUND'));
        assert.deepEqual(Buffer.from(await onB.downloadWasm(sha256(mods[2]!))), mods[2]);
        onB.close();
      } finally {
        await coordB.close();
        await dbB.close();
      }
    } finally {
      await a.close();
    }
  });
});
