//! Race models, proofs and live stress for the FFIEC client review.
//!
//! The crate turns the race-condition review of ffiec-data-connect into evidence that can
//! be rerun:
//!
//! - [`legacy`]: a faithful model of the reviewed Python design, generic over its locks,
//!   and one loom model per race or stale-state finding ([`legacy::models`]), each
//!   expected to fail with a counterexample;
//! - [`trace`]: the per-iteration event log that makes a counterexample readable;
//! - [`model_runner`]: runs a loom model from code and returns its verdict, iteration
//!   count, message and counterexample;
//! - [`findings`]: the catalogue of finding ids, titles and invariants;
//! - [`hardened`]: the same scenarios and invariants run exhaustively on the shipping
//!   `SessionCell` and `RateLimiter` with the loom backend, each expected to hold;
//! - [`audit`]: the `race-audit` command's phases, verdicts and report.
//!
//! # Running the models
//!
//! `cargo test -p race-tests` runs every model. Each legacy model is a plain
//! `#[should_panic(expected = "<id> violated")]` test under `loom::model`, and one test runs
//! them all through the runner and checks each counterexample.
//!
//! ```
//! use race_tests::findings::FindingId;
//! use race_tests::legacy::models::f2_toctou_legacy;
//! use race_tests::model_runner::{ModelConfig, run_model};
//!
//! let outcome = run_model(FindingId::F2, &ModelConfig::counterexample(), f2_toctou_legacy);
//! assert!(outcome.violated);
//! assert!(outcome.message.unwrap().starts_with("F2 violated"));
//! println!("{}", race_tests::trace::render_table(&outcome.counterexample));
//! ```
//!
//! # Limitations
//!
//! - The models mirror the Python code's steps, not its bytes: a Python attribute access is
//!   one lock operation here, and network calls are counted rather than made.
//! - loom explores at most five threads; the scenarios use two or three.
//! - The legacy models run with a preemption bound (see
//!   [`ModelConfig::counterexample`](model_runner::ModelConfig::counterexample)): finding a
//!   counterexample needs no exhaustive search.
#![forbid(unsafe_code)]

pub mod audit;
pub mod findings;
pub mod hardened;
pub mod legacy;
pub mod live;
pub mod model_runner;
pub mod trace;
