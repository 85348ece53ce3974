//! Prints a random number drawn from WASI `random_get`. Input (stdin, optional): two integers
//! `LOW HIGH`; output: one integer in [LOW, HIGH] (default [1, 100]) and a newline.
//! No crates: the WASI import is declared directly.
use std::io::Read;
use std::process::exit;

#[link(wasm_import_module = "wasi_snapshot_preview1")]
extern "C" {
    #[link_name = "random_get"]
    fn wasi_random_get(buf: *mut u8, len: usize) -> u16;
}

fn random_u64() -> u64 {
    let mut bytes = [0u8; 8];
    // SAFETY: the buffer is valid for 8 bytes; the host writes exactly `len` bytes.
    let errno = unsafe { wasi_random_get(bytes.as_mut_ptr(), bytes.len()) };
    if errno != 0 {
        eprintln!("random_get failed with errno {}", errno);
        exit(1);
    }
    u64::from_le_bytes(bytes)
}

fn parse_range(input: &str) -> Result<(i64, i64), String> {
    let parts: Vec<&str> = input.split_whitespace().collect();
    match parts.as_slice() {
        [] => Ok((1, 100)),
        [low, high] => {
            let low: i64 = low.parse().map_err(|_| format!("not an integer: {}", low))?;
            let high: i64 = high.parse().map_err(|_| format!("not an integer: {}", high))?;
            if low > high {
                return Err(format!("empty range: {} > {}", low, high));
            }
            Ok((low, high))
        }
        _ => Err("expected two integers: LOW HIGH".to_string()),
    }
}

fn main() {
    let mut input = String::new();
    if std::io::stdin().read_to_string(&mut input).is_err() {
        eprintln!("stdin is not UTF-8");
        exit(2);
    }
    let (low, high) = match parse_range(&input) {
        Ok(range) => range,
        Err(message) => {
            eprintln!("{}", message);
            exit(2);
        }
    };
    let span = (high as i128 - low as i128 + 1) as u128;
    // Rejection sampling keeps the result uniform for spans that do not divide 2^64.
    let zone = (u64::MAX as u128 + 1) / span * span;
    let value = loop {
        let r = random_u64() as u128;
        if r < zone {
            break low as i128 + (r % span) as i128;
        }
    };
    println!("{}", value);
}
