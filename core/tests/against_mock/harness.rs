//! Starting the mock and pointing a client at it over one of the three
//! wires the client speaks.

use std::sync::Arc;
use std::time::Duration;

use ffiec_core::config::RetryPolicy;
use ffiec_core::rate_limit::{RateLimiterRegistry, RatePolicy};
use ffiec_core::{
    Client, Config, ConfigBuilder, Credentials, PasswordType, Protocol, RestCredentials,
    SoapCredentials, SoapOptions, SoapVersion,
};
use ffiec_mock::{FingerprintKey, JournalEntry, MockConfig, MockServer, MockUser};

/// Valid from 2023-11-14 to 2096-10-02, so neither the system clock nor a
/// frozen mock clock in 2026 sees it expired.
const NOT_BEFORE: i64 = 1_700_000_000;
const EXPIRES: i64 = 4_000_000_000;

/// A bound for every request a test makes, so a hang fails instead of
/// blocking the run; no test expects a call to take anywhere near this.
pub const CALL_BOUND: Duration = Duration::from_secs(30);

/// Two retries with millisecond waits: enough to see the retry budget in
/// the journal without slowing the run.
pub const FAST_RETRIES: RetryPolicy = RetryPolicy {
    max_retries: 2,
    base_delay: Duration::from_millis(1),
    max_delay: Duration::from_millis(5),
};

/// The account most tests use.
pub fn alice() -> MockUser {
    MockUser::with_jwt("alice", NOT_BEFORE, EXPIRES)
}

/// A second account, for switching credentials.
pub fn bob() -> MockUser {
    MockUser::with_jwt("bob", NOT_BEFORE, EXPIRES)
}

/// How the client talks to the mock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wire {
    /// SOAP 1.1 with a `PasswordText` token (the client's default).
    Soap11,
    /// SOAP 1.2 with a `PasswordDigest` token (nonce and created time).
    Soap12Digest,
    /// REST: header parameters and a bearer token.
    Rest,
}

impl Wire {
    /// The client protocol of this wire.
    pub fn protocol(self) -> Protocol {
        match self {
            Wire::Soap11 => Protocol::Soap(SoapOptions {
                version: SoapVersion::V1_1,
                password: PasswordType::Text,
            }),
            Wire::Soap12Digest => Protocol::Soap(SoapOptions {
                version: SoapVersion::V1_2,
                password: PasswordType::Digest,
            }),
            Wire::Rest => Protocol::Rest,
        }
    }

    /// What the mock's journal records for a request over this wire.
    pub fn journal_protocol(self) -> ffiec_mock::Protocol {
        match self {
            Wire::Soap11 => ffiec_mock::Protocol::Soap11,
            Wire::Soap12Digest => ffiec_mock::Protocol::Soap12,
            Wire::Rest => ffiec_mock::Protocol::Rest,
        }
    }

    /// How the journal says the credentials were presented over this wire.
    pub fn journal_password_type(self) -> ffiec_mock::PasswordType {
        match self {
            Wire::Soap11 => ffiec_mock::PasswordType::Text,
            Wire::Soap12Digest => ffiec_mock::PasswordType::Digest,
            Wire::Rest => ffiec_mock::PasswordType::Bearer,
        }
    }

    /// The mock's endpoint for this wire.
    pub fn endpoint(self, mock: &MockServer) -> String {
        match self {
            Wire::Soap11 | Wire::Soap12Digest => mock.soap_url(),
            Wire::Rest => mock.rest_url(),
        }
    }

    /// Client credentials of this wire's kind for `user`, with `token`.
    pub fn credentials_with_token(self, user: &MockUser, token: &str) -> Credentials {
        match self {
            Wire::Soap11 | Wire::Soap12Digest => SoapCredentials::new(user.name(), token)
                .expect("valid SOAP credentials")
                .into(),
            Wire::Rest => RestCredentials::new(user.name(), token)
                .expect("valid REST credentials")
                .into(),
        }
    }

    /// Client credentials of this wire's kind for `user`.
    pub fn credentials(self, user: &MockUser) -> Credentials {
        self.credentials_with_token(user, user.token())
    }
}

/// The key of every harness mock's journal fingerprints: fixed, so the
/// checks below can compute expected fingerprints without a mock at hand.
const FINGERPRINT_KEY: FingerprintKey = FingerprintKey::from_bytes([0x5a; 32]);

/// The fingerprint a harness mock's journal gives `secret`.
pub fn fingerprint(secret: &str) -> String {
    FINGERPRINT_KEY.fingerprint(secret)
}

/// Starts a mock with `config` plus the accounts `alice` and `bob`, its
/// fingerprints keyed with [`FINGERPRINT_KEY`].
pub async fn start_with(config: MockConfig) -> MockServer {
    let config = config.fingerprint_key(FINGERPRINT_KEY);
    MockServer::start(config.user(alice()).user(bob()))
        .await
        .expect("the mock starts on a free loopback port")
}

/// Starts a mock with the default configuration plus `alice` and `bob`.
pub async fn start() -> MockServer {
    start_with(MockConfig::default()).await
}

/// A client of `alice` over `wire`, no retries, bounded timeouts.
pub fn client(mock: &MockServer, wire: Wire) -> Client {
    client_with(mock, wire, |builder| builder)
}

/// Like [`client`], with `change` applied to the configuration.
///
/// Each client gets its own rate-limiter registry: tests run in parallel
/// in one process, and the process-wide registry would make them share
/// alice's budget.
pub fn client_with(
    mock: &MockServer,
    wire: Wire,
    change: impl FnOnce(ConfigBuilder) -> ConfigBuilder,
) -> Client {
    let builder = Config::builder()
        .protocol(wire.protocol())
        .endpoint(wire.endpoint(mock))
        .connect_timeout(Duration::from_secs(5))
        .timeout(CALL_BOUND)
        .retry(RetryPolicy::NONE);
    let config = change(builder).build().expect("a valid test configuration");
    let registry = Arc::new(RateLimiterRegistry::new(RatePolicy::default()));
    Client::with_registry(config, wire.credentials(&alice()), registry).expect("the client builds")
}

/// The one journal entry of the mock, failing the test if there are more.
pub fn only_entry(mock: &MockServer) -> JournalEntry {
    let entries = mock.journal().entries();
    assert_eq!(
        entries.len(),
        1,
        "exactly one request expected: {entries:#?}"
    );
    entries.into_iter().next().expect("one entry")
}

/// Generates one `#[tokio::test]` per wire for each named async function
/// taking a [`Wire`]: `name::soap_1_1`, `name::soap_1_2_digest` and
/// `name::rest`. Attributes written before a name (such as
/// `#[ignore = "..."]`) go on each of its three tests.
macro_rules! on_every_wire {
    ($($(#[$attribute:meta])* $case:ident),+ $(,)?) => {
        $(
            mod $case {
                use $crate::harness::Wire;

                #[tokio::test]
                $(#[$attribute])*
                async fn soap_1_1() {
                    super::$case(Wire::Soap11).await;
                }

                #[tokio::test]
                $(#[$attribute])*
                async fn soap_1_2_digest() {
                    super::$case(Wire::Soap12Digest).await;
                }

                #[tokio::test]
                $(#[$attribute])*
                async fn rest() {
                    super::$case(Wire::Rest).await;
                }
            }
        )+
    };
}
pub(crate) use on_every_wire;
