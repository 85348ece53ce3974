/** The keystore's wire contract: zod schemas its routes and its clients share. Depends on common/ only. */
export * from './schemas.ts';
