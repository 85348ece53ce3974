//! An example dApp contract that asks Errand to run a program off-chain and keeps the answer.
//!
//! `ask` forwards the caller's deposit to the Errand contract's `request_execution` (a cross-contract
//! call) and chains `on_result` after it. Errand holds the request in a yielded promise until a worker
//! resolves it (or the yield times out), then its callback returns the ExecutionResponse JSON, which
//! NEAR hands to our `on_result` as promise result 0. We store it as the caller's last result.
//!
//! Money: this contract is the request's sender, so it is also the payer: Errand refunds the unused
//! deposit to this contract (a real dApp would forward it to the caller or set `payer_account_id`).
//! Storage for the one record per caller is paid from this contract's balance.
//!
//! Same approach as contracts/near/contract: std, no crates, raw host functions (host.rs).

mod host;
mod json;

const TGAS: u64 = 1_000_000_000_000;
/// Gas for our `on_result` callback: it reads a <= 1 KiB result and writes one record.
const ON_RESULT_GAS: u64 = 15 * TGAS;
/// What `ask` itself burns (parsing, one storage write, creating two promises), with margin.
const ASK_OWN_GAS: u64 = 10 * TGAS;
/// Errand refuses `request_execution` below callback_gas (30 Tgas by default) + 20 Tgas; keep 10 more.
const MIN_REQUEST_GAS: u64 = 60 * TGAS;
/// The least gas `ask` accepts (85 Tgas); 300 Tgas, the maximum, is the easy choice.
const MIN_ASK_GAS: u64 = ON_RESULT_GAS + ASK_OWN_GAS + MIN_REQUEST_GAS;

/// Parses the call's arguments; every Rust panic becomes a coded abort instead of a bare trap.
fn args() -> Vec<(String, String)> {
    std::panic::set_hook(Box::new(|info| host::fail("ERR_INTERNAL", &info.to_string())));
    let text = host::input();
    let text = if text.is_empty() { "{}".to_string() } else { text };
    match json::fields(&text) {
        Ok(f) => f.into_iter().map(|(k, v)| (k, v.to_string())).collect(),
        Err(why) => host::fail("ERR_INVALID_ARGS", why),
    }
}

/// The raw value of `key`; fails on unknown keys so a typo is not silently ignored.
fn take<'a>(fields: &'a [(String, String)], allowed: &[&str], key: &str) -> &'a str {
    if let Some((k, _)) = fields.iter().find(|(k, _)| !allowed.contains(&k.as_str())) {
        host::fail("ERR_INVALID_ARGS", &format!("unknown argument {}", k));
    }
    match fields.iter().find(|(k, _)| k == key) {
        Some((_, v)) => v,
        None => host::fail("ERR_INVALID_ARGS", &format!("missing argument {}", key)),
    }
}

fn account_arg(raw: &str, name: &str) -> String {
    let id = json::plain_string(raw).unwrap_or_else(|| host::fail("ERR_INVALID_ARGS", &format!("{} must be a string", name)));
    let ok_chars = id.bytes().all(|c| matches!(c, b'a'..=b'z' | b'0'..=b'9' | b'.' | b'_' | b'-'));
    if id.len() < 2 || id.len() > 64 || !ok_chars {
        host::fail("ERR_INVALID_ACCOUNT_ID", &format!("{} is not a NEAR account id", name));
    }
    id
}

fn errand_contract() -> String {
    host::storage_read("errand").unwrap_or_else(|| host::fail("ERR_NOT_INITIALIZED", "call new first"))
}

/// `new({"errand_contract"})`: once, by the contract account itself.
#[no_mangle]
pub extern "C" fn new() {
    let a = args();
    if host::predecessor_account_id() != host::current_account_id() {
        host::fail("ERR_PRIVATE", "new is called by the contract account");
    }
    if host::storage_read("errand").is_some() {
        host::fail("ERR_ALREADY_INITIALIZED", "already initialised");
    }
    let errand = account_arg(take(&a, &["errand_contract"], "errand_contract"), "errand_contract");
    host::storage_write("errand", &errand);
}

