import assert from 'node:assert/strict';
import { isErrandError } from '../../common/errors/index.ts';
import type { AccessCondition } from '../../common/types/index.ts';
import { evaluateAccessCondition } from '../../keystore/conditions/evaluateAccessCondition.ts';
import { validateAccessCondition } from '../../keystore/envelope/validateAccessCondition.ts';
import { InMemoryChainReaderForTests } from './InMemoryChainReaderForTests.ts';

describe('keystore access conditions', () => {
  const reader = new InMemoryChainReaderForTests('near');
  reader.balances.set('rich.near', 10n ** 24n);
  reader.balances.set('poor.near', 5n);
  reader.ftBalances.set('usdc.near/rich.near', 1000n);
  reader.nfts.add('nft.near/rich.near/token-1');
  const ctx = { reader };
  const evalFor = (c: AccessCondition, account: string) => evaluateAccessCondition(c, account, ctx);

  const cases: Array<[string, AccessCondition, string, boolean]> = [
    ['AllowAll', { type: 'AllowAll' }, 'anyone.near', true],
    ['Whitelist member', { type: 'Whitelist', accounts: ['a.near', 'rich.near'] }, 'rich.near', true],
    ['Whitelist non-member', { type: 'Whitelist', accounts: ['a.near'] }, 'rich.near', false],
    ['AccountPattern match', { type: 'AccountPattern', pattern: '^[a-z]+\\.near$' }, 'rich.near', true],
    ['AccountPattern no match', { type: 'AccountPattern', pattern: '^[a-z]+\\.near$' }, 'rich.testnet', false],
    ['AccountPattern is anchored', { type: 'AccountPattern', pattern: '^rich\\.near$' }, 'xrich.near.evil', false],
    ['RequireNearBalance enough', { type: 'RequireNearBalance', min: '1000000000000000000000000' }, 'rich.near', true],
    ['RequireNearBalance too little', { type: 'RequireNearBalance', min: '6' }, 'poor.near', false],
    ['RequireFtBalance enough', { type: 'RequireFtBalance', contract: 'usdc.near', min: '1000' }, 'rich.near', true],
    ['RequireFtBalance too little', { type: 'RequireFtBalance', contract: 'usdc.near', min: '1001' }, 'rich.near', false],
    ['RequireNftOwnership any token', { type: 'RequireNftOwnership', contract: 'nft.near' }, 'rich.near', true],
    ['RequireNftOwnership specific token', { type: 'RequireNftOwnership', contract: 'nft.near', tokenId: 'token-1' }, 'rich.near', true],
    ['RequireNftOwnership other token', { type: 'RequireNftOwnership', contract: 'nft.near', tokenId: 'token-2' }, 'rich.near', false],
    ['RequireNftOwnership none', { type: 'RequireNftOwnership', contract: 'nft.near' }, 'poor.near', false],
    ['Logic AND true', { type: 'Logic', op: 'AND', conditions: [{ type: 'AllowAll' }, { type: 'Whitelist', accounts: ['rich.near'] }] }, 'rich.near', true],
    ['Logic AND false', { type: 'Logic', op: 'AND', conditions: [{ type: 'AllowAll' }, { type: 'Whitelist', accounts: ['x.near'] }] }, 'rich.near', false],
    ['Logic OR true', { type: 'Logic', op: 'OR', conditions: [{ type: 'Whitelist', accounts: ['x.near'] }, { type: 'AllowAll' }] }, 'rich.near', true],
    [
      'Logic OR false',
      {
        type: 'Logic',
        op: 'OR',
        conditions: [
          { type: 'Whitelist', accounts: ['x.near'] },
          { type: 'Whitelist', accounts: ['y.near'] },
        ],
      },
      'rich.near',
      false,
    ],
    ['Logic NOT true', { type: 'Logic', op: 'NOT', conditions: [{ type: 'Whitelist', accounts: ['banned.near'] }] }, 'rich.near', true],
    ['Logic NOT false', { type: 'Logic', op: 'NOT', conditions: [{ type: 'Whitelist', accounts: ['banned.near'] }] }, 'banned.near', false],
  ];
  for (const [name, condition, account, expected] of cases) {
    it(`${name} -> ${expected}`, async () => {
      assert.equal(await evalFor(validateAccessCondition(condition), account), expected);
    });
  }

  it('nested Logic: (whitelisted OR (rich AND NOT banned-pattern)) AND holds the NFT', async () => {
    const nested: AccessCondition = {
      type: 'Logic',
      op: 'AND',
      conditions: [
        {
          type: 'Logic',
          op: 'OR',
          conditions: [
            { type: 'Whitelist', accounts: ['vip.near'] },
            {
              type: 'Logic',
              op: 'AND',
              conditions: [
                { type: 'RequireNearBalance', min: '100' },
                { type: 'Logic', op: 'NOT', conditions: [{ type: 'AccountPattern', pattern: '^bad-.*$' }] },
              ],
            },
          ],
        },
        { type: 'RequireNftOwnership', contract: 'nft.near' },
      ],
    };
    validateAccessCondition(nested);
    reader.balances.set('bad-rich.near', 10n ** 20n);
    reader.nfts.add('nft.near/bad-rich.near/t');
    reader.nfts.add('nft.near/poor.near/t');
    assert.equal(await evalFor(nested, 'rich.near'), true);
    assert.equal(await evalFor(nested, 'bad-rich.near'), false, 'NOT pattern excludes it');
    assert.equal(await evalFor(nested, 'poor.near'), false, 'balance too low');
    assert.equal(await evalFor(nested, 'vip.near'), false, 'no NFT');
  });

  it('a failed chain read denies with a code — also under NOT', async () => {
    const failing = new InMemoryChainReaderForTests('near');
    failing.failing.add('getBalance');
    failing.failing.add('ownsNft');
    for (const c of [
      { type: 'RequireNearBalance', min: '1' },
      { type: 'Logic', op: 'NOT', conditions: [{ type: 'RequireNearBalance', min: '1' }] },
      {
        type: 'Logic',
        op: 'OR',
        conditions: [
          { type: 'Whitelist', accounts: ['x.near'] },
          { type: 'RequireNftOwnership', contract: 'n.near' },
        ],
      },
    ] as AccessCondition[]) {
      await assert.rejects(
        evaluateAccessCondition(c, 'rich.near', { reader: failing }),
        (e) => isErrandError(e, 'KEYSTORE__ACCESS_DENIED') && e.context.reason === 'chain_read_failed',
      );
    }
  });

  it('an invalid condition found on-chain denies', async () => {
    await assert.rejects(
      evaluateAccessCondition({ type: 'Bogus' }, 'a.near', ctx),
      (e) => isErrandError(e, 'KEYSTORE__ACCESS_DENIED') && e.context.reason === 'condition_invalid',
    );
  });

  describe('store-time validation', () => {
    const rejects = (c: unknown, fragment: string) =>
      assert.throws(
        () => validateAccessCondition(c),
        (e) => isErrandError(e, 'KEYSTORE__CONDITION_INVALID') && e.context.issues.join(' ').includes(fragment),
      );

    it('requires anchors, a length limit, and a compiling pattern', () => {
      rejects({ type: 'AccountPattern', pattern: '[a-z]+\\.near$' }, 'anchored');
      rejects({ type: 'AccountPattern', pattern: '^[a-z]+\\.near' }, 'anchored');
      rejects({ type: 'AccountPattern', pattern: '^[a-z]+\\$' }, 'anchored');
      rejects({ type: 'AccountPattern', pattern: `^${'a'.repeat(300)}$` }, 'longer than');
      rejects({ type: 'AccountPattern', pattern: '^([a-z$' }, 'compile');
      rejects({ type: 'AccountPattern', pattern: '^alice|bob$' }, 'top-level alternation');
      validateAccessCondition({ type: 'AccountPattern', pattern: '^(alice|bob)\\.near$' });
      validateAccessCondition({ type: 'AccountPattern', pattern: '^[a-z0-9_-]{2,32}(\\.[a-z]+)?\\.near$' });
    });

    it('accepts nested quantifiers (they match in linear time) and refuses what the linear engine cannot do', () => {
      for (const p of ['^(a+)+$', '^(a*)*$', '^([a-z]+\\.)*near$', '^(a|aa)+$', '^(?:\\w+\\s?)*$', '^a+b+$', '^[(]+$']) {
        validateAccessCondition({ type: 'AccountPattern', pattern: p });
      }
      for (const p of ['^(\\w)\\1$', '^(?=a).*$', '^(?!a).*$', '^(?<n>a)$', '^a{1,500}$', '^((a{100}){100})$', '^a**$', '^[]$', '^a{$']) {
        rejects({ type: 'AccountPattern', pattern: p }, 'pattern');
      }
    });

    it('limits Logic depth, breadth and NOT arity, and checks every variant', () => {
      let deep: AccessCondition = { type: 'AllowAll' };
      for (let i = 0; i < 4; i++) deep = { type: 'Logic', op: 'AND', conditions: [deep] };
      validateAccessCondition(deep);
      rejects({ type: 'Logic', op: 'AND', conditions: [deep] }, 'nested deeper');
      rejects({ type: 'Logic', op: 'NOT', conditions: [{ type: 'AllowAll' }, { type: 'AllowAll' }] }, 'NOT takes exactly one');
      rejects({ type: 'Logic', op: 'OR', conditions: [] }, 'AND/OR 1-10');
      rejects({ type: 'Logic', op: 'XOR', conditions: [{ type: 'AllowAll' }] }, 'op');
      rejects({ type: 'Whitelist', accounts: [] }, 'accounts');
      rejects({ type: 'RequireNearBalance', min: '-1' }, 'decimal');
      rejects({ type: 'RequireNearBalance', min: '1.5' }, 'decimal');
      rejects({ type: 'RequireFtBalance', contract: '', min: '1' }, 'contract');
      rejects({ type: 'RequireNftOwnership', contract: 'n.near', tokenId: '' }, 'tokenId');
      rejects({ type: 'Nope' }, 'unknown');
      rejects(null, 'object');
    });
  });
});
