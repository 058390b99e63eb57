//! The race audit: every finding's expected and actual verdict, with the evidence.
//!
//! [`run_audit`] runs four phases over the findings an [`AuditPlan`] covers:
//!
//! 1. every legacy model, expecting a counterexample;
//! 2. every hardened proof, expecting none in an exhaustive search;
//! 3. the live stress against the mock server, when a [`LiveRunner`] is plugged in;
//! 4. the counted costs (F5, F8, N3) on both designs, and the by-construction reasons
//!    (F4, F6).
//!
//! It returns an [`AuditReport`]; [`write_report`] writes it as `report.md` and
//! `report.json`, and [`AuditReport::exit_status`] is non-zero when any verdict differs
//! from its expectation. The `race-audit` command is a thin shell around these.
//!
//! ```
//! use race_tests::audit::{AuditPlan, SilentProgress, Verdict, run_audit};
//! use race_tests::findings::FindingId;
//!
//! let plan = AuditPlan::test().only(&[FindingId::F3, FindingId::F8]);
//! let report = run_audit(&plan, &SilentProgress);
//!
//! assert_eq!(report.finding(FindingId::F3).unwrap().actual, Verdict::ReproducedAndExcluded);
//! assert_eq!(report.finding(FindingId::F8).unwrap().actual, Verdict::CostReduced);
//! assert_eq!(report.exit_status(), 0);
//! ```

mod interop;
mod live;
mod markdown;
mod phases;
mod report;
mod verdict;

pub use interop::{DEFAULT_INTEROP_RESULTS, InteropColumn, InteropEntry};
pub use live::{ClientDesign, LiveOutcome, LiveRunner, LiveStatus};
pub use markdown::{TERMINAL_WIDTH, render_markdown, render_sections, render_verdict_table};
pub use report::{
    AuditReport, CountedCost, EvidenceSummary, FindingReport, ModelRun, SCHEMA_VERSION,
};
pub use verdict::Verdict;

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use crate::findings::FindingId;
use crate::hardened::ProofScale;

/// The benchmark report, from the repository root; the audit links it.
pub const BENCHMARKS_DOC: &str = "docs/benchmarks.md";

/// What one audit run covers and expects.
#[derive(Clone)]
pub struct AuditPlan {
    /// The findings audited. Default: all of them.
    pub findings: Vec<FindingId>,
    /// The size of the scalable proofs. Default: [`ProofScale::AUDIT`].
    pub scale: ProofScale,
    /// Expectations that replace the catalogue's (see [`Verdict::expected`]). Default:
    /// none.
    pub expectations: BTreeMap<FindingId, Verdict>,
    /// The live stress to run, if any. Default: none, until the live module is wired in.
    pub live_runner: Option<LiveRunner>,
    /// What the report says when there is no live run. Default: the live stress module is
    /// not part of this build.
    pub live_skip_reason: String,
    /// The real-client column. Default: not run.
    pub interop: InteropColumn,
}

impl AuditPlan {
    /// Every finding, the full proofs, no live run, no interoperability results.
    pub fn full() -> Self {
        AuditPlan {
            findings: FindingId::ALL.to_vec(),
            scale: ProofScale::AUDIT,
            expectations: BTreeMap::new(),
            live_runner: None,
            live_skip_reason: "the live stress module is not part of this build".to_owned(),
            interop: InteropColumn::not_run("no interoperability results given"),
        }
    }

    /// As [`full`](Self::full), with the `cargo test` size of the scalable proofs.
    pub fn test() -> Self {
        AuditPlan {
            scale: ProofScale::TEST,
            ..AuditPlan::full()
        }
    }

    /// Only `findings`.
    #[must_use]
    pub fn only(mut self, findings: &[FindingId]) -> Self {
        self.findings = findings.to_vec();
        self
    }

    /// Expects `verdict` for `finding` instead of the catalogue's expectation.
    #[must_use]
    pub fn expect(mut self, finding: FindingId, verdict: Verdict) -> Self {
        self.expectations.insert(finding, verdict);
        self
    }

    /// Whether `finding` is audited.
    pub fn covers(&self, finding: FindingId) -> bool {
        self.findings.contains(&finding)
    }
}

impl fmt::Debug for AuditPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuditPlan")
            .field("findings", &self.findings)
            .field("scale", &self.scale)
            .field("expectations", &self.expectations)
            .field("live", &self.live_runner.is_some())
            .field("interop", &self.interop.source)
            .finish()
    }
}

/// How the audit reports its progress: a progress bar in `race-audit`, nothing in tests.
pub trait Progress {
    /// A phase of `steps` steps begins.
    fn start_phase(&self, name: &str, steps: u64);
    /// The next step, named `label`, begins.
    fn step(&self, label: &str);
    /// The current phase is over.
    fn finish_phase(&self);
}

/// A [`Progress`] that shows nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct SilentProgress;

impl Progress for SilentProgress {
    fn start_phase(&self, _name: &str, _steps: u64) {}
    fn step(&self, _label: &str) {}
    fn finish_phase(&self) {}
}

/// Runs every phase of `plan` and judges each finding.
pub fn run_audit(plan: &AuditPlan, progress: &dyn Progress) -> AuditReport {
    let mut legacy = phases::legacy_models(plan, progress);
    let mut hardened = phases::hardened_proofs(plan, progress);
    let live = phases::live(plan, progress);
    let mut counted = phases::counted(plan, progress);

    let findings = FindingId::ALL
        .into_iter()
        .filter(|finding| plan.covers(*finding))
        .map(|finding| {
            phases::assemble(
                finding,
                plan,
                legacy.remove(&finding).unwrap_or_default(),
                hardened.remove(&finding).unwrap_or_default(),
                counted.remove(&finding),
            )
        })
        .collect();

    let mut report = AuditReport {
        schema_version: SCHEMA_VERSION,
        proof_scale: plan.scale,
        findings,
        live,
        interop: plan.interop.clone(),
        benchmarks: BENCHMARKS_DOC.to_owned(),
    };
    report.apply_live();
    report
}

