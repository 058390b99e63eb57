//! A hardened, thread-safe client for the FFIEC CDR public data web service.
#![forbid(unsafe_code)]

pub mod error;

pub use error::{Error, ErrorKind, Result};
