//! Raw HTTP that no well-behaved client sends: the mock must still answer
//! truthfully, with a status that names the real problem and documents
//! that stay well-formed.

mod common;

use std::time::Duration;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

const SOAP_PATH: &str = "/public/pws/webservices/retrievalservice.asmx";

/// Sends `request` as raw bytes and reads the answer until the server
/// closes the connection (every request here says `Connection: close`).
async fn raw_exchange(mock: &ffiec_mock::MockServer, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(mock.address()).await.unwrap();
    stream.write_all(request).await.unwrap();

    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut answer))
        .await
        .expect("the mock answers and closes")
        .unwrap();
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn a_broken_chunked_body_is_a_bad_request_not_a_body_too_large() {
    let mock = common::start().await;
    let request = format!(
        "POST {SOAP_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\
         Content-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n<x/>\r\n0\r\n\r\n"
    );

    let answer = raw_exchange(&mock, request.as_bytes()).await;

    assert!(answer.starts_with("HTTP/1.1 400 "), "{answer}");
    assert!(!answer.contains("too large"), "{answer}");
}

#[tokio::test]
async fn a_hostile_host_header_cannot_break_the_wsdl() {
    let mock = common::start().await;
    let request =
        format!("GET {SOAP_PATH}?WSDL HTTP/1.1\r\nHost: a\"b&c<d\r\nConnection: close\r\n\r\n");

    let answer = raw_exchange(&mock, request.as_bytes()).await;

    assert!(answer.starts_with("HTTP/1.1 200 "), "{answer}");
    let (_, wsdl) = answer.split_once("\r\n\r\n").unwrap();
    let mut reader = quick_xml::Reader::from_str(wsdl);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(error) => panic!("the WSDL is not well-formed XML: {error}"),
        }
    }
    let location = common::attribute(wsdl, "address", "location").unwrap();
    assert_eq!(location, format!("http://127.0.0.1{SOAP_PATH}"));
}

#[tokio::test]
async fn a_body_over_the_one_mebibyte_cap_is_still_too_large() {
    let mock = common::start().await;
    let body = "x".repeat((1 << 20) + 1);
    let response = common::client()
        .post(mock.soap_url())
        .header("Content-Type", "text/xml; charset=utf-8")
        .body(body)
        .send()
        .await
        .unwrap();

    assert_eq!(response.status().as_u16(), 413);
    assert_eq!(response.text().await.unwrap(), "request body too large");
}

#[tokio::test]
async fn a_fault_counted_zero_times_never_applies() {
    let mock = common::start().await;
    let spent: ffiec_mock::FaultRule = "all=status:503#0".parse().unwrap();
    mock.faults().inject(spent);
    mock.faults().inject(ffiec_mock::FaultRule::times(
        ffiec_mock::FaultTarget::All,
        ffiec_mock::FaultKind::Status(502),
        0,
    ));

    let answer =
        common::rest_call(&mock, &common::alice(), "RetrieveUBPRReportingPeriods", &[]).await;

    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(
        mock.journal()
            .entries()
            .iter()
            .all(|entry| entry.injected.is_none())
    );
}
