//! Who pays for a request's storage: the requester. At `request_execution` the deposit must cover
//! the fee estimate plus a storage reserve (the bytes the record and input take now, plus the most
//! the record can grow when it is settled). At settlement the input is dropped and the bytes the
//! finished record still takes are kept as its `storage_fee`; `delete_request` gives that back.
//! It does not cover the config counters (`next_request_id`, `fees_collected`) growing by a digit:
//! those few bytes stay the contract's cost.

use crate::amount::storage_cost;
use crate::args::MAX_SAFE_INTEGER;
use crate::host::{self, storage_remove, storage_write};
use crate::json::s;
use crate::http::HttpCapability;
use crate::pricing::{Pricing, Usage};
use crate::request::{key, Request};

/// NEAR charges this many bytes per state record on top of its key and value.
const RECORD_OVERHEAD_BYTES: u64 = 40;
const MAX_ACCOUNT_ID: usize = 64;

/// The record as large as settlement can make it: longest status and worker id, every amount at
/// u128::MAX digits, usage at the JSON number maximum.
fn settled_worst_case(r: &Request) -> Request {
    Request {
        status: "timed_out".to_string(),
        resolved_by: Some("w".repeat(MAX_ACCOUNT_ID)),
        success: Some(false),
        charged: Some(u128::MAX),
        resources_used: Some(Usage {
            instructions: MAX_SAFE_INTEGER,
            time_ms: MAX_SAFE_INTEGER,
            compile_time_ms: MAX_SAFE_INTEGER,
            http_requests: if r.http.is_some() { MAX_SAFE_INTEGER } else { 0 },
            http_response_bytes: if r.http.is_some() { MAX_SAFE_INTEGER } else { 0 },
        }),
        storage_fee: Some(u128::MAX),
        transcript_sha256: r.http.as_ref().map(|_| "0".repeat(64)),
        http: r.http.clone(),
        source: r.source.clone(),
        secrets_ref: r.secrets_ref.clone(),
        pricing: r.pricing.clone(),
        data_id: r.data_id.clone(),
        sender_id: r.sender_id.clone(),
        payer_id: r.payer_id.clone(),
        response_format: r.response_format.clone(),
        ..*r
    }
}

fn json_len(r: &Request) -> u64 {
    r.to_json(None).to_string().len() as u64
}

/// Bytes the record can still grow by between `request_execution` and settlement.
pub fn settlement_growth_bytes(r: &Request) -> u64 {
    json_len(&settled_worst_case(r)).saturating_sub(json_len(r))
}

/// Storage an input of `input_bytes` takes under `ri:<id>` for the largest id.
fn input_record_bytes(input_bytes: u64) -> u64 {
    format!("ri:{}", MAX_SAFE_INTEGER).len() as u64 + input_bytes + RECORD_OVERHEAD_BYTES
}

/// Upper bound of the storage reserve `request_execution` asks for, for any valid request with an
/// input of `input_bytes` (for `estimate_cost`, which does not know the source or accounts): every
/// string at its longest with every character JSON-escaped to two bytes.
pub fn reserve_upper_bound(pricing: &Pricing, input_bytes: u64, http: Option<&HttpCapability>) -> u128 {
    let quotes = |n: usize| "\"".repeat(n);
    let longest = |n: usize| "a".repeat(n);
    let worst = Request {
        id: MAX_SAFE_INTEGER,
        data_id: longest(64),
        sender_id: longest(MAX_ACCOUNT_ID),
        payer_id: longest(MAX_ACCOUNT_ID),
        // The longest source: a wasm_url source's 2048-character URL outweighs every git field.
        source: crate::json::obj(vec![
            ("kind", s("wasm_url")),
            ("url", s(&format!("https://{}", quotes(2048 - 8)))),
            ("sha256", s(&longest(64))),
        ]),
        input_in_state: false,
        secrets_ref: Some(crate::json::obj(vec![("owner", s(&longest(MAX_ACCOUNT_ID))), ("profile", s(&longest(64)))])),
        limits: crate::pricing::Limits {
            max_instructions: u64::MAX,
            max_memory_mb: u64::MAX,
            max_execution_ms: u64::MAX,
            max_compile_ms: u64::MAX,
            max_scratch_mb: u64::MAX,
        },
        // The capability as given (its size is known), with every host escaped to the longest form.
        http: http.map(|h| HttpCapability { allow: h.allow.iter().map(|a| quotes(a.len())).collect(), ..h.clone() }),
        pricing: pricing.clone(),
        response_format: "bytes".to_string(),
        deposit: u128::MAX,
        block_height: u64::MAX,
        deadline: u64::MAX,
        status: "pending".to_string(),
        resolved_by: None,
        success: None,
        charged: None,
        resources_used: None,
        storage_fee: None,
        transcript_sha256: None,
    };
    let record = key(worst.id).len() as u64 + json_len(&settled_worst_case(&worst)) + RECORD_OVERHEAD_BYTES;
    storage_cost(record + input_record_bytes(input_bytes))
}

/// Writes a settled record and sets its `storage_fee` to exactly what the written record takes.
/// The fee is part of the record, so its digits change the size: rewrite until it is stable
/// (two rounds in practice: the digit count of the fee follows the byte count).
pub fn save_with_storage_fee(r: &mut Request) {
    let k = key(r.id);
    storage_remove(&k);
    let base = host::storage_usage();
    r.storage_fee = Some(0);
    for _ in 0..8 {
        storage_write(&k, r.to_json(None).to_string().as_bytes());
        let fee = storage_cost(host::storage_usage() - base);
        if r.storage_fee == Some(fee) {
            return;
        }
        r.storage_fee = Some(fee);
    }
    host::fail("ERR_INTERNAL", "storage fee did not settle");
}
