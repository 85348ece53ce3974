/**
 * Collateral from Intel's Provisioning Certification Service (v4 API) or a PCCS with the same
 * routes, cached per (kind, FMSPC, PCK CA). A cached set is served until its earliest nextUpdate
 * (TCB info, QE identity, either CRL); then it is fetched again, and if that fails the keystore
 * refuses (KEYSTORE__COLLATERAL_UNAVAILABLE) rather than verify against stale data. The signed
 * JSON is kept as the exact text Intel sent, since its signature covers those bytes. Nothing here
 * is trusted: verifyCollateral checks every signature.
 */
import { withTimeout } from '../../../common/abort.ts';
import { ErrandError } from '../../../common/errors/index.ts';
import { sharedHttpClient } from '../../../common/http/sharedHttpClient.ts';
import type { DcapCollateral } from '../dcap/collateral.ts';
import { parseCrl } from '../der/index.ts';
import type { CollateralProvider } from './CollateralProvider.ts';

export interface PcsCollateralProviderOptions {
  /** e.g. https://api.trustedservices.intel.com (PCS) or https://pccs.internal:8081 (PCCS). */
  baseUrl: string;
  /** Intel SGX Root CA CRL (DER). Default: Intel's published URL. */
  rootCrlUrl?: string;
  now?: () => Date;
  timeoutMs?: number;
  maxEntries?: number;
}

interface Entry {
  collateral: DcapCollateral;
  freshUntil: number;
}

/** The exact text of the `key` member of a signed response `{"key":{...},"signature":"..."}`. */
export function signedMember(body: string, key: string): { text: string; signature: string } {
  const start = body.indexOf(`"${key}":`);
  const sigAt = body.lastIndexOf(',"signature":');
  const sig = /"signature"\s*:\s*"([0-9a-fA-F]+)"/.exec(body.slice(sigAt));
  if (start < 0 || sigAt < start || !sig) throw new Error(`response has no signed ${key}`);
  return { text: body.slice(start + key.length + 3, sigAt), signature: sig[1]! };
}

function earliestUpdate(c: DcapCollateral): number {
  const dates = [JSON.parse(c.tcbInfoText) as { nextUpdate: string }, JSON.parse(c.qeIdentityText) as { nextUpdate: string }].map((j) =>
    Date.parse(j.nextUpdate),
  );
  dates.push(parseCrl(c.rootCaCrl).nextUpdate.getTime(), parseCrl(c.pckCrl).nextUpdate.getTime());
  return Math.min(...dates);
}

export class PcsCollateralProvider implements CollateralProvider {
  readonly #o: Required<PcsCollateralProviderOptions>;
  readonly #cache = new Map<string, Entry>();

  constructor(options: PcsCollateralProviderOptions) {
    this.#o = {
      rootCrlUrl: 'https://certificates.trustedservices.intel.com/IntelSGXRootCA.der',
      now: () => new Date(),
      timeoutMs: 10_000,
      maxEntries: 256,
      ...options,
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
    };
  }

  async collateralFor(kind: 'tdx' | 'sgx', fmspc: string, pckCa: 'platform' | 'processor', signal?: AbortSignal): Promise<DcapCollateral> {
    const key = `${kind}:${fmspc}:${pckCa}`;
    const now = this.#o.now().getTime();
    const cached = this.#cache.get(key);
    if (cached && cached.freshUntil > now) return cached.collateral;
    let collateral: DcapCollateral;
    let freshUntil: number;
    try {
      collateral = await this.#fetch(kind, fmspc, pckCa, withTimeout(signal, this.#o.timeoutMs));
      freshUntil = earliestUpdate(collateral);
    } catch (e) {
      throw new ErrandError(
        'KEYSTORE__COLLATERAL_UNAVAILABLE',
        `collateral for FMSPC ${fmspc} could not be fetched fresh`,
        {
          fmspc,
          reason: e instanceof Error ? e.message : String(e),
        },
        { cause: e },
      );
    }
    if (freshUntil <= now)
      throw new ErrandError('KEYSTORE__COLLATERAL_UNAVAILABLE', `the collateral served for FMSPC ${fmspc} is stale`, { fmspc, reason: 'stale' });
    this.#cache.delete(key);
    this.#cache.set(key, { collateral, freshUntil });
    if (this.#cache.size > this.#o.maxEntries) this.#cache.delete(this.#cache.keys().next().value!);
    return collateral;
  }

  async #get(url: string, signal: AbortSignal, header?: string): Promise<{ body: Buffer; chain: string }> {
    const res = await sharedHttpClient().request(url, { method: 'GET', signal, operation: 'PCS collateral fetch' });
    const body = Buffer.from(await res.arrayBuffer()); // read in every case: the socket goes back to the pool only once it is
    if (!res.ok) throw new Error(`${url} answered ${res.status}`);
    const value = header ? res.headers[header.toLowerCase()] : undefined;
    const chain = typeof value === 'string' ? decodeURIComponent(value) : '';
    if (header && !chain) throw new Error(`${url} sent no ${header}`);
    return { body, chain };
  }

  async #fetch(kind: 'tdx' | 'sgx', fmspc: string, pckCa: string, signal: AbortSignal): Promise<DcapCollateral> {
    const b = this.#o.baseUrl;
    const [tcb, qe, pckCrl, rootCrl] = await Promise.all([
      this.#get(`${b}/${kind}/certification/v4/tcb?fmspc=${encodeURIComponent(fmspc)}`, signal, 'TCB-Info-Issuer-Chain'),
      this.#get(`${b}/${kind}/certification/v4/qe/identity`, signal, 'SGX-Enclave-Identity-Issuer-Chain'),
      this.#get(`${b}/sgx/certification/v4/pckcrl?ca=${pckCa}&encoding=der`, signal, 'SGX-PCK-CRL-Issuer-Chain'),
      this.#get(this.#o.rootCrlUrl, signal),
    ]);
    const tcbInfo = signedMember(tcb.body.toString('utf8'), 'tcbInfo');
    const qeIdentity = signedMember(qe.body.toString('utf8'), 'enclaveIdentity');
    return {
      rootCaCrl: rootCrl.body,
      pckCrl: pckCrl.body,
      tcbInfoIssuerChain: tcb.chain,
      tcbInfoText: tcbInfo.text,
      tcbInfoSignature: Buffer.from(tcbInfo.signature, 'hex'),
      qeIdentityIssuerChain: qe.chain,
      qeIdentityText: qeIdentity.text,
      qeIdentitySignature: Buffer.from(qeIdentity.signature, 'hex'),
    };
  }
}
