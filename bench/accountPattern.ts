/**
 * Worst-case AccountPattern evaluation: the largest program the language allows (MAX_PROGRAM
 * states, built from nested bounded repeats and stars) against a near-miss account of the longest
 * length that is evaluated (MAX_INPUT), plus the issue's `^` + `.*`x17 + `X$`.
 * Last line: `bench accountPattern: dotstar17_us=.. worst_us=.. worst_states=..`.
 */
import { LinearPattern, MAX_INPUT } from '../keystore/conditions/pattern/index.ts';

function microsPerTest(pattern: LinearPattern, input: string, rounds: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) pattern.test(input);
  return Number(process.hrtime.bigint() - start) / 1000 / rounds;
}

export async function main(): Promise<void> {
  const nearMiss = 'a'.repeat(MAX_INPUT - 1) + '!';
  const dotStar17 = LinearPattern.compile(`^${'.*'.repeat(17)}X$`);
  const worst = LinearPattern.compile(`^(?:(?:a|.){0,20}.*){9}(?:a*)*X$`);
  const dot = microsPerTest(dotStar17, nearMiss, 200);
  const bad = microsPerTest(worst, nearMiss, 20);
  console.log(`bench accountPattern: dotstar17_us=${dot.toFixed(0)} worst_us=${bad.toFixed(0)} worst_states=${worst.size}`);
  await Promise.resolve();
}
