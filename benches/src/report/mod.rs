//! The benchmark report: criterion's medians, set side by side, judged
//! against the design's goals, written as `docs/benchmarks.md`.
//!
//! The steps, each in its own module:
//!
//! 1. [`read_measurements`] walks criterion's output folder and keeps each
//!    benchmark's median;
//! 2. [`planned`] lists the [`Comparison`]s: which benchmark is set against
//!    which limit or peer, and the goal, if any;
//! 3. [`Comparison::evaluate`] forms each ratio from two medians of the same
//!    run and judges the goal;
//! 4. [`render`] writes the Markdown, with the [`Machine`] it ran on and the
//!    real Python client's figures when [`read_python_rates`] (and
//!    [`read_interop`]) find them.

mod comparisons;
mod interop;
mod machine;
mod markdown;
mod measurements;
mod python_rates;
#[cfg(test)]
mod tests;

pub use comparisons::{
    CLIENT_OVERHEAD_GOAL, Comparison, Goal, Outcome, RatioKind, Section, XBRL_GOAL, planned,
};
pub use interop::{InteropFigures, rates_in, read_interop};
pub use machine::{Machine, cpu_model, load_average};
pub use markdown::{RERUN_COMMAND, ReportInput, format_duration, format_throughput, render};
pub use measurements::{Measurement, Measurements, ReadError, Throughput, read_measurements};
pub use python_rates::{PYTHON_RATES_SCHEMA, PythonFigure, PythonRun, read_python_rates};
