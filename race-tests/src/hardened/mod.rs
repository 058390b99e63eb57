//! Proofs that the shipping core excludes every race the legacy models reproduce.
//!
//! For each finding that has a legacy loom model (F1, F2, F3, F7, S1, S2, N1, N2, N4, N5,
//! N6, N7), a proof here runs the *same scenario* and asserts the *same invariant*, with
//! the same `"<id> violated"` message, against the code users run:
//! [`ffiec_core::session_cell::SessionCell`] and [`ffiec_core::rate_limit::RateLimiter`]
//! instantiated with [`LoomBackend`](ffiec_core::sync::LoomBackend), on a
//! [`ManualClock`](ffiec_core::clock::ManualClock). N3 adds a proof that replaced sessions
//! are released. The published value ([`HardenedSession`]) holds what the shipping
//! session holds: the real [`Config`](ffiec_core::Config) with its proxy, the real
//! [`Credentials`](ffiec_core::Credentials), and a client that records what it was built
//! from; updates go through [`SessionCell::update`](ffiec_core::session_cell::SessionCell::update)
//! with whole values, as `Client::set_proxy` and `Client::set_credentials` do.
//!
//! Every proof runs exhaustively, with no preemption bound ([`ModelConfig::proof`]): only
//! an unbounded search that finds nothing is a proof.
//!
//! ```
//! use race_tests::findings::FindingId;
//! use race_tests::hardened::{HARDENED_PROOFS, ProofScale, run_hardened_proof};
//!
//! let f3 = HARDENED_PROOFS.iter().find(|proof| proof.finding == FindingId::F3).unwrap();
//! let outcome = run_hardened_proof(f3, ProofScale::TEST);
//! assert!(!outcome.violated);
//! assert!(outcome.iterations > 0);
//! ```
//!
//! # Scale
//!
//! S1 and N7 are the whole-value swap; their size grows steeply with the writers. Under
//! `cargo test` ([`ProofScale::TEST`]) they run two writers (N7: plus a reader), as the
//! legacy models do: 12 and 1,238 interleavings, about a second in debug. `race-audit`
//! runs [`ProofScale::AUDIT`], three writers (N7: plus a reader): 920 and 306,191
//! interleavings, about half a minute in release on a shared two-core machine (DESIGN's
//! planning estimate, about 109,000, was for a smaller model of the same swap). No proof
//! sets a preemption bound.

mod counts;
mod credential_proofs;
mod fixtures;
mod later_version_proofs;
mod proxy_proofs;
mod session;

pub use counts::{
    f5_client_builds_hardened, f8_builds_per_proxy_change_hardened, n3_live_sessions_after_hardened,
};
pub use credential_proofs::{
    f3_torn_test_credentials_hardened, n1_torn_data_call_hardened,
    s2_authenticate_during_swap_hardened, send_with_session,
};
pub use fixtures::{proxy_c, proxy_setting};
pub use later_version_proofs::{
    n3_released_sessions_hardened, n4_stale_session_hardened, n5_fetch_convoy_hardened,
    n5_stale_client_cache_hardened, n6_limiter_check_then_act_hardened,
};
pub use proxy_proofs::{
    f1_setter_order_hardened, f2_toctou_hardened, f7_request_during_rebuild_hardened,
    n2_logging_rebuilds_hardened, n7_whole_value_swap_hardened,
    s1_concurrent_proxy_config_hardened,
};
pub use session::{
    ClientLedger, HardenedConnection, HardenedSession, ModelHttpClient, proxy_address,
};

use std::fmt;

use serde::Serialize;

use crate::findings::FindingId;
use crate::model_runner::{ModelConfig, ModelOutcome, run_model};
use crate::trace::Trace;

/// How many threads the scalable proofs (S1, N7) start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ProofScale {
    /// Writers applying whole proxy configurations at once: 2 or 3.
    pub writers: usize,
}

impl ProofScale {
    /// Two writers: the legacy scenario's size, for `cargo test`.
    pub const TEST: ProofScale = ProofScale { writers: 2 };

    /// Three writers (and, in N7, a reader): the full proof `race-audit` runs.
    pub const AUDIT: ProofScale = ProofScale { writers: 3 };
}

/// A proof closure, boxed so proofs of different scenarios fit one table.
pub type BoxedProof = Box<dyn Fn() + Send + Sync + 'static>;

/// One entry of the table of hardened proofs.
#[derive(Clone, Copy)]
pub struct HardenedProof {
    /// The finding it excludes.
    pub finding: FindingId,
    /// The proof function's name, for the report.
    pub name: &'static str,
    /// Builds the proof closure around a trace, at a scale (ignored by fixed-size proofs).
    pub build: fn(Trace, ProofScale) -> BoxedProof,
}

impl fmt::Debug for HardenedProof {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HardenedProof")
            .field("finding", &self.finding)
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

macro_rules! fixed_size {
    ($finding:ident, $function:ident) => {
        HardenedProof {
            finding: FindingId::$finding,
            name: stringify!($function),
            build: |trace, _| Box::new($function(trace)),
        }
    };
}

macro_rules! scalable {
    ($finding:ident, $function:ident) => {
        HardenedProof {
            finding: FindingId::$finding,
            name: stringify!($function),
            build: |trace, scale| Box::new($function(trace, scale)),
        }
    };
}

/// Every hardened proof, in the order of the review's table. Each is expected to hold.
pub const HARDENED_PROOFS: [HardenedProof; 14] = [
    fixed_size!(F1, f1_setter_order_hardened),
    fixed_size!(F2, f2_toctou_hardened),
    fixed_size!(F3, f3_torn_test_credentials_hardened),
    fixed_size!(F7, f7_request_during_rebuild_hardened),
    scalable!(S1, s1_concurrent_proxy_config_hardened),
    fixed_size!(S2, s2_authenticate_during_swap_hardened),
    fixed_size!(N1, n1_torn_data_call_hardened),
    fixed_size!(N2, n2_logging_rebuilds_hardened),
    fixed_size!(N3, n3_released_sessions_hardened),
    fixed_size!(N4, n4_stale_session_hardened),
    fixed_size!(N5, n5_stale_client_cache_hardened),
    fixed_size!(N5, n5_fetch_convoy_hardened),
    fixed_size!(N6, n6_limiter_check_then_act_hardened),
    scalable!(N7, n7_whole_value_swap_hardened),
];

/// The proofs of `finding` (N5 has two: the stale client and the fetch convoy).
pub fn proofs_for(finding: FindingId) -> impl Iterator<Item = &'static HardenedProof> {
    HARDENED_PROOFS
        .iter()
        .filter(move |proof| proof.finding == finding)
}

/// Runs one proof exhaustively ([`ModelConfig::proof`]) through the model runner.
pub fn run_hardened_proof(proof: &HardenedProof, scale: ProofScale) -> ModelOutcome {
    run_model(proof.finding, &ModelConfig::proof(), |trace| {
        (proof.build)(trace, scale)
    })
}

/// Spawns a named loom thread; the name appears in the trace.
fn spawn_named<T: Send + 'static>(
    name: &str,
    body: impl FnOnce() -> T + Send + 'static,
) -> loom::thread::JoinHandle<T> {
    loom::thread::Builder::new()
        .name(name.to_owned())
        .spawn(body)
        .expect("loom spawns threads without fail")
}
