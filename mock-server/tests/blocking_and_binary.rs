//! The blocking handle for non-async callers, and the `ffiec-mock` binary.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::process::{Command, Stdio};

use ffiec_mock::{BlockingMockServer, FingerprintKey, MockConfig, MockUser, ProxyConfig};

/// A plain HTTP/1.1 GET over a std socket; returns the whole answer.
fn get(address: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(address).expect("the mock accepts");
    let request = format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

#[test]
fn blocking_server_serves_without_an_async_caller_and_stops_on_drop() {
    let mock = BlockingMockServer::start(MockConfig::default()).unwrap();
    let address = mock.address().to_string();
    let answer = get(
        &address,
        "/public/pws/webservices/retrievalservice.asmx?WSDL",
    );
    assert!(answer.starts_with("HTTP/1.1 200 OK"));
    assert!(answer.contains(&format!("location=\"{}\"", mock.soap_url())));
    assert_eq!(mock.journal().len(), 1);

    let proxy = mock
        .add_proxy(ProxyConfig::new("late", "bob", "b:o@b"))
        .unwrap();
    assert_eq!(mock.proxy_url("late"), Some(proxy));

    drop(mock);
    assert!(
        TcpStream::connect(&address).is_err(),
        "the port is closed after drop"
    );
}

#[test]
fn binary_prints_its_url_first_and_serves_with_its_proxy() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ffiec-mock"))
        .args([
            "--listen",
            "127.0.0.1:0",
            "--proxy",
            "corp:bob:p@ss:w/rd",
            "--quota",
            "7",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let base_url = lines.next().unwrap().unwrap();
    let rest: Vec<String> = lines.by_ref().take(6).map(Result::unwrap).collect();

    let address = base_url
        .strip_prefix("http://")
        .expect("the first line is the URL")
        .to_owned();
    let journal = get(&address, "/__journal");
    assert!(
        journal.starts_with("HTTP/1.1 200 OK") && journal.ends_with("[]"),
        "{journal}"
    );
    assert!(
        rest.iter()
            .any(|line| line.starts_with("proxy:   corp http://127.0.0.1:")),
        "{rest:?}"
    );
    assert!(
        rest.iter().all(|line| !line.contains("p@ss:w/rd")),
        "no password is printed"
    );
    assert!(
        rest.iter()
            .any(|line| line.starts_with("user:    demo token fingerprint "))
    );

    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn binary_help_lists_every_option() {
    let output = Command::new(env!("CARGO_BIN_EXE_ffiec-mock"))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8(output.stdout).unwrap();
    for option in [
        "--listen",
        "--user",
        "--quota",
        "--quota-window",
        "--fault",
        "--proxy",
        "--full-size",
    ] {
        assert!(help.contains(option), "{option} missing from --help");
    }
}

#[test]
fn binary_refuses_a_quota_of_zero_with_a_clear_error() {
    for args in [["--quota", "0"], ["--quota-window", "0"]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ffiec-mock"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // A server that started prints its URL; a refusal closes stdout
        // with nothing written, so this read ends either way.
        let mut first_line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first_line)
            .unwrap();
        if !first_line.is_empty() {
            child.kill().unwrap();
        }
        let status = child.wait().unwrap();
        assert!(
            first_line.is_empty(),
            "{args:?} started a server at {first_line}"
        );
        assert!(!status.success());

        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        assert!(
            stderr.contains(args[0]) && stderr.contains("'0'"),
            "{stderr}"
        );
    }
}

#[test]
fn binary_fingerprints_with_the_key_it_is_given() {
    const KEY: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    let mut child = Command::new(env!("CARGO_BIN_EXE_ffiec-mock"))
        .args(["--user", "alice", "--fingerprint-key", KEY])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let banner: Vec<String> = BufReader::new(child.stdout.take().unwrap())
        .lines()
        .take(6)
        .map(Result::unwrap)
        .collect();
    child.kill().unwrap();
    child.wait().unwrap();

    let key: FingerprintKey = KEY.parse().unwrap();
    let expected = key.fingerprint(MockUser::minted("alice").token());
    let user_line = banner
        .iter()
        .find(|line| line.starts_with("user:"))
        .unwrap();
    assert!(
        user_line.starts_with(&format!("user:    alice token fingerprint {expected} ")),
        "{user_line}"
    );
}
