/** Access conditions in Solana's terms, evaluated by the keystore against the local Solana through
 * SolanaChainReader: real lamport balances, real SPL Token accounts and an NFT mint. */
import assert from 'node:assert/strict';
import { Connection, Keypair, type PublicKey } from '@solana/web3.js';
import { isErrandError } from '../../common/errors/index.ts';
import type { AccessCondition } from '../../common/types/index.ts';
import { SolanaChainReader } from '../../contracts/solana/client/SolanaChainReader.ts';
import type { LocalSolana } from '../../contracts/solana/local/index.ts';
import { evaluateAccessCondition } from '../../keystore/conditions/evaluateAccessCondition.ts';
import { validateAccessCondition } from '../../keystore/envelope/validateAccessCondition.ts';
import { funded, startLocal } from '../solana/helpers.ts';
import { createMint, mintTo } from '../solana/splTokens.ts';

describe('keystore access conditions on Solana', function () {
  this.timeout(120_000);
  let local: LocalSolana;
  let reader: SolanaChainReader;
  let rich: string, poor: string;
  let usdc: string, nft: string;

  before(async () => {
    local = await startLocal();
    reader = new SolanaChainReader(local.connection());
    const payer = await funded(local, 50);
    const richKey: PublicKey = (await funded(local, 5)).publicKey;
    const poorKey = Keypair.generate().publicKey;
    rich = richKey.toBase58();
    poor = poorKey.toBase58();
    const u = await createMint(local, payer, 6);
    await mintTo(local, payer, u, richKey, 1_000n);
    await mintTo(local, payer, u, poorKey, 10n);
    const n = await createMint(local, payer, 0);
    await mintTo(local, payer, n, richKey, 1n);
    usdc = u.mint.toBase58();
    nft = n.mint.toBase58();
  });
  after(async () => {
    await local.stop();
  });

  const evalFor = (c: AccessCondition, account: string) => evaluateAccessCondition(c, account, { reader });

  it('each kind, both ways', async () => {
    const cases: Array<[string, AccessCondition, string, boolean]> = [
      ['AllowAll', { type: 'AllowAll' }, poor, true],
      ['Whitelist member', { type: 'Whitelist', accounts: [poor, rich] }, rich, true],
      ['Whitelist non-member', { type: 'Whitelist', accounts: [poor] }, rich, false],
      ['RequireSolBalance enough', { type: 'RequireSolBalance', min: '5000000000' }, rich, true],
      ['RequireSolBalance too little', { type: 'RequireSolBalance', min: '1' }, poor, false],
      ['RequireSplTokenBalance enough', { type: 'RequireSplTokenBalance', mint: usdc, min: '1000' }, rich, true],
      ['RequireSplTokenBalance too little', { type: 'RequireSplTokenBalance', mint: usdc, min: '11' }, poor, false],
      ['RequireNftOwnership held', { type: 'RequireNftOwnership', mint: nft }, rich, true],
      ['RequireNftOwnership not held', { type: 'RequireNftOwnership', mint: nft }, poor, false],
      ['RequireNftOwnership of a fungible mint', { type: 'RequireNftOwnership', mint: usdc }, rich, false],
    ];
    for (const [name, condition, account, expected] of cases) {
      assert.equal(await evalFor(validateAccessCondition(condition, 'solana'), account), expected, name);
    }
  });

  it('Logic: (holds the NFT OR has 1000 tokens) AND NOT whitelisted-banned', async () => {
    const c: AccessCondition = {
      type: 'Logic',
      op: 'AND',
      conditions: [
        {
          type: 'Logic',
          op: 'OR',
          conditions: [
            { type: 'RequireNftOwnership', mint: nft },
            { type: 'RequireSplTokenBalance', mint: usdc, min: '1000' },
          ],
        },
        { type: 'Logic', op: 'NOT', conditions: [{ type: 'Whitelist', accounts: [poor] }] },
      ],
    };
    validateAccessCondition(c, 'solana');
    assert.equal(await evalFor(c, rich), true);
    assert.equal(await evalFor(c, poor), false);
    assert.equal(await evalFor({ type: 'Logic', op: 'NOT', conditions: [c] }, poor), true);
  });

  it('a chain read that fails denies, also under NOT and OR', async () => {
    const dead = new SolanaChainReader(new Connection('http://127.0.0.1:9'), { timeoutMs: 5_000 });
    for (const c of [
      { type: 'RequireSolBalance', min: '1' },
      { type: 'Logic', op: 'NOT', conditions: [{ type: 'RequireSplTokenBalance', mint: usdc, min: '1' }] },
      {
        type: 'Logic',
        op: 'OR',
        conditions: [
          { type: 'Whitelist', accounts: [poor] },
          { type: 'RequireNftOwnership', mint: nft },
        ],
      },
    ] as AccessCondition[]) {
      await assert.rejects(
        evaluateAccessCondition(c, rich, { reader: dead }),
        (e) => isErrandError(e, 'KEYSTORE__ACCESS_DENIED') && e.context.reason === 'chain_read_failed',
      );
    }
  });

  it('a NEAR condition never runs against Solana, nor a Solana one against NEAR', async () => {
    for (const c of [
      { type: 'RequireNearBalance', min: '1' },
      { type: 'RequireFtBalance', contract: 'usdc.near', min: '1' },
      { type: 'RequireNftOwnership', contract: 'nft.near' },
      { type: 'AccountPattern', pattern: '^.*$' },
      { type: 'Whitelist', accounts: ['alice.near'] },
      { type: 'Logic', op: 'NOT', conditions: [{ type: 'RequireNearBalance', min: '1' }] },
    ] as AccessCondition[]) {
      await assert.rejects(evalFor(c, rich), (e) => isErrandError(e, 'KEYSTORE__ACCESS_DENIED') && e.context.reason === 'condition_invalid', JSON.stringify(c));
    }
    for (const c of [
      { type: 'RequireSolBalance', min: '1' },
      { type: 'RequireSplTokenBalance', mint: usdc, min: '1' },
      { type: 'RequireNftOwnership', mint: nft },
    ]) {
      assert.throws(
        () => validateAccessCondition(c, 'near'),
        (e) => isErrandError(e, 'KEYSTORE__CONDITION_INVALID'),
        JSON.stringify(c),
      );
    }
  });

  it('store-time validation of the Solana kinds', () => {
    const rejects = (c: unknown, fragment: string) =>
      assert.throws(
        () => validateAccessCondition(c, 'solana'),
        (e) => isErrandError(e, 'KEYSTORE__CONDITION_INVALID') && e.context.issues.join(' ').includes(fragment),
      );
    rejects({ type: 'RequireSplTokenBalance', mint: 'not-a-key', min: '1' }, 'base58');
    rejects({ type: 'RequireSplTokenBalance', mint: usdc, min: '-1' }, 'decimal');
    rejects({ type: 'RequireSolBalance', min: '1e9' }, 'decimal');
    rejects({ type: 'RequireNftOwnership', mint: nft, tokenId: '1' }, 'only mint');
    rejects({ type: 'RequireNftOwnership', mint: '1111111111111111111111111111111111111111111' }, 'base58');
    rejects({ type: 'Whitelist', accounts: [rich, 'bob.near'] }, 'accounts[1]');
    // Without a chain (as a generic client checks), either chain's kinds pass.
    validateAccessCondition({ type: 'RequireNftOwnership', mint: nft });
    validateAccessCondition({ type: 'RequireNftOwnership', contract: 'nft.near' });
  });
});
