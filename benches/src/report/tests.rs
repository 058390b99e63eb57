//! The report's reading, ratios and rendering, on small hand-made criterion
//! trees.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::json;

use super::*;

/// A criterion output folder written by hand, removed when dropped.
struct Tree {
    root: PathBuf,
}

impl Tree {
    fn new(name: &str) -> Tree {
        let root = std::env::temp_dir().join(format!(
            "ffiec-benches-report-{}-{name}",
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(&root).unwrap();
        Tree { root }
    }

    /// Writes `<folder>/<state>/benchmark.json` and `estimates.json` as
    /// criterion does, with the median and its interval in nanoseconds.
    fn result(
        &self,
        folder: &str,
        state: &str,
        id: &str,
        throughput: serde_json::Value,
        median: [f64; 3],
    ) {
        let dir = self.root.join(folder).join(state);
        fs::create_dir_all(&dir).unwrap();
        let benchmark = json!({
            "group_id": id.split('/').next().unwrap(),
            "function_id": null,
            "value_str": null,
            "throughput": throughput,
            "full_id": id,
            "directory_name": folder,
            "title": id,
        });
        let estimate = |point: f64, low: f64, high: f64| {
            json!({
                "confidence_interval": {"confidence_level": 0.95, "lower_bound": low, "upper_bound": high},
                "point_estimate": point,
                "standard_error": 1.0,
            })
        };
        let [point, low, high] = median;
        let estimates = json!({
            "mean": estimate(point * 1.1, low, high * 1.2),
            "median": estimate(point, low, high),
            "median_abs_dev": estimate(3.0, 2.0, 4.0),
            "slope": null,
            "std_dev": estimate(5.0, 4.0, 6.0),
        });
        fs::write(dir.join("benchmark.json"), benchmark.to_string()).unwrap();
        fs::write(dir.join("estimates.json"), estimates.to_string()).unwrap();
    }

    fn path(&self) -> &Path {
        &self.root
    }
}

impl Drop for Tree {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.root);
    }
}

fn machine() -> Machine {
    Machine {
        cpus: 2,
        cpu_model: "Test CPU 3000".into(),
        rustc: "rustc 1.95.0 (test)".into(),
        date: "2026-12-03 18:00 UTC".into(),
        load_average: "0.50 / 0.40 / 0.30".into(),
    }
}

/// The XBRL pair of the Call facsimile, the parser at `parser_ns`.
fn xbrl_tree(name: &str, parser_ns: f64) -> Tree {
    let tree = Tree::new(name);
    let throughput = json!({"ElementsAndBytes": {"elements": 2000, "bytes": 300000}});
    tree.result(
        "xbrl_call/from_bytes",
        "new",
        "xbrl_call/from_bytes",
        throughput.clone(),
        [parser_ns, parser_ns - 100_000.0, parser_ns + 100_000.0],
    );
    tree.result(
        "xbrl_call/ns_reader_limit",
        "new",
        "xbrl_call/ns_reader_limit",
        throughput,
        [1_000_000.0, 990_000.0, 1_010_000.0],
    );
    tree
}

#[test]
fn reads_medians_intervals_and_throughputs_at_any_depth() {
    let tree = xbrl_tree("depth", 1_500_000.0);
    tree.result(
        "soap_call/bare_reqwest/8",
        "new",
        "soap_call/bare_reqwest/8",
        json!({"Elements": 8}),
        [400_000.0, 380_000.0, 420_000.0],
    );
    tree.result(
        "session_cell/load/uncontended",
        "new",
        "session_cell/load/uncontended",
        serde_json::Value::Null,
        [21.5, 21.0, 22.0],
    );

    let measurements = read_measurements(tree.path()).unwrap();

    assert_eq!(
        measurements.keys().collect::<Vec<_>>(),
        [
            "session_cell/load/uncontended",
            "soap_call/bare_reqwest/8",
            "xbrl_call/from_bytes",
            "xbrl_call/ns_reader_limit",
        ]
    );
    let parser = &measurements["xbrl_call/from_bytes"];
    assert_eq!(parser.median_ns, 1_500_000.0);
    assert_eq!(parser.median_interval_ns, (1_400_000.0, 1_600_000.0));
    assert_eq!(
        parser.throughput,
        Some(Throughput {
            bytes: Some(300_000),
            elements: Some(2_000)
        })
    );
    assert_eq!(parser.bytes_per_second(), Some(200_000_000.0));
    assert_eq!(
        parser.elements_per_second().map(f64::round),
        Some(1_333_333.0)
    );

    let requests = &measurements["soap_call/bare_reqwest/8"];
    assert_eq!(requests.elements_per_second(), Some(20_000.0));
    assert_eq!(requests.bytes_per_second(), None);
    assert_eq!(
        measurements["session_cell/load/uncontended"].throughput,
        None
    );
}

