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

#[test]
fn the_binary_keeps_serving_when_nobody_reads_its_stdout() {
    // A free port, released for the binary to bind.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_ffiec-mock"))
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();

    // Poll until the binary answers or ends: at most 200 tries, 50 ms apart.
    let mut answered = false;
    for _ in 0..200 {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the mock ended with {status} once its banner could not be printed");
        }
        if let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            use std::io::{Read as _, Write as _};
            let request = "GET /__journal HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
            let mut answer = String::new();
            if stream.write_all(request.as_bytes()).is_ok()
                && stream.read_to_string(&mut answer).is_ok()
                && answer.starts_with("HTTP/1.1 200 OK")
            {
                answered = true;
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }

    child.kill().unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(answered, "the mock never answered on port {port}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("failed printing"), "{stderr}");
}
