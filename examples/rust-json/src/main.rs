//! JSON in, JSON out. Input: `{"name": "...", "numbers": [..]}` (both optional). Output: a greeting
//! and statistics of the numbers: `{"count","greeting","max","mean","min","sum"}` (keys sorted).
//! Bad input: a JSON error object on stdout and exit code 1, so callers asking for JSON still get JSON.
mod json;

use json::Value;
use std::collections::BTreeMap;
use std::io::Read;

fn transform(input: &Value) -> Result<Value, String> {
    let fields = match input {
        Value::Object(map) => map,
        _ => return Err("input must be a JSON object".to_string()),
    };
    let name = match fields.get("name") {
        None => "world".to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err("\"name\" must be a string".to_string()),
    };
    let numbers: Vec<f64> = match fields.get("numbers") {
        None => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| match v {
                Value::Number(n) => Ok(*n),
                _ => Err("\"numbers\" must contain only numbers".to_string()),
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err("\"numbers\" must be an array".to_string()),
    };
    let mut out = BTreeMap::new();
    out.insert("greeting".to_string(), Value::String(format!("Hello, {}!", name)));
    out.insert("count".to_string(), Value::Number(numbers.len() as f64));
    let sum: f64 = numbers.iter().sum();
    out.insert("sum".to_string(), Value::Number(sum));
    let stat = |v: Option<f64>| v.map(Value::Number).unwrap_or(Value::Null);
    out.insert("min".to_string(), stat(numbers.iter().cloned().reduce(f64::min)));
    out.insert("max".to_string(), stat(numbers.iter().cloned().reduce(f64::max)));
    out.insert("mean".to_string(), stat(if numbers.is_empty() { None } else { Some(sum / numbers.len() as f64) }));
    Ok(Value::Object(out))
}

fn main() {
    let mut text = String::new();
    let result = std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|_| "stdin is not UTF-8".to_string())
        .and_then(|_| json::parse(if text.trim().is_empty() { "{}" } else { &text }))
        .and_then(|input| transform(&input));
    let mut out = String::new();
    match result {
        Ok(value) => {
            json::write(&value, &mut out);
            println!("{}", out);
        }
        Err(message) => {
            let mut err = BTreeMap::new();
            err.insert("error".to_string(), Value::String(message));
            json::write(&Value::Object(err), &mut out);
            println!("{}", out);
            std::process::exit(1);
        }
    }
}
