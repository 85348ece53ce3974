//! Shape checks for strings that come from callers: account ids, hex hashes, names, URLs.
//! Each returns bool; callers pick the error code that fits the field.

/// NEAR account id rules: 2..64 chars of [a-z0-9._-], separators (`.`, `-`, `_`) never first,
/// last or adjacent to another separator.
pub fn is_account_id(s: &str) -> bool {
    if s.len() < 2 || s.len() > 64 {
        return false;
    }
    let mut prev_sep = true;
    for c in s.bytes() {
        let sep = matches!(c, b'.' | b'-' | b'_');
        if sep {
            if prev_sep {
                return false;
            }
        } else if !(c.is_ascii_lowercase() || c.is_ascii_digit()) {
            return false;
        }
        prev_sep = sep;
    }
    !prev_sep
}

pub fn is_lower_hex(s: &str, min: usize, max: usize) -> bool {
    s.len() >= min && s.len() <= max && s.bytes().all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c))
}

pub fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64 && is_lower_hex(s, 64, 64)
}

/// Profile names: 1..64 of [A-Za-z0-9_-].
pub fn is_profile(s: &str) -> bool {
    !s.is_empty() && s.len() <= 64 && s.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
}

/// Free text with a length bound and no whitespace or control characters (repos, branches).
pub fn is_token(s: &str, max: usize) -> bool {
    !s.is_empty() && s.len() <= max && s.chars().all(|c| !c.is_whitespace() && !c.is_control())
}

/// Printable text with a length bound (reasons, messages); newlines and tabs allowed.
pub fn is_text(s: &str, min: usize, max: usize) -> bool {
    s.len() >= min && s.len() <= max && s.chars().all(|c| !c.is_control() || c == '\n' || c == '\t')
}

/// Git revisions: 1..128 of [A-Za-z0-9._/-].
pub fn is_commit(s: &str) -> bool {
    !s.is_empty() && s.len() <= 128 && s.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'/' | b'-'))
}

/// A relative sub-directory without `..` segments.
pub fn is_rel_path(s: &str) -> bool {
    is_token(s, 256) && !s.starts_with('/') && !s.split('/').any(|seg| seg == "..")
}

pub fn is_url(s: &str) -> bool {
    is_token(s, 2048)
        && ["https://", "http://", "file://"].iter().any(|p| s.starts_with(p) && s.len() > p.len())
}

pub fn is_base64(s: &str, max: usize) -> bool {
    !s.is_empty() && s.len() <= max && s.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'='))
}

pub fn to_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(HEX[(b >> 4) as usize] as char);
        out.push(HEX[(b & 15) as usize] as char);
    }
    out
}

/// Decodes `ed25519:<base58>` into the borsh form the runtime's signer_account_pk gives
/// (curve byte 0 followed by 32 key bytes).
pub fn ed25519_borsh(key: &str) -> Option<Vec<u8>> {
    let b58 = key.strip_prefix("ed25519:")?;
    let raw = base58_decode(b58)?;
    if raw.len() != 32 {
        return None;
    }
    let mut out = Vec::with_capacity(33);
    out.push(0u8);
    out.extend_from_slice(&raw);
    Some(out)
}

fn base58_decode(s: &str) -> Option<Vec<u8>> {
    const ALPHABET: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    let mut bytes: Vec<u8> = Vec::new(); // little-endian big number
    for c in s.bytes() {
        let mut carry = ALPHABET.iter().position(|&a| a == c)? as u32;
        for b in bytes.iter_mut() {
            carry += (*b as u32) * 58;
            *b = (carry & 0xff) as u8;
            carry >>= 8;
        }
        while carry > 0 {
            bytes.push((carry & 0xff) as u8);
            carry >>= 8;
        }
    }
    let zeros = s.bytes().take_while(|&c| c == b'1').count();
    let mut out = vec![0u8; zeros];
    out.extend(bytes.iter().rev());
    Some(out)
}
