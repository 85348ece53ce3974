/* Byte layouts of the program's accounts (Anchor wire format: 8-byte discriminator, then the
 * fields in IDL order, borsh-encoded). The IDL's account types list the same fields in the same
 * order; tests/solana/idl.test.ts decodes every account with Anchor's coder. */
#pragma once

/* Config, PDA ["config"] */
#define CFG_NEXT_REQUEST_ID 8
#define CFG_FEES_COLLECTED 16
#define CFG_PRICING 24      /* PRICING_SIZE: see below */
#define CFG_MAX_LIMITS 72   /* max_instructions, max_memory_mb, max_execution_ms, max_compile_ms */
#define CFG_MIN_STAKE 104
#define CFG_UNBONDING_SLOTS 112
#define CFG_TIMEOUT_SLOTS 120
#define CFG_MAX_INPUT_BYTES 128  /* u32 */
#define CFG_MAX_OUTPUT_BYTES 132 /* u32 */
#define CFG_OWNER 136
#define CFG_PROTOCOL_FEE_BPS 168 /* u16 */
#define CFG_BUMP 170
#define CFG_SIZE 171

/* Pricing (6 x u64): base_fee, per_million_instructions, per_ms, per_compile_ms, per_http_request,
 * per_http_kib; the NEAR contract's Pricing fields in lamports. */
#define PRICING_SIZE 48
#define PRICE_PER_HTTP_REQUEST 32
#define PRICE_PER_HTTP_KIB 40

/* Request, PDA ["request", requester, nonce u64 LE] */
#define REQ_ID 8
#define REQ_NONCE 16
#define REQ_DEPOSIT 24
#define REQ_SLOT 32
#define REQ_DEADLINE 40
#define REQ_LIMITS 48   /* 4 x u64 */
#define REQ_PRICING 80  /* PRICING_SIZE: the prices in force when it was paid */
#define REQ_REQUESTER 128
#define REQ_SOURCE_HASH 160
#define REQ_INPUT_HASH 192
#define REQ_SECRETS_OWNER 224
#define REQ_SECRETS_PROFILE 256 /* [u8; 64], zero padded */
#define REQ_PROTOCOL_FEE_BPS 320
#define REQ_RESPONSE_FORMAT 322
#define REQ_HAS_SECRETS 323
#define REQ_SECRETS_PROFILE_LEN 324
#define REQ_BUMP 325
#define REQ_HAS_CALLBACK 326
#define REQ_CALLBACK_PROGRAM 327
#define REQ_CALLBACK_ACCOUNTS_LEN 359
#define REQ_CALLBACK_ACCOUNTS 360 /* MAX_CALLBACK_ACCOUNTS x {pubkey, writable: bool} */
#define REQ_HAS_HTTP 459
#define REQ_HTTP_MAX_REQUESTS 460
#define REQ_HTTP_MAX_RESPONSE_BYTES 468
#define REQ_HTTP_ALLOW_HASH 476 /* sha256 of borsh(allow: Vec<String>); the hosts are in the event */
#define REQ_SIZE 508

/* Worker, PDA ["worker", authority] */
#define WRK_STAKE 8
#define WRK_REGISTERED_SLOT 16
#define WRK_UNBONDING_ENDS 24
#define WRK_AUTHORITY 32
#define WRK_KEY 64
#define WRK_MEASUREMENT 96 /* [u8; 64], zero padded */
#define WRK_MEASUREMENT_LEN 160
#define WRK_STATUS 161 /* 0 active, 1 unbonding */
#define WRK_BUMP 162
#define WRK_SIZE 163
#define WORKER_ACTIVE 0
#define WORKER_UNBONDING 1

/* Secrets, PDA ["secrets", owner, key_hash]; key_hash = sha256(borsh(repo, branch, profile)).
 * Followed by the borsh of (repo, branch, profile, envelope, access_condition) as stored. */
#define SEC_OWNER 8
#define SEC_KEY_HASH 40
#define SEC_BUMP 72
#define SEC_BODY 73

/* Argument bounds (the NEAR contract's, where Solana's 1232-byte transactions allow them). */
#define MAX_REPO 512
#define MAX_COMMIT 128
#define MAX_TARGET 32
#define MAX_PATH 256
#define MAX_URL 1024
#define MAX_PROFILE 64
#define MAX_BRANCH 256
#define MAX_ENVELOPE 1024
#define MAX_ACCESS_CONDITION 1024
#define MAX_ERROR 256
#define MAX_REFERENCE 256
#define MAX_MEASUREMENT 64
#define EVENT_CAP 1400
#define MAX_CALLBACK_ACCOUNTS 3
/* The http capability's bounds: the NEAR contract's (contracts/near/contract/src/http.rs). */
#define MAX_HTTP_HOSTS 16
#define MAX_HTTP_REQUESTS 256
#define MAX_HTTP_RESPONSE_BYTES (16u << 20)
#define MAX_HOST_PATTERN 261 /* "*." (2) + 253 + ":65535" (6) */
