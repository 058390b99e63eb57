//! The contract between the audit and the live stress run.
//!
//! The live stress (module `race_tests::live`, written separately) drives the legacy model
//! and the hardened client from real threads against the mock server and its recording
//! proxy, then reads the mock's journal to see which credentials and proxy each request
//! really used. It reports back to the audit through the types here:
//!
//! - it returns one [`LiveOutcome`] per client design, `legacy` and `hardened`, which says
//!   where every request went: answered by the service, refused by a recording proxy, or
//!   failed in the client;
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
    /// Requests the client sent: `answered`, plus `proxy_refusals`, plus the
    /// `client_errors`.
    pub requests: u64,
    /// Requests the service answered (a result or a fault); each has one journal entry.
    pub answered: u64,
    /// Requests a recording proxy refused with HTTP 407 because they presented another
    /// proxy's credentials: mixed routes, counted under F1 and S1.
    pub proxy_refusals: u64,
    /// Requests that failed in the client before any answer, by error kind; they have no
    /// journal entry.
    pub client_errors: BTreeMap<String, u64>,
    /// Entries the mock's journal recorded for them: one per answered request, and one per
    /// proxy refusal.
    pub journal_entries: u64,
    /// The journal entries that record a proxy refusal.
    pub journaled_refusals: u64,
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

    /// Where the requests went, in one line: `legacy: 300 requests: 184 answered, 116
    /// refused by a proxy, 0 failed in the client; 300 journal entries (116 refusals)`.
    /// [`client_error_kinds`](Self::client_error_kinds) says how the failures failed.
    pub fn accounting(&self) -> String {
        let failed: u64 = self.client_errors.values().sum();
        format!(
            "{}: {} requests: {} answered, {} refused by a proxy, {failed} failed in the \
             client; {} journal entries ({} refusals)",
            self.client.as_str(),
            self.requests,
            self.answered,
            self.proxy_refusals,
            self.journal_entries,
            self.journaled_refusals,
        )
    }
}

impl LiveOutcome {
    /// The client failures by kind, `transport: timeout 2, ...`; `None` when there were
    /// none.
    pub fn client_error_kinds(&self) -> Option<String> {
        let kinds: Vec<String> = self
            .client_errors
            .iter()
            .map(|(kind, count)| format!("{kind} {count}"))
            .collect();
        (!kinds.is_empty()).then(|| kinds.join(", "))
    }
}

impl ClientDesign {
    /// `legacy` or `hardened`, as the report writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ClientDesign::Legacy => "legacy",
            ClientDesign::Hardened => "hardened",
        }
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
                let designs: Vec<&str> = outcomes
                    .iter()
                    .map(|outcome| outcome.client.as_str())
                    .collect();
                format!(
                    "live stress ran against the mock server: {}",
                    designs.join(" and ")
                )
            }
        }
    }

    /// The outcomes of the live stress; none when it did not run.
    pub fn outcomes(&self) -> &[LiveOutcome] {
        match self {
            LiveStatus::Ran { outcomes } => outcomes,
            LiveStatus::NotRun { .. } | LiveStatus::Failed { .. } => &[],
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
            answered: 160,
            proxy_refusals: 0,
            client_errors: BTreeMap::new(),
            journal_entries: 160,
            journaled_refusals: 0,
            violations_by_finding: BTreeMap::from([(FindingId::N1, torn)]),
            examples: Vec::new(),
        }
    }

    #[test]
    fn the_accounting_says_where_every_request_went() {
        let outcome = LiveOutcome {
            requests: 300,
            answered: 181,
            proxy_refusals: 116,
            client_errors: BTreeMap::from([("transport: timeout".to_owned(), 3)]),
            journal_entries: 297,
            journaled_refusals: 116,
            ..outcome(ClientDesign::Legacy, 20)
        };

        assert_eq!(
            outcome.accounting(),
            "legacy: 300 requests: 181 answered, 116 refused by a proxy, 3 failed in the \
             client; 297 journal entries (116 refusals)"
        );
        assert_eq!(
            outcome.client_error_kinds().as_deref(),
            Some("transport: timeout 3")
        );
        assert_eq!(
            LiveOutcome {
                client_errors: BTreeMap::new(),
                ..outcome.clone()
            }
            .client_error_kinds(),
            None
        );
        let json = serde_json::to_value(&outcome).unwrap();
        assert_eq!(json["proxy_refusals"], 116);
        assert_eq!(json["client_errors"]["transport: timeout"], 3);
        assert_eq!(json["answered"], 181);
        assert_eq!(json["journaled_refusals"], 116);
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
            "live stress ran against the mock server: legacy and hardened"
        );
        assert_eq!(status.outcomes().len(), 2);
        assert!(
            status.outcomes()[1]
                .accounting()
                .starts_with("hardened: 160 requests: 160 answered")
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
