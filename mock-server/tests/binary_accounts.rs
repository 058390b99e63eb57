//! The binary's accounts: `--user NAME` mints a JWT usable on both
//! protocols, `--print-token NAME` shows it, and a plain token is flagged
//! as SOAP-only at start-up.

mod common;

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::process::{Child, Command, Output, Stdio};

use common::{Auth, Soap, envelope};
use ffiec_mock::{MockUser, jwt_expiry};

/// 2100-01-01T00:00:00Z, the expiry the binary's minted tokens carry.
const MINTED_EXPIRY: i64 = 4_102_444_800;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ffiec-mock"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn printed_token(name: &str) -> String {
    let output = run(&["--print-token", name]);
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout)
        .unwrap()
        .trim_end()
        .to_owned()
}

/// Starts the binary with `args`; returns it and its address (`127.0.0.1:PORT`).
fn serve(args: &[&str]) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ffiec-mock"))
        .args(["--listen", "127.0.0.1:0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let address = first
        .trim_end()
        .strip_prefix("http://")
        .unwrap_or_else(|| panic!("the first line is the URL: {first:?}"))
        .to_owned();
    (child, address)
}

/// Stops the child and returns everything it wrote to stderr.
fn stop(mut child: Child) -> String {
    child.kill().unwrap();
    child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    stderr
}

/// Sends one raw HTTP/1.1 request and returns the whole answer.
fn exchange(address: &str, head: &str, body: &str) -> String {
    let mut stream = TcpStream::connect(address).expect("the mock accepts");
    let request = format!(
        "{head}\r\nHost: {address}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

fn rest_periods(address: &str, user: &str, token: &str) -> String {
    let head = format!(
        "GET /public/RetrieveUBPRReportingPeriods HTTP/1.1\r\nUserID: {user}\r\n\
         Authentication: Bearer {token}"
    );
    exchange(address, &head, "")
}

fn soap_test_access(address: &str, user: &str, token: &str) -> String {
    let auth = Auth::text(&MockUser::new(user, token));
    let body = envelope(Soap::V11, &auth, "TestUserAccess", &[]);
    let head = "POST /public/pws/webservices/retrievalservice.asmx HTTP/1.1\r\n\
                Content-Type: text/xml; charset=utf-8\r\n\
                SOAPAction: \"http://cdr.ffiec.gov/public/services/TestUserAccess\"";
    exchange(address, head, &body)
}

#[test]
fn print_token_mints_the_same_far_future_jwt_for_a_name_every_time() {
    let alice = printed_token("alice");
    assert_eq!(alice, printed_token("alice"), "deterministic");
    assert!(alice.starts_with("ey") && alice.ends_with('.'), "{alice}");
    assert_eq!(jwt_expiry(&alice), Ok(MINTED_EXPIRY));
    assert_eq!(alice, MockUser::minted("alice").token());
    assert_ne!(alice, printed_token("bob"), "the name is in the token");

    let demo = run(&["--print-demo-token"]);
    assert_eq!(
        String::from_utf8(demo.stdout).unwrap().trim_end(),
        printed_token("demo")
    );
}

#[test]
fn a_user_given_without_a_token_works_over_rest_and_soap() {
    let token = printed_token("alice");
    let (child, address) = serve(&["--user", "alice"]);

    let rest = rest_periods(&address, "alice", &token);
    let soap = soap_test_access(&address, "alice", &token);
    let stderr = stop(child);

    assert!(rest.starts_with("HTTP/1.1 200 OK"), "{rest}");
    let periods = rest.split_once("\r\n\r\n").unwrap().1;
    assert!(
        periods.starts_with("[\"") && periods.contains("/31/"),
        "{periods}"
    );
    assert!(soap.starts_with("HTTP/1.1 200 OK"), "{soap}");
    assert!(
        soap.contains("<TestUserAccessResult>true</TestUserAccessResult>"),
        "{soap}"
    );
    assert!(
        !stderr.contains("SOAP only"),
        "a minted token needs no note: {stderr}"
    );
}

#[test]
fn a_plain_token_account_is_flagged_as_soap_only_at_start_up() {
    let (child, address) = serve(&["--user", "carol:plain-token", "--user", "dave"]);

    let rest = rest_periods(&address, "carol", "plain-token");
    let soap = soap_test_access(&address, "carol", "plain-token");
    let stderr = stop(child);

    assert!(rest.starts_with("HTTP/1.1 401"), "REST refuses it: {rest}");
    assert!(soap.contains("<TestUserAccessResult>true</TestUserAccessResult>"));
    let notes: Vec<&str> = stderr
        .lines()
        .filter(|line| line.contains("SOAP only"))
        .collect();
    assert_eq!(notes.len(), 1, "one note, for carol only: {stderr}");
    assert!(notes[0].contains("'carol'"), "{}", notes[0]);
    assert!(
        notes[0].contains("--user carol"),
        "it says how to fix it: {}",
        notes[0]
    );
    assert!(
        !stderr.contains("plain-token"),
        "no token is printed: {stderr}"
    );
}

#[test]
fn user_without_a_name_or_with_an_empty_token_is_refused() {
    for spec in [":tok", "alice:", ""] {
        let output = run(&["--user", spec]);
        assert!(!output.status.success(), "--user {spec:?} was accepted");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.contains("--user"), "{stderr}");
    }
}

#[test]
fn help_explains_the_accounts_and_how_to_get_a_token() {
    let help = String::from_utf8(run(&["--help"]).stdout).unwrap();
    for needle in ["--print-token", "NAME[:TOKEN]", "SOAP only", "JWT"] {
        assert!(
            help.contains(needle),
            "{needle} missing from --help:\n{help}"
        );
    }
}
