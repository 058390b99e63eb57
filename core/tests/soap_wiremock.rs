//! The client over SOAP against a wiremock server: what each operation
//! sends (method, path, headers, envelope, security header) and how each
//! fault comes back.

use std::sync::Arc;
use std::time::Duration;

use ffiec_core::config::{PasswordType, Protocol, RetryPolicy, SoapOptions, SoapVersion};
use ffiec_core::rate_limit::{RateLimiterRegistry, RatePolicy};
use ffiec_core::soap::password_digest;
use ffiec_core::{
    Client, Config, DataSeries, ErrorKind, FacsimileFormat, FiId, FiIdType, ReportingPeriod,
    SoapCredentials,
};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const USER: &str = "soap-user";
const TOKEN: &str = "soap-token-6f1d";
const SERVICE_PATH: &str = "/public/pws/webservices/retrievalservice.asmx";
const SOAP11: &str = "http://schemas.xmlsoap.org/soap/envelope/";
const SOAP12: &str = "http://www.w3.org/2003/05/soap-envelope";
const TEXT_PASSWORD: &str = concat!(
    r#"<wsse:Username>soap-user</wsse:Username>"#,
    r#"<wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText">soap-token-6f1d</wsse:Password>"#,
);

fn client(server: &MockServer, options: SoapOptions) -> Client {
    let config = Config::builder()
        .protocol(Protocol::Soap(options))
        .endpoint(format!("{}{SERVICE_PATH}", server.uri()))
        .retry(RetryPolicy::NONE)
        .build()
        .unwrap();
    let registry = Arc::new(RateLimiterRegistry::new(RatePolicy::default()));
    Client::with_registry(config, SoapCredentials::new(USER, TOKEN).unwrap(), registry).unwrap()
}

fn envelope(namespace: &str, body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="{namespace}"><soap:Body>{body}</soap:Body></soap:Envelope>"#
    )
}

fn response(operation: &str, result: &str) -> String {
    envelope(
        SOAP11,
        &format!(
            r#"<{operation}Response xmlns="http://cdr.ffiec.gov/public/services"><{operation}Result>{result}</{operation}Result></{operation}Response>"#
        ),
    )
}

async fn answer(server: &MockServer, status: u16, body: String) {
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(status).set_body_raw(body, "text/xml; charset=utf-8"))
        .mount(server)
        .await;
}

async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "exactly one request expected");
    requests.remove(0)
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request
        .headers
        .get(name)
        .map(|value| value.to_str().unwrap())
}

fn body(request: &Request) -> &str {
    std::str::from_utf8(&request.body).unwrap()
}

/// Checks what every SOAP 1.1 request of `operation` must look like, and
/// that its body element is exactly `operation_element`.
fn assert_soap11_request(request: &Request, operation: &str, operation_element: &str) {
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), SERVICE_PATH);
    assert_eq!(request.url.query(), None);
    assert_eq!(
        header(request, "content-type"),
        Some("text/xml; charset=utf-8")
    );
    let action = format!("\"http://cdr.ffiec.gov/public/services/{operation}\"");
    assert_eq!(header(request, "soapaction"), Some(action.as_str()));
    assert!(
        header(request, "user-agent")
            .unwrap()
            .starts_with("ffiec-core/")
    );

    let body = body(request);
    assert!(
        body.contains(&format!(r#"<soap:Envelope xmlns:soap="{SOAP11}">"#)),
        "{body}"
    );
    assert!(body.contains(TEXT_PASSWORD), "{body}");
    assert!(
        body.contains(&format!("<soap:Body>{operation_element}</soap:Body>")),
        "{body}"
    );
}

fn period(text: &str) -> ReportingPeriod {
    text.parse().unwrap()
}

#[tokio::test]
async fn test_user_access_sends_an_empty_operation_element() {
    let server = MockServer::start().await;
    answer(&server, 200, response("TestUserAccess", "true")).await;

    assert!(
        client(&server, SoapOptions::default())
            .test_user_access()
            .await
            .unwrap()
    );

    let request = only_request(&server).await;
    assert_soap11_request(
        &request,
        "TestUserAccess",
        r#"<TestUserAccess xmlns="http://cdr.ffiec.gov/public/services"/>"#,
    );
}

#[tokio::test]
async fn reporting_periods_sends_the_data_series() {
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        response(
            "RetrieveReportingPeriods",
            "<string>6/30/2025</string><string>3/31/2025</string>",
        ),
    )
    .await;

    let periods = client(&server, SoapOptions::default())
        .reporting_periods(DataSeries::Call)
        .await
        .unwrap();
    assert_eq!(periods, [period("2025-06-30"), period("2025-03-31")]);

    assert_soap11_request(
        &only_request(&server).await,
        "RetrieveReportingPeriods",
        r#"<RetrieveReportingPeriods xmlns="http://cdr.ffiec.gov/public/services"><dataSeries>Call</dataSeries></RetrieveReportingPeriods>"#,
    );
}

