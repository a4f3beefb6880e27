//! Prints the search index's memory by part for a database: `cargo run --release --example index_memory -- DB`.
fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/bench-data/demo-1000000.db".into());
    let db = hongniang_core::Db::open(std::path::Path::new(&path)).expect("database");
    let index = hongniang_core::search::SearchIndex::build(&db).expect("index");
    for (part, bytes) in index.memory_parts() {
        println!("{part:>10}: {:.1} MB", bytes as f64 / 1_048_576.0);
    }
    println!(
        "{:>10}: {:.1} MB",
        "total",
        index.heap_bytes() as f64 / 1_048_576.0
    );
}
