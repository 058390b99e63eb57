//! The values the scenarios apply: two proxies, two accounts, all synthetic.

use crate::legacy::{ProxySettings, SecretLabel};

/// The proxy a connection starts with in S1 and N7.
pub fn proxy_old() -> ProxySettings {
    proxy("proxy-old.example", 8000, "user-old", "pass-old")
}

/// The proxy writer A applies.
pub fn proxy_a() -> ProxySettings {
    proxy("proxy-a.example", 8080, "user-a", "pass-a")
}

/// The proxy writer B applies.
pub fn proxy_b() -> ProxySettings {
    proxy("proxy-b.example", 3128, "user-b", "pass-b")
}

/// The first valid account: user name and token.
pub const ACCOUNT_ALICE: (&str, &str) = ("alice", "token-alice");

/// The second valid account: user name and token.
pub const ACCOUNT_BOB: (&str, &str) = ("bob", "token-bob");

/// The host of whichever fixture proxy `password` belongs to.
pub(super) fn proxy_owning(password: &SecretLabel) -> String {
    [proxy_old(), proxy_a(), proxy_b()]
        .into_iter()
        .find(|proxy| proxy.password == *password)
        .map_or_else(|| "no known proxy".to_owned(), |proxy| proxy.host)
}

/// Both accounts as the service knows them.
pub(super) fn accounts() -> Vec<(String, SecretLabel)> {
    [ACCOUNT_ALICE, ACCOUNT_BOB]
        .into_iter()
        .map(|(user, token)| (user.to_owned(), SecretLabel::new(token)))
        .collect()
}

fn proxy(host: &str, port: u16, user_name: &str, password: &str) -> ProxySettings {
    ProxySettings {
        host: host.to_owned(),
        port,
        user_name: user_name.to_owned(),
        password: SecretLabel::new(password),
    }
}
