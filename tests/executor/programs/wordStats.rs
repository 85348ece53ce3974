// Reads text on stdin, reads GREETING from the environment and the first argument, and prints
// word statistics; exits with code 3 when asked to by the argument "fail".
use std::collections::BTreeMap;
use std::io::Read;

fn main() {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).unwrap();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for w in text.split_whitespace() {
        *counts.entry(w.to_lowercase()).or_default() += 1;
    }
    let greeting = std::env::var("GREETING").unwrap_or_else(|_| "none".into());
    let args: Vec<String> = std::env::args().collect();
    let top: Vec<String> = counts.iter().filter(|(_, c)| **c > 1).map(|(w, c)| format!("{}={}", w, c)).collect();
    println!("{} words={} distinct={} repeated=[{}] args={:?}", greeting, text.split_whitespace().count(), counts.len(), top.join(","), args);
    eprintln!("done");
    if args.get(1).map(|a| a == "fail").unwrap_or(false) {
        std::process::exit(3);
    }
}