#[test]
fn only_new_results_count() {
    let tree = xbrl_tree("new-only", 1_500_000.0);
    // An older run and a half-written folder must not replace or add figures.
    tree.result(
        "xbrl_call/from_bytes",
        "base",
        "xbrl_call/from_bytes",
        serde_json::Value::Null,
        [9.0, 8.0, 10.0],
    );
    let half = tree.path().join("soap_call/hardened_client/1/new");
    fs::create_dir_all(&half).unwrap();
    fs::write(half.join("benchmark.json"), "{}").unwrap();

    let measurements = read_measurements(tree.path()).unwrap();

    assert_eq!(measurements.len(), 2);
    assert_eq!(measurements["xbrl_call/from_bytes"].median_ns, 1_500_000.0);
}

#[test]
fn a_broken_estimates_file_is_an_error_naming_it() {
    let tree = xbrl_tree("broken", 1_500_000.0);
    let estimates = tree.path().join("xbrl_call/from_bytes/new/estimates.json");
    fs::write(&estimates, "{\"mean\": {}}").unwrap();

    let error = read_measurements(tree.path()).unwrap_err();

    assert!(matches!(error, ReadError::Format { ref path, .. } if *path == estimates));
    assert!(
        error
            .to_string()
            .contains("estimates.json is not a criterion result")
    );
}

#[test]
fn a_missing_criterion_folder_is_an_io_error() {
    let error = read_measurements(Path::new("/nonexistent/criterion")).unwrap_err();
    assert!(matches!(error, ReadError::Io { .. }));
}

#[test]
fn speed_ratio_is_the_share_of_the_limit_and_judges_the_goal() {
    let comparison = &planned()[0];
    assert_eq!(comparison.subject, "xbrl_call/from_bytes");
    assert_eq!(comparison.goal, Some(XBRL_GOAL));

    let fast = xbrl_tree("fast", 1_500_000.0);
    let outcome = comparison
        .evaluate(&read_measurements(fast.path()).unwrap())
        .unwrap();
    assert!(
        (outcome.ratio - 2.0 / 3.0).abs() < 1e-12,
        "{}",
        outcome.ratio
    );
    assert_eq!(outcome.met, Some(true));

    let slow = xbrl_tree("slow", 2_500_000.0);
    let outcome = comparison
        .evaluate(&read_measurements(slow.path()).unwrap())
        .unwrap();
    assert_eq!(outcome.ratio, 0.4);
    assert_eq!(outcome.met, Some(false));
}

#[test]
fn time_ratio_is_ours_over_the_reference() {
    let tree = Tree::new("overhead");
    let requests = json!({"Elements": 64});
    tree.result(
        "soap_call/hardened_client/64",
        "new",
        "soap_call/hardened_client/64",
        requests.clone(),
        [5_400_000.0, 5_300_000.0, 5_500_000.0],
    );
    tree.result(
        "soap_call/bare_reqwest/64",
        "new",
        "soap_call/bare_reqwest/64",
        requests,
        [5_000_000.0, 4_900_000.0, 5_100_000.0],
    );
    let measurements = read_measurements(tree.path()).unwrap();
    let overhead = planned()
        .into_iter()
        .find(|c| c.subject == "soap_call/hardened_client/64" && c.goal.is_some())
        .unwrap();

    let outcome = overhead.evaluate(&measurements).unwrap();

    assert!((outcome.ratio - 1.08).abs() < 1e-12, "{}", outcome.ratio);
    assert_eq!(outcome.met, Some(true));
    assert!(!CLIENT_OVERHEAD_GOAL.is_met_by(1.2));
}

#[test]
fn a_missing_benchmark_is_named() {
    let tree = xbrl_tree("missing", 1_500_000.0);
    let measurements = read_measurements(tree.path()).unwrap();
    let ubpr = planned()
        .into_iter()
        .find(|c| c.subject == "xbrl_ubpr/from_bytes")
        .unwrap();

    assert_eq!(
        ubpr.evaluate(&measurements).unwrap_err(),
        "xbrl_ubpr/from_bytes"
    );
}

#[test]
fn the_plan_names_every_benchmark_the_benches_write() {
    let plan = planned();
    let ids: Vec<&str> = plan
        .iter()
        .flat_map(|c| [c.subject.as_str(), c.reference.as_str()])
        .collect();

    for expected in [
        "xbrl_ubpr/ns_reader_limit",
        "session_cell/load/during_rotation",
        "session_cell/arc_clone/uncontended",
        "rate_limiter/reserve/1_thread",
        "rate_limiter/try_acquire/8_threads",
        "soap_call/new_client_per_call/1",
        "soap_call/bare_reqwest/64",
        "soap_codec/decode_answer",
        "soap_codec/write_envelope",
    ] {
        assert!(ids.contains(&expected), "{expected}");
    }
    let goals = plan.iter().filter(|c| c.goal.is_some()).count();
    assert_eq!(
        goals,
        2 + 3,
        "two parser goals, one overhead goal per concurrency"
    );
}

