//! The NEAR host functions this dApp imports (module `env`), declared by hand as in the Errand
//! contract, and the few safe wrappers the dApp needs. No near-sdk: every import is visible here.

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
        pub fn current_account_id(register_id: u64);
        pub fn predecessor_account_id(register_id: u64);
        pub fn attached_deposit(balance_ptr: u64);
        pub fn prepaid_gas() -> u64;
        pub fn block_index() -> u64;
        pub fn promise_batch_create(account_id_len: u64, account_id_ptr: u64) -> u64;
        pub fn promise_batch_action_function_call(
            promise_index: u64,
            method_name_len: u64,
            method_name_ptr: u64,
            arguments_len: u64,
            arguments_ptr: u64,
            amount_ptr: u64,
            gas: u64,
        );
        pub fn promise_then(
            promise_index: u64,
            account_id_len: u64,
            account_id_ptr: u64,
            method_name_len: u64,
            method_name_ptr: u64,
            arguments_len: u64,
            arguments_ptr: u64,
            amount_ptr: u64,
            gas: u64,
        ) -> u64;
        pub fn promise_results_count() -> u64;
        pub fn promise_result(result_idx: u64, register_id: u64) -> u64;
        pub fn promise_return(promise_id: u64);
    }
}

const REG: u64 = 0;
/// Register that receives the value a storage_write overwrote, which we never read.
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

fn text_of(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|_| fail("ERR_INVALID_ARGS", "not UTF-8"))
}

/// Aborts with `"<CODE>: <message>"`; NEAR reverts the receipt and returns any attached deposit.
pub fn fail(code: &str, message: &str) -> ! {
    let text = format!("{}: {}", code, message);
    unsafe { sys::panic_utf8(text.len() as u64, text.as_ptr() as u64) }
}

pub fn input() -> String {
    unsafe { sys::input(REG) };
    text_of(take_register(REG))
}

pub fn value_return(text: &str) {
    unsafe { sys::value_return(text.len() as u64, text.as_ptr() as u64) }
}

pub fn log(text: &str) {
    unsafe { sys::log_utf8(text.len() as u64, text.as_ptr() as u64) }
}

pub fn storage_write(key: &str, value: &str) {
    unsafe { sys::storage_write(key.len() as u64, key.as_ptr() as u64, value.len() as u64, value.as_ptr() as u64, EVICTED) };
}

pub fn storage_read(key: &str) -> Option<String> {
    let found = unsafe { sys::storage_read(key.len() as u64, key.as_ptr() as u64, REG) };
    if found == 1 { Some(text_of(take_register(REG))) } else { None }
}

pub fn current_account_id() -> String {
    unsafe { sys::current_account_id(REG) };
    text_of(take_register(REG))
}

pub fn predecessor_account_id() -> String {
    unsafe { sys::predecessor_account_id(REG) };
    text_of(take_register(REG))
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

/// One function call on `receiver` (deposit and gas attached), then `callback` on this contract
/// with the call's result as promise result 0. The callback's return value becomes this call's
/// return value (promise_return), so the caller's transaction ends with what the callback returns.
pub fn call_then_return(receiver: &str, method: &str, args: &str, deposit: u128, gas: u64, callback: &str, callback_args: &str, callback_gas: u64) {
    let amount = deposit.to_le_bytes();
    let zero = 0u128.to_le_bytes();
    let me = current_account_id();
    unsafe {
        let p = sys::promise_batch_create(receiver.len() as u64, receiver.as_ptr() as u64);
        sys::promise_batch_action_function_call(p, method.len() as u64, method.as_ptr() as u64, args.len() as u64, args.as_ptr() as u64, amount.as_ptr() as u64, gas);
        let then = sys::promise_then(
            p,
            me.len() as u64,
            me.as_ptr() as u64,
            callback.len() as u64,
            callback.as_ptr() as u64,
            callback_args.len() as u64,
            callback_args.as_ptr() as u64,
            zero.as_ptr() as u64,
            callback_gas,
        );
        sys::promise_return(then);
    }
}

/// Promise result 0 of a callback: Some(bytes) when the awaited call succeeded, None when it failed.
pub fn promise_result_0() -> Option<Vec<u8>> {
    unsafe {
        if sys::promise_results_count() != 1 {
            return None;
        }
        if sys::promise_result(0, REG) == 1 { Some(take_register(REG)) } else { None }
    }
}
