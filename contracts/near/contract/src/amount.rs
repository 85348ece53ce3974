//! yoctoNEAR amounts: strict decimal parsing and checked arithmetic that fails with
//! ERR_OVERFLOW instead of wrapping.

use crate::host::fail;

/// Canonical decimal only: digits, no sign, no leading zeros (except "0"), at most 39 digits.
pub fn parse(s: &str) -> Option<u128> {
    if s.is_empty() || s.len() > 39 || !s.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if s.len() > 1 && s.starts_with('0') {
        return None;
    }
    s.parse::<u128>().ok()
}

pub fn add(a: u128, b: u128) -> u128 {
    a.checked_add(b).unwrap_or_else(|| fail("ERR_OVERFLOW", "amount addition overflows u128"))
}

pub fn sub(a: u128, b: u128) -> u128 {
    a.checked_sub(b).unwrap_or_else(|| fail("ERR_OVERFLOW", "amount subtraction underflows"))
}

pub fn mul(a: u128, b: u128) -> u128 {
    a.checked_mul(b).unwrap_or_else(|| fail("ERR_OVERFLOW", "amount multiplication overflows u128"))
}

/// NEAR's storage price: 10^19 yoctoNEAR per byte (1 NEAR per 100 kB).
pub const STORAGE_BYTE_COST: u128 = 10_000_000_000_000_000_000;

pub fn storage_cost(bytes: u64) -> u128 {
    mul(bytes as u128, STORAGE_BYTE_COST)
}
