//! Hostile answers from a service (or something posing as one): each test
//! feeds one input that once broke, or could break, the client, and checks
//! the specific outcome: an error of the right kind that names the input,
//! never a panic, a hang or a silently wrong value.

use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use ffiec_core::config::RetryPolicy;
use ffiec_core::model::{FilerSubmission, Institution, WireInstitution};
use ffiec_core::rate_limit::{RateLimiterRegistry, RatePolicy};
use ffiec_core::soap::{self, Operation, parse_time_span};
use ffiec_core::xbrl::{FactValue, XbrlDocument};
use ffiec_core::{
    Client, Config, ErrorKind, Proxy, RestCredentials, SoapCredentials, SoapOptions, rest,
};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A SOAP 1.1 fault with `code` and a `detail` carrying `WaitTime`.
fn soap_fault(code: &str, wait_time: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
  <soap:Body><soap:Fault>
    <faultcode>{code}</faultcode>
    <faultstring>Quota exceeded</faultstring>
    <detail><q0:Quota xmlns:q0="urn:quota" WaitTime="{wait_time}"/></detail>
  </soap:Fault></soap:Body>
</soap:Envelope>"#
    )
}

#[test]
fn a_time_span_too_long_for_a_duration_is_no_wait_not_a_panic() {
    // 5,124,095,576,030,432 hours is more seconds than a u64 holds.
    assert_eq!(parse_time_span("5124095576030432:00:00"), None);
    assert_eq!(parse_time_span("213503982334602.00:00:00"), None);
    // The largest representable span still reads, to the second.
    assert_eq!(
        parse_time_span("5124095576030431:00:15"),
        Some(Duration::from_secs(u64::MAX))
    );
    assert_eq!(
        parse_time_span("quota replenished in 00:59:12"),
        Some(Duration::from_secs(3552))
    );
}

#[test]
fn a_rest_quota_answer_with_an_absurd_wait_is_a_quota_error_without_a_wait() {
    let body = r#"{"StatusCode":403,"Message":"Out of call volume quota. Quota will be replenished in 99999999999999999:00:00."}"#;
    let error = rest::check_status(
        Operation::RetrieveReportingPeriods,
        403,
        Some("application/json"),
        body.as_bytes(),
        &[],
    )
    .unwrap_err();

    assert_eq!(error.kind(), &ErrorKind::Quota { wait: None });
    assert!(
        error.context().contains("99999999999999999:00:00"),
        "{error}"
    );
}

#[test]
fn a_soap_quota_fault_with_an_absurd_wait_is_a_quota_error_without_a_wait() {
    let body = soap_fault("q0:Client.UserQuotaExceeded", "9999999999999999:59:59");
    let error =
        soap::decode_response(Operation::RetrieveFacsimile, 500, body.as_bytes(), &[]).unwrap_err();

    assert_eq!(error.kind(), &ErrorKind::Quota { wait: None });
}

/// An XBRL instance with one fact of unit `unit` and text `value`.
fn one_fact(unit: &str, value: &str) -> String {
    format!(
        r#"<xbrl xmlns="http://www.xbrl.org/2003/instance"
    xmlns:cc="https://www.cdr.ffiec.gov/xbrl/call/concepts">
  <context id="c"><entity><identifier scheme="x">480228</identifier></entity>
    <period><instant>2026-06-30</instant></period></context>
  <cc:RCFD2170 contextRef="c" unitRef="{unit}" decimals="0">{value}</cc:RCFD2170>
</xbrl>"#
    )
}

#[test]
fn negative_zero_dollars_read_as_zero() {
    let document = XbrlDocument::from_bytes(one_fact("USD", "-0").as_bytes()).unwrap();
    assert_eq!(document.value_of("RCFD2170"), Some(&FactValue::Dollars(0)));
}

/// An unsigned JWT that expires in 2100.
fn jwt() -> String {
    format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
        URL_SAFE_NO_PAD.encode(r#"{"sub":"hostile","exp":4102444800}"#)
    )
}

/// A REST client whose every call goes through `proxy` to a host
/// that only the proxy can reach.
fn rest_client_behind(proxy: Proxy) -> Client {
    let token = jwt();
    let config = Config::builder()
        .endpoint("http://ffiec.invalid/public")
        .proxy(proxy)
        .retry(RetryPolicy::NONE)
        .build()
        .unwrap();
    let credentials = RestCredentials::new("rest-user", token.as_str()).unwrap();
    let registry = Arc::new(RateLimiterRegistry::new(RatePolicy::default()));
    Client::with_registry(config, credentials, registry).unwrap()
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

#[tokio::test]
async fn a_proxy_that_echoes_its_basic_credentials_does_not_leak_the_password() {
    const PASSWORD: &str = "hostile-proxy-password";
    let basic = STANDARD.encode(format!("proxy-user:{PASSWORD}"));
    let proxy_server = MockServer::start().await;
    // A proxy's error page that lists the request headers it received.
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(502).set_body_string(format!(
            "upstream refused. Request headers: Proxy-Authorization: Basic {basic}"
        )))
        .mount(&proxy_server)
        .await;
    let address = proxy_server.address();
    let proxy = Proxy::builder()
        .host(address.ip().to_string())
        .port(address.port())
        .credentials("proxy-user", PASSWORD)
        .build()
        .unwrap();

    let error = rest_client_behind(proxy)
        .ubpr_reporting_periods()
        .await
        .unwrap_err();

    assert!(error.is_server(), "{error:?}");
    let shown = every_rendering(&error);
    assert!(shown.contains("upstream refused"), "{shown}");
    assert!(
        !shown.contains(&basic),
        "the Basic credentials leaked:\n{shown}"
    );
    assert!(!shown.contains(PASSWORD), "{shown}");
}

