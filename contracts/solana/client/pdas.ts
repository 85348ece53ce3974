/** The program's addresses: every account it owns is a PDA (seeds as in the program's layout.h). */
import { createHash } from 'node:crypto';
import { PublicKey } from '@solana/web3.js';

export const LOADER_V3 = new PublicKey('BPFLoaderUpgradeab1e11111111111111111111111');

function u64le(n: bigint | number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
}
function borshString(s: string): Buffer {
  const body = Buffer.from(s, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(body.length);
  return Buffer.concat([len, body]);
}

export function configAddress(programId: PublicKey): PublicKey {
  return PublicKey.findProgramAddressSync([Buffer.from('config')], programId)[0];
}
export function requestAddress(programId: PublicKey, requester: PublicKey, nonce: bigint | number): PublicKey {
  return PublicKey.findProgramAddressSync([Buffer.from('request'), requester.toBuffer(), u64le(nonce)], programId)[0];
}
export function workerAddress(programId: PublicKey, authority: PublicKey): PublicKey {
  return PublicKey.findProgramAddressSync([Buffer.from('worker'), authority.toBuffer()], programId)[0];
}
/** sha256(borsh(repo: String, branch: Option<String>, profile: String)), the secrets entry's key. */
export function secretsKeyHash(repo: string, branch: string | null, profile: string): Buffer {
  const opt = branch === null ? Buffer.from([0]) : Buffer.concat([Buffer.from([1]), borshString(branch)]);
  return createHash('sha256')
    .update(Buffer.concat([borshString(repo), opt, borshString(profile)]))
    .digest();
}
export function secretsAddress(programId: PublicKey, owner: PublicKey, repo: string, branch: string | null, profile: string): PublicKey {
  return PublicKey.findProgramAddressSync([Buffer.from('secrets'), owner.toBuffer(), secretsKeyHash(repo, branch, profile)], programId)[0];
}
/** The PDA that signs the callback CPI: a callback program checks it to know Errand called it. */
export function callbackAuthorityAddress(programId: PublicKey): PublicKey {
  return PublicKey.findProgramAddressSync([Buffer.from('callback')], programId)[0];
}
export function programDataAddress(programId: PublicKey): PublicKey {
  return PublicKey.findProgramAddressSync([programId.toBuffer()], LOADER_V3)[0];
}
