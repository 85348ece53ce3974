/**
 * Builds the `tdx` and `sev-snp` verifiers from the keystore's settings: one allowlist of TEE
 * measurement keys (480 hex = TDX MRTD||RTMR0..3, 96 hex = SNP MEASUREMENT), accepted TCB
 * statuses, the debug-guest switch, and where DCAP collateral comes from (a fixed file, or
 * Intel PCS / a PCCS). `trustedRoots` and `now` exist for the tests' synthetic PKI only.
 */
import { readFileSync } from 'node:fs';
import type { X509Certificate } from 'node:crypto';
import { ErrandError } from '../../common/errors/index.ts';
import type { TrustedChains } from '../service/TrustedChains.ts';
import type { AttestationVerifier } from './AttestationVerifier.ts';
import { StaticCollateralProvider, type CollateralProvider } from './collateral/CollateralProvider.ts';
import { PcsCollateralProvider } from './collateral/PcsCollateralProvider.ts';
import { parseDcapCollateral } from './dcap/collateral.ts';
import type { TcbStatus } from './dcap/tcbInfoSchema.ts';
import { SnpVerifier } from './SnpVerifier.ts';
import type { AMD_ROOTS } from './snp/amdRoots.ts';
import { TdxVerifier } from './TdxVerifier.ts';

export interface TeeSettings {
  measurementAllowlist: string[];
  acceptedTcbStatuses: TcbStatus[];
  allowDebugGuests: boolean;
  /** Intel PCS or PCCS base URL. */
  collateralUrl: string;
  /** A fixed collateral JSON file instead of the URL (offline operation; refused once stale). */
  collateralFile?: string;
}

export const DEFAULT_TEE_SETTINGS: TeeSettings = {
  measurementAllowlist: [],
  acceptedTcbStatuses: ['UpToDate'],
  allowDebugGuests: false,
  collateralUrl: 'https://api.trustedservices.intel.com',
};

export interface TeeTestHooks {
  collateral?: CollateralProvider;
  trustedRoots?: readonly X509Certificate[];
  now?: () => Date;
  amdRoots?: typeof AMD_ROOTS;
}

function collateralProvider(s: TeeSettings): CollateralProvider {
  if (!s.collateralFile) return new PcsCollateralProvider({ baseUrl: s.collateralUrl });
  try {
    return new StaticCollateralProvider(parseDcapCollateral(JSON.parse(readFileSync(s.collateralFile, 'utf8'))));
  } catch (e) {
    throw new ErrandError(
      'COMMON__CONFIG_INVALID',
      `TEE collateral file ${s.collateralFile} is unreadable`,
      { issues: ['KEYSTORE_TDX_COLLATERAL_FILE'] },
      { cause: e },
    );
  }
}

export function createTeeVerifiers(chains: TrustedChains, s: TeeSettings, hooks: TeeTestHooks = {}): { tdx: AttestationVerifier; snp: AttestationVerifier } {
  const allow = s.measurementAllowlist.map((m) => m.toLowerCase());
  const tdx = new TdxVerifier({
    chains,
    collateral: hooks.collateral ?? collateralProvider(s),
    measurementAllowlist: new Set(allow.filter((m) => m.length === 480)),
    acceptedStatuses: new Set(s.acceptedTcbStatuses),
    allowDebug: s.allowDebugGuests,
    ...(hooks.trustedRoots && { trustedRoots: hooks.trustedRoots }),
    ...(hooks.now && { now: hooks.now }),
  });
  const snp = new SnpVerifier({
    chains,
    measurementAllowlist: new Set(allow.filter((m) => m.length === 96)),
    allowDebug: s.allowDebugGuests,
    ...(hooks.now && { now: hooks.now }),
    ...(hooks.amdRoots && { roots: hooks.amdRoots }),
  });
  return { tdx, snp };
}
