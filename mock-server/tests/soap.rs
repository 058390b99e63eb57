//! Hand-written SOAP 1.1 and 1.2 envelopes for every operation and fault.

mod common;

use common::{Auth, Soap, alice, attribute, base64, envelope, soap_call, soap_post, start, texts};
use ffiec_mock::{FacsimileFormat, FiIdType, MockUser, ReportingPeriod};

const BOTH: [Soap; 2] = [Soap::V11, Soap::V12];

fn q2_2026() -> ReportingPeriod {
    ReportingPeriod::new(2026, 2)
}

#[tokio::test]
async fn test_user_access_answers_true_in_both_versions() {
    let mock = start().await;
    for version in BOTH {
        let answer = soap_call(&mock, version, &Auth::text(&alice()), "TestUserAccess", &[]).await;
        assert_eq!(answer.status, 200, "{version:?}: {}", answer.body);
        assert_eq!(answer.content_type, version.content_type());
        assert!(answer.body.contains(&format!(
            "<soap:Envelope xmlns:soap=\"{}\"",
            version.envelope_ns()
        )));
        assert!(
            answer.body.contains(
                "<TestUserAccessResponse xmlns=\"http://cdr.ffiec.gov/public/services\">"
            )
        );
        assert_eq!(answer.texts("TestUserAccessResult"), ["true"]);
    }
}

#[tokio::test]
async fn reporting_periods_come_newest_first_and_ubpr_oldest_first() {
    let mock = start().await;
    for version in BOTH {
        let call = soap_call(
            &mock,
            version,
            &Auth::text(&alice()),
            "RetrieveReportingPeriods",
            &[("dataSeries", "Call")],
        )
        .await;
        let periods = texts(&call.texts("RetrieveReportingPeriodsResult")[0], "string");
        assert_eq!(periods.len(), 102);
        assert_eq!(&periods[..2], ["6/30/2026", "3/31/2026"]);
        assert_eq!(periods.last().unwrap(), "3/31/2001");

        let ubpr = soap_call(
            &mock,
            version,
            &Auth::text(&alice()),
            "RetrieveUBPRReportingPeriods",
            &[],
        )
        .await;
        let periods = texts(
            &ubpr.texts("RetrieveUBPRReportingPeriodsResult")[0],
            "string",
        );
        assert_eq!(periods.first().unwrap(), "12/31/2002");
        assert_eq!(periods.last().unwrap(), "6/30/2026");
    }
}

#[tokio::test]
async fn panel_rows_match_the_data_set_with_padding_and_integer_zips() {
    let mock = start().await;
    let expected = mock.data().panel(ReportingPeriod::new(2023, 4));
    for version in BOTH {
        let params = [
            ("dataSeries", "Call"),
            ("reportingPeriodEndDate", "12/31/2023"),
        ];
        let answer = soap_call(
            &mock,
            version,
            &Auth::text(&alice()),
            "RetrievePanelOfReporters",
            &params,
        )
        .await;
        assert_eq!(answer.status, 200);
        let rows = answer.texts("ReportingFinancialInstitution");
        assert_eq!(rows.len(), expected.len());
        assert!((4_500..=4_700).contains(&rows.len()));

        let first = &rows[0];
        assert_eq!(texts(first, "ID_RSSD"), ["718275"]);
        assert_eq!(texts(first, "State"), ["0"]);
        assert_eq!(
            texts(first, "Name")[0].trim_end(),
            "BANK OF THE FEDERATED STATES OF MICRONESIA"
        );
        assert_eq!(texts(first, "Name")[0].len(), 120, "names are space-padded");
        assert_eq!(texts(first, "OCCChartNumber"), ["0"]);
        assert_eq!(texts(first, "FilingType"), ["051"]);
        assert_eq!(texts(first, "HasFiledForReportingPeriod"), ["true"]);

        let citizens = &rows[1];
        assert_eq!(
            texts(citizens, "Name")[0].trim_end(),
            "CITIZENS' BANK, INC."
        );
        assert_eq!(texts(citizens, "PrimaryABARoutNumber"), ["65103243"]);
        let zips: Vec<u32> = rows
            .iter()
            .map(|row| texts(row, "ZIP")[0].parse().unwrap())
            .collect();
        assert!(
            zips.iter().any(|zip| *zip < 10_000),
            "some ZIP lost its leading zero"
        );
    }
}

