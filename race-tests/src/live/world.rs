//! The accounts and recording proxies a stress run rotates between, and the mock that
//! knows them.
//!
//! Two accounts (user and token each) and two recording proxies (each with its own user and
//! password; one password holds the URL-reserved characters `@`, `:` and `/`). The checker
//! only knows them as [`Published`] values: user names, proxy names and fingerprints.

use std::time::Duration;

use ffiec_mock::{
    BlockingMockServer, DataOptions, FingerprintKey, MockConfig, MockUser, ProxyConfig,
};

use crate::legacy::{ProxySettings, SecretLabel};

/// The key of the stress mock's journal fingerprints. Fixed, so the checker computes the
/// same fingerprints as the mock; the secrets it hides are throwaway test values.
pub const FINGERPRINT_KEY: FingerprintKey = FingerprintKey::from_bytes([0x5a; 32]);

/// The fingerprint the stress mock's journal shows for `secret`.
pub fn fingerprint(secret: &str) -> String {
    FINGERPRINT_KEY.fingerprint(secret)
}

/// Institutions in the stress mock's data set: enough for varied answers, small enough that
/// hundreds of answers parse quickly.
const STRESS_INSTITUTIONS: usize = 120;

/// One account of the service: a user and its token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// The user name.
    pub user: String,
    /// The token; `Debug` shows a fingerprint.
    pub token: SecretLabel,
}

/// One recording proxy: the name the mock journals and the credentials it demands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordingProxy {
    /// The proxy's name, as the mock's journal records it.
    pub name: String,
    /// The proxy user.
    pub user: String,
    /// The proxy password; `Debug` shows a fingerprint.
    pub password: SecretLabel,
}

/// A recording proxy once the mock runs it: where it listens, and who it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyRoute {
    /// The proxy's name and credentials.
    pub proxy: RecordingProxy,
    /// `127.0.0.1`.
    pub host: String,
    /// The port the mock bound for it.
    pub port: u16,
}

impl ProxyRoute {
    /// The route as the legacy connection's four setters take it.
    pub fn legacy_settings(&self) -> ProxySettings {
        ProxySettings {
            host: self.host.clone(),
            port: self.port,
            user_name: self.proxy.user.clone(),
            password: self.proxy.password.clone(),
        }
    }
}

/// The two accounts and two proxies of the scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StressWorld {
    /// Accounts A and B.
    pub accounts: [Account; 2],
    /// Proxies P and Q.
    pub proxies: [RecordingProxy; 2],
}

impl StressWorld {
    /// Accounts `stress-a` and `stress-b`; proxies `proxy-p` and `proxy-q`, the latter with
    /// the password `q@ss:w/rd?#` (reserved characters that break a hand-built proxy URL).
    pub fn standard() -> Self {
        StressWorld {
            accounts: [
                Account {
                    user: "stress-a".to_owned(),
                    token: SecretLabel::new("token-of-account-a"),
                },
                Account {
                    user: "stress-b".to_owned(),
                    token: SecretLabel::new("token-of-account-b"),
                },
            ],
            proxies: [
                RecordingProxy {
                    name: "proxy-p".to_owned(),
                    user: "p-user".to_owned(),
                    password: SecretLabel::new("p-password"),
                },
                RecordingProxy {
                    name: "proxy-q".to_owned(),
                    user: "q-user".to_owned(),
                    password: SecretLabel::new("q@ss:w/rd?#"),
                },
            ],
        }
    }

    /// What the checker may accept: the accounts, and the proxies as `routes` runs them,
    /// secrets as fingerprints.
    pub fn published(&self, routes: &[ProxyRoute]) -> Published {
        Published {
            accounts: self
                .accounts
                .iter()
                .map(|account| PublishedAccount {
                    user: account.user.clone(),
                    token_fingerprint: fingerprint(account.token.expose()),
                })
                .collect(),
            routes: routes
                .iter()
                .map(|route| PublishedRoute {
                    name: route.proxy.name.clone(),
                    port: route.port,
                    user: route.proxy.user.clone(),
                    password_fingerprint: fingerprint(route.proxy.password.expose()),
                })
                .collect(),
        }
    }

