//! Validation of access conditions attached to secrets. The contract never evaluates them (the
//! keystore does, against chain state); it only guarantees they are well formed, bounded in size
//! and depth, and stores them normalised.

use crate::args::Fields;
use crate::host::fail;
use crate::json::{obj, s, Json};
use crate::validate;

const CODE: &str = "ERR_INVALID_ACCESS_CONDITION";
const MAX_DEPTH: usize = 4;
const MAX_WHITELIST: usize = 100;
const MAX_CHILDREN: usize = 10;

pub fn parse(j: &Json) -> Json {
    parse_at(j, 1)
}

fn account(f: &Fields, key: &str) -> Json {
    let a = f.str(key);
    if !validate::is_account_id(a) {
        f.bad(key, "must be a valid account id");
    }
    s(a)
}

fn min_amount(f: &Fields) -> Json {
    Json::Str(f.amount("min").to_string())
}

fn parse_at(j: &Json, depth: usize) -> Json {
    if depth > MAX_DEPTH {
        fail(CODE, &format!("access_condition nesting deeper than {}", MAX_DEPTH));
    }
    let ty = j.get("type").and_then(Json::as_str).unwrap_or("");
    let t = |keys: &[&str]| Fields::new(j, "access_condition", CODE, keys);
    match ty {
        "AllowAll" => {
            t(&["type"]);
            obj(vec![("type", s(ty))])
        }
        "Whitelist" => {
            let f = t(&["type", "accounts"]);
            let accounts = f.arr("accounts");
            if accounts.is_empty() || accounts.len() > MAX_WHITELIST {
                f.bad("accounts", "must hold 1..100 account ids");
            }
            let list = accounts
                .iter()
                .map(|a| match a.as_str() {
                    Some(x) if validate::is_account_id(x) => s(x),
                    _ => f.bad("accounts", "must hold valid account ids"),
                })
                .collect();
            obj(vec![("type", s(ty)), ("accounts", Json::Arr(list))])
        }
        "AccountPattern" => {
            let f = t(&["type", "pattern"]);
            let pattern = f.str("pattern");
            if !validate::is_text(pattern, 1, 256) {
                f.bad("pattern", "must be 1..256 characters");
            }
            obj(vec![("type", s(ty)), ("pattern", s(pattern))])
        }
        "RequireNearBalance" => {
            let f = t(&["type", "min"]);
            obj(vec![("type", s(ty)), ("min", min_amount(&f))])
        }
        "RequireFtBalance" => {
            let f = t(&["type", "contract", "min"]);
            obj(vec![("type", s(ty)), ("contract", account(&f, "contract")), ("min", min_amount(&f))])
        }
        "RequireNftOwnership" => {
            let f = t(&["type", "contract", "token_id"]);
            let mut fields = vec![("type", s(ty)), ("contract", account(&f, "contract"))];
            if let Some(token) = f.opt_str("token_id") {
                if !validate::is_text(token, 1, 256) {
                    f.bad("token_id", "must be 1..256 characters");
                }
                fields.push(("token_id", s(token)));
            }
            obj(fields)
        }
        "Logic" => {
            let f = t(&["type", "op", "conditions"]);
            let op = f.str("op");
            let children = f.arr("conditions");
            match op {
                "AND" | "OR" if !children.is_empty() && children.len() <= MAX_CHILDREN => {}
                "NOT" if children.len() == 1 => {}
                "AND" | "OR" | "NOT" => f.bad("conditions", "must hold 1..10 conditions (exactly 1 for NOT)"),
                _ => f.bad("op", "must be AND, OR or NOT"),
            }
            let parsed = children.iter().map(|c| parse_at(c, depth + 1)).collect();
            obj(vec![("type", s(ty)), ("op", s(op)), ("conditions", Json::Arr(parsed))])
        }
        _ => fail(CODE, "access_condition.type must be one of AllowAll, Whitelist, AccountPattern, RequireNearBalance, RequireFtBalance, RequireNftOwnership, Logic"),
    }
}
