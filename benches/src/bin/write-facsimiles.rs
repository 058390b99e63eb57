//! Writes the benchmarks' full-size facsimiles to files, so a benchmark in
//! another language (the Python client's, `benches/python/`) reads exactly
//! the bytes the Rust parser benchmarks read.
//!
//! ```sh
//! cargo run --release -p ffiec-benches --bin write-facsimiles -- target/bench-python
//! ```
//!
//! Writes `call.xml`, `ubpr.xml` and `facsimiles.json` (for each document:
//! its file, its size in bytes and its fact count).
#![forbid(unsafe_code)]

use std::path::PathBuf;
use std::process::ExitCode;

use ffiec_benches::facsimiles::BenchFacsimile;

fn main() -> ExitCode {
    let Some(folder) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: write-facsimiles FOLDER");
        return ExitCode::FAILURE;
    };

    match write_all(&folder) {
        Ok(()) => {
            println!("write-facsimiles: wrote {}", folder.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("write-facsimiles: {error}");
            ExitCode::FAILURE
        }
    }
}

fn write_all(folder: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(folder)?;

    let mut index = Vec::new();
    for facsimile in BenchFacsimile::both() {
        let file = format!("{}.xml", facsimile.name);
        std::fs::write(folder.join(&file), &facsimile.bytes)?;
        index.push(serde_json::json!({
            "name": facsimile.name,
            "file": file,
            "bytes": facsimile.bytes.len(),
            "facts": facsimile.facts,
            "rssd": facsimile.rssd,
        }));
    }

    let index = serde_json::to_string_pretty(&index).map_err(std::io::Error::other)?;
    std::fs::write(folder.join("facsimiles.json"), index)
}
