//! The journal, read through the handle and over `GET /__journal`.

mod common;

use common::{
    Auth, Soap, alice, alice_tests_access, client, rest_call, soap_call, start, start_with,
};
use ffiec_mock::{FingerprintKey, MockConfig, Operation, PasswordType, Protocol};

#[tokio::test]
async fn every_request_is_journaled_with_its_request_id_and_no_secret() {
    let mock = start().await;
    let soap = soap_call(
        &mock,
        Soap::V12,
        &Auth::text(&alice()),
        "RetrieveReportingPeriods",
        &[("dataSeries", "Call")],
    )
    .await;
    let rest = rest_call(
        &mock,
        &alice(),
        "RetrievePanelOfReporters",
        &[
            ("dataSeries", "Call"),
            ("reportingPeriodEndDate", "12/31/2023"),
        ],
    )
    .await;
    assert_eq!((soap.status, rest.status), (200, 200));

    let entries = mock.journal().entries();
    assert_eq!(entries.len(), 2);
    let (first, second) = (&entries[0], &entries[1]);
    assert_eq!(first.seq + 1, second.seq);
    assert_eq!(Some(first.request_id.clone()), soap.request_id);
    assert_eq!(Some(second.request_id.clone()), rest.request_id);

    assert_eq!(first.protocol, Protocol::Soap12);
    assert_eq!(first.operation, Some(Operation::RetrieveReportingPeriods));
    assert_eq!(first.user.as_deref(), Some("alice"));
    assert_eq!(first.password_type, Some(PasswordType::Text));
    assert_eq!(first.authenticated, Some(true));
    assert_eq!(
        first.params.get("dataSeries").map(String::as_str),
        Some("Call")
    );
    assert_eq!(first.http_status, Some(200));

    assert_eq!(second.protocol, Protocol::Rest);
    assert_eq!(second.password_type, Some(PasswordType::Bearer));
    assert_eq!(
        second
            .params
            .get("reportingPeriodEndDate")
            .map(String::as_str),
        Some("12/31/2023")
    );

    let expected_fingerprint = mock.fingerprint(alice().token());
    assert_eq!(expected_fingerprint.len(), 12);
    for entry in &entries {
        assert_eq!(
            entry.token_fingerprint.as_deref(),
            Some(expected_fingerprint.as_str())
        );
        assert!(
            !format!("{entry:?}").contains(alice().token()),
            "the token never appears"
        );
    }
    assert_eq!(mock.journal().find(&first.request_id).as_ref(), Some(first));
}

#[tokio::test]
async fn journal_over_http_matches_the_handle_and_clears() {
    let mock = start().await;
    let failed = soap_call(
        &mock,
        Soap::V11,
        &Auth::Text {
            user: "alice".into(),
            password: "nope".into(),
        },
        "TestUserAccess",
        &[],
    )
    .await;
    assert_eq!(failed.status, 500);

    let over_http: serde_json::Value = client()
        .get(format!("{}/__journal", mock.base_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let entries = over_http.as_array().unwrap();
    assert_eq!(entries.len(), 1, "reading the journal is not journaled");
    let entry = &entries[0];
    assert_eq!(entry["request_id"], failed.request_id.unwrap().as_str());
    assert_eq!(entry["protocol"], "Soap11");
    assert_eq!(entry["operation"], "TestUserAccess");
    assert_eq!(entry["authenticated"], false);
    assert_eq!(entry["fault_code"], "q0:FailedAuthentication");
    assert_eq!(entry["http_status"], 500);
    assert_eq!(entry["token_fingerprint"], mock.fingerprint("nope"));
    assert!(!over_http.to_string().contains(alice().token()));

    let cleared = client()
        .delete(format!("{}/__journal", mock.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(cleared.status(), 204);
    assert!(mock.journal().is_empty());

    alice_tests_access(&mock).await;
    assert_eq!(
        mock.journal().entries()[0].seq,
        2,
        "sequence numbers keep counting after a clear"
    );
    mock.journal().clear();
    assert_eq!(mock.journal().len(), 0);
}

/// The unkeyed form fingerprints once had: the first 12 hex digits of SHA-256.
fn unkeyed(secret: &str) -> String {
    use sha2::{Digest as _, Sha256};
    Sha256::digest(secret.as_bytes())[..6]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

async fn journaled_fingerprint(mock: &ffiec_mock::MockServer) -> String {
    let answer = soap_call(
        mock,
        Soap::V11,
        &Auth::text(&alice()),
        "TestUserAccess",
        &[],
    )
    .await;
    assert_eq!(answer.status, 200);
    mock.journal().entries()[0]
        .token_fingerprint
        .clone()
        .expect("a PasswordText call names its token")
}

#[tokio::test]
async fn fingerprints_are_keyed_per_server_so_a_journal_cannot_be_brute_forced_offline() {
    let first = start().await;
    let second = start().await;

    let in_first = journaled_fingerprint(&first).await;
    let in_second = journaled_fingerprint(&second).await;

    assert_eq!(
        in_first,
        first.fingerprint(alice().token()),
        "comparable within a run"
    );
    assert_eq!(in_second, second.fingerprint(alice().token()));
    assert_ne!(in_first, in_second, "each server draws its own key");
    assert_ne!(
        in_first,
        unkeyed(alice().token()),
        "not a plain hash of the token"
    );
    assert_ne!(first.fingerprint("a"), first.fingerprint("b"));
    assert_eq!(in_first.len(), 12);
}

#[tokio::test]
async fn a_fixed_key_gives_the_hmac_sha256_anyone_can_recompute() {
    // 00 01 02 ... 1f; the expected value is HMAC-SHA256(key, "alice-token")
    // computed with Python's hmac module, first 12 hex digits.
    let key: FingerprintKey = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
        .parse()
        .unwrap();
    assert_eq!(key.fingerprint("alice-token"), "b96543ed01f6");

    let mock = start_with(MockConfig::default().fingerprint_key(key.clone())).await;
    assert_eq!(
        journaled_fingerprint(&mock).await,
        key.fingerprint(alice().token())
    );
    assert!(
        !format!("{key:?}").contains("0a0b0c"),
        "Debug hides the key: {key:?}"
    );
    for bad in [
        "",
        "00",
        "zz0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
    ] {
        assert!(bad.parse::<FingerprintKey>().is_err(), "{bad:?}");
    }
}
