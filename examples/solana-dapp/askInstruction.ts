/**
 * The example dApp's client side: builds its `ask` instruction (tag 0 ++ request_execution's
 * arguments from nonce to secrets_ref, encoded by Anchor from the Errand IDL) and reads its answer
 * account. The dApp adds the callback to itself before its CPI into Errand (program/dapp.c).
 */
import { randomBytes } from 'node:crypto';
import { PublicKey, SystemProgram, TransactionInstruction } from '@solana/web3.js';
import { bn, inputToAnchor, limitsToAnchor, sourceToAnchor } from '../../contracts/solana/client/anchorShapes.ts';
import { configAddress, requestAddress, type ErrandSolanaClient, type Limits, type Source } from '../../contracts/solana/client/index.ts';

export const ANSWER_SIZE = 45 + 256;
export const STATUS = ['empty', 'pending', 'answered', 'failed'] as const;

export interface Answer {
  errandProgram: PublicKey | null;
  status: (typeof STATUS)[number];
  requestId: bigint;
  output: Buffer;
}

export async function askInstruction(
  errand: ErrandSolanaClient,
  dapp: PublicKey,
  answer: PublicKey,
  source: Source,
  input: Buffer,
  limits: Limits,
): Promise<{ ix: TransactionInstruction; request: PublicKey }> {
  const user = errand.payer.publicKey;
  const nonce = randomBytes(8).readBigUInt64LE();
  const deposit = await errand.estimateCost(limits);
  const request = requestAddress(errand.programId, user, nonce);
  const full = errand.program.coder.instruction.encode('requestExecution', {
    nonce: bn(nonce),
    deposit: bn(deposit),
    source: sourceToAnchor(source),
    input: inputToAnchor({ kind: 'inline', data: input }),
    limits: limitsToAnchor(limits),
    responseFormat: 0,
    secretsRef: null,
    http: null,
    callback: null,
  });
  // Errand's arguments without the discriminator and the trailing http/callback options: the dApp appends its own.
  const body = full.subarray(8, full.length - 2);
  const keys = [
    { pubkey: user, isSigner: true, isWritable: true },
    { pubkey: configAddress(errand.programId), isSigner: false, isWritable: true },
    { pubkey: request, isSigner: false, isWritable: true },
    { pubkey: SystemProgram.programId, isSigner: false, isWritable: false },
    { pubkey: errand.programId, isSigner: false, isWritable: false },
    { pubkey: answer, isSigner: false, isWritable: true },
  ];
  return { ix: new TransactionInstruction({ programId: dapp, keys, data: Buffer.concat([Buffer.from([0]), body]) }), request };
}

export function readAnswer(data: Buffer): Answer {
  const errandBytes = data.subarray(0, 32);
  const len = data.readUInt32LE(41);
  return {
    errandProgram: errandBytes.every((b) => b === 0) ? null : new PublicKey(errandBytes),
    status: STATUS[data[32]] ?? 'empty',
    requestId: data.readBigUInt64LE(33),
    output: data.subarray(45, 45 + Math.min(len, data.length - 45)),
  };
}
