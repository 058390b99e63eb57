//! Whole-value updates of a shared client: one rebuild each, nothing
//! published on error, and no request ever mixing two configurations.

use std::sync::Arc;
use std::thread;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ffiec_core::config::{RetryPolicy, SoapOptions};
use ffiec_core::rate_limit::{RateLimiterRegistry, RatePolicy};
use ffiec_core::{
    Client, Config, Credentials, Protocol, Proxy, ProxySetting, RestCredentials, SoapCredentials,
};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// An unsigned JWT that expires in 2100; `nbf` tells tokens apart.
fn jwt(nbf: u32) -> String {
    format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
        URL_SAFE_NO_PAD.encode(format!(r#"{{"nbf":{nbf},"exp":4102444800}}"#))
    )
}

fn registry() -> Arc<RateLimiterRegistry> {
    Arc::new(RateLimiterRegistry::new(RatePolicy::default()))
}

fn rest_client(endpoint: &str, retry: RetryPolicy) -> Client {
    let config = Config::builder()
        .endpoint(endpoint)
        .retry(retry)
        .build()
        .unwrap();
    let credentials = RestCredentials::new("old-user", jwt(1)).unwrap();
    Client::with_registry(config, credentials, registry()).unwrap()
}

fn auth_pair(request: &Request) -> (String, String) {
    let header = |name: &str| request.headers[name].to_str().unwrap().to_owned();
    (header("UserID"), header("Authentication"))
}

/// Waits, a bounded number of times, until `server` has seen `count`
/// requests.
async fn wait_for_requests(server: &MockServer, count: usize) {
    for _ in 0..1_000 {
        if server.received_requests().await.unwrap().len() >= count {
            return;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    panic!("the server never saw {count} request(s)");
}

#[tokio::test]
async fn credentials_set_during_a_call_reach_only_the_next_call() {
    let server = MockServer::start().await;
    // The first attempt fails slowly and transiently, so the call is still
    // in flight (and will retry) when the credentials change.
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).set_delay(Duration::from_millis(300)))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(r#"["12/31/2002"]"#, "application/json"),
        )
        .mount(&server)
        .await;

    let retry_once = RetryPolicy {
        max_retries: 1,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(1),
    };
    let client = rest_client(&format!("{}/public", server.uri()), retry_once);
    let in_flight = tokio::spawn({
        let client = client.clone();
        async move { client.ubpr_reporting_periods().await }
    });

    wait_for_requests(&server, 1).await;
    client
        .set_credentials(RestCredentials::new("new-user", jwt(2)).unwrap())
        .unwrap();
    in_flight.await.unwrap().unwrap();
    client.ubpr_reporting_periods().await.unwrap();

    let requests = server.received_requests().await.unwrap();
    let pairs: Vec<(String, String)> = requests.iter().map(auth_pair).collect();
    let old = ("old-user".to_owned(), format!("Bearer {}", jwt(1)));
    let new = ("new-user".to_owned(), format!("Bearer {}", jwt(2)));
    assert_eq!(
        pairs,
        [old.clone(), old, new],
        "the retry keeps the call's snapshot"
    );
}

#[tokio::test]
async fn clones_share_updates_and_each_update_is_one_rebuild() {
    let client = rest_client("http://127.0.0.1:9/public", RetryPolicy::NONE);
    let clone = client.clone();
    assert_eq!(client.session().generation(), 0);

    client.set_proxy(ProxySetting::FromEnvironment).unwrap();
    assert_eq!(clone.session().generation(), 1);
    assert!(Arc::ptr_eq(&client.session(), &clone.session()));
    assert_eq!(
        clone.session().config().proxy(),
        &ProxySetting::FromEnvironment
    );

    clone
        .set_timeouts(Duration::from_secs(2), Duration::from_secs(20))
        .unwrap();
    let session = client.session();
    assert_eq!(session.generation(), 2);
    assert_eq!(session.config().connect_timeout(), Duration::from_secs(2));
    assert_eq!(session.config().timeout(), Duration::from_secs(20));
    assert_eq!(session.config().proxy(), &ProxySetting::FromEnvironment);

    client
        .update(|config| {
            config
                .endpoint("http://127.0.0.1:10/other")
                .user_agent("audit/1.0")
                .max_response_bytes(4096)
        })
        .unwrap();
    let session = clone.session();
    assert_eq!(
        session.generation(),
        3,
        "three changes in one update are one rebuild"
    );
    assert_eq!(
        session.config().endpoint().as_str(),
        "http://127.0.0.1:10/other/"
    );
    assert_eq!(session.config().user_agent(), "audit/1.0");
    assert_eq!(session.config().max_response_bytes(), 4096);
}

#[tokio::test]
async fn getters_have_no_side_effects() {
    let client = rest_client("http://127.0.0.1:9/public", RetryPolicy::NONE);
    let first = client.session();
    let _ = format!("{client:?}");
    let _ = client.session().config().endpoint().as_str().len();
    assert!(Arc::ptr_eq(&first, &client.session()));
    assert_eq!(client.session().generation(), 0);
}

#[tokio::test]
async fn a_failed_update_publishes_nothing() {
    let client = rest_client("http://127.0.0.1:9/public", RetryPolicy::NONE);
    let before = client.session();

    let error = client.set_endpoint("ftp://127.0.0.1/public").unwrap_err();
    assert!(error.is_validation());

    let error = client
        .set_credentials(SoapCredentials::new("soap-user", "token").unwrap())
        .unwrap_err();
    assert!(
        error.is_validation(),
        "SOAP credentials on a REST client: {error}"
    );

    assert!(Arc::ptr_eq(&before, &client.session()));
    assert_eq!(client.session().generation(), 0);
}

#[tokio::test]
async fn reconfigure_switches_protocol_and_credentials_together() {
    let client = rest_client("http://127.0.0.1:9/public", RetryPolicy::NONE);
    let soap = Config::builder()
        .protocol(Protocol::Soap(SoapOptions::default()))
        .endpoint("http://127.0.0.1:9/service.asmx")
        .build()
        .unwrap();

    client
        .reconfigure(soap, SoapCredentials::new("soap-user", "token").unwrap())
        .unwrap();
    let session = client.session();
    assert!(session.config().protocol().is_soap());
    assert!(session.credentials().is_soap());
    assert_eq!(session.credentials().user(), "soap-user");
    assert_eq!(session.generation(), 1);
}

#[tokio::test]
async fn clients_of_one_account_share_its_limiter_and_a_new_user_gets_its_own() {
    let config = Config::builder()
        .endpoint("http://127.0.0.1:9/public")
        .build()
        .unwrap();
    let credentials = || RestCredentials::new("limited-user", jwt(3)).unwrap();
    let first = Client::new(config.clone(), credentials()).unwrap();
    let second = Client::new(config, credentials()).unwrap();
    assert!(Arc::ptr_eq(
        first.session().limiter(),
        second.session().limiter()
    ));

    let before = first.session();
    first
        .set_credentials(RestCredentials::new("other-user", jwt(4)).unwrap())
        .unwrap();
    assert!(!Arc::ptr_eq(first.session().limiter(), before.limiter()));
    assert!(Arc::ptr_eq(second.session().limiter(), before.limiter()));
}

fn soap_pair(session: &ffiec_core::session::Session) -> (String, String) {
    match session.credentials() {
        Credentials::Soap(soap) => (soap.user_name().to_owned(), soap.expose_token().to_owned()),
        Credentials::Rest(_) => panic!("SOAP credentials expected"),
    }
}

#[test]
fn concurrent_writers_never_publish_a_mixed_pair_and_lose_no_update() {
    const WRITERS: usize = 4;
    const UPDATES: usize = 20;
    const READS: usize = 2_000;

    let config = Config::builder()
        .protocol(Protocol::Soap(SoapOptions::default()))
        .endpoint("http://127.0.0.1:9/service.asmx")
        .build()
        .unwrap();
    let first = SoapCredentials::new("user-start", "token-of-user-start").unwrap();
    let client = Client::with_registry(config, first, registry()).unwrap();

    thread::scope(|scope| {
        for writer in 0..WRITERS {
            let client = client.clone();
            scope.spawn(move || {
                for update in 0..UPDATES {
                    let user = format!("user-{writer}-{update}");
                    let token = format!("token-of-{user}");
                    client
                        .set_credentials(SoapCredentials::new(user, token).unwrap())
                        .unwrap();
                }
            });
        }
        for _ in 0..2 {
            let client = client.clone();
            scope.spawn(move || {
                for _ in 0..READS {
                    let (user, token) = soap_pair(&client.session());
                    assert_eq!(
                        token,
                        format!("token-of-{user}"),
                        "a torn pair was published"
                    );
                }
            });
        }
    });

    let last = client.session();
    assert_eq!(last.generation(), (WRITERS * UPDATES) as u64);
    let (user, token) = soap_pair(&last);
    assert_eq!(token, format!("token-of-{user}"));
}

fn proxy_to(server: &MockServer, credentials: Option<(&str, &str)>) -> Proxy {
    let address = server.address();
    let mut builder = Proxy::builder()
        .host(address.ip().to_string())
        .port(address.port());
    if let Some((user, password)) = credentials {
        builder = builder.credentials(user, password);
    }
    builder.build().unwrap()
}

#[tokio::test]
async fn set_proxy_routes_the_next_call_and_its_password_goes_only_to_its_proxy() {
    let first_proxy = MockServer::start().await;
    let second_proxy = MockServer::start().await;
    for proxy in [&first_proxy, &second_proxy] {
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(200).set_body_raw(r#"["12/31/2002"]"#, "application/json"),
            )
            .mount(proxy)
            .await;
    }

    // A name under .invalid never resolves: only a proxy can reach it.
    let client = rest_client("http://ffiec.invalid/public", RetryPolicy::NONE);
    client.set_proxy(proxy_to(&first_proxy, None)).unwrap();
    client.ubpr_reporting_periods().await.unwrap();
    client
        .set_proxy(proxy_to(&second_proxy, Some(("proxy-user", "proxy-pass"))))
        .unwrap();
    client.ubpr_reporting_periods().await.unwrap();

    let first = first_proxy.received_requests().await.unwrap();
    let second = second_proxy.received_requests().await.unwrap();
    assert_eq!((first.len(), second.len()), (1, 1));
    assert_eq!(
        first[0].url.as_str(),
        "http://ffiec.invalid/public/RetrieveUBPRReportingPeriods"
    );
    assert_eq!(
        second[0].url.as_str(),
        "http://ffiec.invalid/public/RetrieveUBPRReportingPeriods"
    );
    assert!(!first[0].headers.contains_key("proxy-authorization"));
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode("proxy-user:proxy-pass")
    );
    assert_eq!(
        second[0].headers["proxy-authorization"].to_str().unwrap(),
        expected
    );
}

