//! Proxy and credential changes seen from the other end: the mock's
//! recording proxies tag each journal entry with the proxy and proxy user
//! it came through, and each entry names the user and token it carried.

use ffiec_core::{DataSeries, Proxy, ProxySetting};
use ffiec_mock::{MockConfig, MockServer, ProxyConfig, ProxyTag};

use crate::harness::{Wire, alice, bob, client, fingerprint, on_every_wire, start_with};
use crate::journal_checks::assert_authenticated_call;

/// A password with every character that URL userinfo reserves.
const RESERVED_PASSWORD: &str = "p@ss:w/rd";

on_every_wire!(
    a_proxy_with_reserved_characters_in_its_password_is_used_and_tagged,
    switching_between_proxies_routes_each_call_through_the_current_one,
    a_wrong_proxy_password_never_reaches_the_service,
    a_proxy_refusing_its_credentials_is_a_transport_error,
    new_credentials_are_used_from_the_next_call,
);

/// A mock with two recording proxies: `corp` (user `carol`, a password
/// with reserved characters) and `branch` (user `dave`).
async fn start_with_proxies() -> MockServer {
    start_with(
        MockConfig::default()
            .proxy(ProxyConfig::new("corp", "carol", RESERVED_PASSWORD))
            .proxy(ProxyConfig::new("branch", "dave", "plain-password")),
    )
    .await
}

/// The client's proxy for the recording proxy `name` of `mock`.
fn proxy_to(mock: &MockServer, name: &str, user: &str, password: &str) -> Proxy {
    let url = mock.proxy_url(name).expect("the proxy runs");
    let port = url
        .rsplit(':')
        .next()
        .and_then(|port| port.parse().ok())
        .expect("the proxy URL ends with its port");
    Proxy::builder()
        .host("127.0.0.1")
        .port(port)
        .credentials(user, password)
        .build()
        .expect("a valid proxy")
}

fn tag(name: &str, user: &str, password: &str) -> ProxyTag {
    ProxyTag {
        name: name.to_owned(),
        user: user.to_owned(),
        password_fingerprint: fingerprint(password),
    }
}

async fn a_proxy_with_reserved_characters_in_its_password_is_used_and_tagged(wire: Wire) {
    let mock = start_with_proxies().await;
    let client = client(&mock, wire);
    client
        .set_proxy(proxy_to(&mock, "corp", "carol", RESERVED_PASSWORD))
        .expect("the proxy is set");

    client
        .reporting_periods(DataSeries::Call)
        .await
        .expect("the call goes through the proxy");

    // The same proxy written as a URL, the reserved characters escaped.
    let port = proxy_to(&mock, "corp", "carol", RESERVED_PASSWORD).port();
    let parsed = Proxy::parse(&format!("http://carol:p%40ss%3Aw%2Frd@127.0.0.1:{port}"))
        .expect("a valid proxy URL");
    client.set_proxy(parsed).expect("the proxy is set");
    client
        .reporting_periods(DataSeries::Call)
        .await
        .expect("the call goes through the proxy");

    let entries = mock.journal().entries();
    assert_eq!(entries.len(), 2, "{entries:#?}");
    for entry in &entries {
        assert_eq!(entry.proxy, Some(tag("corp", "carol", RESERVED_PASSWORD)));
        assert_eq!(entry.authenticated, Some(true));
        assert_eq!(entry.protocol, wire.journal_protocol());
    }
}

async fn switching_between_proxies_routes_each_call_through_the_current_one(wire: Wire) {
    let mock = start_with_proxies().await;
    let client = client(&mock, wire);
    let settings: [ProxySetting; 3] = [
        proxy_to(&mock, "branch", "dave", "plain-password").into(),
        proxy_to(&mock, "corp", "carol", RESERVED_PASSWORD).into(),
        ProxySetting::None,
    ];

    for setting in settings {
        client.set_proxy(setting).expect("the proxy is set");
        client
            .ubpr_reporting_periods()
            .await
            .expect("the call succeeds");
    }

    let tags: Vec<_> = mock
        .journal()
        .entries()
        .into_iter()
        .map(|entry| entry.proxy)
        .collect();
    assert_eq!(
        tags,
        [
            Some(tag("branch", "dave", "plain-password")),
            Some(tag("corp", "carol", RESERVED_PASSWORD)),
            None
        ]
    );
}

async fn a_wrong_proxy_password_never_reaches_the_service(wire: Wire) {
    let mock = start_with_proxies().await;
    let client = client(&mock, wire);
    client
        .set_proxy(proxy_to(&mock, "corp", "carol", "p@ss:w/rong"))
        .expect("the proxy is set");

    let error = client
        .reporting_periods(DataSeries::Call)
        .await
        .unwrap_err();

    assert!(!error.to_string().contains("p@ss"), "{error}");
    assert!(!format!("{error:?}").contains("p@ss"), "{error:?}");
    // The recording proxy journals what it refuses; nothing else may appear.
    let entries = mock.journal().entries();
    assert!(!entries.is_empty(), "the proxy's refusal is journaled");
    for entry in &entries {
        assert!(
            entry.proxy_refused,
            "the proxy refused before forwarding: {entry:#?}"
        );
        assert_eq!(entry.http_status, Some(407), "{entry:#?}");
        assert_eq!(
            entry.operation, None,
            "the service never saw it: {entry:#?}"
        );
    }
}

/// The request was sent and a proxy refused it: not an argument "rejected
/// before anything was sent" (validation), and not the service judging the
/// account (authentication). `ErrorKind::Transport` names proxy failures.
async fn a_proxy_refusing_its_credentials_is_a_transport_error(wire: Wire) {
    let mock = start_with_proxies().await;
    let client = client(&mock, wire);
    client
        .set_proxy(proxy_to(&mock, "corp", "carol", "p@ss:w/rong"))
        .expect("the proxy is set");

    let error = client
        .reporting_periods(DataSeries::Call)
        .await
        .unwrap_err();

    assert!(error.is_transport(), "{:?}: {error}", error.kind());
}

async fn new_credentials_are_used_from_the_next_call(wire: Wire) {
    let mock = start_with(MockConfig::default()).await;
    let client = client(&mock, wire);
    client
        .reporting_periods(DataSeries::Call)
        .await
        .expect("alice's call");

    let session = client
        .set_credentials(wire.credentials(&bob()))
        .expect("bob's credentials");
    assert_eq!(session.credentials().user(), "bob");
    client
        .reporting_periods(DataSeries::Call)
        .await
        .expect("bob's call");

    let entries = mock.journal().entries();
    assert_eq!(entries.len(), 2, "{entries:#?}");
    let operation = ffiec_mock::Operation::RetrieveReportingPeriods;
    assert_authenticated_call(&entries[0], wire, operation, &alice());
    assert_authenticated_call(&entries[1], wire, operation, &bob());
    assert_eq!(mock.quota_used("alice"), 1);
    assert_eq!(mock.quota_used("bob"), 1);
}
