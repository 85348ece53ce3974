import { openPgDb } from '/work/main/coordinator/db/pgDb.ts';
const db = await openPgDb({ url: 'postgres://postgres@127.0.0.1:5432/h5', schema: 'exp_rt', poolSize: 1 });
for (let i = 0; i < 200; i++) await db.query('SELECT 1', [], { prepareAs: 'p1' });
const R = 2000; const c0 = process.cpuUsage(); const t = performance.now();
for (let i = 0; i < R; i++) await db.query('SELECT 1', [], { prepareAs: 'p1' });
const c = process.cpuUsage(c0);
console.log('SELECT 1 prepared: wall', ((performance.now() - t) / R * 1000).toFixed(0), 'us, node cpu', ((c.user + c.system) / R).toFixed(0), 'us');
await db.close();
