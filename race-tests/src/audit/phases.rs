//! The audit's phases: legacy models, hardened proofs, live stress, counts.

use std::collections::BTreeMap;

use super::live::LiveStatus;
use super::report::{CountedCost, EvidenceSummary, FindingReport, ModelRun};
use super::verdict::Verdict;
use super::{AuditPlan, Progress};
use crate::findings::{F4_WHY_NOT_A_RACE, F6_WHY_NOT_A_RACE, FindingId, FindingKind};
use crate::hardened::{self, HARDENED_PROOFS};
use crate::legacy::models::{self as legacy, LEGACY_MODELS};
use crate::model_runner::ModelConfig;

/// The data calls the F5 count makes on each design.
pub(super) const F5_REQUESTS: u64 = 25;

/// The logical proxy changes the N3 count makes on each design.
pub(super) const N3_PROXY_CHANGES: u32 = 10;

/// Phase 1: every legacy model of the planned findings, bounded for a counterexample.
pub(super) fn legacy_models(
    plan: &AuditPlan,
    progress: &dyn Progress,
) -> BTreeMap<FindingId, Vec<ModelRun>> {
    let models: Vec<_> = LEGACY_MODELS
        .iter()
        .filter(|model| plan.covers(model.finding))
        .collect();
    progress.start_phase(
        "legacy models (expect a counterexample)",
        models.len() as u64,
    );

    let mut runs: BTreeMap<FindingId, Vec<ModelRun>> = BTreeMap::new();
    for model in models {
        progress.step(&format!("{} {}", model.finding, model.name));
        let outcome = legacy::run_legacy_model(model, &ModelConfig::counterexample());
        runs.entry(model.finding)
            .or_default()
            .push(ModelRun::from_outcome(model.name, outcome));
    }

    progress.finish_phase();
    runs
}

/// Phase 2: every hardened proof of the planned findings, exhaustively.
pub(super) fn hardened_proofs(
    plan: &AuditPlan,
    progress: &dyn Progress,
) -> BTreeMap<FindingId, Vec<ModelRun>> {
    let proofs: Vec<_> = HARDENED_PROOFS
        .iter()
        .filter(|proof| plan.covers(proof.finding))
        .collect();
    progress.start_phase(
        "hardened proofs (expect none, exhaustive)",
        proofs.len() as u64,
    );

    let mut runs: BTreeMap<FindingId, Vec<ModelRun>> = BTreeMap::new();
    for proof in proofs {
        progress.step(&format!("{} {}", proof.finding, proof.name));
        let outcome = hardened::run_hardened_proof(proof, plan.scale);
        runs.entry(proof.finding)
            .or_default()
            .push(ModelRun::from_outcome(proof.name, outcome));
    }

    progress.finish_phase();
    runs
}

/// Phase 3: the live stress, when a runner is plugged in and not skipped.
pub(super) fn live(plan: &AuditPlan, progress: &dyn Progress) -> LiveStatus {
    let Some(runner) = plan.live_runner else {
        return LiveStatus::NotRun {
            reason: plan.live_skip_reason.clone(),
        };
    };

    progress.start_phase("live stress against the mock server", 1);
    progress.step("legacy and hardened clients");
    let status = match runner() {
        Ok(outcomes) => LiveStatus::Ran { outcomes },
        Err(error) => LiveStatus::Failed { error },
    };
    progress.finish_phase();
    status
}

/// Phase 4: the counted costs (F5, F8, N3) on both designs, and the by-construction
/// reasons (F4, F6).
pub(super) fn counted(plan: &AuditPlan, progress: &dyn Progress) -> BTreeMap<FindingId, Counted> {
    let findings: Vec<FindingId> = FindingId::ALL
        .into_iter()
        .filter(|id| plan.covers(*id))
        .filter(|id| matches!(id.info().kind, FindingKind::Counted | FindingKind::NotARace))
        .collect();
    progress.start_phase("counted and by construction", findings.len() as u64);

    let mut results = BTreeMap::new();
    for finding in findings {
        progress.step(finding.as_str());
        if let Some(counted) = count(finding) {
            results.insert(finding, counted);
        }
    }

    progress.finish_phase();
    results
}

/// The evidence of a counted or not-a-race finding.
pub(super) enum Counted {
    Cost(CountedCost),
    ByConstruction(&'static str),
}

fn count(finding: FindingId) -> Option<Counted> {
    let counted = match finding {
        FindingId::F4 => Counted::ByConstruction(F4_WHY_NOT_A_RACE),
        FindingId::F6 => Counted::ByConstruction(F6_WHY_NOT_A_RACE),
        FindingId::F5 => Counted::Cost(CountedCost {
            measure: format!("HTTP/SOAP clients built for {F5_REQUESTS} data calls"),
            legacy: legacy::f5_client_builds(F5_REQUESTS).client_builds,
            hardened: hardened::f5_client_builds_hardened(F5_REQUESTS).client_builds,
            hardened_target: 1,
        }),
        FindingId::F8 => Counted::Cost(CountedCost {
            measure: "session builds per logical proxy change".to_owned(),
            legacy: legacy::f8_builds_per_proxy_change(),
            hardened: hardened::f8_builds_per_proxy_change_hardened(),
            hardened_target: 1,
        }),
        FindingId::N3 => Counted::Cost(CountedCost {
            measure: format!("sessions still open after {N3_PROXY_CHANGES} proxy changes"),
            legacy: legacy::n3_live_sessions_after(N3_PROXY_CHANGES).live(),
            hardened: hardened::n3_live_sessions_after_hardened(N3_PROXY_CHANGES).live(),
            hardened_target: 1,
        }),
        _ => return None,
    };
    Some(counted)
}

/// Puts the evidence of one finding together and judges it.
pub(super) fn assemble(
    finding: FindingId,
    plan: &AuditPlan,
    legacy_models: Vec<ModelRun>,
    hardened_proofs: Vec<ModelRun>,
    counted: Option<Counted>,
) -> FindingReport {
    let info = finding.info();
    let (cost, by_construction) = match counted {
        Some(Counted::Cost(cost)) => (Some(cost), None),
        Some(Counted::ByConstruction(reason)) => (None, Some(reason.to_owned())),
        None => (None, None),
    };

    let mut report = FindingReport {
        id: finding,
        title: info.title.to_owned(),
        kind: info.kind,
        invariant: info.invariant.to_owned(),
        expected: plan
            .expectations
            .get(&finding)
            .copied()
            .unwrap_or_else(|| Verdict::expected(finding)),
        actual: Verdict::NotRun,
        legacy_models,
        hardened_proofs,
        cost,
        by_construction,
        live_legacy_violations: None,
        live_hardened_violations: None,
        real_client: plan.interop.cell(finding),
        real_client_detail: plan.interop.entry(finding).map(|entry| entry.what.clone()),
        doc: format!("docs/findings/{finding}.md"),
        summary: EvidenceSummary::default(),
    };
    report.summary = report.summarise();
    report.actual = report.judge();
    report
}
