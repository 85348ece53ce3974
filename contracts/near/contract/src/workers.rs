//! The worker registry: stake to register a key, unbond, withdraw, and owner slashing.
//! Records live under `w:<account>`, the key index under `wk:<public key>`, and the registration
//! order as one `wi:<n>` record each, counted by `wn` (for `list_workers`). The contract pays for these records' storage.

use crate::amount::sub;
use crate::args::Fields;
use crate::config::Config;
use crate::events::emit;
use crate::host::{self, fail, storage_read, storage_remove, storage_write};
use crate::json::{amount, n, obj, s, Json};
use crate::validate;

pub struct Worker {
    pub account_id: String,
    pub public_key: String,
    pub measurement: String,
    /// How the worker proves what it runs: "ed25519", "tdx" or "sev-snp". Records written before
    /// the field existed read as "ed25519".
    pub attestation_kind: String,
    pub stake: u128,
    pub status: String,
    pub registered_at: u64,
    pub unbonding_ends_at: Option<u64>,
    pub slashes: Vec<Json>,
}

fn key(account: &str) -> Vec<u8> {
    format!("w:{}", account).into_bytes()
}

fn pk_key(pk: &str) -> Vec<u8> {
    format!("wk:{}", pk).into_bytes()
}

/// Registration order, one record per worker: `wn` holds the count, `wi:<n>` the n-th account, so
/// registering writes two small records however many workers there are.
const COUNT_KEY: &[u8] = b"wn";

fn index_key(i: u64) -> Vec<u8> {
    format!("wi:{}", i).into_bytes()
}

fn worker_count() -> u64 {
    storage_read(COUNT_KEY)
        .map(|b| std::str::from_utf8(&b).ok().and_then(|t| t.parse().ok()).unwrap_or_else(|| fail("ERR_INTERNAL", "bad worker count")))
        .unwrap_or(0)
}

impl Worker {
    pub fn load(account: &str) -> Option<Worker> {
        storage_read(&key(account)).map(|b| Worker::from_json(&crate::json::parse(&b)))
    }

    fn save(&self) {
        storage_write(&key(&self.account_id), self.to_json().to_string().as_bytes());
    }

    pub fn to_json(&self) -> Json {
        obj(vec![
            ("account_id", s(&self.account_id)),
            ("public_key", s(&self.public_key)),
            ("measurement", s(&self.measurement)),
            ("attestation_kind", s(&self.attestation_kind)),
            ("stake", amount(self.stake)),
            ("status", s(&self.status)),
            ("registered_at", n(self.registered_at)),
            ("unbonding_ends_at", self.unbonding_ends_at.map(n).unwrap_or(Json::Null)),
            ("slashes", Json::Arr(self.slashes.clone())),
        ])
    }

    fn from_json(j: &Json) -> Worker {
        let f = Fields::new(
            j,
            "worker",
            "ERR_INTERNAL",
            &["account_id", "public_key", "measurement", "attestation_kind", "stake", "status", "registered_at", "unbonding_ends_at", "slashes"],
        );
        Worker {
            account_id: f.str("account_id").to_string(),
            public_key: f.str("public_key").to_string(),
            measurement: f.str("measurement").to_string(),
            attestation_kind: f.opt_str("attestation_kind").unwrap_or(DEFAULT_ATTESTATION_KIND).to_string(),
            stake: f.amount("stake"),
            status: f.str("status").to_string(),
            registered_at: f.u64("registered_at"),
            unbonding_ends_at: f.opt_u64("unbonding_ends_at"),
            slashes: f.arr("slashes").to_vec(),
        }
    }
}

