// Links one relocatable BPF object (clang-19 -target bpfel -mcpu=v1) into the SBPFv0 shared
// object Solana's loaders accept: ET_DYN, e_machine 247, e_flags 0, every loaded section at
// vaddr == file offset, syscalls resolved by the loader through R_BPF_64_32 dynamic relocations,
// rodata addresses through R_BPF_64_RELATIVE. Output depends only on the input bytes.
// It refuses what SBPF cannot run (writable .data/.bss) and relocations it does not know.
// Usage: node sbpf-link.mjs in.o out.so
import { readFileSync, writeFileSync } from 'node:fs';

const R_BPF_64_64 = 1,
  R_BPF_64_ABS64 = 2,
  R_BPF_64_32 = 10,
  R_BPF_64_RELATIVE = 8;
const MM_PROGRAM_START = 0x1_0000_0000n;

function fail(msg) {
  console.error(`sbpf-link: ${msg}`);
  process.exit(1);
}

function readObject(buf) {
  if (buf.readUInt32BE(0) !== 0x7f454c46 || buf[4] !== 2 || buf[5] !== 1) fail('not a little-endian ELF64 object');
  if (buf.readUInt16LE(16) !== 1 || buf.readUInt16LE(18) !== 247) fail('not a relocatable BPF object');
  const shoff = Number(buf.readBigUInt64LE(0x28));
  const shnum = buf.readUInt16LE(0x3c),
    shstrndx = buf.readUInt16LE(0x3e);
  const sections = [];
  for (let i = 0; i < shnum; i++) {
    const o = shoff + i * 64;
    sections.push({
      index: i,
      nameOff: buf.readUInt32LE(o),
      type: buf.readUInt32LE(o + 4),
      flags: Number(buf.readBigUInt64LE(o + 8)),
      offset: Number(buf.readBigUInt64LE(o + 0x18)),
      size: Number(buf.readBigUInt64LE(o + 0x20)),
      link: buf.readUInt32LE(o + 0x28),
      info: buf.readUInt32LE(o + 0x2c),
      align: Number(buf.readBigUInt64LE(o + 0x30)),
    });
  }
  const str = (sec, off) => {
    const s = sections[sec].offset + off;
    return buf.toString('latin1', s, buf.indexOf(0, s));
  };
  for (const s of sections) s.name = str(shstrndx, s.nameOff);
  const symtab = sections.find((s) => s.type === 2);
  const symbols = [];
  for (let o = symtab.offset; o < symtab.offset + symtab.size; o += 24) {
    symbols.push({ name: str(symtab.link, buf.readUInt32LE(o)), info: buf[o + 4], shndx: buf.readUInt16LE(o + 6), value: Number(buf.readBigUInt64LE(o + 8)) });
  }
  return { sections, symbols };
}

function align(n, a) {
  return Math.ceil(n / a) * a;
}

