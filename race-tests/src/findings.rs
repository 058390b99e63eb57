//! The catalogue of the review's findings, by id.
//!
//! Every finding keeps its id everywhere (model names, test names, the report), so the
//! catalogue is the single place where an id is tied to its title, its kind, and the
//! invariant a user of the client expects. A model that reproduces a finding panics with a
//! message that starts with `"<id> violated"`, and the text of the invariant it asserts is
//! the one written here.
//!
//! ```
//! use race_tests::findings::{FindingId, FindingKind};
//!
//! let f2 = FindingId::F2.info();
//! assert_eq!(f2.id.as_str(), "F2");
//! assert_eq!(f2.kind, FindingKind::Race);
//! assert!(f2.invariant.contains("checked"));
//! ```

use std::fmt;

use serde::Serialize;

/// The id of one finding of the review (see `DESIGN.md`, "The findings, by id").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum FindingId {
    /// A proxy setter rebuilds the session before it stores its own value.
    F1,
    /// The session builder checks host and port, then reads them again.
    F2,
    /// Unsynchronised credential setters tear the pair `test_credentials` sends.
    F3,
    /// Module-level pattern lists in the methods module.
    F4,
    /// A new SOAP client, and a WSDL download, per request.
    F5,
    /// A module-level compiled pattern in the XBRL processor.
    F6,
    /// A request reads the session while another thread rebuilds it.
    F7,
    /// One logical proxy change costs four session rebuilds.
    F8,
    /// Two threads configure a proxy at once.
    S1,
    /// One thread authenticates while another changes user and token.
    S2,
    /// The torn credential pair reaches every data call.
    N1,
    /// Getters and the string form rebuild the session.
    N2,
    /// Replaced sessions are never closed.
    N3,
    /// The 2.x session is built once and ignores later proxy changes.
    N4,
    /// The 2.x SOAP client cache is keyed by credentials only and fetches under its lock.
    N5,
    /// Rate limiters per call, and a check-then-increment limiter.
    N6,
    /// An atomic swap driven by per-field setters still mixes writers.
    N7,
}

/// How a finding is demonstrated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// Some interleaving breaks the invariant: a loom model finds it.
    Race,
    /// The state a user relies on goes stale: a loom model shows it.
    StaleState,
    /// A side effect where none is expected: a loom model shows it.
    SideEffect,
    /// A cost or a leak: the legacy model counts it.
    Counted,
    /// Not a race by construction: nothing can mutate the shared value.
    NotARace,
}

/// Everything the catalogue knows about one finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The id, as used in model and test names.
    pub id: FindingId,
    /// One line: what is wrong.
    pub title: &'static str,
    /// How the harness demonstrates it.
    pub kind: FindingKind,
    /// What a user of the client expects to hold; for races, what the model asserts.
    pub invariant: &'static str,
    /// The harness function that demonstrates it, for the report.
    pub demonstrated_by: &'static str,
}

impl FindingId {
    /// Every finding, in the order of the review's table.
    pub const ALL: [FindingId; 17] = [
        FindingId::F1,
        FindingId::F2,
        FindingId::F3,
        FindingId::F4,
        FindingId::F5,
        FindingId::F6,
        FindingId::F7,
        FindingId::F8,
        FindingId::S1,
        FindingId::S2,
        FindingId::N1,
        FindingId::N2,
        FindingId::N3,
        FindingId::N4,
        FindingId::N5,
        FindingId::N6,
        FindingId::N7,
    ];

    /// The id as written in the review: `"F2"`, `"N7"`.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingId::F1 => "F1",
            FindingId::F2 => "F2",
            FindingId::F3 => "F3",
            FindingId::F4 => "F4",
            FindingId::F5 => "F5",
            FindingId::F6 => "F6",
            FindingId::F7 => "F7",
            FindingId::F8 => "F8",
            FindingId::S1 => "S1",
            FindingId::S2 => "S2",
            FindingId::N1 => "N1",
            FindingId::N2 => "N2",
            FindingId::N3 => "N3",
            FindingId::N4 => "N4",
            FindingId::N5 => "N5",
            FindingId::N6 => "N6",
            FindingId::N7 => "N7",
        }
    }

    /// The catalogue entry of this finding.
    pub fn info(self) -> &'static Finding {
        CATALOGUE
            .iter()
            .find(|finding| finding.id == self)
            .expect("the catalogue has one entry per finding id")
    }
}

impl fmt::Display for FindingId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why F4 is not a race: the methods module's pattern lists are built once at import and
/// never assigned again, so every thread reads the same unchanging list. The Rust equivalent
/// is an immutable `static` with no mutation path at all, which the compiler enforces
/// (`legacy::immutable_patterns`).
pub const F4_WHY_NOT_A_RACE: &str = "the pattern lists are module-level constants that no code \
     path assigns after import; shared reads of a value nobody writes cannot race. In Rust the \
     equivalent is an immutable static, and the compiler rejects any write to it";

/// Why F6 is not a race: the XBRL processor compiles its pattern once at import, and a
/// compiled pattern is only ever used for matching, which does not change it.
pub const F6_WHY_NOT_A_RACE: &str = "the compiled pattern is created once at import and only \
     used for matching, which reads it; no code replaces or mutates it. In Rust the equivalent \
     is an immutable static matcher, shared by reference from every thread";

