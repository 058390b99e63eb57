//! Shared fixtures for the benchmarks.
#![forbid(unsafe_code)]
