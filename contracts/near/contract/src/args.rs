//! Typed access to a JSON object's fields with stable error codes. `Fields::new` rejects keys the
//! method does not know, so a client's typo fails loudly instead of being ignored.
//! A JSON `null` counts as "absent" for optional fields.

use crate::host::fail;
use crate::json::Json;

pub struct Fields<'a> {
    json: &'a Json,
    what: &'a str,
    code: &'static str,
}

impl<'a> Fields<'a> {
    /// `what` names the object in messages; `code` is the panic code for its shape errors.
    pub fn new(json: &'a Json, what: &'a str, code: &'static str, allowed: &[&str]) -> Fields<'a> {
        match json {
            Json::Obj(fields) => {
                for (k, _) in fields {
                    if !allowed.contains(&k.as_str()) {
                        fail(code, &format!("{}: unknown field `{}`", what, k));
                    }
                }
            }
            _ => fail(code, &format!("{} must be a JSON object", what)),
        }
        Fields { json, what, code }
    }

    pub fn opt(&self, key: &str) -> Option<&'a Json> {
        match self.json.get(key) {
            None | Some(Json::Null) => None,
            Some(v) => Some(v),
        }
    }

    pub fn req(&self, key: &str) -> &'a Json {
        match self.opt(key) {
            Some(v) => v,
            None => self.bad(key, "is required"),
        }
    }

    pub fn bad(&self, key: &str, why: &str) -> ! {
        fail(self.code, &format!("{}.{} {}", self.what, key, why))
    }

    pub fn opt_str(&self, key: &str) -> Option<&'a str> {
        self.opt(key).map(|v| match v.as_str() {
            Some(s) => s,
            None => self.bad(key, "must be a string"),
        })
    }

    pub fn str(&self, key: &str) -> &'a str {
        match self.opt_str(key) {
            Some(s) => s,
            None => self.bad(key, "is required"),
        }
    }

    pub fn opt_u64(&self, key: &str) -> Option<u64> {
        self.opt(key).map(|v| match v.as_u64() {
            Some(n) if n <= MAX_SAFE_INTEGER => n,
            _ => self.bad(key, "must be a non-negative integer below 2^53"),
        })
    }

    pub fn u64(&self, key: &str) -> u64 {
        match self.opt_u64(key) {
            Some(n) => n,
            None => self.bad(key, "is required"),
        }
    }

    /// A u64 given as a JSON number or a decimal string (request ids cross JS clients as either).
    pub fn id(&self, key: &str) -> u64 {
        match self.req(key) {
            Json::Str(s) => match parse_decimal_u64(s) {
                Some(n) => n,
                None => self.bad(key, "must be a decimal u64"),
            },
            _ => self.u64(key),
        }
    }

    pub fn opt_amount(&self, key: &str) -> Option<u128> {
        self.opt_str(key).map(|s| match crate::amount::parse(s) {
            Some(v) => v,
            None => self.bad(key, "must be a decimal u128 string"),
        })
    }

    pub fn amount(&self, key: &str) -> u128 {
        match self.opt_amount(key) {
            Some(v) => v,
            None => self.bad(key, "is required"),
        }
    }

    pub fn bool(&self, key: &str) -> bool {
        match self.req(key) {
            Json::Bool(b) => *b,
            _ => self.bad(key, "must be true or false"),
        }
    }

    pub fn arr(&self, key: &str) -> &'a [Json] {
        match self.req(key) {
            Json::Arr(items) => items,
            _ => self.bad(key, "must be an array"),
        }
    }
}

pub const MAX_SAFE_INTEGER: u64 = (1u64 << 53) - 1;

fn parse_decimal_u64(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 20 || !s.bytes().all(|c| c.is_ascii_digit()) || (s.len() > 1 && s.starts_with('0')) {
        return None;
    }
    s.parse().ok()
}
