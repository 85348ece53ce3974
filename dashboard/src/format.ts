/** Display formats: yoctoNEAR as NEAR, lamports as SOL, output bytes as hex. */
const YOCTO = 10n ** 24n;
const LAMPORTS = 10n ** 9n;

export function near(yocto: string | bigint | null | undefined): string {
  if (yocto === null || yocto === undefined) return '—';
  const v = BigInt(yocto);
  const whole = v / YOCTO;
  const frac = (v % YOCTO).toString().padStart(24, '0').slice(0, 6);
  return `${whole}.${frac} NEAR`;
}

export function sol(lamports: string | bigint | null | undefined): string {
  if (lamports === null || lamports === undefined) return '—';
  const v = BigInt(lamports);
  return `${v / LAMPORTS}.${(v % LAMPORTS).toString().padStart(9, '0')} SOL`;
}

export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** The output's exact bytes: base64 for the `bytes` format, UTF-8 otherwise. */
export function outputBytes(format: string, value: string): Uint8Array {
  if (format !== 'bytes') return new TextEncoder().encode(value);
  const bin = atob(value);
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

export function when(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}
