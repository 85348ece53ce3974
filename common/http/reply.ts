/**
 * Sends a route's JSON answer typed against its wire schema (coordinator/api, keystore/api), the
 * schema its client parses the answer with: a route whose answer drifts from the contract does not
 * compile. Nothing is checked at run time (the client does that).
 */
import type { Response } from 'express';
import type { z } from 'zod';

export function reply<S extends z.ZodType>(res: Response, _answer: S, body: z.input<S>, status = 200): void {
  res.status(status).json(body);
}
