//! The report files are replaced whole or not at all.
//!
//! An audit interrupted while writing (Ctrl-C, a full disk, a killed CI job)
//! must leave the previous report readable, never a truncated one. Writing
//! a fresh file and renaming it over the old one gives that; rewriting the
//! old file in place does not. A hard link to the old file tells the two
//! apart: a rename leaves the linked file as it was, an in-place rewrite
//! changes it.
//!
//! An output folder that cannot be created or written is refused before the
//! audit runs, so a typo in `--out` costs nothing.

use std::path::{Path, PathBuf};

use race_tests::audit::{self, AuditPlan, AuditReport, SilentProgress};
use race_tests::findings::FindingId;

const OLD: &str = "the previous run's report";

/// A cheap report: one finding shown by construction.
fn small_report() -> AuditReport {
    audit::run_audit(&AuditPlan::test().only(&[FindingId::F4]), &SilentProgress)
}

/// A fresh folder under the system temp dir, named after the test.
fn scratch_dir(test: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("race-audit-hostile-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The names in `dir`, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn each_report_file_is_replaced_by_a_rename_not_rewritten_in_place() {
    let dir = scratch_dir("rename");
    let out = dir.join("report");
    let report = small_report();
    audit::write_report(&report, &out).unwrap();

    // Hard links share the file: an in-place rewrite of report.json shows in its witness.
    for name in ["report.json", "report.md"] {
        std::fs::write(out.join(name), OLD).unwrap();
        std::fs::hard_link(out.join(name), dir.join(format!("witness-{name}"))).unwrap();
    }

    audit::write_report(&report, &out).unwrap();

    for name in ["report.json", "report.md"] {
        let witness = std::fs::read_to_string(dir.join(format!("witness-{name}"))).unwrap();
        assert_eq!(witness, OLD, "{name} was rewritten in place");
    }
    let json = std::fs::read_to_string(out.join("report.json")).unwrap();
    assert_eq!(json, report.to_json());
    assert_eq!(
        names_in(&out),
        ["report.json", "report.md"],
        "no temporary file left"
    );

    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_report_that_cannot_be_written_whole_leaves_the_old_json_and_no_scraps() {
    let dir = scratch_dir("partial");
    std::fs::write(dir.join("report.json"), OLD).unwrap();
    // A non-empty folder where report.md should go: that file cannot be written.
    std::fs::create_dir_all(dir.join("report.md").join("blocker")).unwrap();

    let error = audit::write_report(&small_report(), &dir).unwrap_err();

    assert!(error.contains("report.md"), "{error}");
    assert_eq!(
        std::fs::read_to_string(dir.join("report.json")).unwrap(),
        OLD
    );
    assert_eq!(
        names_in(&dir),
        ["report.json", "report.md"],
        "no temporary file left"
    );

    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]

fn the_json_only_report_is_replaced_by_a_rename_too() {
    let dir = scratch_dir("json-only");
    std::fs::write(dir.join("report.json"), OLD).unwrap();
    std::fs::hard_link(dir.join("report.json"), dir.join("witness")).unwrap();
    let report = small_report();

    let json = audit::write_json_report(&report, &dir).unwrap();

    assert_eq!(json, report.to_json());
    assert_eq!(
        std::fs::read_to_string(dir.join("report.json")).unwrap(),
        json
    );
    assert_eq!(std::fs::read_to_string(dir.join("witness")).unwrap(), OLD);
    assert_eq!(names_in(&dir), ["report.json", "witness"]);

    std::fs::remove_dir_all(&dir).unwrap();
}

/// Runs `race-audit` with `args`, its standard output a pipe nobody reads.
fn run_with_closed_stdout(args: &[&str]) -> std::process::Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    std::process::Command::new(env!("CARGO_BIN_EXE_race-audit"))
        .args(args)
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap()
}

#[test]
fn a_closed_stdout_keeps_the_verdict_exit_status_and_the_files() {
    for extra in [&[][..], &["--json-only"]] {
        let dir = scratch_dir(if extra.is_empty() {
            "closed"
        } else {
            "closed-json"
        });
        let out = dir.to_str().unwrap();
        let mut args = vec!["--only", "F4", "--skip-live", "--no-progress", "--out", out];
        args.extend_from_slice(extra);

        let output = run_with_closed_stdout(&args);

        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(dir.join("report.json").is_file());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

#[test]
fn an_output_folder_that_cannot_be_created_is_refused_before_the_audit_runs() {
    let dir = scratch_dir("unwritable");
    let blocker = dir.join("a-file");
    std::fs::write(&blocker, OLD).unwrap();
    let out = blocker.join("report");

    let output = std::process::Command::new(env!("CARGO_BIN_EXE_race-audit"))
        .args(["--only", "F2", "--skip-live", "--no-progress", "--out"])
        .arg(&out)
        .output()
        .unwrap();

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("cannot create {}", out.display())),
        "{stderr}"
    );
    assert!(
        output.stdout.is_empty(),
        "no verdict table: the audit never ran: {}",
        String::from_utf8_lossy(&output.stdout)
    );
    assert_eq!(std::fs::read_to_string(&blocker).unwrap(), OLD);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_writable_output_folder_is_created_and_left_without_a_probe_file() {
    let dir = scratch_dir("probe");
    let out = dir.join("nested").join("report");

    audit::prepare_output_dir(&out).unwrap();

    assert!(out.is_dir());
    assert!(names_in(&out).is_empty(), "{:?}", names_in(&out));
    std::fs::remove_dir_all(&dir).unwrap();
}
