//! The contract between the audit and the live stress run.
//!
//! The live stress (module `race_tests::live`, written separately) drives the legacy model
//! and the hardened client from real threads against the mock server and its recording
//! proxy, then reads the mock's journal to see which credentials and proxy each request
//! really used. It reports back to the audit through the types here:
//!
//! - it returns one [`LiveOutcome`] per client design, `legacy` and `hardened`;
//! - `violations_by_finding` counts, per finding id, the journal entries that break that
//!   finding's invariant (a torn pair is N1 or F3, a password at the wrong proxy S1, ...);
//!   a finding it does not check is absent, not zero;
//! - `examples` holds a few violating entries in words, with secrets as fingerprints only.
//!
//! The audit calls it through a [`LiveRunner`] given in the
//! [`AuditPlan`](super::AuditPlan). Until one is given, the live phase is skipped and the
//! report says "live stress not run"; it never shows numbers it did not measure.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::findings::FindingId;

/// Which design a live run drove.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientDesign {
    /// The legacy model, with real HTTP sessions.
    Legacy,
    /// The hardened client.
    Hardened,
}

/// What one live stress run of one client design found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LiveOutcome {
    /// The design driven.
    pub client: ClientDesign,
    /// Requests the client sent.
    pub requests: u64,
    /// Entries the mock's journal recorded for them.
    pub journal_entries: u64,
    /// Per finding, the journal entries that break its invariant; a finding not checked
    /// live is absent.
    pub violations_by_finding: BTreeMap<FindingId, u64>,
    /// A few violating entries in words, secrets as fingerprints only.
    pub examples: Vec<String>,
}

impl LiveOutcome {
    /// The violations of `finding`, or `None` when this run did not check it.
    pub fn violations_of(&self, finding: FindingId) -> Option<u64> {
        self.violations_by_finding.get(&finding).copied()
    }
}

/// How the audit asks for a live run: returns the outcomes of both designs, or why the
/// run could not happen (the mock did not start, ...).
pub type LiveRunner = fn() -> Result<Vec<LiveOutcome>, String>;

/// The live phase as the report shows it.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum LiveStatus {
    /// No live run: the reason says why (skipped, or no live module in this build).
    NotRun {
        /// Why.
        reason: String,
    },
    /// The live runner failed before it could report.
    Failed {
        /// Its error.
        error: String,
    },
    /// The outcomes of each design.
    Ran {
        /// One outcome per design.
        outcomes: Vec<LiveOutcome>,
    },
}

impl LiveStatus {
    /// The violations of `finding` seen live by `client`, if that was measured.
    pub fn violations(&self, client: ClientDesign, finding: FindingId) -> Option<u64> {
        match self {
            LiveStatus::Ran { outcomes } => outcomes
                .iter()
                .find(|outcome| outcome.client == client)
                .and_then(|outcome| outcome.violations_of(finding)),
            LiveStatus::NotRun { .. } | LiveStatus::Failed { .. } => None,
        }
    }

    /// One line for the report's header.
    pub fn summary(&self) -> String {
        match self {
            LiveStatus::NotRun { reason } => format!("live stress not run: {reason}"),
            LiveStatus::Failed { error } => format!("live stress failed: {error}"),
            LiveStatus::Ran { outcomes } => {
                let designs: Vec<String> = outcomes
                    .iter()
                    .map(|outcome| {
                        format!(
                            "{:?}: {} requests, {} journal entries",
                            outcome.client, outcome.requests, outcome.journal_entries
                        )
                        .to_lowercase()
                    })
                    .collect();
                format!("live stress ran: {}", designs.join("; "))
            }
        }
    }
}

impl fmt::Debug for LiveStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.summary())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(client: ClientDesign, torn: u64) -> LiveOutcome {
        LiveOutcome {
            client,
            requests: 160,
            journal_entries: 160,
            violations_by_finding: BTreeMap::from([(FindingId::N1, torn)]),
            examples: Vec::new(),
        }
    }

    #[test]
    fn violations_are_looked_up_per_design_and_absent_when_not_checked() {
        let status = LiveStatus::Ran {
            outcomes: vec![
                outcome(ClientDesign::Legacy, 61),
                outcome(ClientDesign::Hardened, 0),
            ],
        };

        assert_eq!(
            status.violations(ClientDesign::Legacy, FindingId::N1),
            Some(61)
        );
        assert_eq!(
            status.violations(ClientDesign::Hardened, FindingId::N1),
            Some(0)
        );
        assert_eq!(status.violations(ClientDesign::Legacy, FindingId::S1), None);
        assert_eq!(
            status.summary(),
            "live stress ran: legacy: 160 requests, 160 journal entries; \
             hardened: 160 requests, 160 journal entries"
        );
    }

    #[test]
    fn a_skipped_run_reports_nothing_measured() {
        let status = LiveStatus::NotRun {
            reason: "--skip-live".to_owned(),
        };
        assert_eq!(status.violations(ClientDesign::Legacy, FindingId::N1), None);
        assert_eq!(status.summary(), "live stress not run: --skip-live");
        let json = serde_json::to_value(&status).unwrap();
        assert_eq!(json["status"], "not_run");
    }
}
