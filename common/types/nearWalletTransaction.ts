/**
 * The parts of a NEAR transaction with one FunctionCall that the coordinator gives the dashboard
 * (coordinator/dashboard/nearWalletTransaction.ts) and the page serializes for the user's wallet to
 * sign (dashboard/src/near/nearTransaction.ts): the wire between the two.
 */
export interface NearWalletTransaction {
  signerId: string;
  /** ed25519:<base58> */
  publicKey: string;
  /** decimal */
  nonce: string;
  receiverId: string;
  /** base58 */
  blockHash: string;
  methodName: string;
  /** base64 of the JSON arguments */
  args: string;
  /** decimal gas */
  gas: string;
  /** decimal yoctoNEAR */
  deposit: string;
}
