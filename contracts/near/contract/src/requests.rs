//! `request_execution`: validate, store, yield, log. And the `get_request` view.

use crate::args::Fields;
use crate::config::Config;
use crate::events::emit;
use crate::host::{self, fail};
use crate::json::{amount, n, obj, s, Json};
use crate::http::HttpCapability;
use crate::pricing::Limits;
use crate::request::{input_fields, parse_secrets_ref, parse_source, Request, FORMATS};
use crate::amount::{add, storage_cost};
use crate::request_storage;
use crate::validate;

pub const CALLBACK_METHOD: &str = "on_execution_response";
/// Gas the request_execution receipt itself needs besides the callback's reservation.
const OWN_GAS: u64 = 20_000_000_000_000;

pub fn request_execution(args: &Json) {
    let mut cfg = Config::load();
    cfg.assert_not_paused();
    let f = Fields::new(
        args,
        "args",
        "ERR_INVALID_ARGS",
        &["source", "input", "input_base64", "secrets_ref", "resource_limits", "response_format", "payer_account_id", "http"],
    );
    let source = parse_source(f.req("source"));
    let decoded;
    let input: &[u8] = match (f.opt("input"), f.opt("input_base64")) {
        (Some(Json::Str(v)), None) => v.as_bytes(),
        (Some(_), None) => f.bad("input", "must be a string"),
        (None, Some(Json::Str(v))) => {
            decoded = crate::base64::decode(v).unwrap_or_else(|| f.bad("input_base64", "must be canonical padded base64"));
            &decoded
        }
        (None, Some(_)) => f.bad("input_base64", "must be a string"),
        (None, None) => f.bad("input", "is required (or input_base64)"),
        (Some(_), Some(_)) => f.bad("input", "and input_base64 exclude each other"),
    };
    if input.len() as u64 > cfg.max_input_bytes {
        fail("ERR_INPUT_TOO_LARGE", &format!("input is {} bytes, the maximum is {}", input.len(), cfg.max_input_bytes));
    }
    let secrets_ref = f.opt("secrets_ref").map(parse_secrets_ref);
    let limits = Limits::parse_requested(f.req("resource_limits"), &cfg.max_limits);
    let http = f.opt("http").map(HttpCapability::parse);
    let response_format = f.opt_str("response_format").unwrap_or("text");
    if !FORMATS.contains(&response_format) {
        fail("ERR_INVALID_ARGS", "response_format must be text, json or bytes");
    }
    let sender_id = host::predecessor_account_id();
    let payer_id = match f.opt_str("payer_account_id") {
        Some(p) if validate::is_account_id(p) => p.to_string(),
        Some(_) => fail("ERR_INVALID_ACCOUNT_ID", "payer_account_id is not a valid account id"),
        None => sender_id.clone(),
    };
    let estimate = cfg.pricing.estimate(&limits, http.as_ref());
    let deposit = host::attached_deposit();
    if deposit < estimate {
        fail("ERR_DEPOSIT_TOO_SMALL", &format!("attached {} yoctoNEAR, the fee estimate alone is {}", deposit, estimate));
    }
    let needed_gas = cfg.callback_gas.saturating_add(OWN_GAS);
    if host::prepaid_gas() < needed_gas {
        fail("ERR_NOT_ENOUGH_GAS", &format!("attach at least {} gas", needed_gas));
    }

    let id = cfg.next_request_id;
    cfg.next_request_id += 1;
    let callback_args = obj(vec![("request_id", n(id))]).to_string();
    let (promise, data_id) = host::promise_yield_create(CALLBACK_METHOD, callback_args.as_bytes(), cfg.callback_gas);
    let block_height = host::block_index();
    let request = Request {
        id,
        data_id: validate::to_hex(&data_id),
        sender_id,
        payer_id,
        source,
        input_in_state: input.len() as u64 > cfg.inline_input_bytes,
        secrets_ref,
        limits,
        http,
        pricing: cfg.pricing.clone(),
        response_format: response_format.to_string(),
        deposit,
        block_height,
        deadline: block_height.saturating_add(cfg.request_timeout_blocks),
        status: "pending".to_string(),
        resolved_by: None,
        success: None,
        charged: None,
        resources_used: None,
        storage_fee: None,
        transcript_sha256: None,
    };
    // The requester pays for the state the request takes (measured), plus the most the record can
    // grow at settlement, so the settled record's storage_fee always fits in the deposit.
    let before = host::storage_usage();
    request.save();
    request.save_input(input);
    let reserved_bytes = (host::storage_usage() - before) + request_storage::settlement_growth_bytes(&request);
    let needed = add(estimate, storage_cost(reserved_bytes));
    if deposit < needed {
        fail(
            "ERR_DEPOSIT_TOO_SMALL",
            &format!(
                "attached {} yoctoNEAR, needed {} (fee estimate {} + storage reserve {} for {} bytes; estimate_cost with input_bytes covers both)",
                deposit, needed, estimate, storage_cost(reserved_bytes), reserved_bytes
            ),
        );
    }
    cfg.save();
    emit("execution_requested", requested_event(&request, input));
    host::promise_return(promise);
}