#[test]
fn an_update_from_inside_an_update_of_the_same_client_is_refused_not_a_deadlock() {
    let client = rest_client("http://127.0.0.1:9/public", RetryPolicy::NONE);
    let (done, outcome) = std::sync::mpsc::channel();

    // On a thread of its own, so that a regression hangs that thread and
    // fails this test instead of hanging the whole run.
    let inner = client.clone();
    thread::spawn(move || {
        let mut nested = None;
        let outer = inner.update(|config| {
            nested = Some(inner.set_timeouts(Duration::from_secs(5), Duration::from_secs(10)));
            config.timeout(Duration::from_secs(30))
        });
        done.send((outer.map(|session| session.generation()), nested))
            .unwrap();
    });
    let (outer, nested) = outcome
        .recv_timeout(Duration::from_secs(120))
        .expect("the nested update returned instead of deadlocking");

    let nested = nested.expect("the closure ran").unwrap_err();
    assert!(nested.is_validation(), "{nested}");
    assert!(
        nested
            .context()
            .contains("from inside the closure of an update"),
        "{nested}"
    );
    assert_eq!(outer.unwrap(), 1, "the outer update still publishes, once");
    assert_eq!(client.session().config().timeout(), Duration::from_secs(30));

    // The refusal is only for nesting: the client takes updates afterwards.
    client
        .set_timeouts(Duration::from_secs(5), Duration::from_secs(10))
        .unwrap();
    assert_eq!(client.session().generation(), 2);
}
