//! The checker on hand-made journals: each finding is caught, and a clean run is clean.

use std::collections::BTreeMap;

use ffiec_mock::{JournalEntry, Operation, Protocol, ProxyTag};

use crate::live::world::fingerprint;

use super::*;
use crate::live::record::{SentIdentity, SentRoute};
use crate::live::world::{PublishedAccount, PublishedRoute};

const P_PORT: u16 = 4001;
const Q_PORT: u16 = 4002;

fn published() -> Published {
    Published {
        accounts: vec![
            PublishedAccount {
                user: "alice".to_owned(),
                token_fingerprint: fingerprint("alice-token"),
            },
            PublishedAccount {
                user: "bob".to_owned(),
                token_fingerprint: fingerprint("bob-token"),
            },
        ],
        routes: vec![
            PublishedRoute {
                name: "p".to_owned(),
                port: P_PORT,
                user: "p-user".to_owned(),
                password_fingerprint: fingerprint("p-pass"),
            },
            PublishedRoute {
                name: "q".to_owned(),
                port: Q_PORT,
                user: "q-user".to_owned(),
                password_fingerprint: fingerprint("q@ss:w/rd"),
            },
        ],
    }
}

/// A journal entry of `operation` that came through proxy `p` with its own credentials.
fn entry(request_id: &str, operation: Operation, user: &str, token: &str) -> JournalEntry {
    JournalEntry {
        seq: request_id
            .trim_start_matches("mock-")
            .parse()
            .expect("ids end in a number"),
        request_id: request_id.to_owned(),
        at: jiff::Timestamp::UNIX_EPOCH,
        method: "POST".to_owned(),
        path: "/public/pws/webservices/retrievalservice.asmx".to_owned(),
        protocol: Protocol::Soap11,
        operation: Some(operation),
        user: Some(user.to_owned()),
        token_fingerprint: Some(fingerprint(token)),
        authenticated: Some(true),
        password_type: None,
        proxy: Some(tag("p", "p-user", "p-pass")),
        proxy_refused: false,
        params: BTreeMap::new(),
        http_status: Some(200),
        fault_code: None,
        injected: None,
    }
}

fn tag(name: &str, user: &str, password: &str) -> ProxyTag {
    ProxyTag {
        name: name.to_owned(),
        user: user.to_owned(),
        password_fingerprint: fingerprint(password),
    }
}

/// A legacy record that sent `user` and `token` through proxy P and was answered under
/// `request_id`.
fn sent(index: usize, request_id: &str, user: &str, token: &str) -> LocalRecord {
    LocalRecord {
        thread: 0,
        index,
        call: StressCall::Data,
        key: Some(JournalKey::RequestId(request_id.to_owned())),
        sent: Some(SentIdentity {
            user: user.to_owned(),
            token_fingerprint: fingerprint(token),
            route: Some(SentRoute {
                port: Some(P_PORT),
                user: Some("p-user".to_owned()),
                password_fingerprint: Some(fingerprint("p-pass")),
            }),
        }),
        outcome: RequestOutcome::Answered {
            accepted: true,
            answer_matches: None,
        },
    }
}

/// Every finding but the ones named is zero.
fn assert_only(verdict: &LiveCheck, expected: &[(FindingId, u64)]) {
    for finding in CHECKED_FINDINGS {
        let want = expected
            .iter()
            .find(|(id, _)| *id == finding)
            .map_or(0, |(_, count)| *count);
        assert_eq!(
            verdict.violations_of(finding),
            want,
            "{finding:?} in {:?}",
            verdict.violations
        );
    }
}

#[test]
fn a_clean_run_has_every_checked_finding_at_zero() {
    let journal = [
        entry(
            "mock-000001",
            Operation::RetrieveReportingPeriods,
            "alice",
            "alice-token",
        ),
        entry("mock-000002", Operation::TestUserAccess, "bob", "bob-token"),
    ];
    let records = [
        sent(0, "mock-000001", "alice", "alice-token"),
        sent(1, "mock-000002", "bob", "bob-token"),
    ];

    let verdict = check(&journal, &records, &published());

    assert_eq!(verdict.violations.len(), CHECKED_FINDINGS.len());
    assert_eq!(verdict.total_violations(), 0, "{:?}", verdict.examples);
    assert_eq!((verdict.requests, verdict.journal_entries), (2, 2));
    assert!(verdict.examples.is_empty());
    assert_eq!(
        verdict.users_seen,
        BTreeMap::from([("alice".to_owned(), 1), ("bob".to_owned(), 1)])
    );
    assert_eq!(verdict.proxies_seen, BTreeMap::from([("p".to_owned(), 2)]));
}

