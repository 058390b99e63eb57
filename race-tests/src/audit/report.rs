//! The audit's result as data: one [`FindingReport`] per finding, serialised to
//! `report.json` as is.

use serde::Serialize;

use super::interop::InteropColumn;
use super::live::{ClientDesign, LiveStatus};
use super::verdict::Verdict;
use crate::findings::{FindingId, FindingKind};
use crate::hardened::ProofScale;
use crate::model_runner::ModelOutcome;
use crate::trace::Event;

/// The version of `report.json`'s layout; bumped whenever a field changes meaning or goes.
pub const SCHEMA_VERSION: u32 = 1;

/// One model or proof run, as the report keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModelRun {
    /// The model or proof function.
    pub name: String,
    /// Whether some interleaving broke the invariant.
    pub violated: bool,
    /// Interleavings explored: up to and including the counterexample, or all of them.
    pub iterations: u64,
    /// Whether every interleaving was explored (no preemption bound, no cap).
    pub exhaustive: bool,
    /// The preemption bound, if any.
    pub preemption_bound: Option<usize>,
    /// The violation message.
    pub message: Option<String>,
    /// The failing interleaving, step by step.
    pub counterexample: Vec<Event>,
}

impl ModelRun {
    /// The report's record of `outcome`, a run of the function `name`.
    pub fn from_outcome(name: &str, outcome: ModelOutcome) -> Self {
        ModelRun {
            name: name.to_owned(),
            violated: outcome.violated,
            iterations: outcome.iterations,
            exhaustive: outcome.config.is_exhaustive(),
            preemption_bound: outcome.config.preemption_bound,
            message: outcome.message,
            counterexample: outcome.counterexample,
        }
    }
}

/// A cost or leak counted on both designs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CountedCost {
    /// What is counted, with the workload: "client builds for 25 data calls".
    pub measure: String,
    /// The legacy design's count.
    pub legacy: u64,
    /// The hardened design's count.
    pub hardened: u64,
    /// The most the hardened design may count for the finding to be fixed.
    pub hardened_target: u64,
}

impl CountedCost {
    /// Whether the hardened count is below the legacy one and within its target.
    pub fn is_reduced(&self) -> bool {
        self.hardened < self.legacy && self.hardened <= self.hardened_target
    }
}

/// Everything the audit found about one finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FindingReport {
    /// The finding.
    pub id: FindingId,
    /// What is wrong, in one line.
    pub title: String,
    /// How it is demonstrated.
    pub kind: FindingKind,
    /// The invariant the models assert, or, for F4 and F6, why it cannot break.
    pub invariant: String,
    /// What the review expects the audit to conclude.
    pub expected: Verdict,
    /// What the evidence says.
    pub actual: Verdict,
    /// The legacy models run, each expected to fail.
    pub legacy_models: Vec<ModelRun>,
    /// The hardened proofs run, each expected to hold.
    pub hardened_proofs: Vec<ModelRun>,
    /// The counted cost, for F5, F8 and N3.
    pub cost: Option<CountedCost>,
    /// Why it is not a race, for F4 and F6.
    pub by_construction: Option<String>,
    /// Live violations of the legacy design, if measured.
    pub live_legacy_violations: Option<u64>,
    /// Live violations of the hardened design, if measured.
    pub live_hardened_violations: Option<u64>,
    /// What the real Python client showed against the mock, in short ("not run" if
    /// nothing).
    pub real_client: String,
    /// What the real client's run counted, in words.
    pub real_client_detail: Option<String>,
    /// The finding's page, from the repository root.
    pub doc: String,
    /// The model evidence in brief, for readers of `report.json`.
    pub summary: EvidenceSummary,
}

/// The model evidence of one finding in brief, as the verdict table shows it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct EvidenceSummary {
    /// Whether every legacy model found a counterexample; `None` without models.
    pub legacy_reproduced: Option<bool>,
    /// Whether every hardened proof explored everything and found nothing; `None` without
    /// proofs.
    pub hardened_excluded: Option<bool>,
    /// Interleavings the legacy models ran up to their counterexamples, summed.
    pub legacy_iterations: u64,
    /// Interleavings the hardened proofs explored, summed.
    pub hardened_iterations: u64,
}

