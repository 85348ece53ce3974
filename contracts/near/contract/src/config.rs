//! The contract configuration: owner, pricing, limits maxima, staking and timing parameters, and
//! the running counters (collected fees, next request id). Stored as JSON under key `c`; the same
//! JSON is the `get_config` view.

use crate::args::Fields;
use crate::host::{fail, predecessor_account_id, storage_read, storage_write};
use crate::json::{amount, n, obj, s, Json};
use crate::pricing::{Limits, Pricing};

const KEY: &[u8] = b"c";

pub struct Config {
    pub owner_id: String,
    pub paused: bool,
    pub pricing: Pricing,
    pub max_limits: Limits,
    pub min_stake: u128,
    pub unbonding_period_blocks: u64,
    pub request_timeout_blocks: u64,
    pub max_input_bytes: u64,
    pub inline_input_bytes: u64,
    pub max_output_bytes: u64,
    pub callback_gas: u64,
    pub fees_collected: u128,
    pub next_request_id: u64,
}

pub const CONFIG_FIELDS: &[&str] = &[
    "owner_id",
    "paused",
    "pricing",
    "max_limits",
    "min_stake",
    "unbonding_period_blocks",
    "request_timeout_blocks",
    "max_input_bytes",
    "inline_input_bytes",
    "max_output_bytes",
    "callback_gas",
    "fees_collected",
    "next_request_id",
];

impl Config {
    /// Builds a config from `new`'s arguments (defaults for what is absent) or from stored state.
    pub fn from_json(j: &Json, code: &'static str) -> Config {
        let f = Fields::new(j, "args", code, CONFIG_FIELDS);
        let owner_id = f.str("owner_id").to_string();
        if !crate::validate::is_account_id(&owner_id) {
            fail("ERR_INVALID_ACCOUNT_ID", "owner_id is not a valid account id");
        }
        let cfg = Config {
            owner_id,
            paused: f.opt("paused").map(|_| f.bool("paused")).unwrap_or(false),
            pricing: f.opt("pricing").map(|p| Pricing::from_json(p, code)).unwrap_or_else(Pricing::default),
            max_limits: f.opt("max_limits").map(|l| Limits::from_json(l, "max_limits", code)).unwrap_or_else(Limits::default_max),
            min_stake: f.opt_amount("min_stake").unwrap_or(10_000_000_000_000_000_000_000_000),
            unbonding_period_blocks: f.opt_u64("unbonding_period_blocks").unwrap_or(1000),
            request_timeout_blocks: f.opt_u64("request_timeout_blocks").unwrap_or(200),
            max_input_bytes: f.opt_u64("max_input_bytes").unwrap_or(65536),
            inline_input_bytes: f.opt_u64("inline_input_bytes").unwrap_or(1024),
            max_output_bytes: f.opt_u64("max_output_bytes").unwrap_or(262144),
            callback_gas: f.opt_u64("callback_gas").unwrap_or(30_000_000_000_000),
            fees_collected: f.opt_amount("fees_collected").unwrap_or(0),
            next_request_id: f.opt_u64("next_request_id").unwrap_or(1),
        };
        if cfg.inline_input_bytes > cfg.max_input_bytes {
            fail(code, "inline_input_bytes must not exceed max_input_bytes");
        }
        cfg
    }

    pub fn to_json(&self) -> Json {
        obj(vec![
            ("owner_id", s(&self.owner_id)),
            ("paused", Json::Bool(self.paused)),
            ("pricing", self.pricing.to_json()),
            ("max_limits", self.max_limits.to_json()),
            ("min_stake", amount(self.min_stake)),
            ("unbonding_period_blocks", n(self.unbonding_period_blocks)),
            ("request_timeout_blocks", n(self.request_timeout_blocks)),
            ("max_input_bytes", n(self.max_input_bytes)),
            ("inline_input_bytes", n(self.inline_input_bytes)),
            ("max_output_bytes", n(self.max_output_bytes)),
            ("callback_gas", n(self.callback_gas)),
            ("fees_collected", amount(self.fees_collected)),
            ("next_request_id", n(self.next_request_id)),
        ])
    }

    pub fn exists() -> bool {
        storage_read(KEY).is_some()
    }

    pub fn load() -> Config {
        match storage_read(KEY) {
            Some(bytes) => Config::from_json(&crate::json::parse(&bytes), "ERR_INTERNAL"),
            None => fail("ERR_NOT_INITIALIZED", "call new first"),
        }
    }

    pub fn save(&self) {
        storage_write(KEY, self.to_json().to_string().as_bytes());
    }

    pub fn assert_owner(&self) {
        if predecessor_account_id() != self.owner_id {
            fail("ERR_NOT_OWNER", "only the owner may call this method");
        }
    }

    pub fn assert_not_paused(&self) {
        if self.paused {
            fail("ERR_PAUSED", "the contract is paused");
        }
    }
}
