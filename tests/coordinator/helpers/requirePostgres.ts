/**
 * Gate for tests that mean nothing on PGlite (one connection, one statement at a time): pending
 * with the reason outside CI, a failure under CI (CI sets DATABASE_URL; its absence there is a
 * broken set-up, not a reason to pass). Call from a `before` hook: `requirePostgres(this)`.
 */
export function requirePostgres(ctx: Mocha.Context, why: string): string {
  const url = process.env.DATABASE_URL;
  if (url) return url;
  if (process.env.CI) throw new Error(`DATABASE_URL is unset under CI: this suite needs a real Postgres (${why})`);
  console.log(`      pending: needs DATABASE_URL, a real Postgres (${why})`);
  return ctx.skip();
}
