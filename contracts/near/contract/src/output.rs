//! Large outputs: a worker submits them before resolving, pays their storage, and the response
//! then references them by sha256 and size. The requester or payer can delete a finished
//! request's output, which refunds the worker's storage deposit exactly.
//! The value is stored as its raw bytes under its own key (`ov:<id>`), beside a small JSON record
//! (`o:<id>`): re-encoding it as a JSON string would cost up to six bytes and many instructions
//! per control character, which on NEAR is gas the worker pays for every byte.

use crate::amount::{storage_cost, sub};
use crate::args::Fields;
use crate::config::Config;
use crate::deposit_record;
use crate::events::emit;
use crate::host::{self, fail};
use crate::json::{amount, n, obj, s, Json};
use crate::request::Request;
use crate::response::check_value;
use crate::validate::to_hex;
use crate::workers;

pub struct StoredOutput {
    pub worker_id: String,
    pub format: String,
    pub sha256: String,
    pub bytes: u64,
    pub storage_deposit: u128,
}

fn key(id: u64) -> Vec<u8> {
    format!("o:{}", id).into_bytes()
}

fn value_key(id: u64) -> Vec<u8> {
    format!("ov:{}", id).into_bytes()
}

impl StoredOutput {
    pub fn load(id: u64) -> Option<StoredOutput> {
        let (deposit, j) = deposit_record::read(&key(id))?;
        let f = Fields::new(&j, "output", "ERR_INTERNAL", &["worker_id", "format", "sha256", "bytes"]);
        Some(StoredOutput {
            worker_id: f.str("worker_id").to_string(),
            format: f.str("format").to_string(),
            sha256: f.str("sha256").to_string(),
            bytes: f.u64("bytes"),
            storage_deposit: deposit,
        })
    }

    /// The stored value (read only by the view: the change methods need just the record).
    fn load_value(id: u64) -> String {
        let bytes = host::storage_read(&value_key(id)).unwrap_or_default();
        String::from_utf8(bytes).unwrap_or_else(|_| fail("ERR_INTERNAL", "stored output is not UTF-8"))
    }

    fn body(&self) -> Json {
        obj(vec![
            ("worker_id", s(&self.worker_id)),
            ("format", s(&self.format)),
            ("sha256", s(&self.sha256)),
            ("bytes", n(self.bytes)),
        ])
    }
}

pub fn submit_execution_output(args: &Json) -> Json {
    let cfg = Config::load();
    let worker = workers::authorize_signer();
    let f = Fields::new(args, "args", "ERR_INVALID_ARGS", &["request_id", "output"]);
    let request = Request::load_or_fail(f.id("request_id"));
    crate::resolve::assert_resolvable(&request);
    let of = Fields::new(f.req("output"), "output", "ERR_INVALID_ARGS", &["format", "value"]);
    let format = of.str("format");
    let value = of.str("value");
    if format != request.response_format {
        fail("ERR_FORMAT_MISMATCH", &format!("the request asked for {} output", request.response_format));
    }
    if value.len() as u64 > cfg.max_output_bytes {
        fail("ERR_OUTPUT_TOO_LARGE", &format!("output is {} bytes, the maximum is {}", value.len(), cfg.max_output_bytes));
    }
    check_value(format, value);
    if StoredOutput::load(request.id).is_some() {
        fail("ERR_OUTPUT_EXISTS", "an output was already submitted for this request");
    }
    let out = StoredOutput {
        worker_id: worker.account_id.clone(),
        format: format.to_string(),
        sha256: to_hex(&host::sha256(value.as_bytes())),
        bytes: value.len() as u64,
        storage_deposit: 0,
    };
    let before = host::storage_usage();
    deposit_record::write(&key(request.id), 0, &out.body());
    host::storage_write(&value_key(request.id), value.as_bytes());
    let cost = storage_cost(host::storage_usage() - before);
    let attached = host::attached_deposit();
    if attached < cost {
        fail("ERR_INSUFFICIENT_STORAGE_DEPOSIT", &format!("storing the output costs {} yoctoNEAR, attached {}", cost, attached));
    }
    deposit_record::set_deposit(&key(request.id), cost);
    host::transfer(&worker.account_id, sub(attached, cost));
    emit(
        "execution_output_submitted",
        obj(vec![
            ("request_id", n(request.id)),
            ("worker_id", s(&worker.account_id)),
            ("sha256", s(&out.sha256)),
            ("bytes", n(out.bytes)),
            ("storage_deposit", amount(cost)),
        ]),
    );
    obj(vec![("sha256", s(&out.sha256)), ("bytes", n(out.bytes))])
}

pub fn get_execution_output(args: &Json) -> Json {
    let f = Fields::new(args, "args", "ERR_INVALID_ARGS", &["request_id"]);
    let id = f.id("request_id");
    match StoredOutput::load(id) {
        Some(o) => obj(vec![
            ("request_id", n(id)),
            ("worker_id", s(&o.worker_id)),
            ("format", s(&o.format)),
            ("value", s(&StoredOutput::load_value(id))),
            ("sha256", s(&o.sha256)),
            ("bytes", n(o.bytes)),
            ("storage_deposit", amount(o.storage_deposit)),
        ]),
        None => Json::Null,
    }
}

pub fn delete_execution_output(args: &Json) -> Json {
    Config::load();
    let f = Fields::new(args, "args", "ERR_INVALID_ARGS", &["request_id"]);
    let request = Request::load_or_fail(f.id("request_id"));
    let caller = host::predecessor_account_id();
    if caller != request.sender_id && caller != request.payer_id {
        fail("ERR_NOT_REQUESTER", "only the requester or the payer may delete the output");
    }
    if request.is_pending() {
        fail("ERR_STILL_PENDING", "the request has not finished yet");
    }
    let out = StoredOutput::load(request.id).unwrap_or_else(|| fail("ERR_OUTPUT_NOT_FOUND", "no stored output"));
    host::storage_remove(&key(request.id));
    host::storage_remove(&value_key(request.id));
    host::transfer(&out.worker_id, out.storage_deposit);
    obj(vec![("refunded", amount(out.storage_deposit)), ("worker_id", s(&out.worker_id))])
}
