//! NEP-297 event logs: `EVENT_JSON:{"standard":"errand","version":"1.0.0","event":..,"data":[..]}`.
//! `data` is always a one-element array holding the event's object.

use crate::host::log;
use crate::json::{obj, s, Json};

pub fn emit(event: &str, data: Json) {
    let envelope = obj(vec![
        ("standard", s("errand")),
        ("version", s("1.0.0")),
        ("event", s(event)),
        ("data", Json::Arr(vec![data])),
    ]);
    log(&format!("EVENT_JSON:{}", envelope.to_string()));
}