#[test]
fn the_services_error_object_is_never_decoded_as_a_document() {
    // "None" and "Test" are valid base64: read as the document, they became
    // three bytes of garbage.
    for body in [
        r#"{"StatusCode":404,"Message":"None"}"#,
        r#"{"statusCode":500,"message":"Test"}"#,
    ] {
        let error =
            rest::decode_response(Operation::RetrieveFacsimile, body.as_bytes()).expect_err(body);

        assert!(error.is_malformed(), "{body}: {error:?}");
        assert!(error.context().contains("no document"), "{error}");
    }

    // A document under a known key still wins over the message.
    let body = r#"{"StatusCode":200,"Message":"OK","Data":"JVBERi0xLjc="}"#;
    let reply = rest::decode_response(Operation::RetrieveFacsimile, body.as_bytes()).unwrap();
    assert_eq!(reply, soap::Reply::Document(b"%PDF-1.7".to_vec()));
}

#[test]
fn a_bad_field_in_a_panel_row_names_the_row() {
    // Among 4,600 rows, the field alone does not tell which one was wrong.
    let bad_cert = WireInstitution {
        id_rssd: 563336,
        fdic_cert: -3,
        ..WireInstitution::default()
    };
    let error = Institution::from_wire(bad_cert).unwrap_err();
    assert!(error.is_malformed());
    assert!(error.context().contains("FDICCertNumber is -3"), "{error}");
    assert!(error.context().contains("ID_RSSD 563336"), "{error}");

    let bad_zip = WireInstitution {
        id_rssd: 480228,
        zip: 1_000_000_000,
        ..WireInstitution::default()
    };
    let error = Institution::from_wire(bad_zip).unwrap_err();
    assert!(error.context().contains("ZIP is 1000000000"), "{error}");
    assert!(error.context().contains("ID_RSSD 480228"), "{error}");
}

#[test]
fn a_bad_submission_time_names_its_filer() {
    let error = FilerSubmission::from_wire(3_358_270, "2/30/2024 3:23:30 PM").unwrap_err();

    assert!(error.is_malformed());
    assert!(
        error.context().contains("\"2/30/2024 3:23:30 PM\""),
        "{error}"
    );
    assert!(error.context().contains("ID_RSSD 3358270"), "{error}");
}

#[test]
fn an_html_page_answered_with_200_is_not_a_facsimile() {
    // A captive portal or gateway login page, answered 200 in place of the service.
    let page = b"\r\n<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>Sign in to continue</body></html>";
    for operation in [
        Operation::RetrieveFacsimile,
        Operation::RetrieveUbprXbrlFacsimile,
    ] {
        let error = rest::decode_response(operation, page).unwrap_err();

        assert!(error.is_malformed(), "{operation}: {error:?}");
        assert!(error.context().contains("HTML page"), "{error}");
    }

    // A raw XBRL instance is still a document.
    let xbrl = b"<?xml version=\"1.0\"?><xbrl xmlns=\"http://www.xbrl.org/2003/instance\"/>";
    let reply = rest::decode_response(Operation::RetrieveUbprXbrlFacsimile, xbrl).unwrap();
    assert_eq!(reply, soap::Reply::Document(xbrl.to_vec()));
}

#[tokio::test]
async fn a_redirect_is_reported_once_not_retried_as_a_server_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(301)
                .insert_header("Location", "https://elsewhere.invalid/public/"),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("Location", "https://elsewhere.invalid/x.asmx"),
        )
        .mount(&server)
        .await;
    let retries = RetryPolicy {
        max_retries: 3,
        base_delay: Duration::ZERO,
        max_delay: Duration::ZERO,
    };
    let registry = Arc::new(RateLimiterRegistry::new(RatePolicy::default()));

    let rest = Config::builder()
        .endpoint(format!("{}/public", server.uri()))
        .retry(retries)
        .build()
        .unwrap();
    let rest_client = Client::with_registry(
        rest,
        RestCredentials::new("rest-user", jwt().as_str()).unwrap(),
        Arc::clone(&registry),
    )
    .unwrap();
    let soap = Config::builder()
        .protocol(SoapOptions::default())
        .endpoint(format!("{}/x.asmx", server.uri()))
        .retry(retries)
        .build()
        .unwrap();
    let soap_client = Client::with_registry(
        soap,
        SoapCredentials::new("soap-user", "soap-token").unwrap(),
        registry,
    )
    .unwrap();

    let errors = [
        rest_client.ubpr_reporting_periods().await.unwrap_err(),
        soap_client.ubpr_reporting_periods().await.unwrap_err(),
    ];

    for error in &errors {
        assert!(error.is_validation(), "{error:?}");
        assert!(error.context().contains("redirect"), "{error}");
    }
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2, "one request per call, no retry");
}
