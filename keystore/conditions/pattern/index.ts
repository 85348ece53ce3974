export { LinearPattern, compilePattern, MAX_PROGRAM, MAX_INPUT } from './LinearPattern.ts';
export { parsePattern, PatternSyntaxError, MAX_REPEAT, type PatternNode, type CharSet } from './parsePattern.ts';
