/* An example dApp on Solana that asks Errand for an off-chain execution and receives the result in
 * its callback. Built like the Errand program (clang-19 BPF back end + contracts/solana/linker):
 * examples/solana-dapp/build.sh. Two instructions:
 *
 * ask (data: 0x00, then the borsh of request_execution's arguments from nonce to secrets_ref:
 *      nonce u64, deposit u64, source, input, limits, response_format u8, secrets_ref option)
 *   accounts: [0] user (signer, writable: pays deposit + rent, is the requester), [1] Errand config
 *   (writable), [2] the request PDA (writable), [3] system program, [4] the Errand program,
 *   [5] this dApp's answer account (owned by this program, writable).
 *   Calls Errand's request_execution by CPI with a callback to this program naming the answer
 *   account, and records in it the Errand program it trusts (set once) and "pending".
 *
 * errand_callback (data: sha256("global:errand_callback")[0..8] ++ ErrandCallbackArgs)
 *   accounts: [0] Errand's callback authority (PDA ["callback"] of the recorded Errand program,
 *   signer), [1] the answer account. Anyone else calling is refused: only Errand can sign as that
 *   PDA. Stores success, the request id and the inline output (truncated to fit).
 *
 * Answer account layout: [0..32] Errand program id, [32] status (0 empty, 1 pending, 2 answered,
 * 3 failed), [33..41] request id (u64 LE), [41..45] output length (u32 LE, before truncation),
 * [45..] output bytes. */
#include "sbpf.h"

#define ANSWER_ERRAND 0
#define ANSWER_STATUS 32
#define ANSWER_REQUEST_ID 33
#define ANSWER_OUTPUT_LEN 41
#define ANSWER_OUTPUT 45
#define ARGS_CAP 1100

/* sha256("global:request_execution")[0..8] and sha256("global:errand_callback")[0..8] */
static const u8 REQUEST_EXECUTION[8] = {0xfc, 0xb3, 0x51, 0xc0, 0x81, 0x93, 0x51, 0x70};
static const u8 ERRAND_CALLBACK[8] = {0xbe, 0xea, 0x6a, 0xcf, 0x3f, 0x4a, 0x0c, 0xa6};

static u64 ask(Input *in) {
  if (in->count < 6 || in->data_len < 1 + 16) return 10;
  AccountInfo *user = &in->accounts[0], *errand = &in->accounts[4], *answer = &in->accounts[5];
  if (!user->is_signer || !answer->is_writable || !key_eq(answer->owner, in->program_id) || answer->data_len < ANSWER_OUTPUT) return 11;
  u8 *d = answer->data;
  if (is_zero(d + ANSWER_ERRAND, 32)) __builtin_memcpy(d + ANSWER_ERRAND, errand->key->x, 32);
  else if (!key_eq((const Pubkey *)(d + ANSWER_ERRAND), errand->key)) return 12;

  /* request_execution args = discriminator ++ (nonce..secrets_ref as given) ++ http: None ++
   * callback: Some({ program_id: this program, accounts: [{ answer, writable }] }) */
  u64 body = in->data_len - 1;
  if (8 + body + 1 + 1 + 32 + 4 + 33 > ARGS_CAP) return 13;
  u8 args[ARGS_CAP];
  u64 n = 0;
  __builtin_memcpy(args, REQUEST_EXECUTION, 8);
  n = 8;
  sol_memcpy_(args + n, in->data + 1, body);
  n += body;
  args[n++] = 0;
  args[n++] = 1;
  __builtin_memcpy(args + n, in->program_id->x, 32);
  n += 32;
  wr32(args + n, 1);
  n += 4;
  __builtin_memcpy(args + n, answer->key->x, 32);
  n += 32;
  args[n++] = 1;

  AccountMeta metas[4] = {
    {user->key, 1, 1}, {in->accounts[1].key, 1, 0}, {in->accounts[2].key, 1, 0}, {in->accounts[3].key, 0, 0},
  };
  Instruction ix = {errand->key, metas, 4, args, n};
  u64 err = sol_invoke_signed_c(&ix, in->accounts, 5, NULL, 0);
  if (err) return err;
  d[ANSWER_STATUS] = 1;
  LOG("dapp: asked Errand");
  return 0;
}

static u64 callback(Input *in) {
  if (in->count < 2) return 20;
  AccountInfo *auth = &in->accounts[0], *answer = &in->accounts[1];
  if (!answer->is_writable || !key_eq(answer->owner, in->program_id) || answer->data_len < ANSWER_OUTPUT) return 21;
  u8 *d = answer->data;
  /* Only Errand signs as its callback PDA: recompute it from the recorded Errand program. */
  Pubkey expected;
  u8 bump;
  Slice seeds[1] = {{(const u8 *)"callback", 8}};
  if (sol_try_find_program_address(seeds, 1, (const Pubkey *)(d + ANSWER_ERRAND), &expected, &bump)) return 22;
  if (!auth->is_signer || !key_eq(auth->key, &expected)) return 23;
  /* ErrandCallbackArgs: request 32, request_id u64, success bool, resources_used 3 x u64, output, error */
  const u8 *a = in->data + 8;
  u64 len = in->data_len - 8;
  if (len < 32 + 8 + 1 + 24 + 1) return 24;
  u8 success = a[40];
  wr64(d + ANSWER_REQUEST_ID, rd64(a + 32));
  u64 p = 32 + 8 + 1 + 24;
  u32 out_len = 0;
  if (a[p] == 1) {
    if (len < p + 5) return 25;
    out_len = rd32(a + p + 1);
    if (len < p + 5 + out_len) return 25;
    u64 keep = out_len;
    if (keep > answer->data_len - ANSWER_OUTPUT) keep = answer->data_len - ANSWER_OUTPUT;
    sol_memcpy_(d + ANSWER_OUTPUT, a + p + 5, keep);
  }
  wr32(d + ANSWER_OUTPUT_LEN, out_len);
  d[ANSWER_STATUS] = success ? 2 : 3;
  LOG("dapp: got the answer");
  return 0;
}

u64 entrypoint(u8 *input) {
  Input in;
  if (!deserialize(input, &in) || in.data_len < 1) return 1;
  if (in.data[0] == 0) return ask(&in);
  bool_t is_cb = in.data_len >= 8;
  for (int i = 0; is_cb && i < 8; i++) if (in.data[i] != ERRAND_CALLBACK[i]) is_cb = 0;
  return is_cb ? callback(&in) : 2;
}
