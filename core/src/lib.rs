//! A hardened, thread-safe client for the FFIEC CDR public data web service.
#![forbid(unsafe_code)]

pub mod client;
pub mod clock;
pub mod config;
pub mod credentials;
pub mod error;
pub mod model;
pub mod period;
pub mod proxy;
pub mod rate_limit;
pub mod rest;
mod retry;
pub mod sdf;
pub mod session;
pub mod session_cell;
pub mod soap;
pub mod sync;
mod transport;
pub mod xbrl;
pub mod xml_limits;

pub use client::Client;
pub use config::{
    Config, ConfigBuilder, PasswordType, Protocol, RateLimit, RetryPolicy, SoapOptions, SoapVersion,
};
pub use credentials::{Credentials, RestCredentials, SoapCredentials};
pub use error::{Error, ErrorKind, Result};
pub use model::{
    DataSeries, Facsimile, FacsimileFormat, FiId, FiIdType, FilerSubmission, Institution,
};
pub use period::{ReportingPeriod, SinceDate, SubmissionTime};
pub use proxy::{Proxy, ProxySetting};
