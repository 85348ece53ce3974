//! Errand's NEAR contract: execution requests paid up front and answered through
//! promise_yield_create / promise_yield_resume, encrypted secrets with storage deposits, and a
//! staked worker registry. No crates: raw NEAR host functions (host.rs) and an own JSON codec
//! (json.rs). The JSON API is documented in contracts/near/API.md.

mod access;
mod admin;
mod amount;
mod args;
mod base64;
mod config;
mod deposit_record;
mod events;
mod host;
mod http;
mod json;
mod output;
mod pricing;
mod request;
mod request_storage;
mod requests;
mod resolve;
mod response;
mod secrets;
mod validate;
mod workers;

use json::Json;

/// Reads the call's JSON arguments (empty input counts as `{}`) and turns any Rust panic into a
/// coded `ERR_INTERNAL` abort instead of a bare wasm trap.
fn args() -> Json {
    std::panic::set_hook(Box::new(|info| host::fail("ERR_INTERNAL", &info.to_string())));
    let bytes = host::input();
    if bytes.is_empty() {
        return Json::Obj(Vec::new());
    }
    json::parse(&bytes)
}

fn no_deposit() {
    if host::attached_deposit() != 0 {
        host::fail("ERR_NOT_PAYABLE", "this method does not accept a deposit");
    }
}

fn ret(j: Json) {
    host::value_return(j.to_string().as_bytes());
}

macro_rules! call {
    ($name:ident, payable, $body:expr) => {
        #[no_mangle]
        pub extern "C" fn $name() {
            let a = args();
            $body(&a)
        }
    };
    ($name:ident, view, $body:expr) => {
        #[no_mangle]
        pub extern "C" fn $name() {
            // Views may not read attached_deposit (prohibited in view calls on NEAR).
            let a = args();
            $body(&a)
        }
    };
    ($name:ident, $body:expr) => {
        #[no_mangle]
        pub extern "C" fn $name() {
            let a = args();
            no_deposit();
            $body(&a)
        }
    };
}

call!(new, |a: &Json| admin::new(a));
call!(set_pricing, |a: &Json| admin::set_pricing(a));
call!(pause, |a: &Json| admin::set_paused(a, true));
call!(unpause, |a: &Json| admin::set_paused(a, false));
call!(withdraw_fees, |a: &Json| ret(admin::withdraw_fees(a)));
call!(get_config, view, |a: &Json| ret(admin::get_config(a)));
call!(estimate_cost, view, |a: &Json| ret(admin::estimate_cost(a)));

call!(request_execution, payable, |a: &Json| requests::request_execution(a));
call!(get_request, view, |a: &Json| ret(requests::get_request(a)));
call!(delete_request, |a: &Json| ret(requests::delete_request(a)));
call!(submit_execution_output, payable, |a: &Json| ret(output::submit_execution_output(a)));
call!(get_execution_output, view, |a: &Json| ret(output::get_execution_output(a)));
call!(delete_execution_output, |a: &Json| ret(output::delete_execution_output(a)));
call!(resolve_execution, |a: &Json| resolve::resolve_execution(a));
call!(on_execution_response, |a: &Json| resolve::on_execution_response(a));
call!(cancel_stale_execution, |a: &Json| resolve::cancel_stale_execution(a));

call!(store_secrets, payable, |a: &Json| ret(secrets::store_secrets(a)));
call!(delete_secrets, |a: &Json| ret(secrets::delete_secrets(a)));
call!(get_secrets, view, |a: &Json| ret(secrets::get_secrets(a)));
call!(list_user_secrets, view, |a: &Json| ret(secrets::list_user_secrets(a)));

call!(register_worker, payable, |a: &Json| workers::register_worker(a));
call!(unregister_worker, |a: &Json| workers::unregister_worker(a));
call!(withdraw_stake, |a: &Json| ret(workers::withdraw_stake(a)));
call!(slash_worker, |a: &Json| workers::slash_worker(a));
call!(get_worker, view, |a: &Json| ret(workers::get_worker(a)));
call!(get_worker_by_key, view, |a: &Json| ret(workers::get_worker_by_key(a)));
call!(list_workers, view, |a: &Json| ret(workers::list_workers(a)));
