/**
 * Intel's signed TCB info (v2 SGX, v3 SGX/TDX) and QE identity (v2) JSON, as zod schemas. Parsed
 * only after their signature verified; a shape error is COLLATERAL_MALFORMED. v2 TCB info's flat
 * `sgxtcbcompNNsvn` fields are normalised to the v3 component arrays.
 */
import { z } from 'zod';

export const TCB_STATUSES = [
  'UpToDate',
  'SWHardeningNeeded',
  'ConfigurationNeeded',
  'ConfigurationAndSWHardeningNeeded',
  'OutOfDate',
  'OutOfDateConfigurationNeeded',
  'Revoked',
] as const;
export type TcbStatus = (typeof TCB_STATUSES)[number];

const status = z.enum(TCB_STATUSES);
const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`));
const svn = z.number().int().min(0).max(65535);
const components = z.array(z.object({ svn })).length(16);
const date = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'ISO date');

const tcbV3 = z.object({ sgxtcbcomponents: components, pcesvn: svn, tdxtcbcomponents: components.optional() });
const tcbV2 = z.record(z.string(), svn);

const moduleIdentity = z.object({ mrsigner: hex(48), attributes: hex(8), attributesMask: hex(8) });

export const tcbInfoSchema = z.object({
  id: z.enum(['SGX', 'TDX']).default('SGX'),
  version: z.number().int(),
  issueDate: date,
  nextUpdate: date,
  fmspc: hex(6),
  pceId: hex(2),
  tdxModule: moduleIdentity.optional(),
  tdxModuleIdentities: z
    .array(
      moduleIdentity.extend({
        id: z.string().max(16),
        tcbLevels: z.array(z.object({ tcb: z.object({ isvsvn: svn }), tcbStatus: status, advisoryIDs: z.array(z.string()).optional() })).min(1),
      }),
    )
    .optional(),
  tcbLevels: z.array(z.object({ tcb: z.union([tcbV3, tcbV2]), tcbStatus: status, advisoryIDs: z.array(z.string()).optional() })).min(1),
});

export interface TcbLevel {
  sgx: number[];
  pceSvn: number;
  tdx?: number[];
  status: TcbStatus;
  advisoryIds: string[];
}

export type TcbInfo = Omit<z.infer<typeof tcbInfoSchema>, 'tcbLevels'> & { tcbLevels: TcbLevel[] };

export function normaliseTcbInfo(raw: z.infer<typeof tcbInfoSchema>): TcbInfo {
  const tcbLevels = raw.tcbLevels.map((l): TcbLevel => {
    const t = l.tcb;
    const advisoryIds = l.advisoryIDs ?? [];
    if ('sgxtcbcomponents' in t && Array.isArray(t.sgxtcbcomponents)) {
      const v3 = t as z.infer<typeof tcbV3>;
      return {
        sgx: v3.sgxtcbcomponents.map((c) => c.svn),
        pceSvn: v3.pcesvn,
        ...(v3.tdxtcbcomponents && { tdx: v3.tdxtcbcomponents.map((c) => c.svn) }),
        status: l.tcbStatus,
        advisoryIds,
      };
    }
    const v2 = t as Record<string, number>;
    const sgx = Array.from({ length: 16 }, (_, i) => v2[`sgxtcbcomp${String(i + 1).padStart(2, '0')}svn`]);
    if (sgx.some((v) => v === undefined) || v2.pcesvn === undefined) throw new Error('v2 TCB level is incomplete');
    return { sgx: sgx as number[], pceSvn: v2.pcesvn, status: l.tcbStatus, advisoryIds };
  });
  return { ...raw, tcbLevels };
}

export const qeIdentitySchema = z.object({
  id: z.enum(['QE', 'TD_QE', 'QVE']),
  version: z.number().int(),
  issueDate: date,
  nextUpdate: date,
  miscselect: hex(4),
  miscselectMask: hex(4),
  attributes: hex(16),
  attributesMask: hex(16),
  mrsigner: hex(32),
  isvprodid: svn,
  tcbLevels: z.array(z.object({ tcb: z.object({ isvsvn: svn }), tcbStatus: status, advisoryIDs: z.array(z.string()).optional() })).min(1),
});
export type QeIdentity = z.infer<typeof qeIdentitySchema>;