#[tokio::test]
async fn omitted_period_means_the_newest() {
    let mock = start().await;
    let answer = soap_call(
        &mock,
        Soap::V11,
        &Auth::text(&alice()),
        "RetrievePanelOfReporters",
        &[("dataSeries", "Call")],
    )
    .await;
    assert_eq!(
        answer.texts("ReportingFinancialInstitution").len(),
        mock.data().panel(q2_2026()).len()
    );
}

#[tokio::test]
async fn filer_operations_agree_with_the_data_set() {
    let mock = start().await;
    let period = ReportingPeriod::new(2023, 4);
    let since = ffiec_mock::parse_update_time("2/1/2024").unwrap();
    let expected = mock.data().submissions(period, Some(since));
    assert!(!expected.is_empty());

    for version in BOTH {
        let params = [
            ("dataSeries", "Call"),
            ("reportingPeriodEndDate", "12/31/2023"),
            ("lastUpdateDateTime", "2/1/2024"),
        ];
        let times = soap_call(
            &mock,
            version,
            &Auth::text(&alice()),
            "RetrieveFilersSubmissionDateTime",
            &params,
        )
        .await;
        let rows = times.texts("RetrieveFilersDateTime");
        assert_eq!(rows.len(), expected.len());
        assert_eq!(
            texts(&rows[0], "ID_RSSD"),
            [expected[0].id_rssd.to_string()]
        );
        assert_eq!(texts(&rows[0], "DateTime"), [expected[0].date_time.clone()]);

        let ids = soap_call(
            &mock,
            version,
            &Auth::text(&alice()),
            "RetrieveFilersSinceDate",
            &params,
        )
        .await;
        let ids: Vec<u32> = texts(&ids.texts("RetrieveFilersSinceDateResult")[0], "int")
            .iter()
            .map(|id| id.parse().unwrap())
            .collect();
        assert_eq!(ids, expected.iter().map(|s| s.id_rssd).collect::<Vec<_>>());
    }
}

#[tokio::test]
async fn facsimiles_are_base64_of_the_real_documents() {
    let mock = start().await;
    let fixture = include_bytes!("../data/call031_480228_2026-06-30.excerpt.xml");
    for version in BOTH {
        let params = [
            ("dataSeries", "Call"),
            ("reportingPeriodEndDate", "06/30/2026"),
            ("fiIDType", "ID_RSSD"),
            ("fiID", "480228"),
            ("facsimileFormat", "XBRL"),
        ];
        let answer = soap_call(
            &mock,
            version,
            &Auth::text(&alice()),
            "RetrieveFacsimile",
            &params,
        )
        .await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        assert_eq!(base64(&answer.texts("RetrieveFacsimileResult")[0]), fixture);

        let params = [
            ("reportingPeriodEndDate", "6/30/2026"),
            ("fiIDType", "ID_RSSD"),
            ("fiID", "451965"),
        ];
        let ubpr = soap_call(
            &mock,
            version,
            &Auth::text(&alice()),
            "RetrieveUBPRXBRLFacsimile",
            &params,
        )
        .await;
        let document = base64(&ubpr.texts("RetrieveUBPRXBRLFacsimileResult")[0]);
        assert!(
            document.starts_with(b"\xEF\xBB\xBF<?xml"),
            "UBPR starts with a byte-order mark"
        );
        assert!(
            String::from_utf8_lossy(&document)
                .contains("<uc:UBPR2170 contextRef=\"CI_451965_2026-06-30\"")
        );
    }
}

#[tokio::test]
async fn pdf_and_sdf_facsimiles_of_generated_banks() {
    let mock = start().await;
    let period = ReportingPeriod::new(2025, 4);
    let bank = mock.data().panel(period)[10].id_rssd.to_string();
    let call = |format: &'static str| {
        let bank = bank.clone();
        let mock = &mock;
        async move {
            let params = [
                ("dataSeries", "Call"),
                ("reportingPeriodEndDate", "12/31/2025"),
                ("fiIDType", "ID_RSSD"),
                ("fiID", bank.as_str()),
                ("facsimileFormat", format),
            ];
            let answer = soap_call(
                mock,
                Soap::V11,
                &Auth::text(&alice()),
                "RetrieveFacsimile",
                &params,
            )
            .await;
            base64(&answer.texts("RetrieveFacsimileResult")[0])
        }
    };

    assert!(call("PDF").await.starts_with(b"%PDF-1.4"));
    let sdf = String::from_utf8(call("SDF").await).unwrap();
    assert!(sdf.starts_with("Call Date;Bank RSSD Identifier;MDRM #;Value;Last Update;Short Definition;Call Schedule;Line Number\r\n"));
    assert!(sdf.contains(&format!("\r\n20251231;{bank};RCFD2170;")));

    let xbrl = String::from_utf8(call("XBRL").await).unwrap();
    assert!(xbrl.contains(&format!("contextRef=\"CI_{bank}_2025-12-31\"")));
    let expected = mock
        .data()
        .call_facsimile(
            period,
            FiIdType::IdRssd,
            bank.parse().unwrap(),
            FacsimileFormat::Xbrl,
        )
        .unwrap();
    assert_eq!(xbrl.as_bytes(), expected);
}

