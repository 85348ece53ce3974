export { ErrandError, isErrandError, toErrandError, type ErrandErrorCode } from './ErrandError.ts';
export type { ErrandErrorContextByCode } from './codes.ts';
export { httpStatusFor, isErrandErrorCode } from './httpStatus.ts';
export { errorFromWire } from './fromWire.ts';
