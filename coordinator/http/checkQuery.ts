/** Query strings pass the same string rules as bodies (coordinator/http/jsonBody.ts): a `%00` or a
 * value that is not Unicode answers a coded 400 before it reaches a statement. */
import type { RequestHandler } from 'express';
import { checkJsonStrings } from '../../common/http/checkJsonStrings.ts';

export function checkQuery(): RequestHandler {
  return (req, _res, next) => {
    try {
      checkJsonStrings(req.query, { maxDepth: 4 }, 'query');
      next();
    } catch (e) {
      next(e);
    }
  };
}
