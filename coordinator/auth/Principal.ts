/** Who is calling: the admin, a registered worker, or (auth off, dev mode only) anyone. */
export type Principal = { kind: 'admin' } | { kind: 'worker'; workerId: string };
