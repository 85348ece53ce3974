/**
 * `npm run bench -- near-gas`: the gas each Errand contract method burns on the local NEAR chain
 * with nearcore's metering, for small, typical and worst-case arguments, next to the gas the client
 * attaches (contracts/near/client/gas.ts; submit_execution_output's by the output's size). One line per case:
 *   bench near-gas: METHOD case=CASE tgas=N attached_tgas=M
 */
import { measureNearGas } from './near-gas/measureNearGas.ts';

const tgas = (g: bigint): string => (Number(g) / 1e12).toFixed(2);

export async function main(): Promise<void> {
  const protocol = Number(process.env['NEAR_PROTOCOL'] ?? '') || undefined;
  const rows = await measureNearGas(protocol);
  let worst = 0;
  for (const r of rows) {
    const attached = r.attached;
    const share = Number(r.gas) / Number(attached);
    worst = Math.max(worst, share);
    const note = r.ok ? '' : ` FAILED ${r.error}`;
    console.log(`bench near-gas: ${r.method} case=${r.case} tgas=${tgas(r.gas)} attached_tgas=${tgas(attached)}${note}`);
  }
  console.log(`bench near-gas: max_share_of_attached=${(worst * 100).toFixed(1)}% protocol=${protocol ?? 'default'}`);
}