#[test]
fn the_report_shows_machine_ratios_verdicts_and_the_rerun_command() {
    let tree = xbrl_tree("render", 1_500_000.0);
    let measurements = read_measurements(tree.path()).unwrap();
    let machine = machine();
    let plan = planned();

    let report = render(&ReportInput {
        machine: &machine,
        measurements: &measurements,
        comparisons: &plan,
        python: None,
        interop: None,
        bench_wall_time: Some("4 min 10 s"),
        notes: None,
    });

    assert!(report.contains("| logical CPUs (`nproc`) | 2 |"));
    assert!(report.contains("| CPU model | Test CPU 3000 |"));
    assert!(report.contains("| rustc | rustc 1.95.0 (test) |"));
    assert!(report.contains("| load average (1 / 5 / 15 min) when written | 0.50 / 0.40 / 0.30 |"));
    assert!(report.contains("| `cargo bench --workspace` took | 4 min 10 s |"));
    assert!(report.contains(
        "| Call facsimile: XbrlDocument::from_bytes vs bare NsReader loop | 0.67 | ≥ 0.50 | yes |"
    ));
    assert!(report.contains(
        "| 1.50 ms | 200 MB/s; 1,333,333 facts/s | 1.00 ms | 300 MB/s; 2,000,000 facts/s | 0.67 |"
    ));
    assert!(report.contains("not measured (`xbrl_ubpr/from_bytes` missing)"));
    assert!(report.contains("## The real Python client"));
    assert!(report.contains("not measured: neither `benches/python/run.sh`"));
    assert!(!report.contains("## Notes"));
    assert!(report.contains(
        "| `xbrl_call/ns_reader_limit` | 1.00 ms | 990 µs – 1.01 ms | 300 MB/s; 2,000,000 facts/s |"
    ));
    assert!(report.contains(RERUN_COMMAND));
}

#[test]
fn a_goal_not_met_is_marked_and_hand_written_notes_are_included() {
    let tree = xbrl_tree("unmet", 2_500_000.0);
    let measurements = read_measurements(tree.path()).unwrap();
    let machine = machine();
    let plan = planned();

    let report = render(&ReportInput {
        machine: &machine,
        measurements: &measurements,
        comparisons: &plan,
        python: None,
        interop: None,
        bench_wall_time: None,
        notes: Some("The parser reads attributes in four passes.\n"),
    });

    assert!(report.contains(
        "## Notes (written by hand, not generated)\n\nThe parser reads attributes in four passes.\n"
    ));
    assert!(report.contains("| 0.40 | ≥ 0.50 | **no** |"));
    assert!(!report.contains("took |"));
}

#[test]
fn interop_rates_are_listed_when_present() {
    let tree = xbrl_tree("interop", 1_500_000.0);
    let measurements = read_measurements(tree.path()).unwrap();
    let machine = machine();
    let plan = planned();
    let figures = InteropFigures {
        source: "target/interop/results.json".into(),
        rates: vec![("v027.calls_per_second".into(), 10.04)],
    };

    let report = render(&ReportInput {
        machine: &machine,
        measurements: &measurements,
        comparisons: &plan,
        python: None,
        interop: Some(&figures),
        bench_wall_time: None,
        notes: None,
    });

    assert!(
        report.contains(
            "Rates in the interoperability run's results (`target/interop/results.json`)"
        )
    );
    assert!(report.contains("| `v027.calls_per_second` | 10.0 |"));
    assert!(report.contains("Timed figures: not measured"));
}

#[test]
fn python_figures_stand_beside_their_rust_benchmark() {
    let tree = xbrl_tree("python", 1_500_000.0);
    let measurements = read_measurements(tree.path()).unwrap();
    let machine = machine();
    let plan = planned();
    let python = PythonRun {
        schema: PYTHON_RATES_SCHEMA.into(),
        library: "ffiec-data-connect 0.2.7".into(),
        figures: vec![
            PythonFigure {
                name: "XBRL step on the Call facsimile".into(),
                unit: "facts".into(),
                per_second: 66_666.7,
                rust_benchmark: "xbrl_call/from_bytes".into(),
            },
            PythonFigure {
                name: "RetrieveReportingPeriods".into(),
                unit: "requests".into(),
                per_second: 128.0,
                rust_benchmark: "soap_call/hardened_client/1".into(),
            },
        ],
    };
    let interop = InteropFigures {
        source: "target/interop/results.json".into(),
        rates: Vec::new(),
    };

    let report = render(&ReportInput {
        machine: &machine,
        measurements: &measurements,
        comparisons: &plan,
        python: Some(&python),
        interop: Some(&interop),
        bench_wall_time: None,
        notes: None,
    });

    assert!(report.contains(
        "| XBRL step on the Call facsimile | 66,667 facts/s | 1,333,333 facts/s | `xbrl_call/from_bytes` | 20.0× |"
    ));
    assert!(report.contains(
        "| RetrieveReportingPeriods | 128 requests/s | not measured | `soap_call/hardened_client/1` | — |"
    ));
    assert!(report.contains("hold no rates: that run checks behaviour, not speed"));
}