/// `ask({"input", "source", "limits"})`, payable: the whole deposit pays for the execution. The
/// transaction's final value is the record `on_result` stores (after the request finished).
#[no_mangle]
pub extern "C" fn ask() {
    let a = args();
    let allowed = ["input", "source", "limits"];
    let (input, source, limits) = (take(&a, &allowed, "input"), take(&a, &allowed, "source"), take(&a, &allowed, "limits"));
    if !input.starts_with('"') || !source.starts_with('{') || !limits.starts_with('{') {
        host::fail("ERR_INVALID_ARGS", "input is a string, source and limits are objects");
    }
    let deposit = host::attached_deposit();
    if deposit == 0 {
        host::fail("ERR_DEPOSIT_REQUIRED", "attach the execution's price (the Errand contract's estimate_cost)");
    }
    // Everything we do not need ourselves goes to request_execution (Errand's yield callback needs it).
    if host::prepaid_gas() < MIN_ASK_GAS {
        host::fail("ERR_NOT_ENOUGH_GAS", &format!("attach at least {} Tgas", MIN_ASK_GAS / TGAS));
    }
    let request_gas = host::prepaid_gas() - ON_RESULT_GAS - ASK_OWN_GAS;
    let caller = host::predecessor_account_id();
    let request = format!(r#"{{"source":{},"input":{},"resource_limits":{}}}"#, source, input, limits);
    let callback_args = format!(r#"{{"caller":"{}"}}"#, caller);
    host::call_then_return(&errand_contract(), "request_execution", &request, deposit, request_gas, "on_result", &callback_args, ON_RESULT_GAS);
    record(&caller, "pending", "null");
}

/// `on_result({"caller"})`, private: the callback of `ask`, with Errand's response as promise result 0.
#[no_mangle]
pub extern "C" fn on_result() {
    let a = args();
    if host::predecessor_account_id() != host::current_account_id() {
        host::fail("ERR_PRIVATE", "on_result is a callback");
    }
    let caller = account_arg(take(&a, &["caller"], "caller"), "caller");
    // A resolved request yields {"success": true|false, ...}; a yield timeout also arrives as a value
    // (success false, ERR_TIMED_OUT). Only a failed request_execution (bad arguments, deposit too
    // small: the deposit then comes back to us) is a failed promise.
    let text = match host::promise_result_0().map(String::from_utf8) {
        Some(Ok(t)) => t,
        _ => return finish(&caller, "promise_failed", "null"),
    };
    let success = json::fields(&text).ok().and_then(|f| f.iter().find(|(k, _)| k == "success").map(|(_, v)| v.to_string()));
    match success.as_deref() {
        Some("true") => finish(&caller, "success", &text),
        Some("false") => finish(&caller, "error", &text),
        _ => finish(&caller, "promise_failed", "null"),
    }
}

fn finish(caller: &str, outcome: &str, response: &str) {
    let rec = record(caller, outcome, response);
    host::log(&format!("dapp_result: {}", rec));
    host::value_return(&rec);
}

/// Stores `{"caller", "outcome", "response", "block_height"}` as the caller's last result.
fn record(caller: &str, outcome: &str, response: &str) -> String {
    let rec = format!(
        r#"{{"caller":"{}","outcome":"{}","response":{},"block_height":{}}}"#,
        caller,
        outcome,
        response,
        host::block_index()
    );
    host::storage_write(&format!("r:{}", caller), &rec);
    rec
}

/// `last_result({"account_id"})`, view: the caller's last record, or null.
#[no_mangle]
pub extern "C" fn last_result() {
    let a = args();
    let id = account_arg(take(&a, &["account_id"], "account_id"), "account_id");
    host::value_return(&host::storage_read(&format!("r:{}", id)).unwrap_or_else(|| "null".to_string()));
}

/// `get_config({})`, view: which Errand contract this dApp calls.
#[no_mangle]
pub extern "C" fn get_config() {
    args();
    host::value_return(&format!(r#"{{"errand_contract":"{}"}}"#, errand_contract()));
}
