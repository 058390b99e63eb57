//! A faithful model of the reviewed Python design, generic over its locks.
//!
//! "Legacy" is ffiec-data-connect 0.2.7: a connection whose six proxy settings are
//! separate attributes, credentials whose user and token are separate attributes, and no
//! lock anywhere. Under the GIL one attribute read or write is atomic and a sequence of
//! them is not, so every attribute here is its own lock ([`Attr`]), and each method is a
//! step-by-step mirror of the Python one, with a comment saying what that step does.
//!
//! Also modelled, because the review found them in the later versions: the locked 2.x
//! connection that builds its session once ([`LockedConnection`], N4), its SOAP client
//! cache ([`SoapClientCache`], N5), the 2.x/3.x rate limiter ([`CheckThenActLimiter`],
//! N6), and the "atomic swap with per-field setters" fix that still mixes writers
//! ([`SwappedConfig`], N7).
//!
//! Everything is generic over [`ffiec_core::sync::Backend`]: with
//! [`LoomBackend`](ffiec_core::sync::LoomBackend) inside `loom::model` the model checker
//! explores every interleaving ([`models`]); with
//! [`StdBackend`](ffiec_core::sync::StdBackend) the same code runs on real threads, and a
//! [`SessionFactory`] can build real HTTP clients for a live stress run.
//!
//! ```
//! use ffiec_core::sync::StdBackend;
//! use race_tests::legacy::{InertSessions, LegacyConnection, ProxySettings, SecretLabel};
//! use race_tests::trace::Trace;
//!
//! let trace = Trace::std();
//! let connection = LegacyConnection::<StdBackend>::new(InertSessions, &trace);
//! let proxy = ProxySettings {
//!     host: "proxy.example".to_owned(),
//!     port: 3128,
//!     user_name: "user".to_owned(),
//!     password: SecretLabel::new("pass"),
//! };
//!
//! // One logical change, four setters, four rebuilds (F8), none closed (N3).
//! connection.apply_proxy(&proxy)?;
//! assert_eq!(connection.session_counts().builds, 1 + 4);
//! assert_eq!(connection.session_counts().closes, 0);
//! # Ok::<(), race_tests::legacy::LegacyError>(())
//! ```

mod attr;
mod config_swap;
mod connection;
mod credentials;
mod error;
pub mod immutable_patterns;
pub mod models;
mod rate_limit;
mod secret;
mod service;
mod session;
mod v2_connection;
mod v2_soap_cache;

pub use attr::{Attr, PyRepr};
pub use config_swap::SwappedConfig;
pub use connection::{LegacyConnection, ProxySettings};
pub use credentials::{LegacyCredentials, SentPair, collect_reporting_periods};
pub use error::LegacyError;
pub use rate_limit::{CheckThenActLimiter, calls_admitted_with_per_call_limiters};
pub use secret::SecretLabel;
pub use service::{ModelService, ReceivedRequest};
pub use session::{
    InertSessions, LiveSession, ProxyFields, ProxyProtocol, SessionCounts, SessionFactory,
    SessionLedger,
};
pub use v2_connection::LockedConnection;
pub use v2_soap_cache::{CachedClient, SoapClientCache};
