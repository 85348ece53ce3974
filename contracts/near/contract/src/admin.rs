//! Initialisation and owner controls: `new`, pricing, pause/unpause, fee withdrawal, and the
//! `get_config` / `estimate_cost` views.

use crate::amount::sub;
use crate::args::Fields;
use crate::config::Config;
use crate::events::emit;
use crate::host::{self, fail};
use crate::json::{amount, obj, s, Json};
use crate::pricing::{Limits, Pricing};
use crate::validate;

/// Counters that only the contract itself sets.
const NOT_SETTABLE: &[&str] = &["paused", "fees_collected", "next_request_id"];

pub fn new(args: &Json) {
    if host::predecessor_account_id() != host::current_account_id() {
        fail("ERR_PRIVATE", "new must be called by the contract account itself");
    }
    if Config::exists() {
        fail("ERR_ALREADY_INITIALIZED", "new was already called");
    }
    for k in NOT_SETTABLE {
        if args.get(k).is_some() {
            fail("ERR_INVALID_ARGS", &format!("args.{} cannot be set", k));
        }
    }
    Config::from_json(args, "ERR_INVALID_ARGS").save();
}

pub fn set_pricing(args: &Json) {
    let mut cfg = Config::load();
    cfg.assert_owner();
    let f = Fields::new(args, "args", "ERR_INVALID_ARGS", &["pricing"]);
    cfg.pricing = Pricing::from_json(f.req("pricing"), "ERR_INVALID_ARGS");
    cfg.save();
    emit("pricing_updated", obj(vec![("pricing", cfg.pricing.to_json())]));
}

pub fn set_paused(args: &Json, paused: bool) {
    let mut cfg = Config::load();
    cfg.assert_owner();
    Fields::new(args, "args", "ERR_INVALID_ARGS", &[]);
    cfg.paused = paused;
    cfg.save();
    emit(if paused { "paused" } else { "unpaused" }, obj(vec![("by", s(&cfg.owner_id))]));
}

pub fn withdraw_fees(args: &Json) -> Json {
    let mut cfg = Config::load();
    cfg.assert_owner();
    let f = Fields::new(args, "args", "ERR_INVALID_ARGS", &["amount", "receiver_id"]);
    let value = f.opt_amount("amount").unwrap_or(cfg.fees_collected);
    if value > cfg.fees_collected {
        fail("ERR_INSUFFICIENT_FEES", &format!("only {} yoctoNEAR collected", cfg.fees_collected));
    }
    let receiver = f.opt_str("receiver_id").unwrap_or(&cfg.owner_id).to_string();
    if !validate::is_account_id(&receiver) {
        fail("ERR_INVALID_ACCOUNT_ID", "receiver_id is not a valid account id");
    }
    cfg.fees_collected = sub(cfg.fees_collected, value);
    cfg.save();
    host::transfer(&receiver, value);
    emit("fees_withdrawn", obj(vec![("receiver_id", s(&receiver)), ("amount", amount(value))]));
    obj(vec![("amount", amount(value))])
}

pub fn get_config(args: &Json) -> Json {
    Fields::new(args, "args", "ERR_INVALID_ARGS", &[]);
    Config::load().to_json()
}

pub fn estimate_cost(args: &Json) -> Json {
    let cfg = Config::load();
    let f = Fields::new(args, "args", "ERR_INVALID_ARGS", &["resource_limits", "input_bytes", "http"]);
    let limits = Limits::parse_requested(f.req("resource_limits"), &cfg.max_limits);
    let http = f.opt("http").map(crate::http::HttpCapability::parse);
    let input_bytes = f.opt_u64("input_bytes").unwrap_or(0);
    if input_bytes > cfg.max_input_bytes {
        fail("ERR_INPUT_TOO_LARGE", &format!("input_bytes {} exceeds the maximum {}", input_bytes, cfg.max_input_bytes));
    }
    let storage = crate::request_storage::reserve_upper_bound(&cfg.pricing, input_bytes, http.as_ref());
    amount(crate::amount::add(cfg.pricing.estimate(&limits, http.as_ref()), storage))
}