/// Creates `dir` if needed and checks that a file can be written in it, so that a bad
/// `--out` is refused at once rather than after the whole audit has run.
///
/// The check writes a small probe file and removes it: `dir` is left as it was, or
/// created empty.
///
/// ```
/// let dir = std::env::temp_dir().join(format!("race-audit-doc-{}", std::process::id()));
/// race_tests::audit::prepare_output_dir(&dir).unwrap();
/// assert!(dir.is_dir());
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
///
/// # Errors
///
/// The I/O error, with the path that could not be created or written.
pub fn prepare_output_dir(dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir)
        .map_err(|error| format!("cannot create {}: {error}", dir.display()))?;

    let probe = dir.join(format!(".race-audit-probe.{}.tmp", std::process::id()));
    std::fs::write(&probe, b"probe")
        .map_err(|error| format!("cannot write in {}: {error}", dir.display()))?;
    std::fs::remove_file(&probe)
        .map_err(|error| format!("cannot remove {}: {error}", probe.display()))
}

/// Writes `report.md` and `report.json` into `dir`, creating it if needed.
///
/// Each file is written whole under a temporary name beside it and then renamed into
/// place, `report.json` last: an interrupted or failed write leaves the previous files
/// (or none), never a truncated one, and no temporary file behind.
///
/// The Markdown links the finding pages and the benchmark report relative to `dir`, which
/// is taken to be inside the repository (as the default `target/race-audit` is).
///
/// # Errors
///
/// The I/O error, with the path that failed.
pub fn write_report(report: &AuditReport, dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir)
        .map_err(|error| format!("cannot create {}: {error}", dir.display()))?;

    // report.json is what tools read: it is replaced only once the Markdown is in place.
    let files = [
        (
            "report.md",
            render_markdown(report, &repository_root_from(dir)),
        ),
        ("report.json", report.to_json()),
    ];
    replace_files(dir, &files)
}

/// Writes only `report.json` into `dir`, creating it if needed, the way
/// [`write_report`] does (whole, by a rename), and returns the JSON.
///
/// # Errors
///
/// The I/O error, with the path that failed.
pub fn write_json_report(report: &AuditReport, dir: &Path) -> Result<String, String> {
    std::fs::create_dir_all(dir)
        .map_err(|error| format!("cannot create {}: {error}", dir.display()))?;

    let json = report.to_json();
    replace_files(dir, &[("report.json", json.clone())])?;
    Ok(json)
}

/// Writes every `(name, text)` to a temporary file in `dir`, then renames each over
/// `name`, in order. On a failure the temporary files are removed.
fn replace_files(dir: &Path, files: &[(&str, String)]) -> Result<(), String> {
    let mut staged = Vec::new();
    let result = files.iter().try_for_each(|(name, text)| {
        let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        staged.push((temporary.clone(), dir.join(name)));
        write_durably(&temporary, text)
    });
    let result = result.and_then(|()| {
        staged.iter().try_for_each(|(temporary, path)| {
            std::fs::rename(temporary, path)
                .map_err(|error| format!("cannot write {}: {error}", path.display()))
        })
    });

    if result.is_err() {
        for (temporary, _) in &staged {
            // Already renamed, or never created: either way nothing is left to remove.
            let _ = std::fs::remove_file(temporary);
        }
    }
    result
}

/// Creates `path` with `text` and flushes it to disk, so a rename publishes whole content.
fn write_durably(path: &Path, text: &str) -> Result<(), String> {
    use std::io::Write as _;

    let mut file = std::fs::File::create(path)
        .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|error| format!("cannot write {}: {error}", path.display()))
}

/// The way from `dir` back to the repository root, for relative links: `../../` for
/// `target/race-audit`; the absolute current directory when `dir` is absolute or climbs.
fn repository_root_from(dir: &Path) -> String {
    use std::path::Component;

    let climbs = dir
        .components()
        .any(|part| !matches!(part, Component::Normal(_) | Component::CurDir));
    if dir.is_absolute() || climbs {
        return std::env::current_dir()
            .map(|root| format!("{}/", root.display()))
            .unwrap_or_default();
    }

    let depth = dir
        .components()
        .filter(|part| matches!(part, Component::Normal(_)))
        .count();
    "../".repeat(depth)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_climb_back_from_a_relative_output_directory() {
        assert_eq!(
            repository_root_from(Path::new("target/race-audit")),
            "../../"
        );
        assert_eq!(repository_root_from(Path::new("./out")), "../");
        assert!(repository_root_from(Path::new("/tmp/audit")).ends_with('/'));
    }

    #[test]
    fn a_plan_can_narrow_its_findings_and_replace_an_expectation() {
        let plan = AuditPlan::test()
            .only(&[FindingId::F1])
            .expect(FindingId::F1, Verdict::CostReduced);

        assert!(plan.covers(FindingId::F1));
        assert!(!plan.covers(FindingId::F2));
        assert_eq!(plan.expectations[&FindingId::F1], Verdict::CostReduced);
        assert_eq!(plan.scale, ProofScale::TEST);
    }
}
