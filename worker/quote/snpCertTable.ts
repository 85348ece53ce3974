/**
 * The SEV-SNP extended-report certificate table (configfs-tsm `auxblob`, GHCB spec "certificate
 * table"): 24-byte entries {GUID, offset u32, length u32} ending with an all-zero entry. Only the
 * VCEK (GUID 63da758d-e664-4564-adc5-f4b93be8accd) is taken; bounds are checked, nothing trusted.
 */
const VCEK_GUID = Buffer.from('8d75da6364e66445adc5f4b93be8accd', 'hex');

export function vcekFromCertTable(table: Uint8Array): Uint8Array | undefined {
  const b = Buffer.from(table.buffer, table.byteOffset, table.byteLength);
  for (let off = 0; off + 24 <= b.length; off += 24) {
    const guid = b.subarray(off, off + 16);
    if (guid.every((x) => x === 0)) return undefined;
    const start = b.readUInt32LE(off + 16);
    const len = b.readUInt32LE(off + 20);
    if (guid.equals(VCEK_GUID) && start + len <= b.length) return b.subarray(start, start + len);
  }
  return undefined;
}
