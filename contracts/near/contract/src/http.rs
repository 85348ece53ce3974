//! The optional `http` capability of a request: the hosts its program may call, and how many
//! requests and response bytes it may use. The worker enforces it; the contract validates it,
//! prices it (at its maxima up front, at the usage reported at settlement) and puts it in the
//! `execution_requested` event, so a program's network reach is part of what the requester paid for.

use crate::args::Fields;
use crate::host::fail;
use crate::json::{n, obj, s, Json};

/// Most hosts one request may name.
pub const MAX_HOSTS: usize = 16;
/// Most HTTP requests one execution may make.
pub const MAX_REQUESTS: u64 = 256;
/// Most response bytes (bodies summed) one execution may receive: 16 MiB.
pub const MAX_RESPONSE_BYTES: u64 = 16 << 20;
const CODE: &str = "ERR_INVALID_HTTP";

#[derive(Clone)]
pub struct HttpCapability {
    pub allow: Vec<String>,
    pub max_requests: u64,
    pub max_response_bytes: u64,
}

impl HttpCapability {
    pub fn parse(j: &Json) -> HttpCapability {
        let f = Fields::new(j, "http", CODE, &["allow", "max_requests", "max_response_bytes"]);
        let hosts = f.arr("allow");
        if hosts.is_empty() || hosts.len() > MAX_HOSTS {
            fail(CODE, &format!("http.allow must name 1..{} hosts", MAX_HOSTS));
        }
        let allow: Vec<String> = hosts
            .iter()
            .map(|h| match h.as_str() {
                Some(host) if is_host_pattern(host) => host.to_string(),
                _ => fail(CODE, "http.allow entries are lowercase host names, optionally with a leading `*.` and a `:port`"),
            })
            .collect();
        let max_requests = f.u64("max_requests");
        if max_requests == 0 || max_requests > MAX_REQUESTS {
            fail(CODE, &format!("http.max_requests must be 1..{}", MAX_REQUESTS));
        }
        let max_response_bytes = f.u64("max_response_bytes");
        if max_response_bytes == 0 || max_response_bytes > MAX_RESPONSE_BYTES {
            fail(CODE, &format!("http.max_response_bytes must be 1..{}", MAX_RESPONSE_BYTES));
        }
        HttpCapability { allow, max_requests, max_response_bytes }
    }

    /// Stored records are trusted: the same shape, read back without the requester's checks.
    pub fn from_stored(j: &Json) -> HttpCapability {
        let f = Fields::new(j, "http", "ERR_INTERNAL", &["allow", "max_requests", "max_response_bytes"]);
        HttpCapability {
            allow: f.arr("allow").iter().filter_map(|h| h.as_str().map(str::to_string)).collect(),
            max_requests: f.u64("max_requests"),
            max_response_bytes: f.u64("max_response_bytes"),
        }
    }

    pub fn to_json(&self) -> Json {
        obj(vec![
            ("allow", Json::Arr(self.allow.iter().map(|h| s(h)).collect())),
            ("max_requests", n(self.max_requests)),
            ("max_response_bytes", n(self.max_response_bytes)),
        ])
    }
}

/// `host` or `*.host`, optionally `:port`: DNS labels of [a-z0-9-] (not starting or ending with
/// `-`), at least two labels after a wildcard so `*.com` cannot name a whole TLD, at most 253
/// characters; a port 1..65535 without leading zeros.
pub fn is_host_pattern(p: &str) -> bool {
    let (host, port) = match p.rfind(':') {
        Some(i) => (&p[..i], Some(&p[i + 1..])),
        None => (p, None),
    };
    if let Some(port) = port {
        let ok = !port.is_empty() && port.len() <= 5 && !port.starts_with('0') && port.bytes().all(|b| b.is_ascii_digit());
        if !ok || port.parse::<u32>().map_or(true, |v| v == 0 || v > 65535) {
            return false;
        }
    }
    let (wildcard, name) = match host.strip_prefix("*.") {
        Some(rest) => (true, rest),
        None => (false, host),
    };
    if name.is_empty() || name.len() > 253 {
        return false;
    }
    let labels: Vec<&str> = name.split('.').collect();
    if wildcard && labels.len() < 2 {
        return false;
    }
    labels.iter().all(|l| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    })
}
