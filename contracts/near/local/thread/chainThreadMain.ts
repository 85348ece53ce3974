/**
 * The local chain's worker thread: runs LocalNear (chain, block producer, JSON-RPC server) and
 * answers the owner's calls. With `observe`, it also forwards a summary of every block and accepted
 * transaction, built here so that only small plain objects cross the thread boundary.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { KeyPair } from 'near-api-js';
import type { KeyPairString } from '@near-js/crypto';
import { errorShape } from '../../../../common/threads/threadErrors.ts';
import { LocalNear } from '../LocalNear.ts';
import type { ChainCall, ChainNotice, ChainReply, ChainThreadData } from './protocol.ts';

const port = parentPort;
if (!port) throw new Error('chainThreadMain runs only as a worker thread');
const data = workerData as ChainThreadData;
const near = await LocalNear.start(data.options);
const notify = (n: ChainNotice): void => port.postMessage(n);

if (data.observe) {
  const { chain } = near;
  chain.onBlock((b) => {
    const receipts = b.receipts.map((r) => ({ receiptId: r.receiptId, receiverId: r.receiverId, logs: chain.state.outcomes.get(r.receiptId)?.logs ?? [] }));
    notify({ kind: 'block', block: { height: b.height, timestampMs: Number(b.timestampNs) / 1e6, receipts } });
  });
  chain.onTxSubmitted((tx) => {
    const atMs = performance.timeOrigin + performance.now();
    const functionCalls = tx.actions.flatMap((a) => (a.type === 'FunctionCall' ? [{ methodName: a.methodName, args: a.args }] : []));
    notify({ kind: 'tx', tx: { atMs, hash: tx.hash, signerId: tx.signerId, receiverId: tx.receiverId, functionCalls } });
  });
}

async function perform(call: ChainCall): Promise<void> {
  switch (call.op) {
    case 'createAccount':
      near.createAccount(call.accountId, call.balance, KeyPair.fromString(call.secretKey as KeyPairString));
      return;
    case 'deployContract':
      near.deployContract(call.accountId, call.wasm);
      return;
    case 'close':
      await near.close();
      return;
  }
}

port.on('message', (call: ChainCall) => {
  void perform(call)
    .then(
      (): ChainReply => ({ id: call.id, ok: true }),
      (e: unknown): ChainReply => ({ id: call.id, ok: false, error: errorShape(e) }),
    )
    .then((reply) => {
      port.postMessage(reply);
      // Closing the port lets the thread's event loop drain and the thread exit on its own.
      if (call.op === 'close') port.close();
    });
});
notify({ kind: 'ready', rpcUrl: near.rpcUrl });
