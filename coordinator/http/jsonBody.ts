/**
 * The JSON body parser of the /v1 routes: express.json() (strict, size-limited), with its plain
 * case read here directly — a JSON content type in UTF-8, no content encoding, a declared length
 * within the limit — which is every call the workers and clients make. body-parser's path for it
 * (type-is, content-type parsing, raw-body, iconv decoding, debug logging) costs tens of
 * microseconds per call. Anything else (chunked, compressed, another charset, too large) goes to
 * express.json() as before. Errors carry body-parser's `status` and `type`, which is what the
 * error handler maps. Every parsed body then passes checkJsonStrings (depth, NUL, lone
 * surrogates): a coded 400 instead of a 500 from Postgres or a recursion that overflows.
 */
import express, { type RequestHandler } from 'express';
import { checkJsonStrings, type JsonStringRules } from '../../common/http/checkJsonStrings.ts';

const PLAIN_JSON = /^application\/json\s*(?:;\s*charset\s*=\s*(?:utf-8|"utf-8")\s*)?$/i;
/** body-parser's strict check: the first non-whitespace character (RFC 7159 whitespace). */
const FIRST_CHAR = /^[\x20\x09\x0a\x0d]*([^\x20\x09\x0a\x0d]|$)/;

function bodyError(status: number, type: string, message: string): Error {
  return Object.assign(new Error(message), { status, statusCode: status, type, expose: true });
}

function parseStrict(text: string): unknown {
  if (text.length === 0) return {}; // as body-parser: an empty body is {}
  const first = FIRST_CHAR.exec(text)?.[1];
  if (first !== '{' && first !== '[') throw bodyError(400, 'entity.parse.failed', `Unexpected token ${first ?? 'end'} in JSON`);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw bodyError(400, 'entity.parse.failed', (e as Error).message);
  }
}

/** Body strings that are data stored as bytes (or in a `json` column), where a NUL is legitimate:
 * a request's input (POST /v1/requests) and a program's output and error text (execute completion). */
export const NUL_ALLOWED_AT: ReadonlySet<string> = new Set(['input', 'response.output.value', 'response.error.message']);
/** Deeper than any body of the API (an access condition nests 4 levels). */
export const MAX_BODY_DEPTH = 64;

export function jsonBody(opts: { limit: number; rules?: JsonStringRules }): RequestHandler {
  const parse = jsonParser(opts.limit);
  const rules = opts.rules ?? { maxDepth: MAX_BODY_DEPTH, nulAllowedAt: NUL_ALLOWED_AT };
  return (req, res, next) => {
    parse(req, res, (err?: unknown) => {
      if (err) return next(err);
      try {
        checkJsonStrings(req.body, rules);
      } catch (e) {
        return next(e);
      }
      next();
    });
  };
}

function jsonParser(limit: number): RequestHandler {
  const general = express.json({ limit, strict: true });
  return (req, res, next) => {
    const type = req.headers['content-type'];
    const declared = Number(req.headers['content-length']);
    const encoding = req.headers['content-encoding'];
    const plain =
      type !== undefined &&
      PLAIN_JSON.test(type) &&
      (encoding === undefined || encoding.toLowerCase() === 'identity') &&
      req.headers['transfer-encoding'] === undefined &&
      Number.isSafeInteger(declared) &&
      declared <= limit &&
      !req.readableEnded;
    if (!plain) return general(req, res, next);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
    });
    req.once('error', () => next(bodyError(400, 'request.aborted', 'request aborted')));
    req.once('end', () => {
      if (size !== declared) return next(bodyError(400, 'request.size.invalid', 'request size did not match content length'));
      let text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)).toString('utf8');
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // iconv strips a byte order mark
      try {
        req.body = parseStrict(text);
      } catch (e) {
        return next(e);
      }
      next();
    });
  };
}
