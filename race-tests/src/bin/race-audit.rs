//! `race-audit`: runs every legacy model, every hardened proof, the live stress and the
//! counts, prints the verdict table, and writes `report.md` and `report.json`.
//!
//! ```text
//! cargo run --release --bin race-audit                 # everything, report in target/race-audit
//! cargo run --release --bin race-audit -- --quick      # two-writer proofs, as in cargo test
//! cargo run --release --bin race-audit -- --only F2     # F2 alone, its counterexample on stdout
//! cargo run --release --bin race-audit -- --only F2,N7 --json-only
//! ```
//!
//! Exits with status 1 when any finding's verdict differs from its expectation, 2 when the
//! report cannot be written (an output folder that cannot be created or written is found
//! before the audit starts).
#![forbid(unsafe_code)]

use std::cell::RefCell;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};
use race_tests::audit::{
    self, AuditPlan, DEFAULT_INTEROP_RESULTS, InteropColumn, LiveRunner, Progress, SilentProgress,
};
use race_tests::findings::FindingId;
use race_tests::live::CHECKED_FINDINGS;

/// Reproduces the legacy client's races, proves the hardened core free of them, and
/// reports every finding's verdict.
#[derive(Debug, Parser)]
#[command(name = "race-audit", version)]
struct Args {
    /// Where to write report.md and report.json.
    #[arg(long, value_name = "DIR", default_value = "target/race-audit")]
    out: PathBuf,

    /// Skip the live stress against the mock server. It is skipped anyway when `--only`
    /// names no finding it checks (F1, F3, F7, S1, S2, N1).
    #[arg(long)]
    skip_live: bool,

    /// Write only report.json and print it instead of the verdict table.
    #[arg(long)]
    json_only: bool,

    /// Run the scalable proofs (S1, N7) with two writers, as `cargo test` does, instead
    /// of three writers and a reader.
    #[arg(long)]
    quick: bool,

    /// Audit only these findings, comma-separated (F1,N7), and print each one's
    /// counterexamples and proofs after the verdict table. Default: all, table only.
    #[arg(long, value_delimiter = ',', value_parser = parse_finding)]
    only: Vec<FindingId>,

    /// The Python interoperability run's results, for the "real client" column.
    #[arg(long, value_name = "FILE", default_value = DEFAULT_INTEROP_RESULTS)]
    interop: PathBuf,

    /// Show no progress bars.
    #[arg(long)]
    no_progress: bool,
}

fn parse_finding(text: &str) -> Result<FindingId, String> {
    FindingId::ALL
        .into_iter()
        .find(|id| id.as_str().eq_ignore_ascii_case(text.trim()))
        .ok_or_else(|| format!("no finding {text:?}; expected one of F1-F8, S1-S2, N1-N7"))
}

/// The live stress: both designs against the in-process mock server, at the audit's size.
fn live_runner() -> Option<LiveRunner> {
    Some(race_tests::live::run_for_audit)
}

fn main() -> ExitCode {
    let args = Args::parse();

    // A bad --out is found now, not after minutes of models and proofs.
    if let Err(error) = audit::prepare_output_dir(&args.out) {
        eprintln!("race-audit: {error}");
        return ExitCode::from(2);
    }
    let plan = plan_from(&args);

    let report = if args.no_progress || args.json_only {
        audit::run_audit(&plan, &SilentProgress)
    } else {
        audit::run_audit(&plan, &BarProgress::default())
    };

    // Files first: a closed stdout (`| head`) must not cost the report.
    let written = if args.json_only {
        let written = audit::write_json_report(&report, &args.out);
        print_to_stdout(&format!("{}\n", report.to_json()));
        written.map(drop)
    } else {
        let written = audit::write_report(&report, &args.out);
        print_to_stdout(&audit::render_verdict_table(&report));
        if !args.only.is_empty() {
            // A few findings: their counterexamples and proofs fit on screen, as in report.md.
            print_to_stdout(&audit::render_sections(&report, ""));
        }
        written
    };

    if let Err(error) = written {
        eprintln!("race-audit: {error}");
        return ExitCode::from(2);
    }
    if !args.json_only {
        print_to_stdout(&format!(
            "report: {}/report.md, {}/report.json\n",
            args.out.display(),
            args.out.display()
        ));
    }
    ExitCode::from(report.exit_status())
}

/// Writes `text` to standard output. A reader that went away (`| head`) is
/// not an error of the audit: the files are written and the exit status
/// still tells the verdict, where `print!` would panic.
fn print_to_stdout(text: &str) {
    use std::io::Write as _;

    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
}

fn plan_from(args: &Args) -> AuditPlan {
    let mut plan = if args.quick {
        AuditPlan::test()
    } else {
        AuditPlan::full()
    };
    if !args.only.is_empty() {
        plan = plan.only(&args.only);
    }

    // The live stress checks only some findings; for others it would only cost time.
    let checked_live = args.only.is_empty()
        || args
            .only
            .iter()
            .any(|finding| CHECKED_FINDINGS.contains(finding));
    plan.live_runner = if args.skip_live || !checked_live {
        None
    } else {
        live_runner()
    };
    if args.skip_live {
        plan.live_skip_reason = "skipped (--skip-live)".to_owned();
    } else if !checked_live {
        plan.live_skip_reason = "none of the findings audited is checked live".to_owned();
    }
    plan.interop = InteropColumn::read(&args.interop);
    plan
}

/// One indicatif bar per phase.
#[derive(Default)]
struct BarProgress {
    bar: RefCell<Option<ProgressBar>>,
}

impl Progress for BarProgress {
    fn start_phase(&self, name: &str, steps: u64) {
        let style =
            ProgressStyle::with_template("{prefix:.bold} [{bar:30}] {pos}/{len} {msg} ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
        let bar = ProgressBar::new(steps)
            .with_style(style)
            .with_prefix(name.to_owned());
        bar.enable_steady_tick(Duration::from_millis(200));
        *self.bar.borrow_mut() = Some(bar);
    }

    fn step(&self, label: &str) {
        if let Some(bar) = self.bar.borrow().as_ref() {
            // A step's label shows while it runs; the count moves when the next one starts.
            if bar.message().is_empty() {
                bar.set_message(label.to_owned());
            } else {
                bar.inc(1);
                bar.set_message(label.to_owned());
            }
        }
    }

    fn finish_phase(&self) {
        if let Some(bar) = self.bar.borrow_mut().take() {
            bar.set_position(bar.length().unwrap_or(0));
            bar.finish_with_message("done");
        }
    }
}