impl FindingReport {
    /// Whether the verdict is the expected one.
    pub fn matches(&self) -> bool {
        self.expected == self.actual
    }

    /// Whether every legacy model found a counterexample; `None` without models.
    pub fn legacy_reproduced(&self) -> Option<bool> {
        (!self.legacy_models.is_empty())
            .then(|| self.legacy_models.iter().all(|model| model.violated))
    }

    /// Whether every hardened proof explored everything and found nothing; `None` without
    /// proofs.
    pub fn hardened_excluded(&self) -> Option<bool> {
        (!self.hardened_proofs.is_empty()).then(|| {
            self.hardened_proofs
                .iter()
                .all(|proof| !proof.violated && proof.exhaustive)
        })
    }

    /// Interleavings the legacy models needed to reach their counterexamples, summed.
    pub fn legacy_iterations(&self) -> u64 {
        self.legacy_models
            .iter()
            .map(|model| model.iterations)
            .sum()
    }

    /// Interleavings the hardened proofs explored, summed.
    pub fn hardened_iterations(&self) -> u64 {
        self.hardened_proofs
            .iter()
            .map(|proof| proof.iterations)
            .sum()
    }

    /// The model evidence in brief.
    pub fn summarise(&self) -> EvidenceSummary {
        EvidenceSummary {
            legacy_reproduced: self.legacy_reproduced(),
            hardened_excluded: self.hardened_excluded(),
            legacy_iterations: self.legacy_iterations(),
            hardened_iterations: self.hardened_iterations(),
        }
    }

    /// The verdict the evidence supports (see [`Verdict`] for each case).
    pub fn judge(&self) -> Verdict {
        let hardened_broke = self.hardened_excluded() == Some(false)
            || self.live_hardened_violations.is_some_and(|count| count > 0);
        if hardened_broke {
            return Verdict::HardenedViolated;
        }

        match self.kind {
            FindingKind::NotARace => match self.by_construction {
                Some(_) => Verdict::NotARaceByConstruction,
                None => Verdict::NotRun,
            },
            FindingKind::Counted => match &self.cost {
                Some(cost) if cost.is_reduced() => Verdict::CostReduced,
                Some(_) => Verdict::CostNotReduced,
                None => Verdict::NotRun,
            },
            FindingKind::Race | FindingKind::StaleState | FindingKind::SideEffect => {
                match (self.legacy_reproduced(), self.hardened_excluded()) {
                    (Some(true), Some(true)) => Verdict::ReproducedAndExcluded,
                    (Some(false), _) => Verdict::LegacyNotReproduced,
                    _ => Verdict::NotRun,
                }
            }
        }
    }
}

/// The whole audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditReport {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The size of the scalable proofs.
    pub proof_scale: ProofScale,
    /// One entry per finding audited, in the review's order.
    pub findings: Vec<FindingReport>,
    /// The live phase.
    pub live: LiveStatus,
    /// The real-client column's source.
    pub interop: InteropColumn,
    /// The benchmark report, from the repository root.
    pub benchmarks: String,
}

impl AuditReport {
    /// The findings whose verdict differs from the expectation.
    pub fn mismatches(&self) -> Vec<FindingId> {
        self.findings
            .iter()
            .filter(|finding| !finding.matches())
            .map(|finding| finding.id)
            .collect()
    }

    /// The process exit status the audit ends with: 0 when every verdict is as expected,
    /// 1 otherwise.
    pub fn exit_status(&self) -> u8 {
        u8::from(!self.mismatches().is_empty())
    }

    /// The report of `finding`, if it was audited.
    pub fn finding(&self, finding: FindingId) -> Option<&FindingReport> {
        self.findings.iter().find(|report| report.id == finding)
    }

    /// `report.json`'s text.
    ///
    /// # Panics
    ///
    /// Never in practice: every field serialises (map keys are finding ids, i.e. strings).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("the report serialises")
    }

    /// Fills each finding's live columns from the live phase and re-judges it.
    pub(super) fn apply_live(&mut self) {
        for finding in &mut self.findings {
            finding.live_legacy_violations = self.live.violations(ClientDesign::Legacy, finding.id);
            finding.live_hardened_violations =
                self.live.violations(ClientDesign::Hardened, finding.id);
            finding.actual = finding.judge();
        }
    }
}
