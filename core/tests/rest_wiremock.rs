//! The client over REST against a wiremock server: the headers of each
//! method, each row of the error table, retries, the size limit and
//! timeouts.

use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ffiec_core::config::RetryPolicy;
use ffiec_core::rate_limit::{RateLimiterRegistry, RatePolicy};
use ffiec_core::{
    Client, Config, ConfigBuilder, DataSeries, ErrorKind, FacsimileFormat, FiId, FiIdType,
    ReportingPeriod, RestCredentials,
};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const USER: &str = "rest-user";

/// An unsigned JWT that expires in 2100, as FFIEC issues them.
fn token() -> String {
    format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
        URL_SAFE_NO_PAD.encode(r#"{"nbf":1767225600,"exp":4102444800}"#)
    )
}

fn client_with(server: &MockServer, change: impl FnOnce(ConfigBuilder) -> ConfigBuilder) -> Client {
    let builder = Config::builder()
        .endpoint(format!("{}/public", server.uri()))
        .retry(RetryPolicy::NONE);
    let config = change(builder).build().unwrap();
    let registry = Arc::new(RateLimiterRegistry::new(RatePolicy::default()));
    Client::with_registry(
        config,
        RestCredentials::new(USER, token()).unwrap(),
        registry,
    )
    .unwrap()
}

fn client(server: &MockServer) -> Client {
    client_with(server, |builder| builder)
}

async fn answer_json(server: &MockServer, status: u16, body: &str) {
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(status).set_body_raw(body.to_owned(), "application/json"),
        )
        .mount(server)
        .await;
}

async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "exactly one request expected");
    requests.remove(0)
}

/// Checks the request line, the auth pair and that exactly `parameters`
/// (name, value) came as headers besides them.
fn assert_rest_request(request: &Request, method_name: &str, parameters: &[(&str, &str)]) {
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), format!("/public/{method_name}"));
    assert_eq!(
        request.url.query(),
        None,
        "parameters never go in the query string"
    );
    assert!(request.body.is_empty());

    let header = |name: &str| {
        request
            .headers
            .get(name)
            .map(|value| value.to_str().unwrap())
    };
    assert_eq!(header("UserID"), Some(USER));
    assert_eq!(
        header("Authentication"),
        Some(format!("Bearer {}", token()).as_str())
    );
    assert_eq!(header("Authorization"), None);
    assert!(header("User-Agent").unwrap().starts_with("ffiec-core/"));

    for (name, value) in parameters {
        assert_eq!(header(name), Some(*value), "header {name}");
    }
    let spec_headers = [
        "dataseries",
        "reportingperiodenddate",
        "lastupdatedatetime",
        "fiidtype",
        "fiid",
        "facsimileformat",
    ];
    let sent: Vec<&str> = spec_headers
        .into_iter()
        .filter(|name| request.headers.contains_key(*name))
        .collect();
    let expected: Vec<String> = parameters
        .iter()
        .map(|(name, _)| name.to_lowercase())
        .collect();
    assert_eq!(sent, expected, "parameter headers of {method_name}");
}

fn period(text: &str) -> ReportingPeriod {
    text.parse().unwrap()
}

#[tokio::test]
async fn reporting_periods_sends_the_series_header() {
    let server = MockServer::start().await;
    answer_json(&server, 200, r#"["6/30/2025","3/31/2025","12/31/2024"]"#).await;

    let periods = client(&server)
        .reporting_periods(DataSeries::Call)
        .await
        .unwrap();
    assert_eq!(
        periods,
        [
            period("2025-06-30"),
            period("2025-03-31"),
            period("2024-12-31")
        ]
    );
    assert_rest_request(
        &only_request(&server).await,
        "RetrieveReportingPeriods",
        &[("dataSeries", "Call")],
    );
}

#[tokio::test]
async fn panel_of_reporters_sends_series_and_period() {
    let server = MockServer::start().await;
    let row = r#"[{"ID_RSSD":718275,"FDICCertNumber":26539,"OCCChartNumber":0,"OTSDockNumber":0,
        "PrimaryABARoutNumber":0,"Name":"BANK OF THE FEDERATED STATES OF MICRONESIA    ",
        "State":"0","City":"POHNPEI   ","Address":"98 KASELEHLIE STREET  ","ZIP":96941,
        "FilingType":"051","HasFiledForReportingPeriod":true}]"#;
    answer_json(&server, 200, row).await;

    let panel = client(&server)
        .panel_of_reporters(DataSeries::Call, period("2023-12-31"))
        .await
        .unwrap();
    assert_eq!(panel.len(), 1);
    assert_eq!(panel[0].name, "BANK OF THE FEDERATED STATES OF MICRONESIA");
    assert_eq!(panel[0].state, None);
    assert_eq!(panel[0].fdic_cert, Some(26539));

    assert_rest_request(
        &only_request(&server).await,
        "RetrievePanelOfReporters",
        &[
            ("dataSeries", "Call"),
            ("reportingPeriodEndDate", "12/31/2023"),
        ],
    );
}

