//! Benchmarks of the hardened FFIEC client, and the report built from them.
//!
//! The criterion benchmarks live in `benches/` (`cargo bench -p
//! ffiec-benches`); this library holds what they share and the report:
//!
//! - [`facsimiles`]: full-size XBRL documents from the mock's generator;
//! - [`ns_limit`]: the bare quick-xml loop that bounds the parser's speed;
//! - [`soap_rig`]: the mock and three ways to make the same SOAP call;
//! - [`ids`]: the name of every benchmark, shared by the benchmarks and
//!   the report so the two cannot drift apart;
//! - [`report`]: reads criterion's estimates and writes
//!   `docs/benchmarks.md` (`cargo run --release -p ffiec-benches --bin
//!   bench-report`).
//!
//! Every benchmark checks its fixture's expected result (the fact count,
//! the number of periods) before it measures, so it cannot silently measure
//! an error path. No goal is a timed test: goals are ratios of two figures
//! measured side by side in one run, and the report states whether each is
//! met.
#![forbid(unsafe_code)]

pub mod facsimiles;
pub mod ids;
pub mod ns_limit;
pub mod report;
pub mod soap_rig;
