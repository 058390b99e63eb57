//! A hardened, thread-safe client for the FFIEC CDR public data web service.
//!
//! The FFIEC Central Data Repository publishes US bank Call Reports and
//! Uniform Bank Performance Reports (UBPR). This crate speaks both of its
//! protocols, SOAP (the original service, still used by mirrors and
//! archives) and REST (the live service), through one [`Client`] whose
//! operations and results are the same whichever protocol the [`Config`]
//! names.
//!
//! It exists because the widely used Python client is not thread-safe (see
//! the repository's `docs/`): here a client can be shared by any number of
//! threads or tasks while its proxy, credentials or timeouts change, and no
//! request ever mixes two configurations.
//!
//! # A first example
//!
//! ```no_run
//! use ffiec_core::{Client, Config, DataSeries, RestCredentials};
//!
//! # async fn run() -> ffiec_core::Result<()> {
//! // Explicit: credentials never come from the environment unless asked
//! // for with `RestCredentials::from_env()`.
//! let credentials = RestCredentials::from_env()?;
//! let client = Client::new(Config::default(), credentials)?;
//!
//! let periods = client.reporting_periods(DataSeries::Call).await?;
//! let latest = periods.iter().max().expect("the service lists periods");
//! let panel = client.panel_of_reporters(DataSeries::Call, *latest).await?;
//! println!("{} institutions filed for {latest}", panel.len());
//! # Ok(())
//! # }
//! ```
//!
//! # How it stays correct under threads
//!
//! - Configuration ([`Config`]), credentials ([`Credentials`]) and proxies
//!   ([`Proxy`]) are immutable values, validated when built.
//! - A [`Session`](session::Session) (configuration, credentials and the
//!   HTTP client built from them) is published in one step by a
//!   [`SessionCell`](session_cell::SessionCell); every call holds one
//!   snapshot from its first byte to its last.
//! - Updates ([`Client::set_proxy`], [`Client::set_credentials`],
//!   [`Client::update`]) replace whole values: one rebuild per update,
//!   writers serialised, readers never waiting for a build.
//! - One [`RateLimiter`](rate_limit::RateLimiter) per account (2,500 calls
//!   per hour by default), shared by every clone, with the check and the
//!   reservation in one critical section.
//! - No `Debug`, `Display`, error or log line shows a token or password.
//!
//! The session cell and the rate limiter are generic over the
//! [`sync::Backend`] seam, so the `race-tests` crate model-checks this very
//! source with loom (`cargo test --workspace` runs the proofs).
//!
//! # Parsing documents
//!
//! [`xbrl::XbrlDocument`] reads XBRL facsimiles (streaming, namespace-aware,
//! exact values: dollars as integers, ratios as decimals) and
//! [`sdf::SdfDocument`] the semicolon-separated SDF form. Both refuse DTDs
//! and bound input size and nesting depth ([`xml_limits`]).
//!
//! # Limitations
//!
//! - The rate limiter is per process: two processes of one account each
//!   count their own calls.
//! - REST has no `TestUserAccess`; [`Client::test_user_access`] calls a cheap
//!   method instead.
//! - Only HTTP and HTTPS proxies are supported (no SOCKS).
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
