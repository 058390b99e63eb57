//! The "real client" column: what the Python interoperability run of the real
//! ffiec-data-connect saw against the mock, when it has been run.
//!
//! That run (`interop/run.sh`, merged by `interop/summarize.py`) writes
//! `target/interop/results.json`, schema `ffiec-interop-results/1`. The audit reads:
//!
//! ```json
//! { "schema": "ffiec-interop-results/1", "passed": 58, "failed": 2,
//!   "findings": { "N1": { "showed": true, "count": 17, "of": 80, "what": "data calls ..." } } }
//! ```
//!
//! A finding's entry may also be a bare sentence. Entries that are not finding ids (such
//! as `proxy_path`) and every other field are ignored; a finding the file does not mention
//! shows "not run". No file means the run did not happen, and every cell says so.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use crate::findings::FindingId;

/// Where the interoperability run leaves its results, from the repository root.
pub const DEFAULT_INTEROP_RESULTS: &str = "target/interop/results.json";

/// What the real client showed for one finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InteropEntry {
    /// Whether the run saw the finding happen.
    pub showed: Option<bool>,
    /// How many times it happened.
    pub count: Option<u64>,
    /// Out of how many attempts (requests, rounds, calls).
    pub of: Option<u64>,
    /// What was counted, in words.
    pub what: String,
}

impl InteropEntry {
    /// The short form for the verdict table: `shown, 17 of 80`.
    pub fn cell(&self) -> String {
        let counted = match (self.count, self.of) {
            (Some(count), Some(of)) => Some(format!("{count} of {of}")),
            (Some(count), None) => Some(count.to_string()),
            _ => None,
        };
        match (self.showed, counted) {
            (Some(true), Some(counted)) => format!("shown, {counted}"),
            (Some(false), Some(counted)) => format!("not shown, {counted}"),
            (Some(true), None) => "shown".to_owned(),
            (Some(false), None) => "not shown".to_owned(),
            (None, Some(counted)) => counted,
            (None, None) => self.what.clone(),
        }
    }
}

/// What the report shows in the "real client" column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InteropColumn {
    /// The file read, if there was one.
    pub source: Option<PathBuf>,
    /// Where the results came from and how the run went, or why there are none.
    pub note: String,
    /// One entry per finding the run reported on.
    pub by_finding: BTreeMap<FindingId, InteropEntry>,
}

impl InteropColumn {
    /// The column when no interoperability run is available.
    pub fn not_run(note: impl Into<String>) -> Self {
        InteropColumn {
            source: None,
            note: note.into(),
            by_finding: BTreeMap::new(),
        }
    }

    /// Reads `path` if it exists; a missing file gives [`InteropColumn::not_run`], an
    /// unreadable one a column whose note says why.
    pub fn read(path: &Path) -> Self {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return InteropColumn::not_run(format!(
                    "real client: interoperability run not found at {}",
                    path.display()
                ));
            }
            Err(error) => {
                return InteropColumn::not_run(format!(
                    "real client: cannot read {}: {error}",
                    path.display()
                ));
            }
        };

        match parse(&text) {
            Ok((summary, by_finding)) => InteropColumn {
                source: Some(path.to_owned()),
                note: format!("real client: {summary}, from {}", path.display()),
                by_finding,
            },
            Err(reason) => {
                InteropColumn::not_run(format!("real client: {}: {reason}", path.display()))
            }
        }
    }

    /// The table cell for `finding`: the entry's short form, or "not run".
    pub fn cell(&self, finding: FindingId) -> String {
        self.by_finding
            .get(&finding)
            .map_or_else(|| "not run".to_owned(), InteropEntry::cell)
    }

    /// The entry for `finding`, if the run reported on it.
    pub fn entry(&self, finding: FindingId) -> Option<&InteropEntry> {
        self.by_finding.get(&finding)
    }
}

type Parsed = (String, BTreeMap<FindingId, InteropEntry>);

fn parse(text: &str) -> Result<Parsed, String> {
    let json: Value = serde_json::from_str(text).map_err(|error| format!("not JSON: {error}"))?;
    let findings = json
        .get("findings")
        .and_then(Value::as_object)
        .ok_or("no `findings` object")?;

    let by_finding = FindingId::ALL
        .into_iter()
        .filter_map(|id| findings.get(id.as_str()).map(|value| (id, entry(value))))
        .collect();

    let schema = json
        .get("schema")
        .and_then(Value::as_str)
        .unwrap_or("no schema named");
    let checks = match (
        json.get("passed").and_then(Value::as_u64),
        json.get("failed").and_then(Value::as_u64),
    ) {
        (Some(passed), Some(failed)) => format!("{passed} checks passed, {failed} failed"),
        _ => "check counts not given".to_owned(),
    };
    Ok((format!("{checks} ({schema})"), by_finding))
}

fn entry(value: &Value) -> InteropEntry {
    match value {
        Value::String(sentence) => InteropEntry {
            showed: None,
            count: None,
            of: None,
            what: sentence.clone(),
        },
        other => InteropEntry {
            showed: other.get("showed").and_then(Value::as_bool),
            count: other.get("count").and_then(Value::as_u64),
            of: other.get("of").and_then(Value::as_u64),
            what: other
                .get("what")
                .or_else(|| other.get("summary"))
                .and_then(Value::as_str)
                .map_or_else(|| other.to_string(), str::to_owned),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_entries_and_bare_sentences_are_read_per_finding() {
        let text = r#"{"schema": "ffiec-interop-results/1", "passed": 58, "failed": 2,
            "findings": {
                "N1": {"showed": true, "count": 17, "of": 80, "what": "torn pairs"},
                "F2": {"showed": false, "count": 0, "of": 20000, "what": "None re-read"},
                "F5": "one WSDL per call",
                "proxy_path": {"showed": true}}}"#;
        let (summary, by_finding) = parse(text).unwrap();

        assert_eq!(
            summary,
            "58 checks passed, 2 failed (ffiec-interop-results/1)"
        );
        assert_eq!(by_finding[&FindingId::N1].cell(), "shown, 17 of 80");
        assert_eq!(by_finding[&FindingId::N1].what, "torn pairs");
        assert_eq!(by_finding[&FindingId::F2].cell(), "not shown, 0 of 20000");
        assert_eq!(by_finding[&FindingId::F5].cell(), "one WSDL per call");
        assert_eq!(by_finding.len(), 3, "proxy_path is not a finding id");
    }

    #[test]
    fn a_missing_file_leaves_every_cell_not_run() {
        let column = InteropColumn::read(Path::new("/nonexistent/interop/results.json"));
        assert_eq!(column.source, None);
        assert_eq!(column.cell(FindingId::N1), "not run");
        assert!(column.note.contains("not found"));
    }

    #[test]
    fn a_file_without_findings_is_reported_not_trusted() {
        assert_eq!(parse("[1, 2]").unwrap_err(), "no `findings` object");
        assert!(parse("{").unwrap_err().starts_with("not JSON"));
    }
}