/// The calling worker: predecessor has a record whose key is the transaction's signer key, and it
/// is active. Used by resolve_execution and submit_execution_output.
pub fn authorize_signer() -> Worker {
    let account = host::predecessor_account_id();
    let worker = Worker::load(&account).unwrap_or_else(|| fail("ERR_NOT_A_WORKER", &format!("{} is not a registered worker", account)));
    if validate::ed25519_borsh(&worker.public_key) != Some(host::signer_account_pk()) {
        fail("ERR_NOT_A_WORKER", "the transaction is not signed with the registered worker key");
    }
    if worker.status != "active" {
        fail("ERR_WORKER_NOT_ACTIVE", &format!("worker {} is {}", account, worker.status));
    }
    worker
}

const DEFAULT_ATTESTATION_KIND: &str = "ed25519";
const ATTESTATION_KINDS: [&str; 3] = ["ed25519", "tdx", "sev-snp"];

fn load_own() -> Worker {
    let account = host::predecessor_account_id();
    Worker::load(&account).unwrap_or_else(|| fail("ERR_WORKER_NOT_FOUND", &format!("{} is not a registered worker", account)))
}

pub fn register_worker(args: &Json) {
    let cfg = Config::load();
    cfg.assert_not_paused();
    let f = Fields::new(args, "args", "ERR_INVALID_ARGS", &["public_key", "measurement", "attestation_kind"]);
    let public_key = f.str("public_key");
    let measurement = f.str("measurement");
    let attestation_kind = f.opt_str("attestation_kind").unwrap_or(DEFAULT_ATTESTATION_KIND);
    if !ATTESTATION_KINDS.contains(&attestation_kind) {
        fail("ERR_INVALID_ARGS", "attestation_kind must be \"ed25519\", \"tdx\" or \"sev-snp\"");
    }
    if validate::ed25519_borsh(public_key).is_none() {
        fail("ERR_INVALID_PUBLIC_KEY", "public_key must be ed25519:<base58 of 32 bytes>");
    }
    if !validate::is_lower_hex(measurement, 64, 128) {
        fail("ERR_INVALID_ARGS", "measurement must be 64..128 lowercase hex characters");
    }
    let stake = host::attached_deposit();
    if stake < cfg.min_stake {
        fail("ERR_STAKE_TOO_SMALL", &format!("attached {} yoctoNEAR, min_stake is {}", stake, cfg.min_stake));
    }
    let account = host::predecessor_account_id();
    let previous = Worker::load(&account);
    let listed = previous.is_some();
    if let Some(w) = &previous {
        if w.status != "withdrawn" {
            fail("ERR_WORKER_EXISTS", &format!("{} is already registered ({})", account, w.status));
        }
    }
    if storage_read(&pk_key(public_key)).is_some() {
        fail("ERR_KEY_IN_USE", "this public key is registered by another worker");
    }
    let worker = Worker {
        account_id: account.clone(),
        public_key: public_key.to_string(),
        measurement: measurement.to_string(),
        attestation_kind: attestation_kind.to_string(),
        stake,
        status: "active".to_string(),
        registered_at: host::block_index(),
        unbonding_ends_at: None,
        slashes: previous.map(|w| w.slashes).unwrap_or_default(),
    };
    worker.save();
    storage_write(&pk_key(public_key), account.as_bytes());
    if !listed {
        let count = worker_count();
        storage_write(&index_key(count), account.as_bytes());
        storage_write(COUNT_KEY, (count + 1).to_string().as_bytes());
    }
    emit(
        "worker_registered",
        obj(vec![
            ("account_id", s(&account)),
            ("public_key", s(public_key)),
            ("measurement", s(measurement)),
            ("attestation_kind", s(attestation_kind)),
            ("stake", amount(stake)),
        ]),
    );
}

pub fn unregister_worker(args: &Json) {
    let cfg = Config::load();
    Fields::new(args, "args", "ERR_INVALID_ARGS", &[]);
    let mut w = load_own();
    if w.status != "active" && w.status != "slashed" {
        fail("ERR_WORKER_NOT_ACTIVE", &format!("worker is {}", w.status));
    }
    let ends = host::block_index().saturating_add(cfg.unbonding_period_blocks);
    w.status = "unbonding".to_string();
    w.unbonding_ends_at = Some(ends);
    w.save();
    emit("worker_unregistered", obj(vec![("account_id", s(&w.account_id)), ("unbonding_ends_at", n(ends))]));
}