    /// Starts a mock that knows both accounts and runs both proxies, with a small data set
    /// and a quota no stress run reaches.
    ///
    /// # Errors
    ///
    /// Why the mock could not start or a proxy did not come up.
    pub fn start_mock(&self) -> Result<StressMock, String> {
        let mut config = MockConfig::default()
            .fingerprint_key(FINGERPRINT_KEY)
            .quota(1_000_000, Duration::from_secs(3_600))
            .data(DataOptions {
                institutions: STRESS_INSTITUTIONS,
                ..DataOptions::default()
            });
        for account in &self.accounts {
            config = config.user(MockUser::new(&account.user, account.token.expose()));
        }
        for proxy in &self.proxies {
            config = config.proxy(ProxyConfig::new(
                &proxy.name,
                &proxy.user,
                proxy.password.expose(),
            ));
        }

        let server = BlockingMockServer::start(config)
            .map_err(|error| format!("the mock server did not start: {error}"))?;
        let routes = self
            .proxies
            .iter()
            .map(|proxy| route_of(&server, proxy))
            .collect::<Result<Vec<_>, String>>()?;
        Ok(StressMock { server, routes })
    }
}

fn route_of(server: &BlockingMockServer, proxy: &RecordingProxy) -> Result<ProxyRoute, String> {
    let url = server
        .proxy_url(&proxy.name)
        .ok_or_else(|| format!("the mock runs no proxy named '{}'", proxy.name))?;
    let port = url
        .rsplit_once(':')
        .and_then(|(_, port)| port.parse().ok())
        .ok_or_else(|| format!("proxy '{}' has no port in its URL {url}", proxy.name))?;
    Ok(ProxyRoute {
        proxy: proxy.clone(),
        host: "127.0.0.1".to_owned(),
        port,
    })
}

/// A running stress mock and its two proxy routes. Dropping it stops the mock.
#[derive(Debug)]
pub struct StressMock {
    /// The server; its journal is what the checker reads.
    pub server: BlockingMockServer,
    /// Routes through P and Q, in the world's order.
    pub routes: Vec<ProxyRoute>,
}

/// An account as the checker knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedAccount {
    /// The user name.
    pub user: String,
    /// The mock's fingerprint of its token.
    pub token_fingerprint: String,
}

/// A proxy configuration as the checker knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedRoute {
    /// The proxy's name.
    pub name: String,
    /// The port it listens on.
    pub port: u16,
    /// Its user.
    pub user: String,
    /// The mock's fingerprint of its password.
    pub password_fingerprint: String,
}

/// Every value a writer ever set whole: the only pairs and routes a request may carry.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Published {
    /// The accounts.
    pub accounts: Vec<PublishedAccount>,
    /// The proxy configurations.
    pub routes: Vec<PublishedRoute>,
}

impl Published {
    /// The account `user` and `token_fingerprint` belong to together, if any.
    pub fn account(&self, user: &str, token_fingerprint: &str) -> Option<&PublishedAccount> {
        self.accounts
            .iter()
            .find(|account| account.user == user && account.token_fingerprint == token_fingerprint)
    }

    /// The account whose token has this fingerprint, if any.
    pub fn token_owner(&self, token_fingerprint: &str) -> Option<&str> {
        self.accounts
            .iter()
            .find(|account| account.token_fingerprint == token_fingerprint)
            .map(|account| account.user.as_str())
    }

    /// Whether the proxy a request reached (`Named`, from the journal) or was sent to
    /// (`Port`, from the client's own session) goes with `user` and `password_fingerprint`
    /// in one published configuration.
    pub fn is_route(&self, proxy: RouteEnd<'_>, user: &str, password_fingerprint: &str) -> bool {
        self.routes.iter().any(|route| {
            let same_proxy = match proxy {
                RouteEnd::Named(name) => route.name == name,
                RouteEnd::Port(port) => route.port == port,
            };
            same_proxy && route.user == user && route.password_fingerprint == password_fingerprint
        })
    }
}

/// How a proxy is identified in a route check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteEnd<'a> {
    /// By the name the mock's journal records.
    Named(&'a str),
    /// By the port a client connected to.
    Port(u16),
}