#[test]
fn a_torn_pair_on_a_data_call_is_n1_and_on_test_user_access_f3_and_s2() {
    let journal = [
        entry(
            "mock-000001",
            Operation::RetrieveReportingPeriods,
            "alice",
            "bob-token",
        ),
        entry(
            "mock-000002",
            Operation::TestUserAccess,
            "bob",
            "alice-token",
        ),
    ];
    let records = [
        sent(0, "mock-000001", "alice", "bob-token"),
        sent(1, "mock-000002", "bob", "alice-token"),
    ];

    let verdict = check(&journal, &records, &published());

    assert_only(
        &verdict,
        &[(FindingId::N1, 1), (FindingId::F3, 1), (FindingId::S2, 1)],
    );
    let bob_token = fingerprint("bob-token");
    assert_eq!(
        verdict.examples[0],
        format!(
            "N1: mock-000001 RetrieveReportingPeriods sent user 'alice' with token {bob_token} \
             (bob's): a torn pair"
        )
    );
    assert!(verdict.examples[1].starts_with("F3/S2: mock-000002 TestUserAccess"));
    assert!(
        verdict
            .examples
            .iter()
            .all(|text| !text.contains("-token "))
    );
}

#[test]
fn a_token_of_no_account_is_a_torn_pair_too() {
    let journal = [entry(
        "mock-000001",
        Operation::RetrieveReportingPeriods,
        "alice",
        "guess",
    )];
    let records = [sent(0, "mock-000001", "alice", "guess")];

    let verdict = check(&journal, &records, &published());

    assert_only(&verdict, &[(FindingId::N1, 1)]);
    assert!(verdict.examples[0].contains("(no account's)"));
}

#[test]
fn a_proxy_refusal_is_a_mixed_route_and_needs_no_journal_entry() {
    let mut refused = sent(0, "unused", "alice", "alice-token");
    refused.key = None;
    refused.sent = None;
    refused.outcome = RequestOutcome::ProxyRefused;

    let verdict = check(&[], &[refused], &published());

    assert_only(&verdict, &[(FindingId::S1, 1), (FindingId::F1, 1)]);
    assert_eq!(verdict.proxy_refusals, 1);
    assert_eq!(
        verdict.examples,
        ["S1/F1: thread 0 request 0: a recording proxy refused the proxy credentials it was sent"]
    );
}

#[test]
fn a_route_built_from_two_configurations_counts_once_even_when_refused() {
    // The port of P with the user and password of Q: the legacy builder read the fields
    // while a switch was half done.
    let mut mixed = sent(0, "unused", "alice", "alice-token");
    mixed.key = None;
    mixed.outcome = RequestOutcome::ProxyRefused;
    if let Some(identity) = &mut mixed.sent {
        identity.route = Some(SentRoute {
            port: Some(P_PORT),
            user: Some("q-user".to_owned()),
            password_fingerprint: Some(fingerprint("q@ss:w/rd")),
        });
    }

    let verdict = check(&[], &[mixed], &published());

    assert_only(&verdict, &[(FindingId::S1, 1), (FindingId::F1, 1)]);
    let example = &verdict.examples[0];
    assert!(
        example.contains(&format!("port {P_PORT} as proxy user 'q-user'")),
        "{example}"
    );
    assert!(example.ends_with("; the proxy refused it"), "{example}");
    assert!(!example.contains("q@ss"), "{example}");
}

#[test]
fn a_journaled_proxy_tag_of_no_configuration_or_a_direct_request_is_a_mixed_route() {
    let mut foreign = entry(
        "mock-000001",
        Operation::RetrieveReportingPeriods,
        "alice",
        "alice-token",
    );
    foreign.proxy = Some(tag("p", "q-user", "q@ss:w/rd"));
    let mut direct = entry(
        "mock-000002",
        Operation::RetrieveReportingPeriods,
        "bob",
        "bob-token",
    );
    direct.proxy = None;
    let records = [
        sent(0, "mock-000001", "alice", "alice-token"),
        sent(1, "mock-000002", "bob", "bob-token"),
    ];

    let verdict = check(&[foreign, direct], &records, &published());

    assert_only(&verdict, &[(FindingId::S1, 2), (FindingId::F1, 2)]);
    assert!(verdict.examples[1].contains("directly"));
    assert_eq!(
        verdict.proxies_seen,
        BTreeMap::from([("direct".to_owned(), 1), ("p".to_owned(), 1)])
    );
}