#[tokio::test]
async fn panel_of_reporters_sends_series_and_period_and_normalises_rows() {
    let server = MockServer::start().await;
    let row = "<ReportingFinancialInstitution><ID_RSSD>563336</ID_RSSD><FDICCertNumber>23523</FDICCertNumber><OCCChartNumber>0</OCCChartNumber><OTSDockNumber>13156</OTSDockNumber><PrimaryABARoutNumber>65103243</PrimaryABARoutNumber><Name>CITIZENS' BANK, INC.      </Name><State>AL</State><City>ROBERTSDALE   </City><Address>21980 PALMER STREET   </Address><ZIP>2886</ZIP><FilingType>051</FilingType><HasFiledForReportingPeriod>true</HasFiledForReportingPeriod></ReportingFinancialInstitution>";
    answer(&server, 200, response("RetrievePanelOfReporters", row)).await;

    let panel = client(&server, SoapOptions::default())
        .panel_of_reporters(DataSeries::Call, period("2023-12-31"))
        .await
        .unwrap();
    assert_eq!(panel.len(), 1);
    assert_eq!(panel[0].id_rssd, 563336);
    assert_eq!(panel[0].name, "CITIZENS' BANK, INC.");
    assert_eq!(panel[0].occ_chart, None);
    assert_eq!(panel[0].zip, "02886");

    assert_soap11_request(
        &only_request(&server).await,
        "RetrievePanelOfReporters",
        r#"<RetrievePanelOfReporters xmlns="http://cdr.ffiec.gov/public/services"><dataSeries>Call</dataSeries><reportingPeriodEndDate>12/31/2023</reportingPeriodEndDate></RetrievePanelOfReporters>"#,
    );
}

#[tokio::test]
async fn filers_since_date_sends_the_last_update_time() {
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        response(
            "RetrieveFilersSinceDate",
            "<int>3358270</int><int>2132941</int>",
        ),
    )
    .await;

    let ids = client(&server, SoapOptions::default())
        .filers_since_date(
            DataSeries::Call,
            period("2023-12-31"),
            "2023-01-01".parse().unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(ids, [3358270, 2132941]);

    assert_soap11_request(
        &only_request(&server).await,
        "RetrieveFilersSinceDate",
        r#"<RetrieveFilersSinceDate xmlns="http://cdr.ffiec.gov/public/services"><dataSeries>Call</dataSeries><reportingPeriodEndDate>12/31/2023</reportingPeriodEndDate><lastUpdateDateTime>01/01/2023</lastUpdateDateTime></RetrieveFilersSinceDate>"#,
    );
}

#[tokio::test]
async fn filers_submission_times_read_eastern_wall_clock_times() {
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        response(
            "RetrieveFilersSubmissionDateTime",
            "<RetrieveFilersDateTime><ID_RSSD>3358270</ID_RSSD><DateTime>2/20/2024 3:23:30 PM</DateTime></RetrieveFilersDateTime>",
        ),
    )
    .await;

    let filers = client(&server, SoapOptions::default())
        .filers_submission_times(
            DataSeries::Call,
            period("2023-12-31"),
            "2023-10-01".parse().unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(filers.len(), 1);
    assert_eq!(filers[0].id_rssd, 3358270);
    assert_eq!(
        filers[0].submitted.timestamp().to_string(),
        "2024-02-20T20:23:30Z"
    );

    assert_soap11_request(
        &only_request(&server).await,
        "RetrieveFilersSubmissionDateTime",
        r#"<RetrieveFilersSubmissionDateTime xmlns="http://cdr.ffiec.gov/public/services"><dataSeries>Call</dataSeries><reportingPeriodEndDate>12/31/2023</reportingPeriodEndDate><lastUpdateDateTime>10/01/2023</lastUpdateDateTime></RetrieveFilersSubmissionDateTime>"#,
    );
}

