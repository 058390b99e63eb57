//! The legacy scenarios' values as the hardened client's validated types.
//!
//! The proofs apply the very proxies and accounts the legacy models apply
//! ([`crate::legacy::models`]), converted once into [`Proxy`] and [`Credentials`], so the
//! two sides of every finding differ only in the design under test.

use std::sync::Arc;
use std::time::Duration;

use ffiec_core::clock::ManualClock;
use ffiec_core::rate_limit::{FFIEC_CALLS_PER_HOUR, RateLimiterRegistry, RatePolicy};
use ffiec_core::sync::Backend;
use ffiec_core::{Config, Credentials, Proxy, ProxySetting, SoapCredentials};

use super::session::{HardenedConnection, ProxyAddress};
use crate::legacy::models::{ACCOUNT_ALICE, ACCOUNT_BOB, proxy_a, proxy_b, proxy_old};
use crate::legacy::{ProxySettings, SecretLabel};
use crate::trace::Trace;

/// A third proxy, for the three-writer version of the whole-value proofs (S1, N7) that
/// only `race-audit` runs.
pub fn proxy_c() -> ProxySettings {
    ProxySettings {
        host: "proxy-c.example".to_owned(),
        port: 8888,
        user_name: "user-c".to_owned(),
        password: SecretLabel::new("pass-c"),
    }
}

/// The proxies the writers of a whole-value scenario apply: A, B, then C.
///
/// # Panics
///
/// If more than three writers are asked for.
pub fn writer_proxies(writers: usize) -> Vec<(&'static str, ProxySettings)> {
    let all = [
        ("writer-a", proxy_a()),
        ("writer-b", proxy_b()),
        ("writer-c", proxy_c()),
    ];
    assert!(
        writers <= all.len(),
        "at most {} writers, asked for {writers}",
        all.len()
    );
    all.into_iter().take(writers).collect()
}

/// `settings` as the validated proxy setting the hardened client takes.
///
/// # Panics
///
/// If the fixture is not a valid proxy; every fixture is.
pub fn proxy_setting(settings: &ProxySettings) -> ProxySetting {
    let proxy = Proxy::builder()
        .host(settings.host.clone())
        .port(settings.port)
        .credentials(
            settings.user_name.clone(),
            settings.password.expose().to_owned(),
        )
        .build()
        .expect("the fixture proxies are valid");
    ProxySetting::Explicit(proxy)
}

/// The host and port of a fixture proxy.
pub fn address(settings: &ProxySettings) -> ProxyAddress {
    (settings.host.clone(), settings.port)
}

/// Every fixture proxy as (host, password), for naming whose password a client carries.
pub fn proxy_passwords() -> Vec<(String, String)> {
    [proxy_old(), proxy_a(), proxy_b(), proxy_c()]
        .into_iter()
        .map(|proxy| (proxy.host, proxy.password.expose().to_owned()))
        .collect()
}

/// Validated SOAP credentials for one of the fixture accounts.
///
/// # Panics
///
/// If the fixture is not a valid pair; both are.
pub fn credentials((user, token): (&str, &str)) -> Credentials {
    Credentials::from(SoapCredentials::new(user, token).expect("the fixture accounts are valid"))
}

/// Both fixture accounts as the model service knows them.
pub fn accounts() -> Vec<(String, SecretLabel)> {
    [ACCOUNT_ALICE, ACCOUNT_BOB]
        .into_iter()
        .map(|(user, token)| (user.to_owned(), SecretLabel::new(token)))
        .collect()
}

/// A connection for alice, going through `proxy` (or directly for `None`), with a
/// registry of its own.
///
/// # Panics
///
/// If the configuration does not validate; the fixtures always do.
pub fn connection<B: Backend>(
    proxy: Option<&ProxySettings>,
    trace: &Trace,
) -> HardenedConnection<B> {
    connection_sharing(proxy, limiter_registry(FFIEC_CALLS_PER_HOUR), trace)
}

/// As [`connection`], drawing account limiters from `limiters`: connections that share a
/// registry model clones of one client.
///
/// # Panics
///
/// If the configuration does not validate; the fixtures always do.
pub fn connection_sharing<B: Backend>(
    proxy: Option<&ProxySettings>,
    limiters: Arc<RateLimiterRegistry<B>>,
    trace: &Trace,
) -> HardenedConnection<B> {
    let setting = proxy.map_or(ProxySetting::None, proxy_setting);
    let config = Config::builder()
        .proxy(setting)
        .build()
        .expect("the fixture configuration is valid");
    HardenedConnection::new(config, credentials(ACCOUNT_ALICE), limiters, trace)
}

/// A registry whose limiters allow `calls` calls per hour, on a manual clock that stands
/// still: a model can then tell exactly which calls may go now.
///
/// # Panics
///
/// If `calls` is zero.
pub fn limiter_registry<B: Backend>(calls: u32) -> Arc<RateLimiterRegistry<B>> {
    let policy = RatePolicy::new(calls, Duration::from_secs(3_600)).expect("calls is not zero");
    let clock = Arc::new(ManualClock::<B>::new());
    Arc::new(RateLimiterRegistry::with_clock(policy, clock))
}