#[test]
fn a_request_without_its_entry_and_an_entry_without_its_request_are_f7() {
    let journal = [entry(
        "mock-000002",
        Operation::RetrieveReportingPeriods,
        "bob",
        "bob-token",
    )];
    let records = [sent(0, "mock-000001", "alice", "alice-token")];

    let verdict = check(&journal, &records, &published());

    // mock-000001 has no entry; mock-000002 is claimed by nobody.
    assert_only(&verdict, &[(FindingId::F7, 2)]);
    assert!(verdict.examples[0].contains("(mock-000001) has 0 journal entries"));
    assert!(verdict.examples[1].contains("1 journal entries that no request claims"));
}

#[test]
fn two_requests_claiming_one_entry_or_an_entry_of_another_pair_are_crossed() {
    let journal = [
        entry(
            "mock-000001",
            Operation::RetrieveReportingPeriods,
            "alice",
            "alice-token",
        ),
        entry(
            "mock-000002",
            Operation::RetrieveReportingPeriods,
            "alice",
            "alice-token",
        ),
    ];
    let records = [
        sent(0, "mock-000001", "alice", "alice-token"),
        sent(1, "mock-000001", "alice", "alice-token"),
        // Sent bob's pair, but its response names alice's request.
        sent(2, "mock-000002", "bob", "bob-token"),
    ];

    let verdict = check(&journal, &records, &published());

    assert_only(&verdict, &[(FindingId::F7, 2)]);
    assert!(verdict.examples[0].contains("already claimed"));
    assert!(verdict.examples[1].contains("but its response names mock-000002"));
}

#[test]
fn an_answer_that_is_not_the_one_for_its_own_marker_is_crossed() {
    let mut journal_entry = entry(
        "mock-000001",
        Operation::RetrieveFilersSinceDate,
        "alice",
        "alice-token",
    );
    journal_entry.params.insert(
        "lastUpdateDateTime".to_owned(),
        "2026-07-01 00:00:01.000".to_owned(),
    );
    let record = LocalRecord {
        thread: 3,
        index: 4,
        call: StressCall::Data,
        key: Some(JournalKey::Marker {
            param: "lastUpdateDateTime",
            value: "2026-07-01 00:00:01.000".to_owned(),
        }),
        sent: None,
        outcome: RequestOutcome::Answered {
            accepted: true,
            answer_matches: Some(false),
        },
    };

    let verdict = check(
        std::slice::from_ref(&journal_entry),
        std::slice::from_ref(&record),
        &published(),
    );
    assert_only(&verdict, &[(FindingId::F7, 1)]);
    assert_eq!(
        verdict.examples,
        [
            "F7: thread 3 request 4 (mock-000001) got an answer that is not the one for its own \
          parameters"
        ]
    );

    let mut matching = record;
    matching.outcome = RequestOutcome::Answered {
        accepted: true,
        answer_matches: Some(true),
    };
    let own_answer = check(&[journal_entry], &[matching], &published());
    assert_eq!(
        own_answer.total_violations(),
        0,
        "{:?}",
        own_answer.examples
    );
}

#[test]
fn unkeyed_requests_are_paired_with_unclaimed_entries_by_count_per_call() {
    let unkeyed = |index| LocalRecord {
        thread: 1,
        index,
        call: StressCall::TestUserAccess,
        key: None,
        sent: None,
        outcome: RequestOutcome::Answered {
            accepted: true,
            answer_matches: None,
        },
    };
    let journal = [
        entry(
            "mock-000001",
            Operation::TestUserAccess,
            "alice",
            "alice-token",
        ),
        entry("mock-000002", Operation::TestUserAccess, "bob", "bob-token"),
    ];

    let paired = check(&journal, &[unkeyed(0), unkeyed(1)], &published());
    assert_eq!(paired.total_violations(), 0, "{:?}", paired.examples);

    let one_lost = check(
        &journal,
        &[unkeyed(0), unkeyed(1), unkeyed(2)],
        &published(),
    );
    assert_only(&one_lost, &[(FindingId::F7, 1)]);
    assert!(one_lost.examples[0].contains("1 answered requests with no journal entry"));
}

#[test]
fn client_side_failures_are_counted_by_kind_and_need_no_entry() {
    let failed = |index, kind: &str| LocalRecord {
        thread: 0,
        index,
        call: StressCall::Data,
        key: None,
        sent: None,
        outcome: RequestOutcome::ClientError(kind.to_owned()),
    };
    let records = [
        failed(0, "proxy URL refused by the HTTP client (port None)"),
        failed(1, "transport: timeout"),
        failed(2, "transport: timeout"),
    ];

    let verdict = check(&[], &records, &published());

    assert_eq!(verdict.total_violations(), 0);
    assert_eq!(
        verdict.client_errors,
        BTreeMap::from([
            (
                "proxy URL refused by the HTTP client (port None)".to_owned(),
                1
            ),
            ("transport: timeout".to_owned(), 2),
        ])
    );
}

