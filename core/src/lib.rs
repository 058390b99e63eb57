//! A hardened, thread-safe client for the FFIEC CDR public data web service.
#![forbid(unsafe_code)]

pub mod error;
pub mod sync;

pub use error::{Error, ErrorKind, Result};