#[tokio::test]
async fn password_digest_is_accepted_and_a_wrong_digest_is_not() {
    let mock = start().await;
    for version in BOTH {
        let good = soap_call(
            &mock,
            version,
            &Auth::digest(&alice()),
            "TestUserAccess",
            &[],
        )
        .await;
        assert_eq!(good.status, 200, "{}", good.body);

        let Auth::Digest {
            user,
            nonce,
            created,
            ..
        } = Auth::digest(&alice())
        else {
            unreachable!()
        };
        let wrong = Auth::Digest {
            user,
            token: "not-the-token".into(),
            nonce,
            created,
        };
        let bad = soap_call(&mock, version, &wrong, "TestUserAccess", &[]).await;
        assert_eq!(bad.status, 500);
        assert!(bad.body.contains("q0:FailedAuthentication"));
    }
    let kinds: Vec<_> = mock
        .journal()
        .entries()
        .iter()
        .map(|e| (e.password_type, e.authenticated))
        .collect();
    assert_eq!(kinds.len(), 4);
    assert!(
        kinds
            .iter()
            .all(|(kind, _)| *kind == Some(ffiec_mock::PasswordType::Digest))
    );
}

#[tokio::test]
async fn authentication_faults_have_the_observed_shape() {
    let mock = start().await;
    let stranger = MockUser::new("mallory", "guess");
    let wrong_token = Auth::Text {
        user: "alice".into(),
        password: "wrong".into(),
    };
    for auth in [Auth::text(&stranger), wrong_token, Auth::None] {
        let answer = soap_call(&mock, Soap::V11, &auth, "TestUserAccess", &[]).await;
        assert_eq!(answer.status, 500);
        assert_eq!(answer.content_type, "text/xml; charset=utf-8");
        assert_eq!(answer.texts("faultcode"), ["q0:FailedAuthentication"]);
        assert!(
            answer
                .body
                .contains(&format!("xmlns:q0=\"{}\"", common::WSSE_NS))
        );
        assert!(
            answer.texts("faultstring")[0]
                .starts_with("The security token could not be authenticated or authorized")
        );
    }

    let answer = soap_call(
        &mock,
        Soap::V12,
        &Auth::text(&stranger),
        "TestUserAccess",
        &[],
    )
    .await;
    assert_eq!(answer.status, 500);
    assert_eq!(answer.content_type, "application/soap+xml; charset=utf-8");
    assert_eq!(texts(&answer.texts("Code")[0], "Value")[0], "soap:Sender");
    assert_eq!(
        texts(&answer.texts("Subcode")[0], "Value"),
        ["q0:FailedAuthentication"]
    );
    assert!(answer.texts("Text")[0].starts_with("The security token could not be authenticated"));
}

#[tokio::test]
async fn facsimile_not_found_is_a_server_fault() {
    let mock = start().await;
    for version in BOTH {
        let params = [
            ("dataSeries", "Call"),
            ("reportingPeriodEndDate", "6/30/2026"),
            ("fiIDType", "ID_RSSD"),
            ("fiID", "1"),
            ("facsimileFormat", "PDF"),
        ];
        let answer = soap_call(
            &mock,
            version,
            &Auth::text(&alice()),
            "RetrieveFacsimile",
            &params,
        )
        .await;
        assert_eq!(answer.status, 500);
        assert!(
            answer
                .body
                .contains("soap:Server.FacsimileNotFoundOrUnavailable"),
            "{}",
            answer.body
        );
    }
}

