/**
 * The coordinator's wire contract: the /v1 request bodies, queries and answers as zod schemas, and
 * their types. The routes validate input with them and the client (coordinator/client) parses every
 * answer with them; neither side's types come from the coordinator's internals. Depends on common/
 * and keystore/api only.
 */
export * from './executionRequest.ts';
export * from './records.ts';
export * from './bodies.ts';
export * from './answers.ts';
