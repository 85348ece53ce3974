//! The stored execution request and its validation from `request_execution` arguments.
//! The record lives under `r:<id>` as JSON; the input lives apart under `ri:<id>` so large inputs
//! never enter the event log and can be dropped when the request finishes.

use crate::args::Fields;
use crate::host::{fail, storage_read, storage_remove, storage_write};
use crate::json::{amount, n, obj, opt_s, s, Json};
use crate::http::HttpCapability;
use crate::pricing::{Limits, Pricing, Usage};
use crate::validate;

pub struct Request {
    pub id: u64,
    pub data_id: String,
    pub sender_id: String,
    pub payer_id: String,
    pub source: Json,
    pub input_in_state: bool,
    pub secrets_ref: Option<Json>,
    pub limits: Limits,
    /// The hosts the program may call and its HTTP budget; None: no network at all.
    pub http: Option<HttpCapability>,
    /// Prices in force when the request was paid: the final charge uses these, so a later
    /// set_pricing never changes what an accepted request costs.
    pub pricing: Pricing,
    pub response_format: String,
    pub deposit: u128,
    pub block_height: u64,
    pub deadline: u64,
    pub status: String,
    pub resolved_by: Option<String>,
    pub success: Option<bool>,
    pub charged: Option<u128>,
    pub resources_used: Option<Usage>,
    /// Kept from the deposit at settlement to back the storage the finished record still uses.
    pub storage_fee: Option<u128>,
    /// sha256 of the HTTP transcript the resolving worker reported (requests with `http` only).
    pub transcript_sha256: Option<String>,
}

pub fn key(id: u64) -> Vec<u8> {
    format!("r:{}", id).into_bytes()
}

fn input_key(id: u64) -> Vec<u8> {
    format!("ri:{}", id).into_bytes()
}

pub const FORMATS: &[&str] = &["text", "json", "bytes"];

/// Checks a source object and returns it normalised (known fields only, fixed order).
pub fn parse_source(j: &Json) -> Json {
    let bad = |why: &str| -> ! { fail("ERR_INVALID_SOURCE", why) };
    let kind = match j.get("kind").and_then(Json::as_str) {
        Some(k) => k,
        None => bad("source.kind must be \"git\" or \"wasm_url\""),
    };
    match kind {
        "git" => {
            let f = Fields::new(j, "source", "ERR_INVALID_SOURCE", &["kind", "repo", "commit", "target", "path"]);
            let repo = f.str("repo");
            let commit = f.str("commit");
            let target = f.str("target");
            if !validate::is_token(repo, 512) {
                bad("source.repo must be 1..512 characters without whitespace");
            }
            if !validate::is_commit(commit) {
                bad("source.commit must be 1..128 characters of [A-Za-z0-9._/-]");
            }
            if target != "wasm32-wasip1" && target != "wasm32-wasip2" {
                bad("source.target must be wasm32-wasip1 or wasm32-wasip2");
            }
            let mut fields = vec![("kind", s("git")), ("repo", s(repo)), ("commit", s(commit)), ("target", s(target))];
            if let Some(path) = f.opt_str("path") {
                if !validate::is_rel_path(path) {
                    bad("source.path must be a relative path without `..`");
                }
                fields.push(("path", s(path)));
            }
            obj(fields)
        }
        "wasm_url" => {
            let f = Fields::new(j, "source", "ERR_INVALID_SOURCE", &["kind", "url", "sha256"]);
            let url = f.str("url");
            let sha = f.str("sha256");
            if !validate::is_url(url) {
                bad("source.url must be an https://, http:// or file:// URL of at most 2048 characters");
            }
            if !validate::is_sha256_hex(sha) {
                bad("source.sha256 must be 64 lowercase hex characters");
            }
            obj(vec![("kind", s("wasm_url")), ("url", s(url)), ("sha256", s(sha))])
        }
        _ => bad("source.kind must be \"git\" or \"wasm_url\""),
    }
}

pub fn parse_secrets_ref(j: &Json) -> Json {
    let f = Fields::new(j, "secrets_ref", "ERR_INVALID_ARGS", &["owner", "profile"]);
    let owner = f.str("owner");
    let profile = f.str("profile");
    if !validate::is_account_id(owner) {
        fail("ERR_INVALID_ACCOUNT_ID", "secrets_ref.owner is not a valid account id");
    }
    if !validate::is_profile(profile) {
        fail("ERR_INVALID_ARGS", "secrets_ref.profile must be 1..64 characters of [A-Za-z0-9_-]");
    }
    obj(vec![("owner", s(owner)), ("profile", s(profile))])
}

/// How an input's bytes travel in JSON (the `execution_requested` event, the `get_request` view):
/// `(input, input_base64)` is `(text, null)` when the bytes are UTF-8, else `(null, base64)`.
/// Exactly one is a string, so a reader always recovers the exact bytes.
pub fn input_fields(bytes: &[u8]) -> (Json, Json) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (s(text), Json::Null),
        Err(_) => (Json::Null, Json::Str(crate::base64::encode(bytes))),
    }
}

