export { evaluateAccessCondition, requireAccess, type EvaluationContext } from './evaluateAccessCondition.ts';
