//! The NEAR host functions the contract imports (module `env`), and safe wrappers around them.
//! This list is exactly the one documented in contracts/near/API.md: the local chain implements
//! these and nothing else, so adding an import here means adding it there too.

mod sys {
    extern "C" {
        pub fn read_register(register_id: u64, ptr: u64);
        pub fn register_len(register_id: u64) -> u64;
        pub fn input(register_id: u64);
        pub fn value_return(value_len: u64, value_ptr: u64);
        pub fn panic_utf8(len: u64, ptr: u64) -> !;
        pub fn log_utf8(len: u64, ptr: u64);
        pub fn storage_write(key_len: u64, key_ptr: u64, value_len: u64, value_ptr: u64, register_id: u64) -> u64;
        pub fn storage_read(key_len: u64, key_ptr: u64, register_id: u64) -> u64;
        pub fn storage_remove(key_len: u64, key_ptr: u64, register_id: u64) -> u64;
        pub fn storage_usage() -> u64;
        pub fn current_account_id(register_id: u64);
        pub fn predecessor_account_id(register_id: u64);
        pub fn signer_account_pk(register_id: u64);
        pub fn attached_deposit(balance_ptr: u64);
        pub fn prepaid_gas() -> u64;
        pub fn block_index() -> u64;
        pub fn sha256(value_len: u64, value_ptr: u64, register_id: u64);
        pub fn promise_batch_create(account_id_len: u64, account_id_ptr: u64) -> u64;
        pub fn promise_batch_action_transfer(promise_index: u64, amount_ptr: u64);
        pub fn promise_results_count() -> u64;
        pub fn promise_result(result_idx: u64, register_id: u64) -> u64;
        pub fn promise_return(promise_id: u64);
        pub fn promise_yield_create(
            function_name_len: u64,
            function_name_ptr: u64,
            arguments_len: u64,
            arguments_ptr: u64,
            gas: u64,
            gas_weight: u64,
            register_id: u64,
        ) -> u64;
        pub fn promise_yield_resume(data_id_len: u64, data_id_ptr: u64, payload_len: u64, payload_ptr: u64) -> u32;
    }
}

/// Register for values we read back at once; EVICTED receives overwritten/removed values we ignore.
const REG: u64 = 0;
const EVICTED: u64 = 1;

fn take_register(id: u64) -> Vec<u8> {
    unsafe {
        let len = sys::register_len(id);
        if len == u64::MAX {
            return Vec::new();
        }
        let mut buf = vec![0u8; len as usize];
        sys::read_register(id, buf.as_mut_ptr() as u64);
        buf
    }
}

/// Aborts the call with `"<CODE>: <message>"`; NEAR reverts the receipt's state changes.
pub fn fail(code: &str, message: &str) -> ! {
    let text = format!("{}: {}", code, message);
    unsafe { sys::panic_utf8(text.len() as u64, text.as_ptr() as u64) }
}

pub fn input() -> Vec<u8> {
    unsafe { sys::input(REG) };
    take_register(REG)
}

pub fn value_return(bytes: &[u8]) {
    unsafe { sys::value_return(bytes.len() as u64, bytes.as_ptr() as u64) }
}

pub fn log(text: &str) {
    unsafe { sys::log_utf8(text.len() as u64, text.as_ptr() as u64) }
}

pub fn storage_write(key: &[u8], value: &[u8]) {
    unsafe {
        sys::storage_write(key.len() as u64, key.as_ptr() as u64, value.len() as u64, value.as_ptr() as u64, EVICTED);
    }
}

pub fn storage_read(key: &[u8]) -> Option<Vec<u8>> {
    let found = unsafe { sys::storage_read(key.len() as u64, key.as_ptr() as u64, REG) };
    if found == 1 {
        Some(take_register(REG))
    } else {
        None
    }
}

pub fn storage_remove(key: &[u8]) -> bool {
    unsafe { sys::storage_remove(key.len() as u64, key.as_ptr() as u64, EVICTED) == 1 }
}

pub fn storage_usage() -> u64 {
    unsafe { sys::storage_usage() }
}

fn account_from(f: unsafe extern "C" fn(u64)) -> String {
    unsafe { f(REG) };
    String::from_utf8(take_register(REG)).unwrap_or_else(|_| fail("ERR_INTERNAL", "account id is not UTF-8"))
}

pub fn current_account_id() -> String {
    account_from(sys::current_account_id)
}

pub fn predecessor_account_id() -> String {
    account_from(sys::predecessor_account_id)
}

/// The signer's public key in borsh form: curve byte (0 = ed25519) then the key bytes.
pub fn signer_account_pk() -> Vec<u8> {
    unsafe { sys::signer_account_pk(REG) };
    take_register(REG)
}

pub fn attached_deposit() -> u128 {
    let mut buf = [0u8; 16];
    unsafe { sys::attached_deposit(buf.as_mut_ptr() as u64) };
    u128::from_le_bytes(buf)
}

pub fn prepaid_gas() -> u64 {
    unsafe { sys::prepaid_gas() }
}

pub fn block_index() -> u64 {
    unsafe { sys::block_index() }
}

pub fn sha256(bytes: &[u8]) -> Vec<u8> {
    unsafe { sys::sha256(bytes.len() as u64, bytes.as_ptr() as u64, REG) };
    take_register(REG)
}

/// Sends `amount` yoctoNEAR to `account_id` in a later receipt; a zero amount sends nothing.
pub fn transfer(account_id: &str, amount: u128) {
    if amount == 0 {
        return;
    }
    let bytes = amount.to_le_bytes();
    unsafe {
        let p = sys::promise_batch_create(account_id.len() as u64, account_id.as_ptr() as u64);
        sys::promise_batch_action_transfer(p, bytes.as_ptr() as u64);
    }
}

pub enum PromiseOutcome {
    Ok(Vec<u8>),
    Failed,
}

/// The single promise result a callback expects; anything else (no result, not ready) counts as failed.
pub fn promise_result_0() -> PromiseOutcome {
    unsafe {
        if sys::promise_results_count() < 1 {
            return PromiseOutcome::Failed;
        }
        match sys::promise_result(0, REG) {
            1 => PromiseOutcome::Ok(take_register(REG)),
            _ => PromiseOutcome::Failed,
        }
    }
}

/// Creates the yield; returns (promise index, data id).
pub fn promise_yield_create(method: &str, args: &[u8], gas: u64) -> (u64, Vec<u8>) {
    unsafe {
        let p = sys::promise_yield_create(
            method.len() as u64,
            method.as_ptr() as u64,
            args.len() as u64,
            args.as_ptr() as u64,
            gas,
            0,
            REG,
        );
        (p, take_register(REG))
    }
}

pub fn promise_yield_resume(data_id: &[u8], payload: &[u8]) -> bool {
    unsafe {
        sys::promise_yield_resume(data_id.len() as u64, data_id.as_ptr() as u64, payload.len() as u64, payload.as_ptr() as u64) == 1
    }
}

pub fn promise_return(p: u64) {
    unsafe { sys::promise_return(p) }
}
