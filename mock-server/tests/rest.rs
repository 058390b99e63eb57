//! REST: every method, and every row of the error table.

mod common;

use std::time::Duration;

use common::{alice, base64, client, rest_call, rest_raw, start, start_with};
use ffiec_mock::{MockClock, MockConfig, MockUser, ReportingPeriod};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

const JSON: &str = "application/json; charset=utf-8";

fn facsimile_headers(id: &'static str, format: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        ("dataSeries", "Call"),
        ("reportingPeriodEndDate", "6/30/2026"),
        ("fiIdType", "ID_RSSD"),
        ("fiId", id),
        ("facsimileFormat", format),
    ]
}

#[tokio::test]
async fn period_lists_are_json_arrays_of_wire_dates() {
    let mock = start().await;
    let call = rest_call(
        &mock,
        &alice(),
        "RetrieveReportingPeriods",
        &[("dataSeries", "Call")],
    )
    .await;
    assert_eq!((call.status, call.content_type.as_str()), (200, JSON));
    let call: Vec<String> = serde_json::from_str(&call.body).unwrap();
    assert_eq!(call.len(), 102);
    assert_eq!(&call[..3], ["6/30/2026", "3/31/2026", "12/31/2025"]);

    let ubpr = rest_call(&mock, &alice(), "RetrieveUBPRReportingPeriods", &[]).await;
    let ubpr: Vec<String> = serde_json::from_str(&ubpr.body).unwrap();
    assert_eq!(&ubpr[..2], ["12/31/2002", "3/31/2003"]);
}

#[tokio::test]
async fn panel_rows_keep_the_wire_shapes() {
    let mock = start().await;
    let headers = [
        ("dataSeries", "Call"),
        ("reportingPeriodEndDate", "12/31/2023"),
    ];
    let answer = rest_call(&mock, &alice(), "RetrievePanelOfReporters", &headers).await;
    assert_eq!(answer.status, 200);
    let rows = answer.json();
    let rows = rows.as_array().unwrap();
    assert_eq!(
        rows.len(),
        mock.data().panel(ReportingPeriod::new(2023, 4)).len()
    );

    let citizens = &rows[1];
    assert_eq!(citizens["ID_RSSD"], 563_336);
    assert_eq!(
        citizens["Name"].as_str().unwrap().trim_end(),
        "CITIZENS' BANK, INC."
    );
    assert_eq!(citizens["City"].as_str().unwrap().len(), 25);
    assert_eq!(citizens["ZIP"], 36_567, "ZIP is a JSON number");
    // As the live service answered (observed_live_values.json).
    assert_eq!(citizens["OTSDockNumber"], 13_156);
    assert_eq!(citizens["FilingType"], "051");
    assert_eq!(citizens["HasFiledForReportingPeriod"], true);
    assert_eq!(rows[0]["State"], "0");
}

#[tokio::test]
async fn filer_methods_accept_every_documented_update_time_form() {
    let mock = start().await;
    let period = ReportingPeriod::new(2025, 1);
    let since = ffiec_mock::parse_update_time("4/15/2025 9:00 PM");
    let expected = mock.data().filers_since(period, since);
    assert!(!expected.is_empty());

    for form in ["04/15/2025 9:00 PM", "2025-04-15 21:00:00.000"] {
        let headers = [
            ("dataSeries", "Call"),
            ("reportingPeriodEndDate", "3/31/2025"),
            ("lastUpdateDateTime", form),
        ];
        let ids = rest_call(&mock, &alice(), "RetrieveFilersSinceDate", &headers).await;
        let ids: Vec<u32> = serde_json::from_str(&ids.body).unwrap();
        assert_eq!(ids, expected, "{form}");

        let times = rest_call(
            &mock,
            &alice(),
            "RetrieveFilersSubmissionDateTime",
            &headers,
        )
        .await
        .json();
        assert_eq!(times.as_array().unwrap().len(), expected.len());
        assert_eq!(times[0]["ID_RSSD"], expected[0]);
        let shown = times[0]["DateTime"].as_str().unwrap();
        assert!(shown.ends_with(" AM") || shown.ends_with(" PM"), "{shown}");
    }

    let day_only = [
        ("dataSeries", "Call"),
        ("reportingPeriodEndDate", "3/31/2025"),
        ("lastUpdateDateTime", "4/15/2025"),
    ];
    let ids: Vec<u32> = serde_json::from_str(
        &rest_call(&mock, &alice(), "RetrieveFilersSinceDate", &day_only)
            .await
            .body,
    )
    .unwrap();
    assert!(ids.len() >= expected.len(), "midnight is earlier than 9 PM");
}