/// The catalogue, one entry per [`FindingId`], in the review's order.
pub const CATALOGUE: [Finding; 17] = [
    Finding {
        id: FindingId::F1,
        title: "a proxy setter rebuilds the session before storing its own value",
        kind: FindingKind::Race,
        invariant: "once a proxy setter returns, the live session was built from the value it \
                    stored",
        demonstrated_by: "legacy::models::f1_setter_order_legacy",
    },
    Finding {
        id: FindingId::F2,
        title: "the session builder checks host and port, then reads them again",
        kind: FindingKind::Race,
        invariant: "a session build uses the very proxy values it checked were set",
        demonstrated_by: "legacy::models::f2_toctou_legacy",
    },
    Finding {
        id: FindingId::F3,
        title: "credential setters are unsynchronised; test_credentials sends a torn pair",
        kind: FindingKind::Race,
        invariant: "test_credentials sends a user and token that were set together",
        demonstrated_by: "legacy::models::f3_torn_test_credentials_legacy",
    },
    Finding {
        id: FindingId::F4,
        title: "module-level pattern lists in the methods module",
        kind: FindingKind::NotARace,
        invariant: F4_WHY_NOT_A_RACE,
        demonstrated_by: "legacy::immutable_patterns",
    },
    Finding {
        id: FindingId::F5,
        title: "a new SOAP client and WSDL download per request",
        kind: FindingKind::Counted,
        invariant: "N data calls should not cost N WSDL downloads",
        demonstrated_by: "legacy::models::f5_client_builds",
    },
    Finding {
        id: FindingId::F6,
        title: "a module-level compiled pattern in the XBRL processor",
        kind: FindingKind::NotARace,
        invariant: F6_WHY_NOT_A_RACE,
        demonstrated_by: "legacy::immutable_patterns",
    },
    Finding {
        id: FindingId::F7,
        title: "a request reads the session while another thread rebuilds it",
        kind: FindingKind::Race,
        invariant: "a request goes out through a session built from one whole proxy \
                    configuration the user set",
        demonstrated_by: "legacy::models::f7_request_during_rebuild_legacy",
    },
    Finding {
        id: FindingId::F8,
        title: "one logical proxy change costs four session rebuilds",
        kind: FindingKind::Counted,
        invariant: "one logical configuration change should cost one session build",
        demonstrated_by: "legacy::models::f8_builds_per_proxy_change",
    },
    Finding {
        id: FindingId::S1,
        title: "two threads configure a proxy at once",
        kind: FindingKind::Race,
        invariant: "after two threads each apply a whole proxy configuration, each proxy \
                    receives only its own password",
        demonstrated_by: "legacy::models::s1_concurrent_proxy_config_legacy",
    },
    Finding {
        id: FindingId::S2,
        title: "one thread authenticates while another changes user and token",
        kind: FindingKind::Race,
        invariant: "authenticating while the credentials are swapped between two valid pairs \
                    succeeds with one of them",
        demonstrated_by: "legacy::models::s2_authenticate_during_swap_legacy",
    },
    Finding {
        id: FindingId::N1,
        title: "the torn credential pair reaches every data call",
        kind: FindingKind::Race,
        invariant: "every data call sends a user and token that were set together",
        demonstrated_by: "legacy::models::n1_torn_data_call_legacy",
    },
    Finding {
        id: FindingId::N2,
        title: "getters and the string form rebuild the session",
        kind: FindingKind::SideEffect,
        invariant: "reading the session or formatting the connection for a log line does not \
                    replace the session a request is using",
        demonstrated_by: "legacy::models::n2_logging_rebuilds_legacy",
    },
    Finding {
        id: FindingId::N3,
        title: "replaced sessions are never closed",
        kind: FindingKind::Counted,
        invariant: "at most one session per connection is open at a time",
        demonstrated_by: "legacy::models::n3_live_sessions_after",
    },
    Finding {
        id: FindingId::N4,
        title: "the 2.x session is built once, lazily, and ignores later proxy changes",
        kind: FindingKind::StaleState,
        invariant: "a request made after a proxy change returned uses the new proxy",
        demonstrated_by: "legacy::models::n4_stale_session_v2",
    },
    Finding {
        id: FindingId::N5,
        title: "the 2.x SOAP client cache is keyed by credentials only and holds its lock \
                during the WSDL fetch",
        kind: FindingKind::StaleState,
        invariant: "a data call goes through the connection's current session, and no caller \
                    waits for another caller's network fetch",
        demonstrated_by: "legacy::models::n5_stale_client_cache_v2, \
                          legacy::models::n5_fetch_convoy_v2",
    },
    Finding {
        id: FindingId::N6,
        title: "a rate limiter per call, and a limiter that checks then increments",
        kind: FindingKind::Race,
        invariant: "no more calls pass the limiter than its limit allows",
        demonstrated_by: "legacy::models::n6_limiter_check_then_act_v3",
    },
    Finding {
        id: FindingId::N7,
        title: "an atomic pointer swap driven by per-field setters mixes writers",
        kind: FindingKind::Race,
        invariant: "after two writers each apply a whole configuration, the stored \
                    configuration is one of the two",
        demonstrated_by: "legacy::models::n7_per_field_swap",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_has_one_entry_per_id_in_order() {
        let ids: Vec<FindingId> = CATALOGUE.iter().map(|finding| finding.id).collect();
        assert_eq!(ids, FindingId::ALL.to_vec());
    }

    #[test]
    fn ids_render_as_in_the_review_and_serialise_the_same() {
        assert_eq!(FindingId::S2.to_string(), "S2");
        assert_eq!(serde_json::to_string(&FindingId::N7).unwrap(), "\"N7\"");
    }

    #[test]
    fn not_a_race_findings_explain_why() {
        for id in [FindingId::F4, FindingId::F6] {
            assert_eq!(id.info().kind, FindingKind::NotARace);
            assert!(
                id.info().invariant.contains("static"),
                "{id} names the Rust equivalent"
            );
        }
    }
}
