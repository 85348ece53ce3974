//! State records that carry their own storage deposit: a 16-byte little-endian u128 header
//! followed by JSON. The header has a fixed size, so writing the final deposit after measuring
//! `storage_usage` does not change the bytes that were measured.

use crate::host::{fail, storage_read, storage_write};
use crate::json::Json;

pub fn write(key: &[u8], deposit: u128, body: &Json) {
    let mut value = deposit.to_le_bytes().to_vec();
    value.extend_from_slice(body.to_string().as_bytes());
    storage_write(key, &value);
}

pub fn read(key: &[u8]) -> Option<(u128, Json)> {
    let bytes = storage_read(key)?;
    if bytes.len() < 16 {
        fail("ERR_INTERNAL", "deposit record too short");
    }
    let mut head = [0u8; 16];
    head.copy_from_slice(&bytes[..16]);
    Some((u128::from_le_bytes(head), crate::json::parse(&bytes[16..])))
}

/// Rewrites only the header (same length: storage usage is unchanged).
pub fn set_deposit(key: &[u8], deposit: u128) {
    let mut bytes = storage_read(key).unwrap_or_else(|| fail("ERR_INTERNAL", "deposit record vanished"));
    bytes[..16].copy_from_slice(&deposit.to_le_bytes());
    storage_write(key, &bytes);
}

/// Storage bytes added between two `storage_usage` readings, as a signed difference.
pub fn delta(before: u64, after: u64) -> i128 {
    after as i128 - before as i128
}
