//! Just enough JSON for the dApp: split a top-level object into (key, raw value text) pairs and
//! read a plain string. Values the dApp only forwards (source, limits, input) are passed on as
//! their raw text; the Errand contract validates them strictly. Balanced scanning means a
//! forwarded value can never smuggle extra keys into the call we build.

/// The top-level fields of a JSON object, values as raw text; Err on anything else.
pub fn fields(text: &str) -> Result<Vec<(String, &str)>, &'static str> {
    let b = text.as_bytes();
    let mut i = skip_ws(b, 0);
    if b.get(i) != Some(&b'{') {
        return Err("expected a JSON object");
    }
    i = skip_ws(b, i + 1);
    let mut out = Vec::new();
    if b.get(i) == Some(&b'}') {
        return if skip_ws(b, i + 1) == b.len() { Ok(out) } else { Err("trailing characters") };
    }
    loop {
        let key_end = skip_value(b, i)?;
        let key = plain_string(&text[i..key_end]).ok_or("keys must be plain strings")?;
        i = skip_ws(b, key_end);
        if b.get(i) != Some(&b':') {
            return Err("expected ':'");
        }
        let start = skip_ws(b, i + 1);
        let end = skip_value(b, start)?;
        out.push((key, &text[start..end]));
        i = skip_ws(b, end);
        match b.get(i) {
            Some(b',') => i = skip_ws(b, i + 1),
            Some(b'}') if skip_ws(b, i + 1) == b.len() => return Ok(out),
            _ => return Err("expected ',' or a final '}'"),
        }
    }
}

/// The content of a JSON string token without escapes (account ids, keys); None otherwise.
pub fn plain_string(raw: &str) -> Option<String> {
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    if inner.contains('\\') || inner.contains('"') || inner.chars().any(|c| c.is_control()) {
        return None;
    }
    Some(inner.to_string())
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// End (exclusive) of the value starting at `i`: a string, a balanced object/array (strings
/// inside may hold brackets), or a bare literal/number up to the next delimiter.
fn skip_value(b: &[u8], i: usize) -> Result<usize, &'static str> {
    match b.get(i) {
        None => Err("unexpected end of JSON"),
        Some(b'"') => skip_string(b, i),
        Some(b'{') | Some(b'[') => {
            let mut depth = 0usize;
            let mut j = i;
            while j < b.len() {
                match b[j] {
                    b'"' => j = skip_string(b, j)? - 1,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Ok(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            Err("unbalanced brackets")
        }
        Some(_) => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                j += 1;
            }
            if j == i { Err("expected a value") } else { Ok(j) }
        }
    }
}

fn skip_string(b: &[u8], i: usize) -> Result<usize, &'static str> {
    let mut j = i + 1;
    while j < b.len() {
        match b[j] {
            b'\\' => j += 2,
            b'"' => return Ok(j + 1),
            _ => j += 1,
        }
    }
    Err("unterminated string")
}
