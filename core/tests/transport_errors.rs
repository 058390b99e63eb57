//! Connection failures name what was tried and why it failed.

use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ffiec_core::config::RetryPolicy;
use ffiec_core::rate_limit::{RateLimiterRegistry, RatePolicy};
use ffiec_core::{Client, Config, DataSeries, Proxy, RestCredentials};

fn token() -> String {
    format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
        URL_SAFE_NO_PAD.encode(r#"{"exp":4102444800}"#)
    )
}

/// A loopback port nothing listens on: bound, read, released.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

fn client(endpoint: &str, retry: RetryPolicy) -> Client {
    let config = Config::builder()
        .endpoint(endpoint)
        .retry(retry)
        .connect_timeout(Duration::from_secs(20))
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let registry = Arc::new(RateLimiterRegistry::new(RatePolicy::default()));
    Client::with_registry(
        config,
        RestCredentials::new("alice", token()).unwrap(),
        registry,
    )
    .unwrap()
}

const PROXY_PASSWORD: &str = "SENTINEL-proxy-pw-7c41";

fn quick_retries(max_retries: u32) -> RetryPolicy {
    RetryPolicy {
        max_retries,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(5),
    }
}

#[tokio::test]
async fn a_closed_port_names_the_endpoint_and_the_refusal() {
    let port = closed_port();
    let client = client(
        &format!("http://127.0.0.1:{port}/public"),
        RetryPolicy::NONE,
    );

    let error = client
        .reporting_periods(DataSeries::Call)
        .await
        .unwrap_err();

    assert!(error.is_transport(), "{error}");
    let expected = format!(
        "RetrieveReportingPeriods: sending the request to 127.0.0.1:{port} failed: \
         tcp connect error: "
    );
    assert!(error.context().starts_with(&expected), "{error}");
    assert!(
        error
            .to_string()
            .to_lowercase()
            .contains("connection refused"),
        "{error}"
    );
    assert!(!error.context().contains("attempts"), "{error}");
}

#[tokio::test]
async fn an_unknown_host_says_the_name_did_not_resolve() {
    let client = client("http://no-such-host.invalid:8080/public", RetryPolicy::NONE);

    let error = client
        .reporting_periods(DataSeries::Call)
        .await
        .unwrap_err();

    assert!(error.is_transport(), "{error}");
    assert!(
        error.context().starts_with(
            "RetrieveReportingPeriods: sending the request to no-such-host.invalid:8080 \
             failed: dns error: "
        ),
        "{error}"
    );
}

#[tokio::test]
async fn a_dead_proxy_is_named_without_its_password_and_retries_are_counted() {
    let proxy_port = closed_port();
    let proxy = Proxy::builder()
        .host("127.0.0.1")
        .port(proxy_port)
        .credentials("bob", PROXY_PASSWORD)
        .build()
        .unwrap();
    let client = client("https://127.0.0.1:9/public", quick_retries(2));
    client.set_proxy(proxy).unwrap();

    let error = client
        .reporting_periods(DataSeries::Call)
        .await
        .unwrap_err();

    assert!(error.is_transport(), "{error}");
    let context = error.context();
    assert!(
        context.starts_with(&format!(
            "RetrieveReportingPeriods: sending the request to 127.0.0.1:9 via proxy \
             127.0.0.1:{proxy_port} failed: "
        )),
        "{error}"
    );
    assert!(
        context.to_lowercase().contains("connection refused"),
        "{error}"
    );
    assert!(context.ends_with(" (3 attempts)"), "{error}");

    let shown = format!("{error} {error:?}");
    assert!(!shown.contains(PROXY_PASSWORD), "{shown}");
    assert!(!shown.contains("bob"), "{shown}");
    let mut source: Option<&dyn std::error::Error> = std::error::Error::source(&error);
    while let Some(cause) = source {
        assert!(!cause.to_string().contains(PROXY_PASSWORD), "{cause}");
        source = cause.source();
    }
}
