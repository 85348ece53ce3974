//! A deliberately large Rust program (over 1 MB of WebAssembly) for the executor's cold-preparation
//! benchmark: a macro stamps out many record types, each with derived traits and its own
//! instantiations of std's collections, sorting and formatting, so the module has thousands of
//! functions the way real programs with many dependencies do. It prints a checksum of its work.
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::fmt::Write;

macro_rules! records {
    ($($name:ident),*) => {
        $(
            #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
            struct $name { id: u64, label: String, tags: Vec<u16>, parent: Option<Box<(u32, String)>> }

            impl $name {
                fn make(i: u64) -> Self {
                    $name { id: i * 7 + 3, label: format!("{}-{}", stringify!($name), i), tags: (0..(i % 5) as u16).collect(), parent: if i % 2 == 0 { Some(Box::new((i as u32, format!("p{}", i)))) } else { None } }
                }
                fn work(n: u64) -> u64 {
                    let mut v: Vec<$name> = (0..n).map($name::make).collect();
                    v.sort();
                    v.dedup();
                    let mut by_label: HashMap<String, $name> = HashMap::new();
                    let mut ordered: BTreeMap<u64, $name> = BTreeMap::new();
                    let mut set: BTreeSet<$name> = BTreeSet::new();
                    let mut queue: VecDeque<$name> = VecDeque::new();
                    for r in &v {
                        by_label.insert(r.label.clone(), r.clone());
                        ordered.insert(r.id, r.clone());
                        set.insert(r.clone());
                        queue.push_back(r.clone());
                    }
                    let mut text = String::new();
                    while let Some(r) = queue.pop_front() { let _ = write!(text, "{:?}", r); }
                    let parsed: Vec<u64> = text.split(|c: char| !c.is_ascii_digit()).filter_map(|s| s.parse().ok()).collect();
                    parsed.iter().sum::<u64>() + by_label.len() as u64 + ordered.len() as u64 + set.len() as u64
                }
            }
        )*
        fn run_all(n: u64) -> u64 { 0 $(+ $name::work(n))* }
    };
}

records!(
    R000, R001, R002, R003, R004, R005, R006, R007, R008, R009, R010, R011, R012, R013, R014, R015, R016, R017, R018, R019,
    R020, R021, R022, R023, R024, R025, R026, R027, R028, R029, R030, R031, R032, R033, R034, R035, R036, R037, R038, R039,
    R040, R041, R042, R043, R044, R045, R046, R047, R048, R049, R050, R051, R052, R053, R054, R055, R056, R057, R058, R059,
    R060, R061, R062, R063, R064, R065, R066, R067, R068, R069, R070, R071, R072, R073, R074, R075, R076, R077, R078, R079
);

fn main() {
    let n = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(20);
    println!("checksum {}", run_all(n));
}
