/* A test callback program for Errand's resolve_execution (tests/solana/callback.test.ts), built by
 * the test with the program's toolchain (clang-19 + contracts/solana/linker). Accounts: [0] the
 * callback authority, [1] a record account this program owns (writable). Record layout:
 *   [0] mode: 0 record, 1 always fail (custom error 42), 2 spin until the compute budget runs out;
 *       a 1-byte instruction sets it
 *   [1] number of calls
 *   [2..34] key of account 0, [34] whether it signed
 *   [35..39] instruction data length (u32 LE), [39..] the instruction data (truncated to fit) */
#include "sbpf.h"

u64 entrypoint(u8 *input) {
  Input in;
  if (!deserialize(input, &in) || in.count < 2) return 1;
  AccountInfo *auth = &in.accounts[0], *rec = &in.accounts[1];
  if (!key_eq(rec->owner, in.program_id) || !rec->is_writable || rec->data_len < 39) return 2;
  u8 *d = rec->data;
  if (in.data_len == 1) {
    d[0] = in.data[0];
    return 0;
  }
  if (d[0] == 1) {
    LOG("recorder: failing on purpose");
    return 42;
  }
  if (d[0] == 2) {
    volatile u8 *spin = d + 1;
    for (;;) *spin += 1;
  }
  d[1] += 1;
  __builtin_memcpy(d + 2, auth->key->x, 32);
  d[34] = auth->is_signer;
  u64 n = in.data_len;
  if (n > rec->data_len - 39) n = rec->data_len - 39;
  wr32(d + 35, (u32)in.data_len);
  sol_memcpy_(d + 39, in.data, n);
  return 0;
}
