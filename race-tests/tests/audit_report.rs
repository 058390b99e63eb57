//! The audit, run in-process on every finding (the scalable proofs at their `cargo test`
//! size): each finding reaches its expected verdict in the JSON and the Markdown, a wrong
//! expectation makes the exit status non-zero, live results and interoperability results
//! reach the verdicts and the columns, and the files are written.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use race_tests::audit::{
    self, AuditPlan, AuditReport, ClientDesign, InteropColumn, LiveOutcome, SCHEMA_VERSION,
    SilentProgress, Verdict,
};
use race_tests::findings::FindingId;
use serde_json::Value;

/// The audit of every finding, run once for the tests that only read it.
fn full_report() -> &'static AuditReport {
    static REPORT: OnceLock<AuditReport> = OnceLock::new();
    REPORT.get_or_init(|| audit::run_audit(&AuditPlan::test(), &SilentProgress))
}

fn verdict_name(verdict: Verdict) -> String {
    serde_json::to_value(verdict)
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned()
}

/// A fresh folder under the system temp dir, named after the test.
fn scratch_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("race-audit-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn every_finding_reaches_its_expected_verdict_in_the_json() {
    let report = full_report();
    let json: Value = serde_json::from_str(&report.to_json()).unwrap();

    assert_eq!(json["schema_version"], SCHEMA_VERSION);
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings.len(), FindingId::ALL.len());

    for (entry, id) in findings.iter().zip(FindingId::ALL) {
        let expected = verdict_name(Verdict::expected(id));
        assert_eq!(entry["id"], id.as_str());
        assert_eq!(entry["expected"], expected.as_str(), "{id}");
        assert_eq!(entry["actual"], expected.as_str(), "{id}: {entry}");
        let races = Verdict::expected(id) == Verdict::ReproducedAndExcluded;
        let reproduced = &entry["summary"]["legacy_reproduced"];
        assert_eq!(
            *reproduced,
            if races {
                Value::Bool(true)
            } else {
                Value::Null
            },
            "{id}"
        );
        if races {
            assert_eq!(entry["summary"]["hardened_excluded"], true, "{id}");
            assert!(
                entry["summary"]["hardened_iterations"].as_u64().unwrap() > 0,
                "{id}"
            );
        }
    }
    assert_eq!(
        report.exit_status(),
        0,
        "mismatches: {:?}",
        report.mismatches()
    );
}

#[test]
fn race_findings_carry_counterexamples_and_exhaustive_proofs() {
    let report = full_report();

    for finding in &report.findings {
        let races = Verdict::expected(finding.id) == Verdict::ReproducedAndExcluded;
        assert_eq!(!finding.legacy_models.is_empty(), races, "{}", finding.id);
        if !races {
            continue;
        }

        for model in &finding.legacy_models {
            assert!(model.violated, "{}", model.name);
            let message = model.message.as_deref().unwrap();
            assert!(
                message.starts_with(&format!("{} violated", finding.id)),
                "{message}"
            );
            assert!(!model.counterexample.is_empty(), "{}", model.name);
        }
        for proof in &finding.hardened_proofs {
            assert!(!proof.violated && proof.exhaustive, "{}", proof.name);
            assert!(proof.iterations > 0, "{}", proof.name);
            assert!(proof.name.ends_with("_hardened"), "{}", proof.name);
        }
        assert!(finding.hardened_iterations() >= finding.hardened_proofs.len() as u64);
    }
}

#[test]
fn counted_and_by_construction_findings_show_their_evidence() {
    let report = full_report();

    let f8 = report.finding(FindingId::F8).unwrap();
    let cost = f8.cost.as_ref().unwrap();
    assert_eq!((cost.legacy, cost.hardened), (4, 1));

    let f5 = report
        .finding(FindingId::F5)
        .unwrap()
        .cost
        .as_ref()
        .unwrap();
    assert_eq!((f5.legacy, f5.hardened), (25, 1));

    let n3 = report.finding(FindingId::N3).unwrap();
    assert_eq!(n3.cost.as_ref().unwrap().hardened, 1);
    assert!(n3.cost.as_ref().unwrap().legacy > 1);
    assert_eq!(
        n3.hardened_excluded(),
        Some(true),
        "the N3 release proof ran"
    );

    for id in [FindingId::F4, FindingId::F6] {
        let finding = report.finding(id).unwrap();
        assert!(
            finding
                .by_construction
                .as_deref()
                .unwrap()
                .contains("static")
        );
        assert!(finding.legacy_models.is_empty() && finding.hardened_proofs.is_empty());
    }
}

