export * from './brand.ts';
export * from './source.ts';
export * from './limits.ts';
export * from './execution.ts';
export * from './request.ts';
export * from './requestInput.ts';
export * from './http.ts';
export { CONDITION_CHAINS, conditionChains, type AccessCondition } from './accessCondition.ts';
