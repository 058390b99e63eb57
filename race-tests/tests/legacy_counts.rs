//! The findings that are costs or leaks (F5, F8, N3, the per-call half of N6), counted on
//! the legacy model; F4 and F6 shown to be race-free by construction; and the legacy model
//! running on real threads with the std backend.

use std::sync::Arc;
use std::thread;

use ffiec_core::sync::StdBackend;
use race_tests::findings::{FindingId, FindingKind};
use race_tests::legacy::immutable_patterns::{classify_date, is_call_report_fact};
use race_tests::legacy::models::{self, ACCOUNT_ALICE, ACCOUNT_BOB, F5Counts, proxy_a, proxy_b};
use race_tests::legacy::{
    InertSessions, LegacyConnection, LegacyCredentials, ModelService, ProxyFields, SecretLabel,
    SessionCounts, SessionFactory, calls_admitted_with_per_call_limiters,
};
use race_tests::trace::{Action, Trace};

#[test]
fn f5_every_data_call_builds_a_client_and_downloads_the_wsdl() {
    for requests in [1, 7, 25] {
        let counts = models::f5_client_builds(requests);
        assert_eq!(
            counts,
            F5Counts {
                requests,
                client_builds: requests,
                wsdl_downloads: requests
            },
            "{requests} calls"
        );
    }
}

#[test]
fn f8_one_logical_proxy_change_costs_four_session_builds() {
    assert_eq!(models::f8_builds_per_proxy_change(), 4);
}

#[test]
fn n3_every_replaced_session_stays_open() {
    // The constructor builds one session and enabling the initial proxy another.
    let initial = models::n3_live_sessions_after(0);
    assert_eq!(
        initial,
        SessionCounts {
            builds: 2,
            closes: 0
        }
    );

    for changes in [1, 3, 10] {
        let counts = models::n3_live_sessions_after(changes);
        assert_eq!(counts.builds, initial.builds + 4 * u64::from(changes));
        assert_eq!(counts.closes, 0, "the legacy design never closes a session");
        assert_eq!(counts.live(), counts.builds);
    }
}

#[test]
fn n6_per_call_limiters_admit_every_call() {
    assert_eq!(
        calls_admitted_with_per_call_limiters::<StdBackend>(10, 3),
        10
    );
    assert_eq!(
        calls_admitted_with_per_call_limiters::<StdBackend>(2_600, 2_500),
        2_600
    );
    assert_eq!(
        calls_admitted_with_per_call_limiters::<StdBackend>(5, 0),
        0,
        "a zero limit holds"
    );
}

#[test]
fn f4_f6_shared_read_only_patterns_give_every_thread_the_same_answers() {
    let inputs = [
        "03/31/2024",
        "2024-03-31",
        "20240331",
        "2024/03/31",
        "31-03-2024",
        "",
    ];
    let facts = ["cc:RCON2170", "cc:", "uc:UBPR2170", "RCON2170"];
    let expected_dates = [
        Some("mm/dd/yyyy"),
        Some("yyyy-mm-dd"),
        Some("yyyymmdd"),
        None,
        None,
        None,
    ];
    let expected_facts = [true, false, false, false];

    let answers: Vec<_> = (0..8)
        .map(|_| {
            thread::spawn(move || {
                let dates: Vec<_> = inputs.iter().map(|date| classify_date(date)).collect();
                let facts: Vec<_> = facts.iter().map(|fact| is_call_report_fact(fact)).collect();
                (dates, facts)
            })
        })
        .map(|handle| handle.join().unwrap())
        .collect();

    for (dates, facts) in answers {
        assert_eq!(dates, expected_dates);
        assert_eq!(facts, expected_facts);
    }
    for id in [FindingId::F4, FindingId::F6] {
        assert_eq!(id.info().kind, FindingKind::NotARace);
    }
}

/// A factory standing in for a real HTTP client: it keeps the proxy URL it was given, as
/// a reqwest client built from `url_exposing_password` would.
#[derive(Debug, Default)]
struct UrlKeepingSessions;

impl SessionFactory for UrlKeepingSessions {
    type Session = Option<String>;

    fn build(&self, proxy: Option<&ProxyFields>) -> Option<String> {
        proxy.map(ProxyFields::url_exposing_password)
    }
}

#[test]
fn legacy_connection_runs_on_real_threads_with_a_pluggable_factory() {
    let trace = Trace::std();
    let connection = Arc::new(LegacyConnection::<StdBackend, _>::with_proxy(
        UrlKeepingSessions,
        &proxy_a(),
        &trace,
    ));

    let writers: Vec<_> = [proxy_a(), proxy_b()]
        .into_iter()
        .map(|proxy| {
            let connection = Arc::clone(&connection);
            thread::spawn(move || {
                for _ in 0..20 {
                    connection
                        .apply_proxy(&proxy)
                        .expect("every field stays set");
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().unwrap();
    }

    // Whatever the interleaving, the counts are exact: 2 setup builds, 2 x 20 x 4 setters.
    let counts = connection.session_counts();
    assert_eq!(
        counts,
        SessionCounts {
            builds: 2 + 2 * 20 * 4,
            closes: 0
        }
    );
    let builds = trace
        .events()
        .iter()
        .filter(|event| event.action == Action::Build)
        .count();
    assert_eq!(builds as u64, counts.builds);

    let session = connection.current_session();
    let url = session.inner.as_deref().expect("the proxy stays enabled");
    assert!(
        url.starts_with("http://user-"),
        "the real client got the credentials: {url}"
    );
    assert!(!trace.render().contains("pass-a") && !trace.render().contains("pass-b"));
}

#[test]
fn legacy_credentials_on_one_thread_send_whole_pairs() {
    let trace = Trace::std();
    let (alice, alice_token) = ACCOUNT_ALICE;
    let (bob, bob_token) = ACCOUNT_BOB;
    let accounts = vec![
        (alice.to_owned(), SecretLabel::new(alice_token)),
        (bob.to_owned(), SecretLabel::new(bob_token)),
    ];
    let service = ModelService::new(accounts, &trace);
    let connection = LegacyConnection::<StdBackend>::new(InertSessions, &trace);
    let credentials =
        LegacyCredentials::<StdBackend>::new(alice, SecretLabel::new(alice_token), &trace);

    let session = connection.current_session();
    assert!(credentials.test_credentials(&session, &service).accepted);
    credentials.set_username(bob);
    credentials.set_password(SecretLabel::new(bob_token));
    assert!(credentials.test_credentials(&session, &service).accepted);

    let received = service.received();
    let users: Vec<&str> = received
        .iter()
        .map(|request| request.user.as_str())
        .collect();
    assert_eq!(users, ["alice", "bob"]);
    assert_eq!(service.wsdl_downloads(), 2);
    assert!(!format!("{credentials:?} {received:?}").contains("token-"));
}
