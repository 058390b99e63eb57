//! What a mock server is started with.

use std::fmt;
use std::net::SocketAddr;
use std::str::FromStr;
use std::time::Duration;

use crate::clock::MockClock;
use crate::data::DataOptions;
use crate::faults::FaultRule;
use crate::fingerprint::{FingerprintKey, debug_fingerprint};
use crate::journal::Journal;
use crate::users::MockUser;

/// The settings of a [`MockServer`](crate::MockServer), built by chaining.
///
/// ```
/// use std::time::Duration;
/// use ffiec_mock::{MockConfig, MockUser, ProxyConfig};
///
/// let config = MockConfig::default()
///     .user(MockUser::new("alice", "alice-token"))
///     .quota(5, Duration::from_secs(60))
///     .fault("RetrieveFacsimile=reset#1".parse()?)
///     .proxy(ProxyConfig::new("corp", "proxyuser", "p@ss:w/rd"));
/// # Ok::<(), ffiec_mock::faults::FaultParseError>(())
/// ```
#[derive(Debug, Clone)]
pub struct MockConfig {
    pub(crate) listen: SocketAddr,
    pub(crate) users: Vec<MockUser>,
    pub(crate) quota_limit: u32,
    pub(crate) quota_window: Duration,
    pub(crate) clock: MockClock,
    pub(crate) faults: Vec<FaultRule>,
    pub(crate) proxies: Vec<ProxyConfig>,
    pub(crate) data: DataOptions,
    pub(crate) rest_raw_facsimile: bool,
    pub(crate) max_stall: Duration,
    pub(crate) journal_capacity: usize,
    pub(crate) fingerprint_key: Option<FingerprintKey>,
}

impl Default for MockConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            users: Vec::new(),
            quota_limit: 2_500,
            quota_window: Duration::from_secs(3_600),
            clock: MockClock::system(),
            faults: Vec::new(),
            proxies: Vec::new(),
            data: DataOptions::default(),
            rest_raw_facsimile: false,
            max_stall: Duration::from_secs(30),
            journal_capacity: Journal::DEFAULT_CAPACITY,
            fingerprint_key: None,
        }
    }
}

impl MockConfig {
    /// The address to listen on. Default: `127.0.0.1:0` (a free port).
    #[must_use]
    pub fn listen(mut self, address: SocketAddr) -> Self {
        self.listen = address;
        self
    }

    /// Adds an account. Default: none added, in which case the server has
    /// the single [`MockUser::demo`] account.
    #[must_use]
    pub fn user(mut self, user: MockUser) -> Self {
        self.users.push(user);
        self
    }

    /// Calls allowed per user per window. Default: 2,500 per 3,600 s, the
    /// live service's limit. Windows are aligned to the epoch, so an hour
    /// window ends at the top of the hour, by the mock clock.
    ///
    /// Both must be at least 1 (whole seconds for the window), or
    /// [`MockServer::start`](crate::MockServer::start) refuses the
    /// configuration; to have every call refused for quota, inject the
    /// [`FaultKind::Quota`](crate::FaultKind::Quota) fault (`*=quota`).
    #[must_use]
    pub fn quota(mut self, calls: u32, window: Duration) -> Self {
        self.quota_limit = calls;
        self.quota_window = window;
        self
    }

    /// The clock for quota windows, token expiry and the journal. Default:
    /// [`MockClock::system`]. Keep a clone to advance it from the test.
    #[must_use]
    pub fn clock(mut self, clock: MockClock) -> Self {
        self.clock = clock;
        self
    }

    /// Adds a fault rule in force from the start. Default: none.
    #[must_use]
    pub fn fault(mut self, rule: FaultRule) -> Self {
        self.faults.push(rule);
        self
    }

    /// Adds a recording proxy, started with the server. Default: none.
    #[must_use]
    pub fn proxy(mut self, proxy: ProxyConfig) -> Self {
        self.proxies.push(proxy);
        self
    }

    /// How the data is generated. Default: [`DataOptions::default`].
    #[must_use]
    pub fn data(mut self, options: DataOptions) -> Self {
        self.data = options;
        self
    }

