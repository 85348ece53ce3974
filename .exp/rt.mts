import { openPgDb } from '/work/main/coordinator/db/pgDb.ts';
const db = await openPgDb({ url: 'postgres://postgres@127.0.0.1:5432/h5', schema: 'exp_rt', poolSize: 1 });
for (const [name, sql] of [['select1','SELECT 1'], ['select1-prep','SELECT 1']] as const) {
  for (let i = 0; i < 50; i++) await db.query(sql, [], name.endsWith('prep') ? { prepareAs: 'p1' } : undefined);
  const t = performance.now(); for (let i = 0; i < 500; i++) await db.query(sql, [], name.endsWith('prep') ? { prepareAs: 'p1' } : undefined);
  console.log(name, ((performance.now() - t) / 500).toFixed(3), 'ms');
}
await db.close();
