// Benchmark: a string/JSON workload. Serialises argv[1] records (default 60,000, the benchmark
// size; tests pass small sizes) to JSON text, then tokenises and parses it back by hand (no
// crates), summing fields and counting escaped strings.
use std::fmt::Write;

fn escape(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[derive(Debug)]
enum Value { Num(f64), Str(String), Arr(Vec<Value>), Obj(Vec<(String, Value)>) }

struct Parser<'a> { b: &'a [u8], i: usize }

impl<'a> Parser<'a> {
    fn ws(&mut self) { while self.i < self.b.len() && (self.b[self.i] as char).is_ascii_whitespace() { self.i += 1; } }
    fn value(&mut self) -> Value {
        self.ws();
        match self.b[self.i] {
            b'{' => {
                self.i += 1; let mut fields = Vec::new();
                loop {
                    self.ws();
                    if self.b[self.i] == b'}' { self.i += 1; break; }
                    let key = self.string(); self.ws(); self.i += 1;
                    let v = self.value(); fields.push((key, v)); self.ws();
                    if self.b[self.i] == b',' { self.i += 1; }
                }
                Value::Obj(fields)
            }
            b'[' => {
                self.i += 1; let mut items = Vec::new();
                loop {
                    self.ws();
                    if self.b[self.i] == b']' { self.i += 1; break; }
                    items.push(self.value()); self.ws();
                    if self.b[self.i] == b',' { self.i += 1; }
                }
                Value::Arr(items)
            }
            b'"' => Value::Str(self.string()),
            _ => {
                let start = self.i;
                while self.i < self.b.len() && b"-+.eE0123456789".contains(&self.b[self.i]) { self.i += 1; }
                Value::Num(std::str::from_utf8(&self.b[start..self.i]).unwrap().parse().unwrap())
            }
        }
    }
    fn string(&mut self) -> String {
        self.i += 1; let mut s = String::new();
        while self.b[self.i] != b'"' {
            if self.b[self.i] == b'\\' {
                self.i += 1;
                s.push(match self.b[self.i] { b'n' => '\n', c => c as char });
            } else { s.push(self.b[self.i] as char); }
            self.i += 1;
        }
        self.i += 1; s
    }
}

fn main() {
    let records: u32 = std::env::args().nth(1).map_or(60000, |s| s.parse().expect("argv[1]: a record count"));
    let mut text = String::from("[");
    for i in 0..records {
        if i > 0 { text.push(','); }
        let name = format!("user \"{}\"\nline", i * 7919 % 10007);
        write!(text, "{{\"id\":{},\"score\":{}.5,\"tags\":[", i, i % 997).unwrap();
        for t in 0..(i % 4) { if t > 0 { text.push(','); } escape(&format!("tag{}", t), &mut text); }
        text.push_str("],\"name\":");
        escape(&name, &mut text);
        text.push('}');
    }
    text.push(']');
    let mut p = Parser { b: text.as_bytes(), i: 0 };
    let (mut sum, mut tags, mut quoted) = (0f64, 0usize, 0usize);
    if let Value::Arr(items) = p.value() {
        for item in items {
            if let Value::Obj(fields) = item {
                for (k, v) in fields {
                    match (k.as_str(), v) {
                        ("score", Value::Num(n)) => sum += n,
                        ("tags", Value::Arr(a)) => tags += a.len(),
                        ("name", Value::Str(s)) => quoted += s.matches('"').count(),
                        _ => {}
                    }
                }
            }
        }
    }
    println!("bytes={} sum={} tags={} quotes={}", text.len(), sum, tags, quoted);
}
