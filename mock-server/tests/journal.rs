//! The journal, read through the handle and over `GET /__journal`.

mod common;

use common::{Auth, Soap, alice, client, rest_call, soap_call, start};
use ffiec_mock::{Operation, PasswordType, Protocol, fingerprint};

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

    let expected_fingerprint = fingerprint(alice().token());
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
    assert_eq!(entry["token_fingerprint"], fingerprint("nope"));
    assert!(!over_http.to_string().contains(alice().token()));

    let cleared = client()
        .delete(format!("{}/__journal", mock.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(cleared.status(), 204);
    assert!(mock.journal().is_empty());

    soap_call(
        &mock,
        Soap::V11,
        &Auth::text(&alice()),
        "TestUserAccess",
        &[],
    )
    .await;
    assert_eq!(
        mock.journal().entries()[0].seq,
        2,
        "sequence numbers keep counting after a clear"
    );
    mock.journal().clear();
    assert_eq!(mock.journal().len(), 0);
}
