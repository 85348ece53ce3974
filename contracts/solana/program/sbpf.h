/* Solana runtime interface for a freestanding C program: types, syscalls (resolved by the loader by
 * the murmur3 hash of their names) and the loader's aligned input serialisation (SBPFv0). Nothing
 * here is Errand-specific. */
#pragma once
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef long long i64;
typedef u8 bool_t;
#define NULL ((void *)0)
#define MAX_ACCOUNTS 10
#define REALLOC_ROOM 10240

typedef struct { u8 x[32]; } Pubkey;
typedef struct {
  Pubkey *key;
  u64 *lamports;
  u64 data_len;
  u8 *data;
  Pubkey *owner;
  u64 rent_epoch;
  bool_t is_signer;
  bool_t is_writable;
  bool_t executable;
} AccountInfo;
typedef struct { const u8 *addr; u64 len; } Slice;
typedef struct { const Slice *addr; u64 len; } SignerSeeds;
typedef struct { Pubkey *pubkey; bool_t is_writable; bool_t is_signer; } AccountMeta;
typedef struct {
  Pubkey *program_id;
  AccountMeta *accounts;
  u64 account_len;
  u8 *data;
  u64 data_len;
} Instruction;
typedef struct { u64 slot; i64 epoch_start_timestamp; u64 epoch; u64 leader_schedule_epoch; i64 unix_timestamp; } Clock;
typedef struct { u64 lamports_per_byte_year; u64 exemption_threshold_bits; u8 burn_percent; } Rent;

void sol_log_(const char *msg, u64 len);
void sol_log_data(const Slice *slices, u64 len);
void sol_memcpy_(void *dst, const void *src, u64 n);
void sol_memset_(void *dst, int c, u64 n);
i64 sol_memcmp_(const void *a, const void *b, u64 n, int *result);
u64 sol_sha256(const Slice *slices, u64 len, u8 *out);
u64 sol_create_program_address(const Slice *seeds, u64 len, const Pubkey *program_id, Pubkey *out);
u64 sol_try_find_program_address(const Slice *seeds, u64 len, const Pubkey *program_id, Pubkey *out, u8 *bump);
u64 sol_invoke_signed_c(const Instruction *ix, const AccountInfo *infos, int infos_len, const SignerSeeds *seeds, int seeds_len);
u64 sol_get_clock_sysvar(Clock *out);
u64 sol_get_rent_sysvar(Rent *out);

/* The compiler lowers large copies and zeroing to these; route them to the runtime's. */
void *memcpy(void *dst, const void *src, unsigned long n) { sol_memcpy_(dst, src, n); return dst; }
void *memset(void *dst, int c, unsigned long n) { sol_memset_(dst, c, n); return dst; }

#define LOG(s) sol_log_((s), sizeof(s) - 1)

static inline u64 rd64(const u8 *p) { u64 v; __builtin_memcpy(&v, p, 8); return v; }
static inline u32 rd32(const u8 *p) { u32 v; __builtin_memcpy(&v, p, 4); return v; }
static inline u16 rd16(const u8 *p) { u16 v; __builtin_memcpy(&v, p, 2); return v; }
static inline void wr64(u8 *p, u64 v) { __builtin_memcpy(p, &v, 8); }
static inline void wr32(u8 *p, u32 v) { __builtin_memcpy(p, &v, 4); }
static inline void wr16(u8 *p, u16 v) { __builtin_memcpy(p, &v, 2); }

static inline bool_t key_eq(const Pubkey *a, const Pubkey *b) {
  const u8 *x = a->x, *y = b->x;
  for (int i = 0; i < 32; i++) if (x[i] != y[i]) return 0;
  return 1;
}
static inline bool_t is_zero(const u8 *p, u64 n) {
  for (u64 i = 0; i < n; i++) if (p[i]) return 0;
  return 1;
}

typedef struct {
  AccountInfo accounts[MAX_ACCOUNTS];
  u64 count;
  const u8 *data;
  u64 data_len;
  const Pubkey *program_id;
} Input;

/* Reads the serialised accounts, instruction data and program id. Returns 0 when more accounts
 * were passed than the program keeps (MAX_ACCOUNTS): no instruction needs that many. */
static bool_t deserialize(u8 *in, Input *out) {
  u64 n = rd64(in);
  in += 8;
  if (n > MAX_ACCOUNTS) return 0;
  out->count = n;
  for (u64 i = 0; i < n; i++) {
    u8 dup = *in++;
    AccountInfo *a = &out->accounts[i];
    if (dup != 0xff) {
      in += 7;
      *a = out->accounts[dup];
      continue;
    }
    a->is_signer = in[0];
    a->is_writable = in[1];
    a->executable = in[2];
    in += 7;
    a->key = (Pubkey *)in;
    in += 32;
    a->owner = (Pubkey *)in;
    in += 32;
    a->lamports = (u64 *)in;
    in += 8;
    a->data_len = rd64(in);
    in += 8;
    a->data = in;
    in += a->data_len + REALLOC_ROOM;
    in = (u8 *)(((u64)in + 7) & ~7ULL);
    a->rent_epoch = rd64(in);
    in += 8;
  }
  out->data_len = rd64(in);
  in += 8;
  out->data = in;
  in += out->data_len;
  out->program_id = (const Pubkey *)in;
  return 1;
}
