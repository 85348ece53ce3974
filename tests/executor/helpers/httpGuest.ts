/**
 * A preview 1 WAT program that makes HTTP exchanges through `errand_http`, one per spec, in
 * order, and prints for each either the response body or `E<code>:<message>`, then a newline.
 * The URLs and headers are baked into the module's data (the tests generate one per case).
 */
import { wat } from './wat.ts';

export interface GuestExchange {
  url: string;
  method?: string;
  /** "Name: value\n" lines. */
  headers?: string;
  body?: string;
}

const enc = new TextEncoder();
const escape = (bytes: Uint8Array): string => [...bytes].map((b) => `\\${b.toString(16).padStart(2, '0')}`).join('');

export async function httpGuest(exchanges: GuestExchange[]): Promise<Uint8Array> {
  const data: string[] = [];
  let at = 1024;
  const place = (s: string): [number, number] => {
    const bytes = enc.encode(s);
    data.push(`(data (i32.const ${at}) "${escape(bytes)}")`);
    const spot: [number, number] = [at, bytes.length];
    at += bytes.length;
    return spot;
  };
  const newline = place('\n');
  const calls = exchanges.map((x) => {
    const [mp, ml] = place(x.method ?? 'GET');
    const [up, ul] = place(x.url);
    const [hp, hl] = place(x.headers ?? '');
    const [bp, bl] = place(x.body ?? '');
    return `
    (local.set $rc (call $req (i32.const ${mp}) (i32.const ${ml}) (i32.const ${up}) (i32.const ${ul}) (i32.const ${hp}) (i32.const ${hl}) (i32.const ${bp}) (i32.const ${bl}) (i32.const 16)))
    (if (i32.eqz (local.get $rc))
      (then
        (drop (call $body (i32.load (i32.const 16)) (i32.const 0) (i32.const 65536) (i32.const 131072) (i32.const 32)))
        (call $print (i32.const 65536) (i32.load (i32.const 32)))
        (drop (call $close (i32.load (i32.const 16)))))
      (else
        (i32.store8 (i32.const 40) (i32.const 69))
        (i32.store8 (i32.const 41) (i32.add (i32.const 48) (local.get $rc)))
        (i32.store8 (i32.const 42) (i32.const 58))
        (call $print (i32.const 40) (i32.const 3))
        (call $print (i32.const 65536) (call $lasterr (i32.const 65536) (i32.const 1000)))))
    (call $print (i32.const ${newline[0]}) (i32.const 1))`;
  });
  return wat(`(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "errand_http" "request" (func $req (param i32 i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "errand_http" "response_body" (func $body (param i32 i32 i32 i32 i32) (result i32)))
  (import "errand_http" "close" (func $close (param i32) (result i32)))
  (import "errand_http" "last_error" (func $lasterr (param i32 i32) (result i32)))
  (memory (export "memory") 4)
  ${data.join('\n  ')}
  (func $print (param $p i32) (param $l i32)
    (i32.store (i32.const 0) (local.get $p)) (i32.store (i32.const 4) (local.get $l))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func (export "_start") (local $rc i32)
    ${calls.join('\n')}))`);
}
