//! Prices and resource limits. `cost` is the one formula for both the up-front estimate (at the
//! limits) and the final charge (at the usage capped to those limits), so a charge can never
//! exceed the estimate the requester paid.

use crate::amount::{add, mul};
use crate::args::{Fields, MAX_SAFE_INTEGER};
use crate::host::fail;
use crate::http::HttpCapability;
use crate::json::{amount, n, obj, Json};

/// 0.0001 NEAR per HTTP request; 0.000001 NEAR per KiB of response body.
const DEFAULT_PER_HTTP_REQUEST: u128 = 100_000_000_000_000_000_000;
const DEFAULT_PER_HTTP_KIB: u128 = 1_000_000_000_000_000_000;

#[derive(Clone)]
pub struct Pricing {
    pub base_fee: u128,
    pub per_million_instructions: u128,
    pub per_ms: u128,
    pub per_compile_ms: u128,
    /// Per HTTP request a program makes, and per KiB (rounded up) of response bodies it receives.
    /// Absent in JSON means the defaults, so configs and records written before HTTP stay valid.
    pub per_http_request: u128,
    pub per_http_kib: u128,
}

#[derive(Clone, Copy)]
pub struct Limits {
    pub max_instructions: u64,
    pub max_memory_mb: u64,
    pub max_execution_ms: u64,
    pub max_compile_ms: u64,
    /// In-memory `/tmp` for the run, in MiB (0 = none). Counts toward `max_memory_mb`, so it is
    /// not priced separately (memory is not priced). Absent in JSON means 0, so requests and
    /// configs written before the field existed stay valid and byte-identical.
    pub max_scratch_mb: u64,
}

/// What a run used (as reported by the worker, or capped).
#[derive(Clone, Copy)]
pub struct Usage {
    pub instructions: u64,
    pub time_ms: u64,
    pub compile_time_ms: u64,
    /// HTTP exchanges made and response body bytes received (0 without the `http` capability).
    pub http_requests: u64,
    pub http_response_bytes: u64,
}

impl Pricing {
    pub fn default() -> Pricing {
        Pricing {
            base_fee: 1_000_000_000_000_000_000_000,
            per_million_instructions: 100_000_000_000_000_000,
            per_ms: 10_000_000_000_000_000_000,
            per_compile_ms: 1_000_000_000_000_000_000,
            per_http_request: DEFAULT_PER_HTTP_REQUEST,
            per_http_kib: DEFAULT_PER_HTTP_KIB,
        }
    }

    pub fn from_json(j: &Json, code: &'static str) -> Pricing {
        let f = Fields::new(
            j,
            "pricing",
            code,
            &["base_fee", "per_million_instructions", "per_ms", "per_compile_ms", "per_http_request", "per_http_kib"],
        );
        Pricing {
            base_fee: f.amount("base_fee"),
            per_million_instructions: f.amount("per_million_instructions"),
            per_ms: f.amount("per_ms"),
            per_compile_ms: f.amount("per_compile_ms"),
            per_http_request: f.opt_amount("per_http_request").unwrap_or(DEFAULT_PER_HTTP_REQUEST),
            per_http_kib: f.opt_amount("per_http_kib").unwrap_or(DEFAULT_PER_HTTP_KIB),
        }
    }

    pub fn to_json(&self) -> Json {
        obj(vec![
            ("base_fee", amount(self.base_fee)),
            ("per_million_instructions", amount(self.per_million_instructions)),
            ("per_ms", amount(self.per_ms)),
            ("per_compile_ms", amount(self.per_compile_ms)),
            ("per_http_request", amount(self.per_http_request)),
            ("per_http_kib", amount(self.per_http_kib)),
        ])
    }

    /// base_fee + ceil(instructions * per_million / 1e6) + ms * per_ms + compile_ms * per_compile_ms
    /// + http_requests * per_http_request + ceil(http_response_bytes / 1024) * per_http_kib.
    pub fn cost(&self, u: &Usage) -> u128 {
        let instr = mul(u.instructions as u128, self.per_million_instructions);
        let instr_cost = instr / 1_000_000 + if instr % 1_000_000 == 0 { 0 } else { 1 };
        let time_cost = mul(u.time_ms as u128, self.per_ms);
        let compile_cost = mul(u.compile_time_ms as u128, self.per_compile_ms);
        let http_cost = add(
            mul(u.http_requests as u128, self.per_http_request),
            mul((u.http_response_bytes as u128 + 1023) / 1024, self.per_http_kib),
        );
        add(add(add(add(self.base_fee, instr_cost), time_cost), compile_cost), http_cost)
    }

    /// The most a request can cost: everything at its limits, HTTP at its capability's maxima.
    pub fn estimate(&self, l: &Limits, http: Option<&HttpCapability>) -> u128 {
        self.cost(&l.as_usage(http))
    }
}

impl Limits {
    pub fn default_max() -> Limits {
        Limits {
            max_instructions: 100_000_000_000,
            max_memory_mb: 512,
            max_execution_ms: 60_000,
            max_compile_ms: 300_000,
            max_scratch_mb: 256,
        }
    }

