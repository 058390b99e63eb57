//! Writes `docs/benchmarks.md` from criterion's results.
//!
//! Run after `cargo bench --workspace`, from anywhere in the repository:
//!
//! ```sh
//! cargo run --release -p ffiec-benches --bin bench-report
//! ```
#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use ffiec_benches::report::{
    Machine, ReportInput, planned, read_interop, read_measurements, read_python_rates, render,
};

/// Writes the benchmark report from criterion's results.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// Criterion's output folder. Default: `target/criterion` in the
    /// workspace.
    #[arg(long)]
    criterion_dir: Option<PathBuf>,

    /// Where to write the report. Default: `docs/benchmarks.md` in the
    /// workspace.
    #[arg(long)]
    out: Option<PathBuf>,

    /// The Python client's timed figures (`benches/python/run.sh`),
    /// included when present. Default: `target/bench-python/rates.json` in
    /// the workspace.
    #[arg(long)]
    python_rates: Option<PathBuf>,

    /// The interoperability run's results, included when present. Default:
    /// `target/interop/results.json` in the workspace.
    #[arg(long)]
    interop: Option<PathBuf>,

    /// Hand-written notes to include, when the file exists. Default:
    /// `benches/notes.md` in the workspace.
    #[arg(long)]
    notes: Option<PathBuf>,

    /// How long `cargo bench --workspace` took, as it should appear in the
    /// report (for example "6 min 40 s"). Default: not shown.
    #[arg(long)]
    bench_wall_time: Option<String>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let root = workspace_root();
    let criterion_dir = args
        .criterion_dir
        .unwrap_or_else(|| root.join("target/criterion"));
    let out = args.out.unwrap_or_else(|| root.join("docs/benchmarks.md"));
    let interop_path = args
        .interop
        .unwrap_or_else(|| root.join("target/interop/results.json"));

    let measurements = match read_measurements(&criterion_dir) {
        Ok(measurements) => measurements,
        Err(error) => {
            eprintln!("bench-report: {error}; run `cargo bench --workspace` first");
            return ExitCode::FAILURE;
        }
    };
    let python_path = args
        .python_rates
        .unwrap_or_else(|| root.join("target/bench-python/rates.json"));
    let python = match read_python_rates(&python_path) {
        Ok(python) => python,
        Err(error) => {
            eprintln!("bench-report: {error}");
            return ExitCode::FAILURE;
        }
    };
    let interop = match read_interop(&interop_path) {
        Ok(interop) => interop.map(|mut figures| {
            figures.source = relative_to(&root, &interop_path);
            figures
        }),
        Err(error) => {
            eprintln!("bench-report: {error}");
            return ExitCode::FAILURE;
        }
    };

    let notes_path = args.notes.unwrap_or_else(|| root.join("benches/notes.md"));
    let notes = match std::fs::read_to_string(&notes_path) {
        Ok(notes) => Some(notes),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => {
            eprintln!(
                "bench-report: cannot read {}: {error}",
                notes_path.display()
            );
            return ExitCode::FAILURE;
        }
    };

    let machine = Machine::detect();
    let comparisons = planned();
    let report = render(&ReportInput {
        machine: &machine,
        measurements: &measurements,
        comparisons: &comparisons,
        python: python.as_ref(),
        interop: interop.as_ref(),
        bench_wall_time: args.bench_wall_time.as_deref(),
        notes: notes.as_deref(),
    });

    if let Err(error) = std::fs::write(&out, report) {
        eprintln!("bench-report: cannot write {}: {error}", out.display());
        return ExitCode::FAILURE;
    }
    println!(
        "bench-report: {} results, {} comparisons -> {}",
        measurements.len(),
        comparisons.len(),
        out.display()
    );
    ExitCode::SUCCESS
}

/// `path` relative to `root` when it lies under it, for the report.
fn relative_to(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The workspace root: this crate's parent folder.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}
