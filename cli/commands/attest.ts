/**
 * `errand attest verify --quote FILE (--collateral FILE | --vcek FILE --chain FILE) [--now ISO-8601]
 * [--allow-measurement HEX]... [--accept-tcb STATUS]... [--allow-debug] [--json]`: verifies an
 * Intel TDX/SGX DCAP quote or an AMD SEV-SNP report offline (the kind is detected from the bytes)
 * and prints one result `{kind, verdict, tcbStatus, measurements, reportData}`. Exit 0 verified,
 * 1 refused (verdict = the refusal reason), 2 unreadable input or bad arguments.
 * --allow-measurement takes MRTD||RTMR0..3 (480 hex) for TDX, MEASUREMENT (96 hex) for SNP.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ErrandError } from '../../common/errors/index.ts';
import { TCB_STATUSES, type TcbStatus } from '../../keystore/attestation/dcap/tcbInfoSchema.ts';
import { verifyEvidence } from '../../keystore/attestation/verifyEvidence.ts';

export const summary = 'verify a TDX/SGX quote or SEV-SNP report offline (attest --help)';

const USAGE =
  'usage: errand attest verify --quote FILE (--collateral FILE | --vcek FILE --chain FILE) [--now ISO-8601] [--allow-measurement HEX]... [--accept-tcb STATUS]... [--allow-debug] [--json]';

function bad(message: string, field: string): ErrandError {
  return new ErrandError('COMMON__INVALID_ARGUMENT', message, { field });
}

function read(file: string | undefined, field: string): Buffer | undefined {
  if (file === undefined) return undefined;
  try {
    return readFileSync(file);
  } catch {
    throw bad(`cannot read --${field} ${file}`, field);
  }
}

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h' || rest.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  if (sub !== 'verify') {
    console.error(USAGE);
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      quote: { type: 'string' },
      collateral: { type: 'string' },
      vcek: { type: 'string' },
      chain: { type: 'string' },
      now: { type: 'string' },
      'allow-measurement': { type: 'string', multiple: true },
      'accept-tcb': { type: 'string', multiple: true },
      'allow-debug': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const quote = read(values.quote, 'quote');
  if (!quote) throw bad(`--quote is required\n${USAGE}`, 'quote');
  const now = values.now === undefined ? new Date() : new Date(values.now);
  if (Number.isNaN(now.getTime())) throw bad('--now must be an ISO-8601 date', 'now');
  const accept = values['accept-tcb'];
  if (accept?.some((s) => !(TCB_STATUSES as readonly string[]).includes(s) || s === 'Revoked'))
    throw bad(`--accept-tcb takes ${TCB_STATUSES.slice(0, -1).join(', ')}`, 'accept-tcb');
  const allow = values['allow-measurement'] ?? [];
  if (allow.some((m) => !/^(?:[0-9a-fA-F]{96}|[0-9a-fA-F]{480})$/.test(m)))
    throw bad('--allow-measurement takes 96 (SNP) or 480 (TDX) hex characters', 'allow-measurement');
  let collateral: unknown;
  const collateralText = read(values.collateral, 'collateral');
  if (collateralText) {
    try {
      collateral = JSON.parse(collateralText.toString('utf8'));
    } catch {
      throw bad('--collateral is not JSON', 'collateral');
    }
  }
  const vcek = read(values.vcek, 'vcek');
  const chain = read(values.chain, 'chain');
  const result = verifyEvidence({
    evidence: quote,
    ...(collateral !== undefined && { collateral }),
    ...(vcek && { vcek }),
    ...(chain && { chainPem: chain.toString('utf8') }),
    now,
    allowMeasurements: allow,
    allowDebug: values['allow-debug'],
    ...(accept && { acceptedStatuses: new Set(accept as TcbStatus[]) }),
  });
  if (values.json) console.log(JSON.stringify(result));
  else {
    console.log(`kind: ${result.kind}`);
    console.log(`verdict: ${result.verdict}`);
    console.log(`tcbStatus: ${result.tcbStatus ?? '-'}`);
    for (const [k, v] of Object.entries(result.measurements ?? {})) console.log(`${k}: ${v}`);
    console.log(`reportData: ${result.reportData ?? '-'}`);
  }
  return result.verdict === 'ok' ? 0 : 1;
}
