//! The end of a request: `resolve_execution` (a worker resumes the yield), the
//! `on_execution_response` callback (charge, pay, refund, log) and `cancel_stale_execution`.
//! A request leaves `pending` exactly once; every path that moves money goes through `finish`.

use crate::amount::sub;
use crate::args::Fields;
use crate::config::Config;
use crate::events::emit;
use crate::host::{self, fail, PromiseOutcome};
use crate::json::{amount, n, obj, opt_s, s, Json};
use crate::request::Request;
use crate::request_storage;
use crate::response::{Response, MAX_PAYLOAD_BYTES};
use crate::validate::to_hex;
use crate::workers;

/// A request a worker may still answer: pending and not already answered.
pub fn assert_resolvable(r: &Request) {
    if r.resolved_by.is_some() || r.status == "resolved" {
        fail("ERR_ALREADY_RESOLVED", &format!("request {} was already resolved", r.id));
    }
    if !r.is_pending() {
        fail("ERR_NOT_PENDING", &format!("request {} is {}", r.id, r.status));
    }
}

pub fn resolve_execution(args: &Json) {
    Config::load();
    let worker = workers::authorize_signer();
    let f = Fields::new(args, "args", "ERR_INVALID_ARGS", &["request_id", "response"]);
    let mut request = Request::load_or_fail(f.id("request_id"));
    assert_resolvable(&request);
    let response = Response::parse_for(f.req("response"), &request, &worker.account_id);
    let payload = response.to_json().to_string();
    if payload.len() > MAX_PAYLOAD_BYTES {
        fail("ERR_RESPONSE_TOO_LARGE", &format!("response is {} bytes; submit the output first", payload.len()));
    }
    request.resolved_by = Some(worker.account_id);
    request.save();
    let data_id = hex_to_bytes(&request.data_id);
    if !host::promise_yield_resume(&data_id, payload.as_bytes()) {
        fail("ERR_YIELD_EXPIRED", "the runtime no longer accepts a response for this request");
    }
}

pub fn on_execution_response(args: &Json) {
    if host::predecessor_account_id() != host::current_account_id() {
        fail("ERR_PRIVATE", "on_execution_response is a callback");
    }
    let mut cfg = Config::load();
    let f = Fields::new(args, "args", "ERR_INVALID_ARGS", &["request_id"]);
    let id = f.id("request_id");
    let mut request = match Request::load(id) {
        Some(r) => r,
        None => {
            // Cancelled, then deleted by its requester before the yield timed out.
            let r = Response::failure("ERR_CANCELLED", &format!("request {} was cancelled and deleted", id));
            host::value_return(r.to_json().to_string().as_bytes());
            return;
        }
    };
    if !request.is_pending() {
        // Cancelled before the yield timed out: the money already moved.
        let r = Response::failure("ERR_CANCELLED", &format!("request {} is {}", request.id, request.status));
        host::value_return(r.to_json().to_string().as_bytes());
        return;
    }
    let resumed = match (host::promise_result_0(), &request.resolved_by) {
        (PromiseOutcome::Ok(payload), Some(worker)) => Some((Response::parse(&crate::json::parse(&payload)), worker.clone())),
        _ => None,
    };
    let response = match resumed {
        Some((response, worker)) => {
            let capped = response.usage.capped(&request.limits, request.http.as_ref());
            let charge = if response.success {
                request.pricing.cost(&capped).min(request.deposit)
            } else {
                request.pricing.base_fee.min(request.deposit)
            };
            let used = if response.success { Some(capped) } else { None };
            let out = Response { usage: capped, ..response };
            finish(&mut cfg, &mut request, "resolved", Some(&worker), charge, &out, used);
            out
        }
        None => {
            let out = Response::failure("ERR_TIMED_OUT", "no worker resolved the request before the yield timed out");
            let fee = request.pricing.base_fee.min(request.deposit);
            finish(&mut cfg, &mut request, "timed_out", None, fee, &out, None);
            out
        }
    };
    host::value_return(response.to_json().to_string().as_bytes());
}

pub fn cancel_stale_execution(args: &Json) {
    let mut cfg = Config::load();
    let f = Fields::new(args, "args", "ERR_INVALID_ARGS", &["request_id"]);
    let mut request = Request::load_or_fail(f.id("request_id"));
    if host::predecessor_account_id() != request.sender_id {
        fail("ERR_NOT_REQUESTER", "only the requester may cancel a request");
    }
    assert_resolvable(&request);
    let now = host::block_index();
    if now <= request.deadline {
        fail("ERR_NOT_STALE", &format!("block {} is not after the deadline {}", now, request.deadline));
    }
    let out = Response::failure("ERR_CANCELLED", "cancelled by the requester after the deadline");
    let fee = request.pricing.base_fee.min(request.deposit);
    finish(&mut cfg, &mut request, "cancelled", None, fee, &out, None);
}

/// Moves the request out of pending: `charge` goes to the worker if there is one, otherwise it
/// stays with the contract as collected fees; the payer gets the rest of the deposit.
fn finish(
    cfg: &mut Config,
    request: &mut Request,
    status: &str,
    worker: Option<&str>,
    charge: u128,
    response: &Response,
    used: Option<crate::pricing::Usage>,
) {
    let (worker_payment, fees_kept) = match worker {
        Some(_) => (charge, 0),
        None => (0, charge),
    };
    request.drop_input();
    request.status = status.to_string();
    request.success = Some(response.success);
    request.charged = Some(charge);
    request.resources_used = used;
    request.transcript_sha256 = response.transcript_sha256.clone();
    request_storage::save_with_storage_fee(request);
    let storage_fee = request.storage_fee.unwrap_or(0);
    // The reserve taken at request time guarantees `deposit - charge >= storage_fee`.
    let refund = sub(sub(request.deposit, charge), storage_fee);
    if let Some(w) = worker {
        host::transfer(w, worker_payment);
    }
    host::transfer(&request.payer_id, refund);
    cfg.fees_collected = crate::amount::add(cfg.fees_collected, fees_kept);
    cfg.save();
    emit(
        "execution_completed",
        obj(vec![
            ("request_id", n(request.id)),
            ("status", s(status)),
            ("success", Json::Bool(response.success)),
            ("worker_id", opt_s(&worker.map(str::to_string))),
            ("payer_id", s(&request.payer_id)),
            ("charged", amount(charge)),
            ("worker_payment", amount(worker_payment)),
            ("refund", amount(refund)),
            ("fees_kept", amount(fees_kept)),
            ("storage_fee", amount(storage_fee)),
            ("resources_used", used.map(|u| u.to_json()).unwrap_or(Json::Null)),
            ("error", response.error.clone().unwrap_or(Json::Null)),
            ("output", response.output.clone().unwrap_or(Json::Null)),
            ("transcript_sha256", opt_s(&response.transcript_sha256)),
        ]),
    );
}

fn hex_to_bytes(h: &str) -> Vec<u8> {
    let digit = |c: u8| -> u8 {
        match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            _ => fail("ERR_INTERNAL", "stored data_id is not hex"),
        }
    };
    let b = h.as_bytes();
    let bytes: Vec<u8> = (0..b.len() / 2).map(|i| digit(b[2 * i]) << 4 | digit(b[2 * i + 1])).collect();
    debug_assert_eq!(to_hex(&bytes), h);
    bytes
}