    /// REST facsimiles as the raw document instead of a JSON string of
    /// base64 (both have been seen from the live service). Default: false.
    #[must_use]
    pub fn rest_raw_facsimile(mut self, raw: bool) -> Self {
        self.rest_raw_facsimile = raw;
        self
    }

    /// The longest a `stall` fault holds a request before closing the
    /// connection, so a stalled server still stops. Default: 30 s.
    #[must_use]
    pub fn max_stall(mut self, max: Duration) -> Self {
        self.max_stall = max;
        self
    }

    /// The key of the journal's fingerprints. Default: a random key drawn
    /// when the server starts, so a leaked journal cannot be matched
    /// against guessed secrets offline; tests compare with
    /// [`MockServer::fingerprint`](crate::MockServer::fingerprint). Fix it
    /// only when a tool outside the process must compute fingerprints.
    #[must_use]
    pub fn fingerprint_key(mut self, key: FingerprintKey) -> Self {
        self.fingerprint_key = Some(key);
        self
    }

    /// How many journal entries are kept; older ones are dropped first.
    /// Default: [`Journal::DEFAULT_CAPACITY`] (100,000).
    #[must_use]
    pub fn journal_capacity(mut self, entries: usize) -> Self {
        self.journal_capacity = entries;
        self
    }

    /// The accounts in force: the configured ones, or the demo account.
    pub(crate) fn effective_users(&self) -> Vec<MockUser> {
        if self.users.is_empty() {
            vec![MockUser::demo()]
        } else {
            self.users.clone()
        }
    }
}

/// A recording forward proxy: its name and the credentials it demands in
/// `Proxy-Authorization: Basic`. Debug output shows a fingerprint of the
/// password, never the password.
#[derive(Clone, PartialEq, Eq)]
pub struct ProxyConfig {
    pub(crate) name: String,
    pub(crate) user: String,
    pub(crate) password: String,
}

impl ProxyConfig {
    /// A proxy named `name` that accepts only `user` with `password`. The
    /// password may hold any character, `@`, `:` and `/` included.
    pub fn new(
        name: impl Into<String>,
        user: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        Self {
            name: name.into(),
            user: user.into(),
            password: password.into(),
        }
    }

    /// The proxy's name, as recorded in the journal.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The user it accepts.
    pub fn user(&self) -> &str {
        &self.user
    }
}

impl fmt::Debug for ProxyConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProxyConfig")
            .field("name", &self.name)
            .field("user", &self.user)
            .field("password_fingerprint", &debug_fingerprint(&self.password))
            .finish()
    }
}

/// Why a `NAME:USER:PASSWORD` proxy specification could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxySpecError;

impl fmt::Display for ProxySpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("expected NAME:USER:PASSWORD with a non-empty name and user")
    }
}

impl std::error::Error for ProxySpecError {}

impl FromStr for ProxyConfig {
    type Err = ProxySpecError;

    /// Reads `NAME:USER:PASSWORD`; everything after the second colon is the
    /// password, so it may contain colons.
    fn from_str(spec: &str) -> Result<Self, Self::Err> {
        let mut parts = spec.splitn(3, ':');
        let (Some(name), Some(user), Some(password)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(ProxySpecError);
        };
        if name.is_empty() || user.is_empty() {
            return Err(ProxySpecError);
        }
        Ok(Self::new(name, user, password))
    }
}

/// Refuses a quota no call could use: most likely a mistake, and the
/// `quota` fault already refuses every call on purpose.
pub(crate) fn check_quota(config: &MockConfig) -> std::io::Result<()> {
    let problem = if config.quota_limit == 0 {
        "a quota of 0 calls per window would refuse every call"
    } else if config.quota_window.as_secs() == 0 {
        "a quota window shorter than one second cannot be counted"
    } else {
        return Ok(());
    };
    Err(std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        format!("{problem}; give at least 1, or inject the fault '*=quota' to refuse every call"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proxy_spec_keeps_colons_in_the_password() {
        let proxy: ProxyConfig = "corp:bob:p@ss:w/rd".parse().unwrap();
        assert_eq!(
            (proxy.name(), proxy.user(), proxy.password.as_str()),
            ("corp", "bob", "p@ss:w/rd")
        );
        assert!("corp:bob".parse::<ProxyConfig>().is_err());
        assert!(!format!("{proxy:?}").contains("p@ss"));
    }
}