/// The journal entry of a request that proxy `p` refused with 407 for presenting `user`
/// and `password`: no operation, no service user.
fn refusal(request_id: &str, user: &str, password: &str) -> JournalEntry {
    let mut refused = entry(request_id, Operation::TestUserAccess, "", "");
    refused.operation = None;
    refused.user = None;
    refused.token_fingerprint = None;
    refused.authenticated = None;
    refused.proxy = Some(tag("p", user, password));
    refused.proxy_refused = true;
    refused.http_status = Some(407);
    refused
}

#[test]
fn a_journaled_refusal_and_its_own_request_count_once_under_s1_and_f1() {
    let journal = [refusal("mock-000001", "q-user", "q@ss:w/rd")];
    let mut refused = sent(0, "mock-000001", "alice", "alice-token");
    refused.outcome = RequestOutcome::ProxyRefused;
    if let Some(identity) = &mut refused.sent {
        identity.route = Some(SentRoute {
            port: Some(P_PORT),
            user: Some("q-user".to_owned()),
            password_fingerprint: Some(fingerprint("q@ss:w/rd")),
        });
    }

    let verdict = check(&journal, &[refused], &published());

    // Not a torn pair (it carries no service user), not lost, not crossed: one mixed route.
    assert_only(&verdict, &[(FindingId::S1, 1), (FindingId::F1, 1)]);
    assert_eq!((verdict.proxy_refusals, verdict.journaled_refusals), (1, 1));
    assert_eq!((verdict.answered, verdict.journal_entries), (0, 1));
    assert!(verdict.users_seen.is_empty() && verdict.proxies_seen.is_empty());
    let example = &verdict.examples[0];
    assert!(
        example.contains("thread 0 request 0 (mock-000001)"),
        "{example}"
    );
    assert!(!example.contains("q@ss"), "{example}");
}

#[test]
fn a_refusal_only_the_journal_saw_is_a_mixed_route_not_an_unclaimed_entry() {
    let journal = [refusal("mock-000001", "q-user", "q@ss:w/rd")];

    let verdict = check(&journal, &[], &published());

    assert_only(&verdict, &[(FindingId::S1, 1), (FindingId::F1, 1)]);
    assert_eq!((verdict.proxy_refusals, verdict.journaled_refusals), (0, 1));
    let q_password = fingerprint("q@ss:w/rd");
    assert_eq!(
        verdict.examples,
        [format!(
            "S1/F1: mock-000001: proxy 'p' refused proxy user 'q-user' with password \
             {q_password}: another configuration's credentials"
        )]
    );
}

#[test]
fn refusals_of_requests_without_a_request_id_pair_with_journaled_refusals_by_count() {
    // The hardened client sees neither the 407's request id nor a served entry's marker.
    let marked_refusal = |index: usize| LocalRecord {
        thread: 2,
        index,
        call: StressCall::Data,
        key: Some(JournalKey::Marker {
            param: "lastUpdateDateTime",
            value: format!("2026-07-01 0{index}:00:01.000"),
        }),
        sent: None,
        outcome: RequestOutcome::ProxyRefused,
    };
    let answered = LocalRecord {
        thread: 2,
        index: 2,
        call: StressCall::TestUserAccess,
        key: None,
        sent: None,
        outcome: RequestOutcome::Answered {
            accepted: true,
            answer_matches: None,
        },
    };
    let journal = [
        refusal("mock-000001", "q-user", "q@ss:w/rd"),
        refusal("mock-000002", "", ""),
        entry(
            "mock-000003",
            Operation::TestUserAccess,
            "alice",
            "alice-token",
        ),
    ];
    let records = [marked_refusal(0), marked_refusal(1), answered];

    let verdict = check(&journal, &records, &published());

    assert_only(&verdict, &[(FindingId::S1, 2), (FindingId::F1, 2)]);
    assert_eq!((verdict.proxy_refusals, verdict.journaled_refusals), (2, 2));
    assert_eq!(verdict.answered, 1);

    let one_more_in_the_journal = check(&journal, &records[1..], &published());
    assert_only(
        &one_more_in_the_journal,
        &[(FindingId::S1, 2), (FindingId::F1, 2)],
    );
}
