//! The execution response a worker submits: parsing, validation against its request, and the
//! normalised JSON that travels as the yield payload and is returned to the original caller.

use crate::args::Fields;
use crate::host::fail;
use crate::json::{n, obj, s, Json};
use crate::output::StoredOutput;
use crate::pricing::Usage;
use crate::request::Request;
use crate::validate;

/// NEAR's limit on a yield resume payload.
pub const MAX_PAYLOAD_BYTES: usize = 1024;
const CODE: &str = "ERR_INVALID_RESPONSE";

pub struct Response {
    pub success: bool,
    pub output: Option<Json>,
    pub error: Option<Json>,
    pub usage: Usage,
    /// sha256 (hex) of the run's HTTP transcript; only for a request with the `http` capability.
    pub transcript_sha256: Option<String>,
}

impl Response {
    /// Parses without request context (used on the trusted payload in the callback).
    pub fn parse(j: &Json) -> Response {
        let f = Fields::new(j, "response", CODE, &["success", "output", "error", "resources_used", "transcript_sha256"]);
        let success = f.bool("success");
        let usage = Usage::from_json(f.req("resources_used"), CODE);
        let error = f.opt("error").map(|e| {
            let ef = Fields::new(e, "response.error", CODE, &["code", "message"]);
            let code = ef.str("code");
            let message = ef.str("message");
            if !validate::is_token(code, 64) || !validate::is_text(message, 0, 512) {
                fail(CODE, "response.error.code must be 1..64 characters, message at most 512");
            }
            obj(vec![("code", s(code)), ("message", s(message))])
        });
        if !success && error.is_none() {
            fail(CODE, "a failed response must carry an error");
        }
        if success && error.is_some() {
            fail(CODE, "a successful response must not carry an error");
        }
        let output = f.opt("output").map(parse_output);
        let transcript_sha256 = f.opt_str("transcript_sha256").map(|t| {
            if !validate::is_sha256_hex(t) {
                f.bad("transcript_sha256", "must be 64 lowercase hex characters");
            }
            t.to_string()
        });
        Response { success, output, error, usage, transcript_sha256 }
    }

    /// Full validation of a worker's response for `request` (format, stored output match).
    pub fn parse_for(j: &Json, request: &Request, worker_id: &str) -> Response {
        let r = Response::parse(j);
        if r.transcript_sha256.is_some() && request.http.is_none() {
            fail(CODE, "transcript_sha256 is only for a request with the http capability");
        }
        if r.usage.http_requests > 0 && request.http.is_none() {
            fail(CODE, "resources_used.http_requests must be 0 for a request without the http capability");
        }
        if let Some(out) = &r.output {
            let format = out.get("format").and_then(Json::as_str).unwrap_or("");
            if format == "stored" {
                let stored = StoredOutput::load(request.id)
                    .unwrap_or_else(|| fail("ERR_STORED_OUTPUT_MISMATCH", "no output was submitted for this request"));
                let same = out.get("sha256").and_then(Json::as_str) == Some(stored.sha256.as_str())
                    && out.get("bytes").and_then(Json::as_u64) == Some(stored.bytes)
                    && stored.worker_id == worker_id;
                if !same {
                    fail("ERR_STORED_OUTPUT_MISMATCH", "sha256/bytes/worker differ from the submitted output");
                }
            } else {
                if format != request.response_format {
                    fail("ERR_FORMAT_MISMATCH", &format!("the request asked for {} output", request.response_format));
                }
                let value = out.get("value").and_then(Json::as_str).unwrap_or("");
                check_value(format, value);
            }
        }
        r
    }

    pub fn to_json(&self) -> Json {
        let mut fields = vec![("success", Json::Bool(self.success))];
        if let Some(o) = &self.output {
            fields.push(("output", o.clone()));
        }
        if let Some(e) = &self.error {
            fields.push(("error", e.clone()));
        }
        fields.push(("resources_used", self.usage.to_json()));
        if let Some(t) = &self.transcript_sha256 {
            fields.push(("transcript_sha256", s(t)));
        }
        obj(fields)
    }

    /// The response the callback returns when no worker answered.
    pub fn failure(code: &str, message: &str) -> Response {
        Response {
            success: false,
            output: None,
            error: Some(obj(vec![("code", s(code)), ("message", s(message))])),
            usage: Usage::zero(),
            transcript_sha256: None,
        }
    }
}

fn parse_output(j: &Json) -> Json {
    let format = j.get("format").and_then(Json::as_str).unwrap_or("");
    if format == "stored" {
        let f = Fields::new(j, "response.output", CODE, &["format", "sha256", "bytes"]);
        let sha = f.str("sha256");
        if !validate::is_sha256_hex(sha) {
            f.bad("sha256", "must be 64 lowercase hex characters");
        }
        obj(vec![("format", s("stored")), ("sha256", s(sha)), ("bytes", n(f.u64("bytes")))])
    } else if crate::request::FORMATS.contains(&format) {
        let f = Fields::new(j, "response.output", CODE, &["format", "value"]);
        obj(vec![("format", s(format)), ("value", s(f.str("value")))])
    } else {
        fail(CODE, "response.output.format must be text, json, bytes or stored")
    }
}

/// A `json` value must parse; a `bytes` value must be base64 text.
pub fn check_value(format: &str, value: &str) {
    match format {
        "json" if crate::json::parse_result(value.as_bytes()).is_err() => {
            fail(CODE, "output value is not valid JSON")
        }
        "bytes" if !value.is_empty() && !validate::is_base64(value, usize::MAX) => {
            fail(CODE, "bytes output must be base64")
        }
        _ => {}
    }
}