#[tokio::test]
async fn facsimiles_are_json_strings_of_base64() {
    let mock = start().await;
    let answer = rest_call(
        &mock,
        &alice(),
        "RetrieveFacsimile",
        &facsimile_headers("480228", "XBRL"),
    )
    .await;
    assert_eq!((answer.status, answer.content_type.as_str()), (200, JSON));
    let encoded: String = serde_json::from_str(&answer.body).unwrap();
    assert_eq!(
        base64(&encoded),
        include_bytes!("../data/call031_480228_2026-06-30.excerpt.xml")
    );

    let headers = [
        ("reportingPeriodEndDate", "6/30/2026"),
        ("fiIdType", "ID_RSSD"),
        ("fiId", "451965"),
    ];
    let ubpr = rest_call(&mock, &alice(), "RetrieveUBPRXBRLFacsimile", &headers).await;
    let encoded: String = serde_json::from_str(&ubpr.body).unwrap();
    assert!(base64(&encoded).starts_with(b"\xEF\xBB\xBF<?xml"));
}

#[tokio::test]
async fn raw_facsimiles_when_configured() {
    let mock = start_with(MockConfig::default().rest_raw_facsimile(true)).await;
    let response = client()
        .get(format!("{}RetrieveFacsimile", mock.rest_url()))
        .header("UserID", "alice")
        .header("Authentication", format!("Bearer {}", alice().token()))
        .headers(
            facsimile_headers("480228", "XBRL")
                .into_iter()
                .map(|(k, v)| (k.parse().unwrap(), v.parse().unwrap()))
                .collect(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-type"], "application/xml");
    let bytes = response.bytes().await.unwrap();
    assert_eq!(
        &bytes[..],
        include_bytes!("../data/call031_480228_2026-06-30.excerpt.xml")
    );
}

#[tokio::test]
async fn auth_errors_401_and_400() {
    let mock = start().await;
    let periods = "RetrieveUBPRReportingPeriods";

    let missing = rest_raw(&mock, periods, &[("UserID", "alice")]).await;
    assert_eq!(missing.status, 401);
    assert_eq!(missing.json()["StatusCode"], 401);
    assert!(
        missing.json()["Message"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("bearer")
    );

    let authorization_header = format!("Bearer {}", alice().token());
    let wrong_header = rest_raw(
        &mock,
        periods,
        &[
            ("UserID", "alice"),
            ("Authorization", &authorization_header),
        ],
    )
    .await;
    assert_eq!(
        wrong_header.status, 401,
        "the header is Authentication, not Authorization"
    );

    let not_jwt = rest_raw(
        &mock,
        periods,
        &[("UserID", "alice"), ("Authentication", "Bearer not-a-jwt")],
    )
    .await;
    assert_eq!(not_jwt.status, 401);
    assert!(not_jwt.json()["Message"].as_str().unwrap().contains("JWT"));

    let other = MockUser::with_jwt("alice", 1_700_000_000, 4_000_000_001);
    let invalid = rest_call(&mock, &other, periods, &[]).await;
    assert_eq!(invalid.status, 400);
    assert!(
        invalid.json()["Message"]
            .as_str()
            .unwrap()
            .contains("invalid")
    );

    let entries = mock.journal().entries();
    assert!(
        entries
            .iter()
            .all(|entry| entry.authenticated == Some(false))
    );
    assert!(
        entries
            .iter()
            .all(|entry| !format!("{entry:?}").contains(alice().token()))
    );
}

#[tokio::test]
async fn expired_tokens_get_400_by_the_mock_clock() {
    let clock = MockClock::frozen("2026-07-01T00:00:00Z".parse().unwrap());
    let now = clock.now().as_second();
    let short_lived = MockUser::with_jwt("bob", now - 60, now + 60);
    let mock = start_with(
        MockConfig::default()
            .clock(clock.clone())
            .user(short_lived.clone()),
    )
    .await;

    assert_eq!(
        rest_call(&mock, &short_lived, "RetrieveUBPRReportingPeriods", &[])
            .await
            .status,
        200
    );
    clock.advance(Duration::from_secs(61));
    let expired = rest_call(&mock, &short_lived, "RetrieveUBPRReportingPeriods", &[]).await;
    assert_eq!(expired.status, 400);
    assert_eq!(expired.json()["Message"], "Security token expired.");
}

#[tokio::test]
async fn parameter_errors_400() {
    let mock = start().await;
    let bad_period = [
        ("dataSeries", "Call"),
        ("reportingPeriodEndDate", "6/29/2026"),
    ];
    let answer = rest_call(&mock, &alice(), "RetrievePanelOfReporters", &bad_period).await;
    assert_eq!(answer.status, 400);
    assert!(
        answer.json()["Message"]
            .as_str()
            .unwrap()
            .contains("6/29/2026")
    );

    for (period, says) in [
        ("2/30/2020", "is not a calendar date"),
        ("12/31/0000", "outside the years"),
        ("3/31/3000", "outside the years"),
    ] {
        let params = [("dataSeries", "Call"), ("reportingPeriodEndDate", period)];
        let answer = rest_call(&mock, &alice(), "RetrievePanelOfReporters", &params).await;
        assert_eq!(answer.status, 400, "{period}");
        let message = answer.json()["Message"].as_str().unwrap().to_owned();
        assert!(
            message.contains(period) && message.contains(says),
            "{message}"
        );
        assert!(
            !message.contains("of the form"),
            "the shape was right: {message}"
        );
    }

    let mut bad_type = facsimile_headers("480228", "XBRL");
    bad_type[2] = ("fiIdType", "LEI");
    let answer = rest_call(&mock, &alice(), "RetrieveFacsimile", &bad_type).await;
    assert_eq!(answer.status, 400);
    assert_eq!(answer.json()["StatusCode"], 400);
    assert!(answer.json()["Message"].as_str().unwrap().contains("LEI"));
}

#[tokio::test]
async fn header_errors_500_with_code_5001() {
    let mock = start().await;
    let missing = rest_call(
        &mock,
        &alice(),
        "RetrievePanelOfReporters",
        &[("dataSeries", "Call")],
    )
    .await;
    assert_eq!(missing.status, 500);
    let message = missing.json()["Message"].as_str().unwrap().to_owned();
    assert!(
        message.contains("Error Code 5001") && message.contains("reportingPeriodEndDate"),
        "{message}"
    );

    let in_query = rest_call(
        &mock,
        &alice(),
        "RetrieveReportingPeriods?dataSeries=Call",
        &[],
    )
    .await;
    assert_eq!(in_query.status, 500);
    assert!(
        in_query.json()["Message"]
            .as_str()
            .unwrap()
            .contains("Error Code 5001")
    );

    let no_user = rest_raw(
        &mock,
        "RetrieveUBPRReportingPeriods",
        &[("Authentication", &format!("Bearer {}", alice().token()))],
    )
    .await;
    assert_eq!(no_user.status, 500);
    assert!(
        no_user.json()["Message"]
            .as_str()
            .unwrap()
            .contains("UserID")
    );
}

#[tokio::test]
async fn non_numeric_fi_id_is_a_500() {
    let mock = start().await;
    let answer = rest_call(
        &mock,
        &alice(),
        "RetrieveFacsimile",
        &facsimile_headers("48O228", "XBRL"),
    )
    .await;
    assert_eq!(answer.status, 500);
    assert_eq!(answer.json()["StatusCode"], 500);
}

#[tokio::test]
async fn missing_facsimile_is_a_204_that_carries_a_json_body() {
    let mock = start().await;
    let answer = rest_call(
        &mock,
        &alice(),
        "RetrieveFacsimile",
        &facsimile_headers("1", "PDF"),
    )
    .await;
    assert_eq!(answer.status, 204);
    assert_eq!(answer.body, "", "an HTTP client reads no body on 204");

    // On the wire the body is there, as the live service sent it.
    let mut request = format!(
        "GET /public/RetrieveFacsimile HTTP/1.1\r\nHost: {}\r\nUserID: alice\r\nAuthentication: Bearer {}\r\n",
        mock.address(),
        alice().token()
    );
    for (name, value) in facsimile_headers("1", "PDF") {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    let mut stream = tokio::net::TcpStream::connect(mock.address())
        .await
        .unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).await.unwrap();
    assert!(raw.starts_with("HTTP/1.1 204 No Content\r\n"), "{raw}");
    assert!(
        !raw.to_ascii_lowercase().contains("x-mock-force-204"),
        "the marker never leaves"
    );
    let body = raw.split_once("\r\n\r\n").unwrap().1;
    let json: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(json["StatusCode"], 204);
    assert!(json["Message"].as_str().unwrap().contains("not found"));

    let statuses: Vec<_> = mock
        .journal()
        .entries()
        .iter()
        .map(|entry| (entry.http_status, entry.fault_code.clone()))
        .collect();
    assert_eq!(statuses, vec![(Some(204), Some("not-found".to_owned())); 2]);
}

#[tokio::test]
async fn unknown_methods_and_other_verbs_are_refused() {
    let mock = start().await;
    assert_eq!(
        rest_call(&mock, &alice(), "TestUserAccess", &[])
            .await
            .status,
        404,
        "SOAP only"
    );
    assert_eq!(
        rest_call(&mock, &alice(), "RetrieveEverything", &[])
            .await
            .status,
        404
    );
    let post = client()
        .post(format!("{}RetrieveUBPRReportingPeriods", mock.rest_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(post.status(), 405);
}
