/* The Errand Solana program: entrypoint and instruction dispatch (Anchor wire format: the first
 * 8 bytes of instruction data name the instruction). See contracts/solana/README.md. */
#include "sbpf.h"
#include "request.h"
#include "workers.h"
#include "secrets.h"

u64 entrypoint(u8 *input) {
  Input in;
  if (!deserialize(input, &in)) return E_NOT_ENOUGH_ACCOUNTS;
  if (in.data_len < 8) return E_INVALID_INSTRUCTION;
  Reader r = {in.data + 8, in.data_len - 8, 0, 0};
  switch (rd64(in.data)) {
    case IX_INITIALIZE: return ix_initialize(&in, &r);
    case IX_UPDATE_CONFIG: return ix_update_config(&in, &r);
    case IX_WITHDRAW_FEES: return ix_withdraw_fees(&in, &r);
    case IX_REQUEST_EXECUTION: return ix_request_execution(&in, &r);
    case IX_RESOLVE_EXECUTION: return ix_resolve_execution(&in, &r);
    case IX_CANCEL_STALE_EXECUTION: return ix_cancel_stale_execution(&in, &r);
    case IX_REGISTER_WORKER: return ix_register_worker(&in, &r);
    case IX_UNREGISTER_WORKER: return ix_unregister_worker(&in, &r);
    case IX_WITHDRAW_STAKE: return ix_withdraw_stake(&in, &r);
    case IX_STORE_SECRETS: return ix_store_secrets(&in, &r);
    case IX_DELETE_SECRETS: return ix_delete_secrets(&in, &r);
    default: return E_INVALID_INSTRUCTION;
  }
}