impl Request {
    pub fn load(id: u64) -> Option<Request> {
        storage_read(&key(id)).map(|bytes| Request::from_json(&crate::json::parse(&bytes)))
    }

    pub fn load_or_fail(id: u64) -> Request {
        Request::load(id).unwrap_or_else(|| fail("ERR_REQUEST_NOT_FOUND", &format!("no request {}", id)))
    }

    pub fn save(&self) {
        storage_write(&key(self.id), self.to_json(None).to_string().as_bytes());
    }

    pub fn save_input(&self, input: &[u8]) {
        storage_write(&input_key(self.id), input);
    }

    /// The input's exact bytes while the request is pending.
    pub fn input(&self) -> Option<Vec<u8>> {
        storage_read(&input_key(self.id))
    }

    pub fn drop_input(&self) {
        storage_remove(&input_key(self.id));
    }

    pub fn is_pending(&self) -> bool {
        self.status == "pending"
    }

    /// What the payer got back: the deposit minus the charge and the storage fee. Not stored: the
    /// stored record's size decides the storage fee, so it must not depend on the fee's result.
    pub fn refunded(&self) -> Option<u128> {
        self.charged.map(|c| crate::amount::sub(crate::amount::sub(self.deposit, c), self.storage_fee.unwrap_or(0)))
    }

    /// The record as stored; with `input` given, the `get_request` view (which adds `input` and
    /// `input_base64` as input_fields makes them, and the derived `refunded`).
    pub fn to_json(&self, input: Option<(Json, Json)>) -> Json {
        let view = input.is_some();
        let mut fields = vec![
            ("request_id", n(self.id)),
            ("data_id", s(&self.data_id)),
            ("sender_id", s(&self.sender_id)),
            ("payer_id", s(&self.payer_id)),
            ("source", self.source.clone()),
        ];
        if let Some((text, b64)) = input {
            fields.push(("input", text));
            fields.push(("input_base64", b64));
        }
        fields.extend(vec![
            ("input_in_state", Json::Bool(self.input_in_state)),
            ("secrets_ref", self.secrets_ref.clone().unwrap_or(Json::Null)),
            ("resource_limits", self.limits.to_json()),
        ]);
        // Written only when present: records of requests without HTTP keep their exact bytes.
        if let Some(http) = &self.http {
            fields.push(("http", http.to_json()));
        }
        fields.extend(vec![
            ("pricing", self.pricing.to_json()),
            ("response_format", s(&self.response_format)),
            ("deposit", amount(self.deposit)),
            ("block_height", n(self.block_height)),
            ("deadline", n(self.deadline)),
            ("status", s(&self.status)),
            ("resolved_by", opt_s(&self.resolved_by)),
            ("success", self.success.map(Json::Bool).unwrap_or(Json::Null)),
            ("charged", self.charged.map(amount).unwrap_or(Json::Null)),
            ("resources_used", self.resources_used.map(|u| u.to_json()).unwrap_or(Json::Null)),
            ("storage_fee", self.storage_fee.map(amount).unwrap_or(Json::Null)),
        ]);
        if let Some(t) = &self.transcript_sha256 {
            fields.push(("transcript_sha256", s(t)));
        }
        if view {
            fields.push(("refunded", self.refunded().map(amount).unwrap_or(Json::Null)));
        }
        obj(fields)
    }

    fn from_json(j: &Json) -> Request {
        let f = Fields::new(
            j,
            "request",
            "ERR_INTERNAL",
            &[
                "request_id", "data_id", "sender_id", "payer_id", "source", "input_in_state", "secrets_ref",
                "resource_limits", "pricing", "response_format", "deposit", "block_height", "deadline", "status",
                "resolved_by", "success", "charged", "resources_used", "storage_fee", "http", "transcript_sha256",
            ],
        );
        Request {
            id: f.u64("request_id"),
            data_id: f.str("data_id").to_string(),
            sender_id: f.str("sender_id").to_string(),
            payer_id: f.str("payer_id").to_string(),
            source: f.req("source").clone(),
            input_in_state: f.bool("input_in_state"),
            secrets_ref: f.opt("secrets_ref").cloned(),
            limits: Limits::from_json(f.req("resource_limits"), "resource_limits", "ERR_INTERNAL"),
            http: f.opt("http").map(HttpCapability::from_stored),
            pricing: Pricing::from_json(f.req("pricing"), "ERR_INTERNAL"),
            response_format: f.str("response_format").to_string(),
            deposit: f.amount("deposit"),
            block_height: f.u64("block_height"),
            deadline: f.u64("deadline"),
            status: f.str("status").to_string(),
            resolved_by: f.opt_str("resolved_by").map(str::to_string),
            success: f.opt("success").map(|_| f.bool("success")),
            charged: f.opt_amount("charged"),
            resources_used: f.opt("resources_used").map(|u| Usage::from_json(u, "ERR_INTERNAL")),
            storage_fee: f.opt_amount("storage_fee"),
            transcript_sha256: f.opt_str("transcript_sha256").map(str::to_string),
        }
    }
}
