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
        answered: 160,
        proxy_refusals: 0,
        client_errors: BTreeMap::new(),
        journal_entries: 160,
        journaled_refusals: 0,
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

/// A legacy run where a proxy refused some requests and the client lost a few, and a clean
/// hardened run.
fn live_outcomes_with_refusals() -> Result<Vec<LiveOutcome>, String> {
    let legacy = LiveOutcome {
        client: ClientDesign::Legacy,
        requests: 300,
        answered: 148,
        proxy_refusals: 150,
        client_errors: BTreeMap::from([("transport: timeout".to_owned(), 2)]),
        journal_entries: 298,
        journaled_refusals: 150,
        violations_by_finding: BTreeMap::from([
            (FindingId::F1, 150),
            (FindingId::S1, 150),
            (FindingId::F7, 0),
        ]),
        examples: vec!["S1/F1: thread 0 request 1 (mock-000002): a mixed route".to_owned()],
    };
    let hardened = LiveOutcome {
        client: ClientDesign::Hardened,
        requests: 300,
        answered: 300,
        proxy_refusals: 0,
        client_errors: BTreeMap::new(),
        journal_entries: 300,
        journaled_refusals: 0,
        violations_by_finding: BTreeMap::from([
            (FindingId::F1, 0),
            (FindingId::S1, 0),
            (FindingId::F7, 0),
        ]),
        examples: Vec::new(),
    };
    Ok(vec![legacy, hardened])
}

#[test]
fn the_report_says_where_every_live_request_went() {
    let mut plan = AuditPlan::test().only(&[FindingId::F1, FindingId::F7]);
    plan.live_runner = Some(live_outcomes_with_refusals);

    let report = audit::run_audit(&plan, &SilentProgress);
    let md = audit::render_markdown(&report, "");
    let json: Value = serde_json::from_str(&report.to_json()).unwrap();

    let legacy_line = "legacy: 300 requests: 148 answered, 150 refused by a proxy, 2 failed in \
                       the client; 298 journal entries (150 refusals)";
    assert!(
        md.contains(&format!(
            "- {legacy_line}; failed in the client: transport: timeout 2\n"
        )),
        "{md}"
    );
    assert!(md.contains("refuses it with HTTP 407"));
    assert!(md.contains("Every request ends one of three ways."));
    assert!(md.contains("requests that failed in the client are the difference"));
    let legacy = &json["live"]["outcomes"][0];
    assert_eq!(legacy["client"], "legacy");
    assert_eq!(legacy["proxy_refusals"], 150);
    assert_eq!(legacy["client_errors"]["transport: timeout"], 2);
    assert_eq!(legacy["answered"], 148);
    assert_eq!(
        json["live"]["outcomes"][1]["client_errors"],
        serde_json::json!({})
    );

    let table = audit::render_verdict_table(&report);
    assert!(
        table.contains(&format!(
            "  {legacy_line}\n    failed in the client: transport: timeout 2\n"
        )),
        "{table}"
    );
}

#[test]
fn the_markdown_defines_its_terms_and_warns_against_summing_shared_counts() {
    let mut plan = AuditPlan::test().only(&[FindingId::F1, FindingId::F7, FindingId::S1]);
    plan.live_runner = Some(live_outcomes_with_refusals);

    let report = audit::run_audit(&plan, &SilentProgress);
    let md = audit::render_markdown(&report, "");

    // The proof size, where the header states it.
    assert!(
        md.contains(
            "The scalable proofs, S1 and N7, ran with 2 writers: 2 threads that each apply a \
             whole proxy configuration at once (N7 adds a reader)."
        ),
        "{md}"
    );
    // Shared counts: F1 and S1 show the same 150 events.
    assert!(md.contains("| F1 | reproduced, excluded | reproduced, excluded | yes |"));
    assert!(md.contains("| 150 / 0 |"));
    assert!(md.contains(
        "One observed event is evidence for several findings, so the live counts must not be \
         summed."
    ));
    assert!(md.contains("counts under both F1 and S1"));
    assert!(md.contains("counts under both F3 and S2"));
    // F7's live 0 / 0, and where the mixed route of its model is counted.
    assert!(md.contains("**F7 in the live run** counts"));
    assert!(md.contains("the live run counts it under F1 and S1, not under F7"));
    // And in the findings' own sections.
    assert!(md.contains("150 / 0. The same mixed routes as S1's count: one event"));
    assert!(md.contains("0 / 0. Live, F7 counts lost or crossed responses"));
    // The examples' "(1 of 1)".
    assert!(md.contains(
        "Live examples, legacy design (1 of 1): the checker keeps a description of the first \
         few violating requests of each finding; it kept 1 for this design, shown here up to 5, \
         all in report.json."
    ));
}

/// The full report with the audit-sized counts that make cells widest, live results and a
/// mismatch.
fn widest_report() -> AuditReport {
    let mut report = full_report().clone();
    for finding in &mut report.findings {
        for proof in &mut finding.hardened_proofs {
            proof.iterations = proof.iterations.max(306_191);
        }
        for model in &mut finding.legacy_models {
            model.iterations = model.iterations.max(24);
        }
        finding.live_legacy_violations = Some(1_160);
        finding.live_hardened_violations = Some(0);
        finding.real_client = "not shown, 0 of 20000".to_owned();
    }
    report.findings[0].expected = Verdict::NotARaceByConstruction;
    let mut outcomes = live_outcomes_with_refusals().unwrap();
    for outcome in &mut outcomes {
        outcome.requests *= 100;
        outcome.answered *= 100;
        outcome.journal_entries *= 100;
    }
    report.live = audit::LiveStatus::Ran { outcomes };
    report
}

#[test]
fn the_terminal_table_fits_its_width_and_names_what_it_leaves_to_report_md() {
    let report = widest_report();

    let table = audit::render_verdict_table(&report);

    for line in table.lines() {
        assert!(
            line.chars().count() <= audit::TERMINAL_WIDTH,
            "{} columns: {line}",
            line.chars().count()
        );
    }
    assert!(table.starts_with("id  verdict"), "{table}");
    assert!(table.contains("live L / H: live stress violations, legacy / hardened"));
    assert!(table.contains("report.md shows both"));
    assert!(
        table.contains("1,160 / 0") || table.contains("1160 / 0"),
        "{table}"
    );
    assert!(table.contains(&format!(
        "differing from their expectation: F1 (expected {})",
        Verdict::NotARaceByConstruction
    )));
    // Every finding keeps its row.
    for id in FindingId::ALL {
        assert!(
            table
                .lines()
                .any(|line| line.starts_with(&format!("{id}  "))),
            "no row for {id}"
        );
    }
}

#[test]
fn race_audit_only_prints_each_counterexample_on_stdout() {
    let dir = scratch_dir("only-f2");

    let output = std::process::Command::new(env!("CARGO_BIN_EXE_race-audit"))
        .args(["--only", "F2", "--no-progress", "--out"])
        .arg(&dir)
        .output()
        .unwrap();

    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    // The live stress checks no F2 invariant: it is left out without --skip-live.
    assert!(
        stdout.contains("live stress not run: none of the findings audited is checked live"),
        "{stdout}"
    );
    assert!(stdout.contains("## F2: "), "{stdout}");
    assert!(stdout.contains("> F2 violated: "), "{stdout}");
    assert!(stdout.contains("| step | thread | action | field | value |"));
    assert!(stdout.contains("| `proxy_host` | None |"), "{stdout}");
    assert!(!stdout.contains("## F1: "));
    std::fs::remove_dir_all(&dir).unwrap();
}
