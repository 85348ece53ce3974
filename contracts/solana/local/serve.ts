/**
 * Runs the local Solana on its own until SIGINT/SIGTERM, for a dApp or the Solana CLI tools to
 * talk to: `node bin/run-ts.mjs contracts/solana/local/serve.ts [--port 8899] [--slot-ms 400]`.
 * Prints one line with the RPC and WebSocket URLs, the program id and the dev owner's key.
 */
import { parseArgs } from 'node:util';
import { LocalSolana } from './LocalSolana.ts';

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, 'slot-ms': { type: 'string', default: '400' } } });
const port = Number(values.port),
  slotMs = Number(values['slot-ms']);
if (!Number.isInteger(port) || port < 0 || port > 65535 || !Number.isInteger(slotMs) || slotMs < 0) {
  console.error('usage: serve.ts [--port N] [--slot-ms N]');
  process.exit(2);
}
const local = await LocalSolana.start({ port, slotMs });
console.log(`local solana: rpc=${local.url} ws=${local.wsUrl} program=${local.programId.toBase58()} owner=${local.owner.publicKey.toBase58()}`);
const stop = () => void local.stop().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
