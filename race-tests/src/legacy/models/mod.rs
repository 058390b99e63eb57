//! The legacy models: one loom model per race or stale-state finding, and the counts for
//! the findings that are costs.
//!
//! Every model function takes the [`Trace`] to record into and returns the model closure,
//! ready for `loom::model` or [`run_model`]. Each closure
//! builds fresh state, runs the scenario on loom threads and asserts the invariant a user
//! expects (the text is in [`crate::findings`]); the assertion's message starts with
//! `"<id> violated"`. On the legacy design every one of them fails.
//!
//! ```
//! use race_tests::legacy::models::{self, LEGACY_MODELS};
//! use race_tests::model_runner::ModelConfig;
//!
//! let f3 = LEGACY_MODELS.iter().find(|model| model.name == "f3_torn_test_credentials_legacy");
//! let outcome = models::run_legacy_model(f3.unwrap(), &ModelConfig::counterexample());
//! assert!(outcome.violated);
//! ```

mod counts;
mod credential_races;
mod fixtures;
mod later_versions;
mod proxy_races;

pub use counts::{F5Counts, f5_client_builds, f8_builds_per_proxy_change, n3_live_sessions_after};
pub use credential_races::{
    f3_torn_test_credentials_legacy, n1_torn_data_call_legacy, s2_authenticate_during_swap_legacy,
};
pub use fixtures::{ACCOUNT_ALICE, ACCOUNT_BOB, proxy_a, proxy_b, proxy_old};
pub use later_versions::{
    n4_stale_session_v2, n5_fetch_convoy_v2, n5_stale_client_cache_v2,
    n6_limiter_check_then_act_v3, n7_per_field_swap,
};
pub use proxy_races::{
    f1_setter_order_legacy, f2_toctou_legacy, f7_request_during_rebuild_legacy,
    n2_logging_rebuilds_legacy, s1_concurrent_proxy_config_legacy,
};

use std::fmt;

use crate::findings::FindingId;
use crate::model_runner::{ModelConfig, ModelOutcome, run_model};
use crate::trace::Trace;

/// A model closure, boxed so models of different scenarios fit one table.
pub type BoxedModel = Box<dyn Fn() + Send + Sync + 'static>;

/// One entry of the table of legacy models.
#[derive(Clone, Copy)]
pub struct LegacyModel {
    /// The finding it reproduces.
    pub finding: FindingId,
    /// The model function's name, for the report.
    pub name: &'static str,
    /// Builds the model closure around a trace.
    pub build: fn(Trace) -> BoxedModel,
}

impl fmt::Debug for LegacyModel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LegacyModel")
            .field("finding", &self.finding)
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

macro_rules! legacy_model {
    ($finding:ident, $function:ident) => {
        LegacyModel {
            finding: FindingId::$finding,
            name: stringify!($function),
            build: |trace| Box::new($function(trace)),
        }
    };
}

/// Every legacy model, in the order of the review's table. Each is expected to fail.
/// N5 has two: the stale client and the lock convoy.
pub const LEGACY_MODELS: [LegacyModel; 13] = [
    legacy_model!(F1, f1_setter_order_legacy),
    legacy_model!(F2, f2_toctou_legacy),
    legacy_model!(F3, f3_torn_test_credentials_legacy),
    legacy_model!(F7, f7_request_during_rebuild_legacy),
    legacy_model!(S1, s1_concurrent_proxy_config_legacy),
    legacy_model!(S2, s2_authenticate_during_swap_legacy),
    legacy_model!(N1, n1_torn_data_call_legacy),
    legacy_model!(N2, n2_logging_rebuilds_legacy),
    legacy_model!(N4, n4_stale_session_v2),
    legacy_model!(N5, n5_stale_client_cache_v2),
    legacy_model!(N5, n5_fetch_convoy_v2),
    legacy_model!(N6, n6_limiter_check_then_act_v3),
    legacy_model!(N7, n7_per_field_swap),
];

/// Runs one legacy model through the model runner.
pub fn run_legacy_model(model: &LegacyModel, config: &ModelConfig) -> ModelOutcome {
    run_model(model.finding, config, model.build)
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
