/** WASI command fixtures in WebAssembly text; `wat` assembles them (tests/common/helpers/wat.ts). */
export { wat } from '../../common/helpers/wat.ts';

/** A WASI command whose `_start` body is `body`; imports fd_write and exports memory. */
export function command(body: string, extra = ''): string {
  return `(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  ${extra}
  (func (export "_start") ${body}))`;
}

/** A command that prints `text` once to stdout (the text lives at offset 64). */
export function helloCommand(text: string): string {
  const escaped = [...new TextEncoder().encode(text)].map((b) => `\\${b.toString(16).padStart(2, '0')}`).join('');
  return command(
    `(i32.store (i32.const 0) (i32.const 64)) (i32.store (i32.const 4) (i32.const ${text.length}))
     (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))`,
    `(data (i32.const 64) "${escaped}")`,
  );
}
