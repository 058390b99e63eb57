//! An FFIEC CDR look-alike server for tests, benchmarks and real clients.
//!
//! It speaks the wire protocols of the FFIEC Central Data Repository's
//! public web service: SOAP 1.1 and 1.2 at the real path with the real WSDL
//! and fault shapes, and the REST interface with its header parameters and
//! error table. Around that it adds what a test needs to see inside:
//!
//! - a [`Journal`] of every request: operation, user, a keyed fingerprint
//!   of the token (see [`MockServer::fingerprint`]), whether authentication passed, the proxy it came through;
//! - [`FaultControls`] to inject latency, stalls, resets, truncated or
//!   malformed bodies, 5xx answers and quota exhaustion;
//! - recording forward proxies with their own credentials;
//! - a per-user quota on a [`MockClock`] the test can advance;
//! - deterministic data ([`DataSet`]) seeded from the live service's
//!   observed values, with the real XBRL excerpts as two banks' facsimiles.
//!
//! # A first example
//!
//! ```no_run
//! use ffiec_mock::{MockConfig, MockServer, MockUser, ProxyConfig};
//!
//! # async fn demo() -> std::io::Result<()> {
//! let mock = MockServer::start(
//!     MockConfig::default()
//!         .user(MockUser::new("alice", "alice-token"))
//!         .proxy(ProxyConfig::new("corp", "bob", "p@ss:w/rd")),
//! )
//! .await?;
//!
//! // Point a SOAP client at mock.soap_url() (or mock.wsdl_url()), a REST
//! // client at mock.rest_url(), optionally through mock.proxy_url("corp").
//!
//! for entry in mock.journal().entries() {
//!     println!("{} {:?} user={:?} via={:?}", entry.seq, entry.operation, entry.user, entry.proxy);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Non-async code can use [`BlockingMockServer`], and the `ffiec-mock`
//! binary serves the same from the command line (`ffiec-mock --help`).
//!
//! # Over HTTP
//!
//! Besides the service paths the server answers `GET /__journal` (the
//! journal as JSON), `DELETE /__journal`, `GET /__faults`, `POST /__faults`
//! (one `OP=KIND[:ARG][#COUNT]` rule per line, see [`FaultRule`]) and
//! `DELETE /__faults`. Every response carries `X-Mock-Request-Id`, the
//! [`JournalEntry::request_id`] of its request.
//!
//! # Limitations
//!
//! - HTTP/1.1 only, no TLS: clients must allow plain `http://` URLs.
//! - A REST "facsimile not found" is a 204 with a JSON body, as the live
//!   service has sent; HTTP clients rightly ignore that body, so the mock
//!   closes the connection after it.
//! - The recording proxies forward every request to this mock, whatever
//!   host the absolute URI names, and do not tunnel (`CONNECT` gets 405).
//! - SDF and PDF facsimiles are generated for every bank, including the two
//!   whose XBRL facsimiles are real excerpts.
#![forbid(unsafe_code)]
// Every public item is documented; keep it so.
#![deny(missing_docs)]

mod blocking;
mod clock;
mod config;
pub mod data;
pub mod faults;
mod fingerprint;
mod http;
mod journal;
mod operation;
mod params;
pub mod period;
mod quota;
mod rest;
mod server;
mod service;
mod soap;
mod state;
mod users;
mod wsdl;

pub use blocking::BlockingMockServer;
pub use clock::MockClock;
pub use config::{MockConfig, ProxyConfig, ProxySpecError};
pub use data::{DataOptions, DataSet, Fact, Institution, Submission};
pub use faults::{FaultControls, FaultKind, FaultRule, FaultTarget};
pub use fingerprint::{FingerprintKey, FingerprintKeyError};
pub use http::recording::REQUEST_ID_HEADER;
pub use journal::{Journal, JournalEntry, PasswordType, Protocol, ProxyTag};
pub use operation::{Operation, UnknownOperation};
pub use params::{FacsimileFormat, FiIdType, format_submission_time, parse_update_time};
pub use period::ReportingPeriod;
pub use quota::QuotaExceeded;
pub use server::MockServer;
pub use soap::SERVICE_NS;
pub use soap::security::password_digest;
pub use users::{DEMO_USER, JwtError, MockUser, jwt_expiry, unsigned_jwt};
pub use wsdl::SOAP_PATH;