pub fn withdraw_stake(args: &Json) -> Json {
    Config::load();
    Fields::new(args, "args", "ERR_INVALID_ARGS", &[]);
    let mut w = load_own();
    if w.status != "unbonding" {
        fail("ERR_WORKER_NOT_UNBONDING", &format!("worker is {}; call unregister_worker first", w.status));
    }
    let ends = w.unbonding_ends_at.unwrap_or(0);
    let now = host::block_index();
    if now < ends {
        fail("ERR_STILL_UNBONDING", &format!("unbonding ends at block {}, now {}", ends, now));
    }
    let amount_out = w.stake;
    w.stake = 0;
    w.status = "withdrawn".to_string();
    w.save();
    storage_remove(&pk_key(&w.public_key));
    host::transfer(&w.account_id, amount_out);
    emit("stake_withdrawn", obj(vec![("account_id", s(&w.account_id)), ("amount", amount(amount_out))]));
    obj(vec![("amount", amount(amount_out))])
}

pub fn slash_worker(args: &Json) {
    let mut cfg = Config::load();
    cfg.assert_owner();
    let f = Fields::new(args, "args", "ERR_INVALID_ARGS", &["account_id", "amount", "reason"]);
    let account = f.str("account_id");
    let slash = f.amount("amount");
    let reason = f.str("reason");
    if !validate::is_text(reason, 1, 256) {
        fail("ERR_INVALID_ARGS", "reason must be 1..256 characters");
    }
    if slash == 0 {
        fail("ERR_INVALID_AMOUNT", "amount must be positive");
    }
    let mut w = Worker::load(account).unwrap_or_else(|| fail("ERR_WORKER_NOT_FOUND", &format!("{} is not a registered worker", account)));
    if slash > w.stake {
        fail("ERR_SLASH_EXCEEDS_STAKE", &format!("stake is {}", w.stake));
    }
    w.stake = sub(w.stake, slash);
    if w.status == "active" {
        w.status = "slashed".to_string();
    }
    let height = host::block_index();
    w.slashes.push(obj(vec![("amount", amount(slash)), ("reason", s(reason)), ("block_height", n(height))]));
    w.save();
    cfg.fees_collected = crate::amount::add(cfg.fees_collected, slash);
    cfg.save();
    emit(
        "worker_slashed",
        obj(vec![
            ("account_id", s(account)),
            ("amount", amount(slash)),
            ("reason", s(reason)),
            ("remaining_stake", amount(w.stake)),
        ]),
    );
}

pub fn get_worker(args: &Json) -> Json {
    let f = Fields::new(args, "args", "ERR_INVALID_ARGS", &["account_id"]);
    Worker::load(f.str("account_id")).map(|w| w.to_json()).unwrap_or(Json::Null)
}

pub fn get_worker_by_key(args: &Json) -> Json {
    let f = Fields::new(args, "args", "ERR_INVALID_ARGS", &["public_key"]);
    match storage_read(&pk_key(f.str("public_key"))) {
        Some(account) => Worker::load(&String::from_utf8_lossy(&account)).map(|w| w.to_json()).unwrap_or(Json::Null),
        None => Json::Null,
    }
}

pub fn list_workers(args: &Json) -> Json {
    let f = Fields::new(args, "args", "ERR_INVALID_ARGS", &["from_index", "limit"]);
    let from = f.opt_u64("from_index").unwrap_or(0);
    let limit = f.opt_u64("limit").unwrap_or(100).min(100);
    let end = worker_count().min(from.saturating_add(limit));
    let items = (from..end)
        .filter_map(|i| storage_read(&index_key(i)))
        .filter_map(|a| Worker::load(&String::from_utf8_lossy(&a)))
        .map(|w| w.to_json())
        .collect();
    Json::Arr(items)
}
