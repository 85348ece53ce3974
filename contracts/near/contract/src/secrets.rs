//! Encrypted secrets entries keyed by (owner, repo, branch, profile), each holding exactly the
//! storage deposit its bytes cost (measured with storage_usage around the write). The owner's index
//! `so:<owner>` is a concatenation of length-prefixed keys, so adding or removing one entry changes
//! it by exactly that entry's bytes.
//! Not promised: the index record's own fixed overhead is charged to the entry that created it
//! and refunded with that entry, even if other entries still use the index.

use crate::amount::{add, storage_cost, sub};
use crate::args::Fields;
use crate::config::Config;
use crate::deposit_record;
use crate::events::emit;
use crate::host::{self, fail, storage_read, storage_remove, storage_write};
use crate::json::{amount, obj, s, Json};
use crate::validate;

const MAX_ENCRYPTED: usize = 16384;

struct Key {
    owner: String,
    repo: String,
    branch: Option<String>,
    profile: String,
}

impl Key {
    fn from_fields(f: &Fields, owner: String) -> Key {
        let repo = f.str("repo");
        let profile = f.str("profile");
        let branch = f.opt_str("branch");
        if !validate::is_token(repo, 512) {
            f.bad("repo", "must be 1..512 characters without whitespace");
        }
        if !validate::is_profile(profile) {
            f.bad("profile", "must be 1..64 characters of [A-Za-z0-9_-]");
        }
        if let Some(b) = branch {
            if !validate::is_token(b, 256) {
                f.bad("branch", "must be 1..256 characters without whitespace");
            }
        }
        Key { owner, repo: repo.to_string(), branch: branch.map(str::to_string), profile: profile.to_string() }
    }

    /// The index entry: [repo, branch, profile] as JSON.
    fn short(&self) -> String {
        Json::Arr(vec![s(&self.repo), crate::json::opt_s(&self.branch), s(&self.profile)]).to_string()
    }

    fn state_key(&self) -> Vec<u8> {
        let mut k = b"s:".to_vec();
        k.extend_from_slice(Json::Arr(vec![s(&self.owner), s(&self.repo), crate::json::opt_s(&self.branch), s(&self.profile)]).to_string().as_bytes());
        k
    }

    fn describe(&self, extra: Vec<(&str, Json)>) -> Json {
        let mut fields = vec![
            ("owner", s(&self.owner)),
            ("repo", s(&self.repo)),
            ("branch", crate::json::opt_s(&self.branch)),
            ("profile", s(&self.profile)),
        ];
        fields.extend(extra);
        obj(fields)
    }
}

fn index_key(owner: &str) -> Vec<u8> {
    format!("so:{}", owner).into_bytes()
}

fn index_read(owner: &str) -> Vec<String> {
    let bytes = storage_read(&index_key(owner)).unwrap_or_default();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 4 <= bytes.len() {
        let len = u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]) as usize;
        out.push(String::from_utf8_lossy(&bytes[i + 4..i + 4 + len]).into_owned());
        i += 4 + len;
    }
    out
}

fn index_write(owner: &str, entries: &[String]) {
    if entries.is_empty() {
        storage_remove(&index_key(owner));
        return;
    }
    let mut bytes = Vec::new();
    for e in entries {
        bytes.extend_from_slice(&(e.len() as u32).to_le_bytes());
        bytes.extend_from_slice(e.as_bytes());
    }
    storage_write(&index_key(owner), &bytes);
}

