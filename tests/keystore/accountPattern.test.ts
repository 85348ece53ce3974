import assert from 'node:assert/strict';
import { evaluateAccessCondition } from '../../keystore/conditions/evaluateAccessCondition.ts';
import { LinearPattern, MAX_PROGRAM, PatternSyntaxError } from '../../keystore/conditions/pattern/index.ts';
import { validateAccessCondition } from '../../keystore/envelope/validateAccessCondition.ts';
import { InMemoryChainReaderForTests } from './InMemoryChainReaderForTests.ts';

/** Patterns whose backtracking cost explodes in V8's RegExp on a near-miss input. */
const dotStars = (n: number) => `^${'.*'.repeat(n)}X$`;
const HOSTILE = [dotStars(17), dotStars(60), `^(a|a)*${'(a*)*'.repeat(10)}b$`, `^(.*a){20}$`, `^(?:\\w+\\s?)*$`, `^(a+)+$`];

describe('AccountPattern: the linear-time pattern engine', () => {
  const ctx = { reader: new InMemoryChainReaderForTests('near') };

  it(`evaluates ${dotStars(17)} and worse against long near-miss accounts, refusing them (no backtracking)`, async function () {
    // V8's backtracking RegExp takes minutes on the first of these; the linear engine, microseconds.
    this.timeout(10_000);
    const account = 'a'.repeat(63) + '!';
    for (const pattern of HOSTILE) {
      const cond = validateAccessCondition({ type: 'AccountPattern', pattern });
      assert.equal(await evaluateAccessCondition(cond, account, ctx), false, pattern);
    }
    assert.equal(await evaluateAccessCondition({ type: 'AccountPattern', pattern: dotStars(60) }, `${'a'.repeat(60)}X`, ctx), true);
  });

  it('agrees with RegExp on ordinary patterns', () => {
    const patterns = [
      '^[a-z]+\\.near$',
      '^rich\\.near$',
      '^bad-.*$',
      '^(alice|bob)\\.near$',
      '^[a-z0-9_-]{2,32}(\\.[a-z]+)?\\.near$',
      '^[(]+$',
      '^a{2}b{1,3}c{0,}$',
      '^\\d+\\w*\\.(testnet|near)$',
      '^[^.]+\\.near$',
      '^(?:ab|a)*b?$',
      '^.$',
      '^[\\w.-]+$',
      '^x??y+?$',
    ];
    const inputs = [
      '',
      'a',
      'ab',
      'abb',
      'rich.near',
      'xrich.near.evil',
      'bad-x',
      'alice.near',
      'bob.near',
      'carol.near',
      'ab.cd.near',
      'a.b.near',
      '(((',
      'aabbbc',
      'aabbbbc',
      '42x.testnet',
      'sub.x.near',
      'abab',
      'ababb',
      'é',
      'y',
      'xyy',
      'a-b.c_d',
    ];
    for (const p of patterns) {
      const ours = LinearPattern.compile(p);
      const theirs = new RegExp(p, 'u');
      for (const input of inputs) assert.equal(ours.test(input), theirs.test(input), `${p} on '${input}'`);
    }
  });

  it('caps the program size, so one evaluation is bounded by input length x program size', () => {
    assert.ok(LinearPattern.compile('^(a{0,100}){4}$').size <= MAX_PROGRAM);
    assert.throws(() => LinearPattern.compile('^((a{0,100}){100})$'), PatternSyntaxError);
    assert.throws(() => LinearPattern.compile(`^${'(a{0,99})'.repeat(25)}$`), PatternSyntaxError);
  });

  it('refuses a stored pattern outside the language at evaluation too (on-chain data is untrusted)', async () => {
    await assert.rejects(evaluateAccessCondition({ type: 'AccountPattern', pattern: '^(?=a).*$' }, 'a', ctx), /invalid/);
  });
});