#[tokio::test]
async fn facsimile_sends_every_child_in_wsdl_order() {
    let server = MockServer::start().await;
    // base64 of "<xbrl/>"
    answer(&server, 200, response("RetrieveFacsimile", "PHhicmwvPg==")).await;

    let facsimile = client(&server, SoapOptions::default())
        .facsimile(
            DataSeries::Call,
            period("2026-06-30"),
            FiIdType::IdRssd,
            FiId::new(480228).unwrap(),
            FacsimileFormat::Xbrl,
        )
        .await
        .unwrap();
    assert_eq!(facsimile.format, FacsimileFormat::Xbrl);
    assert_eq!(&facsimile.bytes[..], b"<xbrl/>");

    assert_soap11_request(
        &only_request(&server).await,
        "RetrieveFacsimile",
        r#"<RetrieveFacsimile xmlns="http://cdr.ffiec.gov/public/services"><dataSeries>Call</dataSeries><reportingPeriodEndDate>6/30/2026</reportingPeriodEndDate><fiIDType>ID_RSSD</fiIDType><fiID>480228</fiID><facsimileFormat>XBRL</facsimileFormat></RetrieveFacsimile>"#,
    );
}

#[tokio::test]
async fn ubpr_reporting_periods_sends_no_parameters() {
    let server = MockServer::start().await;
    answer(
        &server,
        200,
        response(
            "RetrieveUBPRReportingPeriods",
            "<string>12/31/2002</string><string>3/31/2003</string>",
        ),
    )
    .await;

    let periods = client(&server, SoapOptions::default())
        .ubpr_reporting_periods()
        .await
        .unwrap();
    assert_eq!(periods, [period("2002-12-31"), period("2003-03-31")]);

    assert_soap11_request(
        &only_request(&server).await,
        "RetrieveUBPRReportingPeriods",
        r#"<RetrieveUBPRReportingPeriods xmlns="http://cdr.ffiec.gov/public/services"/>"#,
    );
}

#[tokio::test]
async fn ubpr_facsimile_sends_its_three_children_and_loses_the_bom() {
    let server = MockServer::start().await;
    // base64 of "\u{FEFF}<xbrl/>"
    answer(
        &server,
        200,
        response("RetrieveUBPRXBRLFacsimile", "77u/PHhicmwvPg=="),
    )
    .await;

    let facsimile = client(&server, SoapOptions::default())
        .ubpr_xbrl_facsimile(
            period("2026-06-30"),
            FiIdType::IdRssd,
            FiId::new(451965).unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(&facsimile.bytes[..], b"<xbrl/>");

    assert_soap11_request(
        &only_request(&server).await,
        "RetrieveUBPRXBRLFacsimile",
        r#"<RetrieveUBPRXBRLFacsimile xmlns="http://cdr.ffiec.gov/public/services"><reportingPeriodEndDate>6/30/2026</reportingPeriodEndDate><fiIDType>ID_RSSD</fiIDType><fiID>451965</fiID></RetrieveUBPRXBRLFacsimile>"#,
    );
}

/// The text between `<tag ...>` and `</tag>` in `body`.
fn element_text<'a>(body: &'a str, tag: &str) -> &'a str {
    let open = body.find(&format!("<{tag}")).unwrap();
    let start = open + body[open..].find('>').unwrap() + 1;
    let end = start + body[start..].find(&format!("</{tag}>")).unwrap();
    &body[start..end]
}

#[tokio::test]
async fn password_digest_carries_nonce_created_and_a_matching_digest() {
    let server = MockServer::start().await;
    answer(&server, 200, response("TestUserAccess", "true")).await;

    let options = SoapOptions {
        password: PasswordType::Digest,
        ..SoapOptions::default()
    };
    assert!(client(&server, options).test_user_access().await.unwrap());

    let request = only_request(&server).await;
    let body = body(&request);
    assert!(
        !body.contains(TOKEN),
        "the token itself must not travel: {body}"
    );
    assert!(body.contains("#PasswordDigest\">"), "{body}");
    assert!(body.contains(
        r#"<wsse:Nonce EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary">"#
    ));

    use base64::Engine as _;
    let nonce = base64::engine::general_purpose::STANDARD
        .decode(element_text(body, "wsse:Nonce"))
        .unwrap();
    assert_eq!(nonce.len(), 16);
    let created = element_text(body, "wsu:Created");
    assert!(
        created.parse::<jiff::Timestamp>().is_ok(),
        "created {created:?}"
    );
    assert_eq!(
        element_text(body, "wsse:Password"),
        password_digest(&nonce, created, TOKEN)
    );
}

