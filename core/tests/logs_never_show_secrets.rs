//! No token or proxy password in any log line, error or `Debug` output.
//!
//! Every tracing event is captured at TRACE level while calls succeed and
//! fail with sentinel secrets, including answers that echo the secret back;
//! then the captured text and every error (its `Display`, its `Debug` and
//! each error of its source chain) are searched for the sentinels.

use std::io;
use std::sync::{Arc, Mutex};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ffiec_core::config::{PasswordType, RetryPolicy, SoapOptions};
use ffiec_core::rate_limit::{RateLimiterRegistry, RatePolicy};
use ffiec_core::{Client, Config, Protocol, Proxy, RestCredentials, SoapCredentials};
use tracing::Level;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

const SOAP_TOKEN: &str = "SENTINEL-SOAP-TOKEN-4c1e";
const PROXY_PASSWORD: &str = "SENTINEL-PROXY-PASSWORD-77ab";

/// A REST token; the JWT itself is the sentinel.
fn rest_token() -> String {
    format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
        URL_SAFE_NO_PAD.encode(r#"{"sub":"sentinel","exp":4102444800}"#)
    )
}

/// Every captured log line, shared with the subscriber's writer.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Capture {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl io::Write for Capture {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The `Display` and `Debug` of `error` and of every error under it.
fn every_rendering(error: &ffiec_core::Error) -> String {
    let mut text = format!("{error}\n{error:?}\n");
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(&format!("{cause}\n{cause:?}\n"));
        source = cause.source();
    }
    text
}

fn assert_no_secret(text: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(!text.contains(secret), "a secret leaked into:\n{text}");
    }
}

fn registry() -> Arc<RateLimiterRegistry> {
    Arc::new(RateLimiterRegistry::new(RatePolicy::default()))
}

fn quick_retries() -> RetryPolicy {
    RetryPolicy {
        max_retries: 1,
        base_delay: std::time::Duration::from_millis(1),
        max_delay: std::time::Duration::from_millis(1),
    }
}

const SERVICE: &str = "http://cdr.ffiec.gov/public/services";

fn soap_answer(body: &str) -> String {
    format!(
        r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>{body}</soap:Body></soap:Envelope>"#
    )
}