export function link(obj) {
  const { sections, symbols } = readObject(obj);
  const SHF_ALLOC = 2,
    SHF_WRITE = 1,
    SHF_EXEC = 4;
  const loaded = sections.filter((s) => s.flags & SHF_ALLOC && s.size > 0);
  for (const s of loaded) {
    if (s.flags & SHF_WRITE && !s.name.startsWith('.data.rel.ro'))
      fail(`writable section ${s.name}: SBPF programs have no writable data; keep state in accounts`);
    if (s.type === 8) fail(`${s.name} (.bss) is not supported`);
  }
  const text = loaded.filter((s) => s.flags & SHF_EXEC);
  if (text.length !== 1 || text[0].name !== '.text') fail('expected exactly one executable section, .text');
  const ro = loaded.filter((s) => !(s.flags & SHF_EXEC));

  // Layout: header, 4 program headers, .text, read-only data, then the dynamic sections.
  let off = 64 + 4 * 56;
  const addr = new Map();
  const textSec = text[0];
  const textOff = align(off, 8);
  addr.set(textSec.index, textOff);
  off = textOff + textSec.size;
  const roOff = align(off, 8);
  off = roOff;
  for (const s of ro) {
    off = align(off, Math.max(1, s.align));
    addr.set(s.index, off);
    off += s.size;
  }
  const roSize = off - roOff;
  const image = Buffer.alloc(off);
  obj.copy(image, textOff, textSec.offset, textSec.offset + textSec.size);
  for (const s of ro) obj.copy(image, addr.get(s.index), s.offset, s.offset + s.size);

  const symAddr = (sym) => {
    if (!addr.has(sym.shndx)) fail(`relocation against ${sym.name || 'a symbol'} in an unloaded section`);
    return addr.get(sym.shndx) + sym.value;
  };
  const relative = [],
    syscalls = [],
    syscallNames = [];
  for (const rs of sections.filter((s) => s.type === 9)) {
    const target = sections[rs.info];
    if (!addr.has(target.index)) continue;
    const base = addr.get(target.index);
    for (let o = rs.offset; o < rs.offset + rs.size; o += 16) {
      const at = base + Number(obj.readBigUInt64LE(o));
      const info = obj.readBigUInt64LE(o + 8);
      const type = Number(info & 0xffffffffn),
        sym = symbols[Number(info >> 32n)];
      if (type === R_BPF_64_64 && target === textSec) {
        const value = symAddr(sym) + image.readInt32LE(at + 4);
        image.writeUInt32LE(value, at + 4);
        image.writeUInt32LE(0, at + 12);
        relative.push(at);
      } else if (type === R_BPF_64_ABS64 && target !== textSec) {
        image.writeBigUInt64LE(MM_PROGRAM_START + BigInt(symAddr(sym)) + image.readBigUInt64LE(at), at);
      } else if (type === R_BPF_64_32 && target === textSec && sym.shndx === 0) {
        image.writeInt32LE(-1, at + 4);
        if (!syscallNames.includes(sym.name)) syscallNames.push(sym.name);
        syscalls.push({ at, sym: 2 + syscallNames.indexOf(sym.name) });
      } else if (type === R_BPF_64_32 && target === textSec && sym.shndx === textSec.index) {
        image.writeInt32LE(symAddr(sym) / 8 - ((at - textOff) / 8 + 1) - textOff / 8, at + 4);
      } else {
        fail(`unsupported relocation type ${type} in ${target.name} against ${sym.name}`);
      }
    }
  }
  // callx: LLVM encodes the register in dst; SBPFv0 reads it from imm.
  for (let pc = textOff; pc < textOff + textSec.size; pc += 8) {
    const op = image[pc];
    if (op === 0x18) {
      pc += 8;
      continue;
    }
    if (op === 0x8d) {
      const reg = image[pc + 1] & 0x0f;
      image[pc + 1] = 0;
      image.writeInt32LE(reg, pc + 4);
    }
  }

  const entry = symbols.find((s) => s.name === 'entrypoint' && s.info >> 4 === 1);
  if (!entry || entry.shndx !== textSec.index) fail('no global function `entrypoint` in .text');

  // Dynamic sections.
  const dynstrParts = ['', 'entrypoint', ...syscallNames];
  const dynstr = Buffer.from(dynstrParts.join('\0') + '\0', 'latin1');
  const nameOffset = (i) =>
    Buffer.byteLength(
      dynstrParts
        .slice(0, i)
        .map((p) => p + '\0')
        .join(''),
      'latin1',
    );
  const dynamicOff = align(image.length, 8),
    dynamicSize = 11 * 16;
  const dynsymOff = dynamicOff + dynamicSize,
    dynsymSize = (2 + syscallNames.length) * 24;
  const dynstrOff = dynsymOff + dynsymSize;
  const relOff = align(dynstrOff + dynstr.length, 8),
    relSize = (relative.length + syscalls.length) * 16;
  const shstrParts = ['', '.text', '.rodata', '.dynamic', '.dynsym', '.dynstr', '.rel.dyn', '.shstrtab'];
  const shstr = Buffer.from(shstrParts.join('\0') + '\0', 'latin1');
  const shstrOff = relOff + relSize;
  const shOff = align(shstrOff + shstr.length, 8);
  const out = Buffer.alloc(shOff + 8 * 64);
  image.copy(out);

  const dyn = [
    [22, 0],
    [17, relOff],
    [18, relSize],
    [19, 16],
    [0x6ffffffa, relative.length],
    [6, dynsymOff],
    [11, 24],
    [5, dynstrOff],
    [10, dynstr.length],
    [30, 0],
    [0, 0],
  ];
  dyn.forEach(([tag, val], i) => {
    out.writeBigUInt64LE(BigInt(tag), dynamicOff + i * 16);
    out.writeBigUInt64LE(BigInt(val), dynamicOff + i * 16 + 8);
  });
  const writeSym = (i, name, info, shndx, value) => {
    const o = dynsymOff + i * 24;
    out.writeUInt32LE(name, o);
    out[o + 4] = info;
    out[o + 5] = 0;
    out.writeUInt16LE(shndx, o + 6);
    out.writeBigUInt64LE(BigInt(value), o + 8);
    out.writeBigUInt64LE(0n, o + 16);
  };
  writeSym(1, nameOffset(1), 0x12, 1, symAddr(entry));
  syscallNames.forEach((_, i) => writeSym(2 + i, nameOffset(2 + i), 0x10, 0, 0));
  dynstr.copy(out, dynstrOff);
  let r = relOff;
  for (const at of relative.sort((a, b) => a - b)) {
    out.writeBigUInt64LE(BigInt(at), r);
    out.writeBigUInt64LE(BigInt(R_BPF_64_RELATIVE), r + 8);
    r += 16;
  }
  for (const s of syscalls) {
    out.writeBigUInt64LE(BigInt(s.at), r);
    out.writeBigUInt64LE((BigInt(s.sym) << 32n) | BigInt(R_BPF_64_32), r + 8);
    r += 16;
  }
  shstr.copy(out, shstrOff);

  // ELF header.
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]).copy(out, 0);
  out.writeUInt16LE(3, 16);
  out.writeUInt16LE(247, 18);
  out.writeUInt32LE(1, 20);
  out.writeBigUInt64LE(BigInt(symAddr(entry)), 24);
  out.writeBigUInt64LE(64n, 32);
  out.writeBigUInt64LE(BigInt(shOff), 40);
  out.writeUInt32LE(0, 48);
  out.writeUInt16LE(64, 52);
  out.writeUInt16LE(56, 54);
  out.writeUInt16LE(4, 56);
  out.writeUInt16LE(64, 58);
  out.writeUInt16LE(8, 60);
  out.writeUInt16LE(7, 62);
  const phdr = (i, type, flags, o, size) => {
    const p = 64 + i * 56;
    out.writeUInt32LE(type, p);
    out.writeUInt32LE(flags, p + 4);
    for (const k of [8, 16, 24]) out.writeBigUInt64LE(BigInt(o), p + k);
    out.writeBigUInt64LE(BigInt(size), p + 32);
    out.writeBigUInt64LE(BigInt(size), p + 40);
    out.writeBigUInt64LE(8n, p + 48);
  };
  phdr(0, 1, 5, textOff, textSec.size);
  phdr(1, 1, 4, roOff, roSize);
  phdr(2, 1, 4, dynsymOff, relOff + relSize - dynsymOff);
  phdr(3, 2, 6, dynamicOff, dynamicSize);
  const shdr = (i, name, type, flags, o, size, link, info, al, entsize) => {
    const p = shOff + i * 64;
    out.writeUInt32LE(nameOffsetIn(shstrParts, name), p);
    out.writeUInt32LE(type, p + 4);
    out.writeBigUInt64LE(BigInt(flags), p + 8);
    out.writeBigUInt64LE(BigInt(o), p + 16);
    out.writeBigUInt64LE(BigInt(o), p + 24);
    out.writeBigUInt64LE(BigInt(size), p + 32);
    out.writeUInt32LE(link, p + 40);
    out.writeUInt32LE(info, p + 44);
    out.writeBigUInt64LE(BigInt(al), p + 48);
    out.writeBigUInt64LE(BigInt(entsize), p + 56);
  };
  shdr(1, '.text', 1, 6, textOff, textSec.size, 0, 0, 8, 0);
  shdr(2, '.rodata', 1, 2, roOff, roSize, 0, 0, 8, 0);
  shdr(3, '.dynamic', 6, 3, dynamicOff, dynamicSize, 5, 0, 8, 16);
  shdr(4, '.dynsym', 11, 2, dynsymOff, dynsymSize, 5, 1, 8, 24);
  shdr(5, '.dynstr', 3, 2, dynstrOff, dynstr.length, 0, 0, 1, 0);
  shdr(6, '.rel.dyn', 9, 2, relOff, relSize, 4, 0, 8, 16);
  shdr(7, '.shstrtab', 3, 0, shstrOff, shstr.length, 0, 0, 1, 0);
  return out;
}

function nameOffsetIn(parts, name) {
  let o = 0;
  for (const p of parts) {
    if (p === name) return o;
    o += Buffer.byteLength(p, 'latin1') + 1;
  }
  fail(`no section name ${name}`);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const [input, output] = process.argv.slice(2);
  if (!input || !output) fail('usage: node sbpf-link.mjs in.o out.so');
  writeFileSync(output, link(readFileSync(input)));
}