pub fn store_secrets(args: &Json) -> Json {
    let cfg = Config::load();
    cfg.assert_not_paused();
    let f = Fields::new(args, "args", "ERR_INVALID_SECRETS", &["repo", "branch", "profile", "encrypted", "access_condition"]);
    let key = Key::from_fields(&f, host::predecessor_account_id());
    let encrypted = f.str("encrypted");
    if !validate::is_base64(encrypted, MAX_ENCRYPTED) {
        f.bad("encrypted", "must be base64 of 1..16384 characters");
    }
    let condition = crate::access::parse(f.req("access_condition"));
    let body = obj(vec![("encrypted", s(encrypted)), ("access_condition", condition)]);

    let state_key = key.state_key();
    let old = deposit_record::read(&state_key).map(|(d, _)| d);
    let before = host::storage_usage();
    deposit_record::write(&state_key, old.unwrap_or(0), &body);
    if old.is_none() {
        let mut entries = index_read(&key.owner);
        entries.push(key.short());
        index_write(&key.owner, &entries);
    }
    let delta = deposit_record::delta(before, host::storage_usage());
    let grown = storage_cost(delta.max(0) as u64);
    let shrunk = storage_cost((-delta).max(0) as u64);
    let attached = host::attached_deposit();
    if attached < grown {
        fail("ERR_INSUFFICIENT_STORAGE_DEPOSIT", &format!("storing needs {} yoctoNEAR more, attached {}", grown, attached));
    }
    let deposit = sub(add(old.unwrap_or(0), grown), shrunk);
    let refunded = add(sub(attached, grown), shrunk);
    deposit_record::set_deposit(&state_key, deposit);
    host::transfer(&key.owner, refunded);
    emit("secrets_stored", key.describe(vec![("storage_deposit", amount(deposit)), ("refunded", amount(refunded))]));
    obj(vec![("storage_deposit", amount(deposit)), ("refunded", amount(refunded))])
}

pub fn delete_secrets(args: &Json) -> Json {
    Config::load();
    let f = Fields::new(args, "args", "ERR_INVALID_SECRETS", &["repo", "branch", "profile"]);
    let key = Key::from_fields(&f, host::predecessor_account_id());
    let state_key = key.state_key();
    let (deposit, _) = deposit_record::read(&state_key).unwrap_or_else(|| fail("ERR_SECRETS_NOT_FOUND", "no such secrets entry"));
    storage_remove(&state_key);
    let short = key.short();
    let entries: Vec<String> = index_read(&key.owner).into_iter().filter(|e| *e != short).collect();
    index_write(&key.owner, &entries);
    host::transfer(&key.owner, deposit);
    emit("secrets_deleted", key.describe(vec![("refunded", amount(deposit))]));
    obj(vec![("refunded", amount(deposit))])
}

pub fn get_secrets(args: &Json) -> Json {
    let f = Fields::new(args, "args", "ERR_INVALID_ARGS", &["owner", "repo", "branch", "profile"]);
    let owner = f.str("owner").to_string();
    let key = Key::from_fields(&f, owner);
    match deposit_record::read(&key.state_key()) {
        Some((deposit, body)) => key.describe(vec![
            ("encrypted", body.get("encrypted").cloned().unwrap_or(Json::Null)),
            ("access_condition", body.get("access_condition").cloned().unwrap_or(Json::Null)),
            ("storage_deposit", amount(deposit)),
        ]),
        None => Json::Null,
    }
}

pub fn list_user_secrets(args: &Json) -> Json {
    let f = Fields::new(args, "args", "ERR_INVALID_ARGS", &["owner"]);
    let owner = f.str("owner");
    let items = index_read(owner)
        .iter()
        .filter_map(|short| {
            let parts = crate::json::parse(short.as_bytes());
            let key = Key {
                owner: owner.to_string(),
                repo: parts_at(&parts, 0)?,
                branch: parts_at(&parts, 1),
                profile: parts_at(&parts, 2)?,
            };
            let (deposit, _) = deposit_record::read(&key.state_key())?;
            Some(obj(vec![
                ("repo", s(&key.repo)),
                ("branch", crate::json::opt_s(&key.branch)),
                ("profile", s(&key.profile)),
                ("storage_deposit", amount(deposit)),
            ]))
        })
        .collect();
    Json::Arr(items)
}

fn parts_at(j: &Json, i: usize) -> Option<String> {
    match j {
        Json::Arr(items) => items.get(i).and_then(Json::as_str).map(str::to_string),
        _ => None,
    }
}