#[tokio::test]
async fn soap12_uses_its_content_type_and_envelope_namespace() {
    let server = MockServer::start().await;
    let reply = envelope(
        SOAP12,
        r#"<TestUserAccessResponse xmlns="http://cdr.ffiec.gov/public/services"><TestUserAccessResult>true</TestUserAccessResult></TestUserAccessResponse>"#,
    );
    answer(&server, 200, reply).await;

    let options = SoapOptions {
        version: SoapVersion::V1_2,
        ..SoapOptions::default()
    };
    assert!(client(&server, options).test_user_access().await.unwrap());

    let request = only_request(&server).await;
    assert_eq!(
        header(&request, "content-type"),
        Some(
            "application/soap+xml; charset=utf-8; \
             action=\"http://cdr.ffiec.gov/public/services/TestUserAccess\""
        )
    );
    assert_eq!(header(&request, "soapaction"), None);
    assert!(body(&request).contains(&format!(r#"<soap:Envelope xmlns:soap="{SOAP12}">"#)));
    assert!(body(&request).contains(TEXT_PASSWORD));
}

fn fault(code: &str, reason: &str, detail: &str) -> String {
    envelope(
        SOAP11,
        &format!(
            r#"<soap:Fault><faultcode xmlns:q0="http://cdr.ffiec.gov/public/services">{code}</faultcode><faultstring>{reason}</faultstring>{detail}</soap:Fault>"#
        ),
    )
}

async fn fault_error(code: &str, reason: &str, detail: &str) -> ffiec_core::Error {
    let server = MockServer::start().await;
    answer(&server, 500, fault(code, reason, detail)).await;
    let error = client(&server, SoapOptions::default())
        .reporting_periods(DataSeries::Call)
        .await
        .unwrap_err();
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
    error
}

#[tokio::test]
async fn failed_authentication_fault_is_an_authentication_error() {
    let error = fault_error(
        "q0:FailedAuthentication",
        "The security token could not be authenticated or authorized",
        "",
    )
    .await;
    assert!(error.is_auth());
    assert_eq!(
        error.context(),
        "RetrieveReportingPeriods: SOAP fault q0:FailedAuthentication: \
         The security token could not be authenticated or authorized"
    );
}

#[tokio::test]
async fn quota_fault_reports_the_wait_time() {
    let error = fault_error(
        "q0:Client.UserQuotaExceeded",
        "User quota exceeded",
        r#"<detail WaitTime="1800"/>"#,
    )
    .await;
    assert!(error.is_quota());
    assert_eq!(error.quota_wait(), Some(Duration::from_secs(1800)));
}

#[tokio::test]
async fn facsimile_not_found_faults_are_not_found() {
    for code in [
        "soap:Server.FacsimileNotFound",
        "soap:Server.FacsimileNotFoundOrUnavailable",
    ] {
        let error = fault_error(code, "No facsimile", "").await;
        assert!(error.is_not_found(), "{code}: {error}");
    }
}

#[tokio::test]
async fn other_client_faults_are_validation_errors() {
    let error = fault_error("soap:Client", "Invalid reporting period", "").await;
    assert!(error.is_validation());
}

#[tokio::test]
async fn server_faults_are_server_errors_with_the_status() {
    let error = fault_error("soap:Server", "Object reference not set", "").await;
    assert_eq!(
        error.kind(),
        &ErrorKind::Server {
            status: Some(500),
            code: None
        }
    );
}

#[tokio::test]
async fn an_envelope_past_64_mib_is_read_when_max_response_bytes_allows_it() {
    // The result first, then white space past the XML reader's 64 MiB
    // default: only the configured limit may decide.
    let mut envelope = response("TestUserAccess", "true").into_bytes();
    envelope.resize(64 * 1024 * 1024 + 1024, b' ');
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(envelope, "text/xml; charset=utf-8"))
        .mount(&server)
        .await;

    let client = client(&server, SoapOptions::default());
    client
        .update(|config| config.max_response_bytes(128 * 1024 * 1024))
        .unwrap();
    assert!(client.test_user_access().await.unwrap());
}

#[tokio::test]
async fn a_missing_facsimile_names_the_institution_period_and_format() {
    let server = MockServer::start().await;
    let fault = fault("soap:Server.FacsimileNotFound", "No facsimile", "");
    answer(&server, 500, fault).await;

    let error = client(&server, SoapOptions::default())
        .facsimile(
            DataSeries::Call,
            period("2026-06-30"),
            FiIdType::IdRssd,
            FiId::new(480228).unwrap(),
            FacsimileFormat::Xbrl,
        )
        .await
        .unwrap_err();

    assert!(error.is_not_found(), "{error}");
    assert_eq!(
        error.context(),
        "RetrieveFacsimile (ID_RSSD 480228, 6/30/2026, XBRL): SOAP fault \
         soap:Server.FacsimileNotFound: No facsimile"
    );
}