async fn exercise_soap(server: &MockServer, password: PasswordType) -> Vec<ffiec_core::Error> {
    let success = soap_answer(&format!(
        r#"<TestUserAccessResponse xmlns="{SERVICE}"><TestUserAccessResult>true</TestUserAccessResult></TestUserAccessResponse>"#
    ));
    // A fault that echoes the token, as a careless server might.
    let echo = soap_answer(&format!(
        r#"<soap:Fault><faultcode>q0:FailedAuthentication</faultcode><faultstring>token {SOAP_TOKEN} refused</faultstring></soap:Fault>"#
    ));
    Mock::given(path("/ok.asmx"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(success, "text/xml"))
        .mount(server)
        .await;
    Mock::given(path("/echo.asmx"))
        .respond_with(ResponseTemplate::new(500).set_body_raw(echo, "text/xml"))
        .mount(server)
        .await;
    Mock::given(path("/busy.asmx"))
        .respond_with(ResponseTemplate::new(503).set_body_string(format!("busy {SOAP_TOKEN}")))
        .mount(server)
        .await;

    let config = Config::builder()
        .protocol(Protocol::Soap(SoapOptions {
            password,
            ..SoapOptions::default()
        }))
        .endpoint(format!("{}/ok.asmx", server.uri()))
        .retry(quick_retries())
        .build()
        .unwrap();
    let credentials = SoapCredentials::new("soap-user", SOAP_TOKEN).unwrap();
    let client = Client::with_registry(config, credentials, registry()).unwrap();

    let mut errors = Vec::new();
    assert!(client.test_user_access().await.unwrap());
    for endpoint in ["echo.asmx", "busy.asmx"] {
        client
            .set_endpoint(format!("{}/{endpoint}", server.uri()))
            .unwrap();
        errors.push(client.test_user_access().await.unwrap_err());
    }
    let _ = format!("{client:?} {:?}", client.session());
    errors
}

async fn exercise_rest(server: &MockServer) -> Vec<ffiec_core::Error> {
    let token = rest_token();
    Mock::given(path("/ok/RetrieveUBPRReportingPeriods"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(r#"["12/31/2002"]"#, "application/json"),
        )
        .mount(server)
        .await;
    Mock::given(path("/echo/RetrieveUBPRReportingPeriods"))
        .respond_with(ResponseTemplate::new(500).set_body_raw(
            format!(r#"{{"StatusCode":500,"Message":"Error Code 5001: bad header Authentication: Bearer {token}"}}"#),
            "application/json",
        ))
        .mount(server)
        .await;
    Mock::given(path("/denied/RetrieveUBPRReportingPeriods"))
        .respond_with(ResponseTemplate::new(400).set_body_raw(
            format!(r#"{{"StatusCode":400,"Message":"Security token invalid: {token}"}}"#),
            "application/json",
        ))
        .mount(server)
        .await;

    let config = Config::builder()
        .endpoint(format!("{}/ok", server.uri()))
        .retry(quick_retries())
        .build()
        .unwrap();
    let credentials = RestCredentials::new("rest-user", token.as_str()).unwrap();
    let client = Client::with_registry(config, credentials, registry()).unwrap();

    let mut errors = Vec::new();
    client.ubpr_reporting_periods().await.unwrap();
    for base in ["echo", "denied"] {
        client
            .set_endpoint(format!("{}/{base}", server.uri()))
            .unwrap();
        errors.push(client.ubpr_reporting_periods().await.unwrap_err());
    }

    // A proxy with a password that refuses connections: port 9 on loopback
    // has no listener, so the call fails in the transport.
    let proxy = Proxy::builder()
        .host("127.0.0.1")
        .port(9)
        .credentials("proxy-user", PROXY_PASSWORD)
        .build()
        .unwrap();
    client.set_proxy(proxy).unwrap();
    let error = client.ubpr_reporting_periods().await.unwrap_err();
    assert!(error.is_transport() || error.is_timeout(), "{error:?}");
    errors.push(error);

    let _ = format!("{client:?} {:?}", client.session());
    errors
}

#[tokio::test]
async fn no_secret_reaches_logs_errors_or_debug_output() {
    let capture = Capture::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(Level::TRACE)
        .with_ansi(false)
        .with_writer({
            let capture = capture.clone();
            move || capture.clone()
        })
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    let mut errors = exercise_soap(&server, PasswordType::Text).await;
    errors.extend(exercise_soap(&server, PasswordType::Digest).await);
    errors.extend(exercise_rest(&server).await);

    // The secrets really travelled: the test would prove nothing otherwise.
    let requests = server.received_requests().await.unwrap();
    let sent_soap_token = requests
        .iter()
        .any(|request| String::from_utf8_lossy(&request.body).contains(SOAP_TOKEN));
    let sent_rest_token = requests.iter().any(|request| {
        request
            .headers
            .get("authentication")
            .is_some_and(|value| value.to_str().unwrap().contains(&rest_token()))
    });
    assert!(sent_soap_token && sent_rest_token);

    let token = rest_token();
    let secrets = [SOAP_TOKEN, token.as_str(), PROXY_PASSWORD];
    let logs = capture.text();
    assert!(
        logs.contains("sending request"),
        "nothing was captured:\n{logs}"
    );
    assert!(logs.contains("transient failure; retrying"), "{logs}");
    assert!(logs.contains("session built"), "{logs}");
    assert_no_secret(&logs, &secrets);

    assert_eq!(errors.len(), 7);
    for error in &errors {
        assert_no_secret(&every_rendering(error), &secrets);
    }
    assert!(
        errors
            .iter()
            .any(|error| error.context().contains("<redacted>")),
        "the echoed secrets should have been redacted, not dropped"
    );
}

#[test]
fn credentials_and_proxies_never_print_their_secrets() {
    let soap = SoapCredentials::new("soap-user", SOAP_TOKEN).unwrap();
    let rest = RestCredentials::new("rest-user", rest_token()).unwrap();
    let proxy = Proxy::builder()
        .host("proxy.example")
        .port(3128)
        .credentials("proxy-user", PROXY_PASSWORD)
        .build()
        .unwrap();
    let config = Config::builder().proxy(proxy.clone()).build().unwrap();

    let token = rest_token();
    let rendered = format!("{soap:?} {rest:?} {proxy:?} {proxy} {config:?}");
    assert_no_secret(&rendered, &[SOAP_TOKEN, token.as_str(), PROXY_PASSWORD]);
}
