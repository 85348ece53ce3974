/**
 * The local Solana's worker thread: runs LocalSolana (LiteSVM, slot clock, JSON-RPC + PubSub
 * server) and answers the owner's calls. With `observe`, it also forwards every slot and executed
 * transaction, stamped here, as small plain objects.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PublicKey } from '@solana/web3.js';
import { errorShape } from '../../../../common/threads/threadErrors.ts';
import type { TxRecord } from '../chain/TxRecord.ts';
import { devConfig } from '../devConfig.ts';
import { LocalSolana } from '../LocalSolana.ts';
import type { SolanaCall, SolanaNotice, SolanaReply, SolanaThreadData } from './protocol.ts';

const port = parentPort;
if (!port) throw new Error('chainThreadMain runs only as a worker thread');
const data = workerData as SolanaThreadData;
const { timeoutSlots, ...options } = data.options;
const local = await LocalSolana.start({
  ...options,
  config: (owner) => ({ ...devConfig(owner.publicKey), ...(timeoutSlots === undefined ? {} : { timeoutSlots }) }),
});
const notify = (n: SolanaNotice): void => port.postMessage(n);
const wallMs = (): number => performance.timeOrigin + performance.now();

if (data.observe) {
  local.chain.on('slot', (slot: number) => notify({ kind: 'slot', slot, atMs: wallMs() }));
  local.chain.on('transaction', (r: TxRecord) =>
    notify({ kind: 'tx', tx: { atMs: wallMs(), signature: r.signature, slot: r.slot, failed: r.err !== null, logs: r.logs } }),
  );
}

async function perform(call: SolanaCall): Promise<number | undefined> {
  switch (call.op) {
    case 'fund':
      local.chain.fund(new PublicKey(call.key), call.lamports);
      return undefined;
    case 'advance':
      return local.advance(call.slots);
    case 'close':
      await local.stop();
      return undefined;
  }
}

port.on('message', (call: SolanaCall) => {
  void perform(call)
    .then(
      (value): SolanaReply => ({ id: call.id, ok: true, ...(value === undefined ? {} : { value }) }),
      (e: unknown): SolanaReply => ({ id: call.id, ok: false, error: errorShape(e) }),
    )
    .then((reply) => {
      port.postMessage(reply);
      // Closing the port lets the thread's event loop drain and the thread exit on its own.
      if (call.op === 'close') port.close();
    });
});
notify({ kind: 'ready', url: local.url, wsUrl: local.wsUrl });
