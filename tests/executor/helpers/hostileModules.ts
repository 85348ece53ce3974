/** WAT fixtures of hostile modules shared by the executor's tests and its CLI test. */

/** Grows each of four tables by 9,999,999 (V8's own per-table limit is 10,000,000): traps if a grow fails. */
export const FOUR_HUGE_TABLES = `(module (memory (export "memory") 1)
  (table $a 1 funcref) (table $b 1 funcref) (table $c 1 externref) (table $d 1 externref)
  (func (export "_start")
    (if (i32.eq (table.grow $a (ref.null func) (i32.const 9999999)) (i32.const -1)) (then unreachable))
    (if (i32.eq (table.grow $b (ref.null func) (i32.const 9999999)) (i32.const -1)) (then unreachable))
    (if (i32.eq (table.grow $c (ref.null extern) (i32.const 9999999)) (i32.const -1)) (then unreachable))
    (if (i32.eq (table.grow $d (ref.null extern) (i32.const 9999999)) (i32.const -1)) (then unreachable))))`;
