//! An FFIEC CDR look-alike server for tests, benchmarks and real clients.
#![forbid(unsafe_code)]