fn requested_event(r: &Request, input: &[u8]) -> Json {
    let (text, b64) = if r.input_in_state { (Json::Null, Json::Null) } else { input_fields(input) };
    obj(vec![
        ("request_id", n(r.id)),
        ("data_id", s(&r.data_id)),
        ("sender_id", s(&r.sender_id)),
        ("payer_id", s(&r.payer_id)),
        ("source", r.source.clone()),
        ("input", text),
        ("input_base64", b64),
        ("input_in_state", Json::Bool(r.input_in_state)),
        ("secrets_ref", r.secrets_ref.clone().unwrap_or(Json::Null)),
        ("resource_limits", r.limits.to_json()),
        ("http", r.http.as_ref().map(HttpCapability::to_json).unwrap_or(Json::Null)),
        ("response_format", s(&r.response_format)),
        ("deposit", amount(r.deposit)),
        ("block_height", n(r.block_height)),
        ("deadline", n(r.deadline)),
    ])
}

pub fn get_request(args: &Json) -> Json {
    let f = Fields::new(args, "args", "ERR_INVALID_ARGS", &["request_id"]);
    match Request::load(f.id("request_id")) {
        Some(r) => {
            let input = r.input().map(|i| input_fields(&i)).unwrap_or((Json::Null, Json::Null));
            r.to_json(Some(input))
        }
        None => Json::Null,
    }
}

/// Removes a finished request's record and refunds its storage_fee (exactly the storage the record
/// took) to the payer. A stored output must be deleted first: its deletion needs the record.
pub fn delete_request(args: &Json) -> Json {
    Config::load();
    let f = Fields::new(args, "args", "ERR_INVALID_ARGS", &["request_id"]);
    let request = Request::load_or_fail(f.id("request_id"));
    let caller = host::predecessor_account_id();
    if caller != request.sender_id && caller != request.payer_id {
        fail("ERR_NOT_REQUESTER", "only the requester or the payer may delete the request");
    }
    if request.is_pending() {
        fail("ERR_STILL_PENDING", "the request has not finished yet");
    }
    if crate::output::StoredOutput::load(request.id).is_some() {
        fail("ERR_OUTPUT_EXISTS", "delete the execution output first (delete_execution_output)");
    }
    let refund = request.storage_fee.unwrap_or(0);
    host::storage_remove(&crate::request::key(request.id));
    host::transfer(&request.payer_id, refund);
    emit(
        "request_deleted",
        obj(vec![("request_id", n(request.id)), ("payer_id", s(&request.payer_id)), ("refunded", amount(refund))]),
    );
    obj(vec![("refunded", amount(refund))])
}