#[test]
fn the_markdown_has_a_row_and_a_section_per_finding() {
    let report = full_report();
    let md = audit::render_markdown(report, "../../");

    for id in FindingId::ALL {
        let expected = Verdict::expected(id).to_string();
        let row = format!("| {id} | {expected} | {expected} | yes |");
        assert!(md.contains(&row), "no row {row:?}");
        assert!(md.contains(&format!("\n## {id}: ")), "no section for {id}");
        assert!(
            md.contains(&format!("(../../docs/findings/{id}.md)")),
            "no link to {id}'s page"
        );
    }
    assert!(md.contains("(../../docs/benchmarks.md)"));
    assert!(md.contains("| step | thread | action | field | value |"));
    assert!(md.contains("Live stress not run"));
    assert!(
        !md.contains("pass-a") && !md.contains("token-alice"),
        "no secret in the report"
    );

    let table = audit::render_verdict_table(report);
    assert_eq!(
        table.lines().filter(|line| line.contains(" yes ")).count(),
        17
    );
    assert!(table.contains("all 17 verdicts as expected"));
}

#[test]
fn a_wrong_expectation_makes_the_exit_status_non_zero() {
    let plan = AuditPlan::test()
        .only(&[FindingId::F1, FindingId::F8])
        .expect(FindingId::F1, Verdict::LegacyNotReproduced);

    let report = audit::run_audit(&plan, &SilentProgress);

    assert_eq!(report.mismatches(), vec![FindingId::F1]);
    assert_eq!(report.exit_status(), 1);
    let f1 = report.finding(FindingId::F1).unwrap();
    assert_eq!(f1.actual, Verdict::ReproducedAndExcluded);
    assert!(audit::render_markdown(&report, "").contains("(differs)"));
    assert!(audit::render_verdict_table(&report).contains("differing from their expectation: F1"));
}

fn live_outcomes() -> Result<Vec<LiveOutcome>, String> {
    let outcome = |client, torn| LiveOutcome {
        client,
        requests: 160,
        journal_entries: 160,
        violations_by_finding: BTreeMap::from([(FindingId::N1, torn)]),
        examples: vec![format!("{torn} torn pairs")],
    };
    Ok(vec![
        outcome(ClientDesign::Legacy, 61),
        outcome(ClientDesign::Hardened, 1),
    ])
}

#[test]
fn a_hardened_live_violation_overrides_a_clean_proof() {
    let mut plan = AuditPlan::test().only(&[FindingId::N1, FindingId::F3]);
    plan.live_runner = Some(live_outcomes);

    let report = audit::run_audit(&plan, &SilentProgress);

    let n1 = report.finding(FindingId::N1).unwrap();
    assert_eq!(
        (n1.live_legacy_violations, n1.live_hardened_violations),
        (Some(61), Some(1))
    );
    assert_eq!(n1.actual, Verdict::HardenedViolated);
    let f3 = report.finding(FindingId::F3).unwrap();
    assert_eq!(f3.live_hardened_violations, None, "F3 was not checked live");
    assert_eq!(f3.actual, Verdict::ReproducedAndExcluded);
    assert_eq!(report.mismatches(), vec![FindingId::N1]);
    assert!(audit::render_verdict_table(&report).contains("61 / 1"));
}

#[test]
fn interoperability_results_fill_the_real_client_column_and_files_are_written() {
    let dir = scratch_dir("interop");
    std::fs::create_dir_all(&dir).unwrap();
    let results = dir.join("results.json");
    std::fs::write(
        &results,
        r#"{"schema": "ffiec-interop-results/1", "passed": 5, "failed": 0,
            "findings": {"N1": {"showed": true, "count": 61, "of": 160,
                                "what": "data calls that sent a torn pair"}}}"#,
    )
    .unwrap();
    let mut plan = AuditPlan::test().only(&[FindingId::N1, FindingId::F4]);
    plan.interop = InteropColumn::read(&results);

    let report = audit::run_audit(&plan, &SilentProgress);
    let out = dir.join("report");
    audit::write_report(&report, &out).unwrap();

    let n1 = report.finding(FindingId::N1).unwrap();
    assert_eq!(n1.real_client, "shown, 61 of 160");
    assert_eq!(
        n1.real_client_detail.as_deref(),
        Some("data calls that sent a torn pair")
    );
    assert_eq!(
        report.finding(FindingId::F4).unwrap().real_client,
        "not run"
    );

    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    assert_eq!(json["findings"][0]["id"], "F4");
    assert_eq!(json["live"]["status"], "not_run");
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(md.contains("Real client: shown, 61 of 160 (data calls that sent a torn pair)."));
    assert!(md.contains("5 checks passed, 0 failed (ffiec-interop-results/1)"));

    std::fs::remove_dir_all(&dir).unwrap();
}