    pub fn from_json(j: &Json, what: &str, code: &'static str) -> Limits {
        let f = Fields::new(j, what, code, &["max_instructions", "max_memory_mb", "max_execution_ms", "max_compile_ms", "max_scratch_mb"]);
        Limits {
            max_instructions: f.u64("max_instructions"),
            max_memory_mb: f.u64("max_memory_mb"),
            max_execution_ms: f.u64("max_execution_ms"),
            max_compile_ms: f.u64("max_compile_ms"),
            max_scratch_mb: f.opt_u64("max_scratch_mb").unwrap_or(0),
        }
    }

    /// Parses a requester's limits and checks them against the contract maxima.
    pub fn parse_requested(j: &Json, max: &Limits) -> Limits {
        let l = Limits::from_json(j, "resource_limits", "ERR_INVALID_LIMITS");
        if l.max_instructions == 0 || l.max_memory_mb == 0 || l.max_execution_ms == 0 {
            fail("ERR_INVALID_LIMITS", "max_instructions, max_memory_mb and max_execution_ms must be at least 1");
        }
        let checks = [
            ("max_instructions", l.max_instructions, max.max_instructions),
            ("max_memory_mb", l.max_memory_mb, max.max_memory_mb),
            ("max_execution_ms", l.max_execution_ms, max.max_execution_ms),
            ("max_compile_ms", l.max_compile_ms, max.max_compile_ms),
            ("max_scratch_mb", l.max_scratch_mb, max.max_scratch_mb),
        ];
        for (name, got, cap) in checks {
            if got > cap {
                fail("ERR_LIMIT_EXCEEDED", &format!("{} {} exceeds the contract maximum {}", name, got, cap));
            }
        }
        // The executor needs some linear memory beside the scratch bytes (they count toward memory).
        if l.max_scratch_mb > 0 && l.max_scratch_mb >= l.max_memory_mb {
            fail("ERR_INVALID_LIMITS", "max_scratch_mb must be below max_memory_mb (the scratch directory counts toward memory)");
        }
        l
    }

    /// `max_scratch_mb` is written only when non-zero (old records keep their exact bytes).
    pub fn to_json(&self) -> Json {
        let mut fields = vec![
            ("max_instructions", n(self.max_instructions)),
            ("max_memory_mb", n(self.max_memory_mb)),
            ("max_execution_ms", n(self.max_execution_ms)),
            ("max_compile_ms", n(self.max_compile_ms)),
        ];
        if self.max_scratch_mb > 0 {
            fields.push(("max_scratch_mb", n(self.max_scratch_mb)));
        }
        obj(fields)
    }

    pub fn as_usage(&self, http: Option<&HttpCapability>) -> Usage {
        Usage {
            instructions: self.max_instructions,
            time_ms: self.max_execution_ms,
            compile_time_ms: self.max_compile_ms,
            http_requests: http.map_or(0, |h| h.max_requests),
            http_response_bytes: http.map_or(0, |h| h.max_response_bytes),
        }
    }
}

impl Usage {
    pub fn from_json(j: &Json, code: &'static str) -> Usage {
        let f = Fields::new(
            j,
            "resources_used",
            code,
            &["instructions", "time_ms", "compile_time_ms", "http_requests", "http_response_bytes"],
        );
        Usage {
            instructions: f.u64("instructions"),
            time_ms: f.u64("time_ms"),
            compile_time_ms: f.u64("compile_time_ms"),
            http_requests: f.opt_u64("http_requests").unwrap_or(0),
            http_response_bytes: f.opt_u64("http_response_bytes").unwrap_or(0),
        }
    }

    pub fn zero() -> Usage {
        Usage { instructions: 0, time_ms: 0, compile_time_ms: 0, http_requests: 0, http_response_bytes: 0 }
    }

    /// Usage never counts above what was paid for (no HTTP at all without the capability).
    pub fn capped(&self, l: &Limits, http: Option<&HttpCapability>) -> Usage {
        Usage {
            instructions: self.instructions.min(l.max_instructions),
            time_ms: self.time_ms.min(l.max_execution_ms),
            compile_time_ms: self.compile_time_ms.min(l.max_compile_ms),
            http_requests: self.http_requests.min(http.map_or(0, |h| h.max_requests)),
            http_response_bytes: self.http_response_bytes.min(http.map_or(0, |h| h.max_response_bytes)),
        }
    }

    /// The HTTP counters are written only when non-zero: records without HTTP keep their exact bytes.
    pub fn to_json(&self) -> Json {
        debug_assert!(self.instructions <= MAX_SAFE_INTEGER);
        let mut fields = vec![
            ("instructions", n(self.instructions)),
            ("time_ms", n(self.time_ms)),
            ("compile_time_ms", n(self.compile_time_ms)),
        ];
        if self.http_requests > 0 || self.http_response_bytes > 0 {
            fields.push(("http_requests", n(self.http_requests)));
            fields.push(("http_response_bytes", n(self.http_response_bytes)));
        }
        obj(fields)
    }
}
