//! Live stress: the legacy design and the hardened core, driven from many threads against
//! the mock server and its recording proxies, judged by the mock's journal.
//!
//! One scenario for both designs ([`run_scenario`]): two accounts A and B, two recording
//! proxies P and Q with different users and passwords (Q's password holds `@`, `:`, `/`),
//! and at least 16 OS threads. Rotators switch the credentials A, B, A, ...; switchers
//! switch the proxy P, Q, P, ...; requesters send a bounded number of requests each and
//! record what they sent and what came back. A deadline stops everything early if the
//! machine is too slow, and the outcome says so.
//!
//! - The legacy design ([`LegacyTarget`]) is the model of 0.2.7 with real HTTP clients:
//!   per-field setters that rebuild and then assign, and a request path that reads the
//!   session property and then the user and the token one at a time, sending a SOAP
//!   envelope written by hand ([`legacy_envelope`]).
//! - The hardened design ([`HardenedTarget`]) is `ffiec_core::Client` over SOAP, updated
//!   only through its whole-value `set_credentials` and `set_proxy`.
//!
//! The [`check`]er then reads every journal entry and every local record: a pair that is
//! no account's is a torn pair (N1, or F3 and S2 on `TestUserAccess`); a proxy that
//! refused the credentials, or a route built from two configurations, is a mixed route (S1,
//! F1); a request without exactly one journal entry of its own is lost or crossed (F7).
//!
//! ```no_run
//! use race_tests::audit::ClientDesign;
//! use race_tests::findings::FindingId;
//! use race_tests::live::{StressPlan, run_design};
//!
//! let hardened = run_design(ClientDesign::Hardened, &StressPlan::quick())?;
//! assert_eq!(hardened.check.total_violations(), 0);
//! println!("{hardened}");
//!
//! let legacy = run_design(ClientDesign::Legacy, &StressPlan::quick())?;
//! println!("torn pairs: {}", legacy.check.violations_of(FindingId::N1));
//! # Ok::<(), String>(())
//! ```
//!
//! # Limitations
//!
//! - Whether a legacy race shows in one run depends on the scheduler; a run that shows
//!   none reports zero. The models in [`crate::legacy::models`] are the proof that the
//!   races exist; this is the demonstration on real threads and sockets.
//! - The hardened client hides response headers, so its requests are paired with the
//!   journal by a marker parameter (data calls) or by count (`TestUserAccess`, which has no
//!   parameter), not by `X-Mock-Request-Id`.
//! - A mixed route is seen as the proxy's refusal (HTTP 407, journaled by the mock with the
//!   credentials presented, and seen by the client) or, for the legacy design, in the fields
//!   its session was built from. One refused request counts once, however many of these
//!   show it.

mod checker;
mod envelope;
mod hardened_client;
mod legacy_client;
mod plan;
mod record;
mod run;
mod scenario;
mod world;

pub use checker::{CHECKED_FINDINGS, LiveCheck, check};
pub use envelope::{LegacyEnvelope, SERVICE_NAMESPACE, legacy_envelope, legacy_operation};
pub use hardened_client::HardenedTarget;
pub use legacy_client::{LegacyHttp, LegacyTarget, ReqwestSessions};
pub use plan::StressPlan;
pub use record::{JournalKey, LocalRecord, RequestOutcome, SentIdentity, SentRoute, StressCall};
pub use run::{DesignRun, run, run_both, run_design, run_for_audit};
pub use scenario::{ScenarioRun, StressTarget, run_scenario};
pub use world::{
    Account, ProxyRoute, Published, PublishedAccount, PublishedRoute, RecordingProxy, RouteEnd,
    StressMock, StressWorld,
};