#[tokio::test]
async fn filers_since_date_sends_the_last_update_header() {
    let server = MockServer::start().await;
    answer_json(&server, 200, "[783648,562058,2745529]").await;

    let ids = client(&server)
        .filers_since_date(
            DataSeries::Call,
            period("2025-03-31"),
            "2025-04-15 21:00".parse().unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(ids, [783648, 562058, 2745529]);

    assert_rest_request(
        &only_request(&server).await,
        "RetrieveFilersSinceDate",
        &[
            ("dataSeries", "Call"),
            ("reportingPeriodEndDate", "3/31/2025"),
            ("lastUpdateDateTime", "2025-04-15 21:00:00.000"),
        ],
    );
}

#[tokio::test]
async fn filers_submission_times_sends_the_same_headers() {
    let server = MockServer::start().await;
    answer_json(
        &server,
        200,
        r#"[{"ID_RSSD":2132941,"DateTime":"1/26/2024 7:24:57 AM"}]"#,
    )
    .await;

    let filers = client(&server)
        .filers_submission_times(
            DataSeries::Call,
            period("2023-12-31"),
            "2023-10-01".parse().unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(filers[0].id_rssd, 2132941);
    assert_eq!(
        filers[0].submitted.timestamp().to_string(),
        "2024-01-26T12:24:57Z"
    );

    assert_rest_request(
        &only_request(&server).await,
        "RetrieveFilersSubmissionDateTime",
        &[
            ("dataSeries", "Call"),
            ("reportingPeriodEndDate", "12/31/2023"),
            ("lastUpdateDateTime", "10/01/2023"),
        ],
    );
}

#[tokio::test]
async fn facsimile_sends_fi_id_type_with_a_lower_case_d() {
    let server = MockServer::start().await;
    // A JSON string of base64, as the live service answers: "%PDF-1.7".
    answer_json(&server, 200, r#""JVBERi0xLjc=""#).await;

    let facsimile = client(&server)
        .facsimile(
            DataSeries::Call,
            period("2025-03-31"),
            FiIdType::FdicCertNumber,
            FiId::new(3510).unwrap(),
            FacsimileFormat::Pdf,
        )
        .await
        .unwrap();
    assert_eq!(&facsimile.bytes[..], b"%PDF-1.7");

    assert_rest_request(
        &only_request(&server).await,
        "RetrieveFacsimile",
        &[
            ("dataSeries", "Call"),
            ("reportingPeriodEndDate", "3/31/2025"),
            ("fiIdType", "FDICCertNumber"),
            ("fiId", "3510"),
            ("facsimileFormat", "PDF"),
        ],
    );
}

#[tokio::test]
async fn ubpr_reporting_periods_sends_only_the_auth_pair() {
    let server = MockServer::start().await;
    answer_json(&server, 200, r#"["12/31/2002","3/31/2003"]"#).await;

    let periods = client(&server).ubpr_reporting_periods().await.unwrap();
    assert_eq!(periods, [period("2002-12-31"), period("2003-03-31")]);
    assert_rest_request(
        &only_request(&server).await,
        "RetrieveUBPRReportingPeriods",
        &[],
    );
}

#[tokio::test]
async fn ubpr_facsimile_accepts_a_raw_xml_body_with_bom() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(b"\xEF\xBB\xBF<xbrl/>".to_vec(), "application/xml"),
        )
        .mount(&server)
        .await;

    let facsimile = client(&server)
        .ubpr_xbrl_facsimile(
            period("2026-06-30"),
            FiIdType::IdRssd,
            FiId::new(451965).unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(facsimile.format, FacsimileFormat::Xbrl);
    assert_eq!(&facsimile.bytes[..], b"<xbrl/>");

    assert_rest_request(
        &only_request(&server).await,
        "RetrieveUBPRXBRLFacsimile",
        &[
            ("reportingPeriodEndDate", "6/30/2026"),
            ("fiIdType", "ID_RSSD"),
            ("fiId", "451965"),
        ],
    );
}

#[tokio::test]
async fn test_user_access_over_rest_is_an_authenticated_cheap_call() {
    let server = MockServer::start().await;
    answer_json(&server, 200, r#"["12/31/2002"]"#).await;

    assert!(client(&server).test_user_access().await.unwrap());
    assert_rest_request(
        &only_request(&server).await,
        "RetrieveUBPRReportingPeriods",
        &[],
    );
}

/// The error of one call answered with `status` and `body`.
async fn error_for(status: u16, content_type: &str, body: &str) -> ffiec_core::Error {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(status).set_body_raw(body.to_owned(), content_type))
        .mount(&server)
        .await;
    let error = client(&server)
        .facsimile(
            DataSeries::Call,
            period("2025-03-31"),
            FiIdType::IdRssd,
            FiId::new(480228).unwrap(),
            FacsimileFormat::Xbrl,
        )
        .await
        .unwrap_err();
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
    error
}

const JSON: &str = "application/json";

#[tokio::test]
async fn status_400_rows_of_the_error_table() {
    let invalid = error_for(
        400,
        JSON,
        r#"{"StatusCode":400,"Message":"Security token invalid"}"#,
    );
    assert!(invalid.await.is_auth());

    let expired = error_for(
        400,
        JSON,
        r#"{"statusCode":400,"message":"Security token expired"}"#,
    );
    assert!(expired.await.is_auth());

    let not_found = error_for(
        400,
        JSON,
        r#"{"StatusCode":400,"Message":"Facsimile not found or unavailable"}"#,
    );
    assert!(not_found.await.is_not_found());

    let bad_date = error_for(
        400,
        JSON,
        r#"{"StatusCode":400,"Message":"Invalid reporting period end date"}"#,
    )
    .await;
    assert!(bad_date.is_validation());
    assert_eq!(
        bad_date.context(),
        "RetrieveFacsimile (ID_RSSD 480228, 3/31/2025, XBRL): HTTP 400: Invalid reporting \
         period end date"
    );

    let bad_type = error_for(
        400,
        JSON,
        r#"{"StatusCode":400,"Message":"Invalid FI ID type"}"#,
    );
    assert!(bad_type.await.is_validation());
}

#[tokio::test]
async fn status_401_rows_are_authentication_errors() {
    let missing = error_for(
        401,
        JSON,
        r#"{"StatusCode":401,"Message":"Missing bearer token"}"#,
    );
    assert!(missing.await.is_auth());
    let invalid = error_for(401, JSON, r#"{"StatusCode":401,"Message":"Invalid JWT"}"#);
    assert!(invalid.await.is_auth());
}

#[tokio::test]
async fn status_403_quota_and_firewall_rows() {
    let quota = error_for(
        403,
        JSON,
        r#"{"StatusCode":403,"Message":"Out of call volume quota. Quota will be replenished in 00:59:12."}"#,
    )
    .await;
    assert!(quota.is_quota());
    assert_eq!(quota.quota_wait(), Some(Duration::from_secs(3552)));

    let firewall = error_for(
        403,
        "text/html",
        "<html><head><title>Request Rejected</title></head><body>rejected</body></html>",
    )
    .await;
    assert_eq!(firewall.kind(), &ErrorKind::Firewall { status: 403 });
}

#[tokio::test]
async fn status_204_with_or_without_body_is_not_found() {
    let empty = error_for(204, JSON, "").await;
    assert!(empty.is_not_found());
    assert_eq!(
        empty.context(),
        "RetrieveFacsimile (ID_RSSD 480228, 3/31/2025, XBRL): HTTP 204, no content"
    );

    let with_body = error_for(204, JSON, r#"{"StatusCode":204,"Message":"No content"}"#).await;
    assert!(with_body.is_not_found());
}

#[tokio::test]
async fn status_500_keeps_the_error_code_and_the_header_name() {
    let error = error_for(
        500,
        JSON,
        r#"{"StatusCode":500,"Message":"Error Code 5001: Missing or invalid header: fiIdType"}"#,
    )
    .await;
    assert_eq!(
        error.kind(),
        &ErrorKind::Server {
            status: Some(500),
            code: Some(5001)
        }
    );
    assert!(error.context().ends_with("header: fiIdType"), "{error}");

    let generic = error_for(500, JSON, r#"{"Message":"An error has occurred."}"#).await;
    assert_eq!(
        generic.kind(),
        &ErrorKind::Server {
            status: Some(500),
            code: None
        }
    );
}

fn quick_retries(builder: ConfigBuilder) -> ConfigBuilder {
    builder.retry(RetryPolicy {
        max_retries: 2,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(5),
    })
}

#[tokio::test]
async fn a_503_is_retried_and_the_retry_succeeds() {
    let server = MockServer::start().await;
    Mock::given(path("/public/RetrieveUBPRReportingPeriods"))
        .respond_with(ResponseTemplate::new(503).set_body_string("busy"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    answer_json(&server, 200, r#"["12/31/2002"]"#).await;

    let periods = client_with(&server, quick_retries)
        .ubpr_reporting_periods()
        .await
        .unwrap();
    assert_eq!(periods, [period("2002-12-31")]);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_401_is_never_retried() {
    let server = MockServer::start().await;
    answer_json(
        &server,
        401,
        r#"{"StatusCode":401,"Message":"Invalid JWT"}"#,
    )
    .await;

    let error = client_with(&server, quick_retries)
        .ubpr_reporting_periods()
        .await
        .unwrap_err();
    assert!(error.is_auth());
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_rest_client_at_a_soap_url_is_told_the_endpoint_looks_wrong() {
    let server = MockServer::start().await;
    answer_json(
        &server,
        404,
        r#"{"StatusCode":404,"Message":"No REST method 'RetrieveUBPRReportingPeriods'."}"#,
    )
    .await;

    let error = client_with(&server, |builder| {
        builder.endpoint(format!("{}/retrievalservice.asmx", server.uri()))
    })
    .ubpr_reporting_periods()
    .await
    .unwrap_err();

    assert!(error.is_validation(), "{error}");
    assert!(
        error.context().contains("the endpoint looks wrong"),
        "{error}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_500_whose_code_blames_the_request_is_never_retried() {
    for (message, code) in [
        (
            "Error Code 5001: Missing or invalid header: dataSeries",
            5001,
        ),
        ("Error Code 5003: Access denied", 5003),
    ] {
        let server = MockServer::start().await;
        let body = format!(r#"{{"StatusCode":500,"Message":"{message}"}}"#);
        answer_json(&server, 500, &body).await;

        let error = client_with(&server, quick_retries)
            .ubpr_reporting_periods()
            .await
            .unwrap_err();
        assert_eq!(
            error.kind(),
            &ErrorKind::Server {
                status: Some(500),
                code: Some(code)
            }
        );
        assert!(!error.is_transient(), "{error}");
        assert_eq!(
            server.received_requests().await.unwrap().len(),
            1,
            "{message}: one request, no retry"
        );
    }
}

#[tokio::test]
async fn persistent_server_errors_stop_after_the_retry_budget() {
    let server = MockServer::start().await;
    answer_json(&server, 500, r#"{"Message":"Error Code 5000 database"}"#).await;

    let error = client_with(&server, quick_retries)
        .ubpr_reporting_periods()
        .await
        .unwrap_err();
    assert!(error.is_server());
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        3,
        "one try, two retries"
    );
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused() {
    let server = MockServer::start().await;
    let big = format!(r#""{}""#, "A".repeat(4096));
    answer_json(&server, 200, &big).await;

    let error = client_with(&server, |builder| builder.max_response_bytes(1024))
        .ubpr_xbrl_facsimile(
            period("2026-06-30"),
            FiIdType::IdRssd,
            FiId::new(451965).unwrap(),
        )
        .await
        .unwrap_err();
    assert!(error.is_limit_exceeded());
    assert_eq!(
        error.context(),
        "RetrieveUBPRXBRLFacsimile (ID_RSSD 451965, 6/30/2026): the response is larger than \
         the limit of 1024 bytes"
    );
}

#[tokio::test]
async fn a_slow_answer_is_a_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(r#"["12/31/2002"]"#)
                .set_delay(Duration::from_secs(5)),
        )
        .mount(&server)
        .await;

    let error = client_with(&server, |builder| {
        builder
            .connect_timeout(Duration::from_millis(100))
            .timeout(Duration::from_millis(200))
    })
    .ubpr_reporting_periods()
    .await
    .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(error.is_transient());
}