#[tokio::test]
async fn malformed_requests_get_client_faults_naming_the_problem() {
    let mock = start().await;
    let facsimile =
        |period: &'static str, id_type: &'static str, id: &'static str, format: &'static str| {
            vec![
                ("dataSeries", "Call"),
                ("reportingPeriodEndDate", period),
                ("fiIDType", id_type),
                ("fiID", id),
                ("facsimileFormat", format),
            ]
        };
    // (operation, parameters, the input the fault text must name)
    type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a str);
    let cases: Vec<Case> = vec![
        (
            "RetrieveFacsimile",
            facsimile("6/29/2026", "ID_RSSD", "480228", "XBRL"),
            "6/29/2026",
        ),
        (
            "RetrieveFacsimile",
            facsimile("6/30/2026", "ID_RSSD", "48x", "XBRL"),
            "48x",
        ),
        (
            "RetrieveFacsimile",
            facsimile("6/30/2026", "LEI", "480228", "XBRL"),
            "LEI",
        ),
        (
            "RetrieveFacsimile",
            facsimile("6/30/2026", "ID_RSSD", "480228", "DOCX"),
            "DOCX",
        ),
        (
            "RetrieveReportingPeriods",
            vec![("dataSeries", "UBPR")],
            "UBPR",
        ),
        ("RetrieveReportingPeriods", vec![], "dataSeries"),
        (
            "RetrieveUBPRXBRLFacsimile",
            vec![("fiIDType", "ID_RSSD")],
            "fiID",
        ),
    ];
    for (operation, params, named) in cases {
        for version in BOTH {
            let answer = soap_call(&mock, version, &Auth::text(&alice()), operation, &params).await;
            assert_eq!(answer.status, 500, "{operation} {params:?}");
            let (code, text) = match version {
                Soap::V11 => (
                    answer.texts("faultcode")[0].clone(),
                    answer.texts("faultstring")[0].clone(),
                ),
                Soap::V12 => (
                    texts(&answer.texts("Subcode")[0], "Value")[0].clone(),
                    answer.texts("Text")[0].clone(),
                ),
            };
            assert_eq!(code, "soap:Client", "{operation} {params:?}");
            assert!(text.contains(named), "{text} should name {named}");
        }
    }
}

#[tokio::test]
async fn bad_xml_and_unknown_operations_are_client_faults() {
    let mock = start().await;
    let bad_xml = soap_post(&mock, Soap::V11, None, "<soap:Envelope><unclosed>".into()).await;
    assert_eq!(bad_xml.status, 500);
    assert_eq!(bad_xml.texts("faultcode"), ["soap:Client"]);

    let body = envelope(Soap::V11, &Auth::text(&alice()), "TestUserAccess", &[]);
    let unknown = soap_post(
        &mock,
        Soap::V11,
        Some("http://cdr.ffiec.gov/public/services/DropTables"),
        body,
    )
    .await;
    assert_eq!(unknown.texts("faultcode"), ["soap:Client"]);
    assert!(unknown.texts("faultstring")[0].contains("DropTables"));

    let unknown_body = envelope(Soap::V12, &Auth::text(&alice()), "DropTables", &[]);
    let answer = soap_post(&mock, Soap::V12, None, unknown_body).await;
    assert_eq!(texts(&answer.texts("Subcode")[0], "Value"), ["soap:Client"]);
    assert!(answer.texts("Text")[0].contains("DropTables"));
}

#[tokio::test]
async fn dispatch_accepts_unquoted_actions_and_falls_back_to_the_body() {
    let mock = start().await;
    let body = envelope(Soap::V11, &Auth::text(&alice()), "TestUserAccess", &[]);
    let unquoted = common::client()
        .post(mock.soap_url())
        .header("Content-Type", "text/xml; charset=utf-8")
        .header(
            "SOAPAction",
            "http://cdr.ffiec.gov/public/services/TestUserAccess",
        )
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(unquoted.status(), 200);

    let no_action = soap_post(&mock, Soap::V11, None, body).await;
    assert_eq!(no_action.texts("TestUserAccessResult"), ["true"]);
    let operations: Vec<_> = mock
        .journal()
        .entries()
        .iter()
        .map(|e| e.operation)
        .collect();
    assert_eq!(operations, [Some(ffiec_mock::Operation::TestUserAccess); 2]);
}

#[tokio::test]
async fn unqualified_parameters_are_missing_parameters() {
    let mock = start().await;
    let body = envelope(
        Soap::V11,
        &Auth::text(&alice()),
        "RetrieveReportingPeriods",
        &[],
    )
    .replace(
        "</RetrieveReportingPeriods>",
        "<dataSeries xmlns=\"\">Call</dataSeries></RetrieveReportingPeriods>",
    );
    let answer = soap_post(
        &mock,
        Soap::V11,
        Some("http://cdr.ffiec.gov/public/services/RetrieveReportingPeriods"),
        body,
    )
    .await;
    assert_eq!(answer.texts("faultcode"), ["soap:Client"]);
    assert!(answer.texts("faultstring")[0].contains("dataSeries"));
    assert_eq!(
        attribute(&answer.body, "Envelope", "xmlns:soap").as_deref(),
        Some(Soap::V11.envelope_ns())
    );
}
