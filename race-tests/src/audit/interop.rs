//! The "real client" column: what the Python interoperability run of the real
//! ffiec-data-connect saw against the mock, when it has been run.
//!
//! That run writes `target/interop/results.json`. The audit reads only this much of it:
//!
//! ```json
//! { "findings": { "N1": "61 of 160 requests carried a torn pair", "F5": { "summary": "..." } } }
//! ```
//!
//! a `findings` object keyed by finding id whose values are either a sentence or an object
//! with a `summary` sentence. Anything else in the file is ignored; a finding it does not
//! mention shows "not run". No file means the run did not happen, and every cell says so.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::findings::FindingId;

/// Where the interoperability run leaves its results, from the repository root.
pub const DEFAULT_INTEROP_RESULTS: &str = "target/interop/results.json";

/// What the report shows in the "real client" column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InteropColumn {
    /// The file read, if there was one.
    pub source: Option<PathBuf>,
    /// Why there is nothing, or what went wrong reading it.
    pub note: String,
    /// One sentence per finding the run reported on.
    pub by_finding: BTreeMap<FindingId, String>,
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
                    "interoperability run not found at {}",
                    path.display()
                ));
            }
            Err(error) => {
                return InteropColumn::not_run(format!("cannot read {}: {error}", path.display()));
            }
        };

        match parse(&text) {
            Ok(by_finding) => InteropColumn {
                source: Some(path.to_owned()),
                note: format!("from {}", path.display()),
                by_finding,
            },
            Err(reason) => InteropColumn::not_run(format!("{}: {reason}", path.display())),
        }
    }

    /// The cell for `finding`: the run's sentence, or "not run".
    pub fn cell(&self, finding: FindingId) -> &str {
        self.by_finding
            .get(&finding)
            .map_or("not run", String::as_str)
    }
}

fn parse(text: &str) -> Result<BTreeMap<FindingId, String>, String> {
    let json: serde_json::Value =
        serde_json::from_str(text).map_err(|error| format!("not JSON: {error}"))?;
    let findings = json
        .get("findings")
        .and_then(serde_json::Value::as_object)
        .ok_or("no `findings` object")?;

    let mut by_finding = BTreeMap::new();
    for id in FindingId::ALL {
        let Some(value) = findings.get(id.as_str()) else {
            continue;
        };
        let sentence = match value {
            serde_json::Value::String(sentence) => sentence.clone(),
            other => other
                .get("summary")
                .and_then(serde_json::Value::as_str)
                .map_or_else(|| other.to_string(), str::to_owned),
        };
        by_finding.insert(id, sentence);
    }
    Ok(by_finding)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_and_summaries_are_read_per_finding() {
        let text = r#"{"findings": {"N1": "61 of 160 torn", "F5": {"summary": "1 WSDL per call"}},
                       "python": "3.11"}"#;
        let by_finding = parse(text).unwrap();

        assert_eq!(by_finding[&FindingId::N1], "61 of 160 torn");
        assert_eq!(by_finding[&FindingId::F5], "1 WSDL per call");
        assert!(!by_finding.contains_key(&FindingId::F1));
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
