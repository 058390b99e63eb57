//! The list operations over every wire, compared with the mock's data
//! model: account check, period lists, the panel of reporters and the two
//! filer lists.

use ffiec_core::{DataSeries, Institution, ReportingPeriod, SinceDate};
use ffiec_mock::{MockServer, Operation};
use jiff::civil::{DateTime, date};

use crate::harness::{Wire, alice, client, on_every_wire, only_entry, start};
use crate::journal_checks::{assert_authenticated_call, param};

on_every_wire!(
    test_user_access_accepts_the_account,
    reporting_periods_come_in_the_served_order,
    ubpr_reporting_periods_come_in_the_served_order,
    panel_rows_are_normalised_from_the_served_rows,
    filers_since_date_are_the_served_ids,
    submission_times_are_the_served_eastern_times,
);

/// The newest period the mock publishes, 6/30/2026.
pub fn newest(mock: &MockServer) -> ReportingPeriod {
    to_client_period(mock.data().latest_period())
}

/// The client's value of a mock period.
pub fn to_client_period(period: ffiec_mock::ReportingPeriod) -> ReportingPeriod {
    ReportingPeriod::from_quarter(period.year(), period.quarter())
        .expect("every mock period is a quarter end")
}

/// A day in the middle of the filing season of 6/30/2026 (filings land 10
/// to 120 days after the quarter end), so some filers are after it and
/// some before.
fn mid_season() -> DateTime {
    date(2026, 8, 15).at(0, 0, 0, 0)
}

async fn test_user_access_accepts_the_account(wire: Wire) {
    let mock = start().await;

    let accepted = client(&mock, wire).test_user_access().await;

    assert!(accepted.expect("alice is a known account"));
    // REST has no TestUserAccess; the client stands in the cheapest call.
    let expected = match wire {
        Wire::Rest => Operation::RetrieveUBPRReportingPeriods,
        Wire::Soap11 | Wire::Soap12Digest => Operation::TestUserAccess,
    };
    assert_authenticated_call(&only_entry(&mock), wire, expected, &alice());
}

async fn reporting_periods_come_in_the_served_order(wire: Wire) {
    let mock = start().await;

    let periods = client(&mock, wire)
        .reporting_periods(DataSeries::Call)
        .await
        .expect("the Call periods");

    let served: Vec<ReportingPeriod> = mock
        .data()
        .call_periods()
        .iter()
        .map(|period| to_client_period(*period))
        .collect();
    assert_eq!(periods, served);
    assert_eq!(periods.first(), Some(&newest(&mock)), "newest first");
    assert_eq!(
        periods.last().map(|period| period.to_wire()),
        Some("3/31/2001".to_owned())
    );

    let entry = only_entry(&mock);
    assert_authenticated_call(&entry, wire, Operation::RetrieveReportingPeriods, &alice());
    assert_eq!(param(&entry, "dataSeries"), Some("Call"));
}

async fn ubpr_reporting_periods_come_in_the_served_order(wire: Wire) {
    let mock = start().await;

    let periods = client(&mock, wire)
        .ubpr_reporting_periods()
        .await
        .expect("the UBPR periods");

    let served: Vec<ReportingPeriod> = mock
        .data()
        .ubpr_periods()
        .iter()
        .map(|period| to_client_period(*period))
        .collect();
    assert_eq!(periods, served);
    assert_eq!(
        periods.first().map(|period| period.to_wire()),
        Some("12/31/2002".to_owned()),
        "oldest first"
    );

    let entry = only_entry(&mock);
    assert_authenticated_call(
        &entry,
        wire,
        Operation::RetrieveUBPRReportingPeriods,
        &alice(),
    );
}

async fn panel_rows_are_normalised_from_the_served_rows(wire: Wire) {
    let mock = start().await;
    let period = newest(&mock);

    let panel = client(&mock, wire)
        .panel_of_reporters(DataSeries::Call, period)
        .await
        .expect("the panel");

    let served = mock.data().panel(mock.data().latest_period());
    assert_eq!(panel.len(), served.len());
    assert!(
        panel.len() > 4_000,
        "a live-sized panel, got {}",
        panel.len()
    );
    for (row, wire_row) in panel.iter().zip(&served) {
        assert_eq!(
            row,
            &normalised(wire_row),
            "row of ID_RSSD {}",
            wire_row.id_rssd
        );
    }

    let micronesia = find(&panel, 718_275);
    assert_eq!(
        micronesia.name,
        "BANK OF THE FEDERATED STATES OF MICRONESIA"
    );
    assert_eq!(micronesia.state, None, "State \"0\" marks a foreign bank");
    assert_eq!(micronesia.fdic_cert, Some(26_539));
    assert_eq!(micronesia.occ_chart, None);
    assert_eq!(micronesia.aba_routing, None);
    assert_eq!(micronesia.city, "POHNPEI");
    assert_eq!(micronesia.zip, "96941");

    let bank_of_america = find(&panel, 480_228);
    assert_eq!(bank_of_america.state.as_deref(), Some("NC"));
    assert_eq!(bank_of_america.occ_chart, Some(13_044));
    assert_eq!(bank_of_america.address, "100 NORTH TRYON STREET");
    assert_eq!(bank_of_america.filing_type, "031");

    let short_zip = served
        .iter()
        .find(|row| row.zip < 10_000)
        .expect("the generated panel has a ZIP code that lost its leading zero");
    let restored = &find(&panel, short_zip.id_rssd).zip;
    assert_eq!(
        restored.len(),
        5,
        "ZIP {} restored as {restored}",
        short_zip.zip
    );
    assert!(restored.starts_with('0'));
    assert_eq!(restored.parse::<u32>().ok(), Some(short_zip.zip));

    let entry = only_entry(&mock);
    assert_authenticated_call(&entry, wire, Operation::RetrievePanelOfReporters, &alice());
    assert_eq!(param(&entry, "reportingPeriodEndDate"), Some("6/30/2026"));
}

async fn filers_since_date_are_the_served_ids(wire: Wire) {
    let mock = start().await;
    let period = newest(&mock);
    let since = SinceDate::new(mid_season()).expect("a valid date");

    let filers = client(&mock, wire)
        .filers_since_date(DataSeries::Call, period, since)
        .await
        .expect("the filers");

    let latest = mock.data().latest_period();
    let served = mock.data().filers_since(latest, Some(mid_season()));
    let everyone = mock.data().filers_since(latest, None);
    assert_eq!(filers, served);
    assert!(
        !served.is_empty() && served.len() < everyone.len(),
        "the date splits the season: {} of {}",
        served.len(),
        everyone.len()
    );

    let entry = only_entry(&mock);
    assert_authenticated_call(&entry, wire, Operation::RetrieveFilersSinceDate, &alice());
    assert_eq!(param(&entry, "lastUpdateDateTime"), Some("08/15/2026"));
}

async fn submission_times_are_the_served_eastern_times(wire: Wire) {
    let mock = start().await;
    let period = newest(&mock);
    let since = SinceDate::new(mid_season()).expect("a valid date");

    let submissions = client(&mock, wire)
        .filers_submission_times(DataSeries::Call, period, since)
        .await
        .expect("the submission times");

    let served = mock
        .data()
        .submissions(mock.data().latest_period(), Some(mid_season()));
    assert_eq!(submissions.len(), served.len());
    assert!(!served.is_empty());
    for (submission, wire_row) in submissions.iter().zip(&served) {
        let civil = ffiec_mock::parse_update_time(&wire_row.date_time)
            .expect("the mock writes times it can read back");
        let eastern = civil
            .in_tz("America/New_York")
            .expect("the bundled time zone database has New York");
        assert_eq!(submission.id_rssd, wire_row.id_rssd);
        assert_eq!(submission.submitted.timestamp(), eastern.timestamp());
        assert_eq!(
            submission.submitted.zoned().time_zone().iana_name(),
            Some("America/New_York")
        );
        assert_eq!(submission.submitted.to_wire(), wire_row.date_time);
    }

    let after_midnight = submissions
        .iter()
        .find(|submission| {
            let wire_form = submission.submitted.to_wire();
            wire_form.contains(" 12:") && wire_form.ends_with(" AM")
        })
        .expect("about one filing in twenty lands in the hour after midnight");
    assert_eq!(after_midnight.submitted.zoned().hour(), 0);

    let entry = only_entry(&mock);
    assert_authenticated_call(
        &entry,
        wire,
        Operation::RetrieveFilersSubmissionDateTime,
        &alice(),
    );
}

/// The client's row for `rssd`.
fn find(panel: &[Institution], rssd: u32) -> &Institution {
    panel
        .iter()
        .find(|row| row.id_rssd == rssd)
        .unwrap_or_else(|| panic!("ID_RSSD {rssd} is on the panel"))
}

/// What the client should make of a served row, written from SPEC §4
/// rather than from the client's code: trimmed text, 0 ids as none, State
/// "0" as none, five-digit ZIP codes.
fn normalised(row: &ffiec_mock::Institution) -> Institution {
    let id = |value: u32| (value != 0).then_some(value);
    let state = row.state.trim();
    Institution {
        id_rssd: row.id_rssd,
        fdic_cert: id(row.fdic_cert_number),
        occ_chart: id(row.occ_chart_number),
        ots_dock: id(row.ots_dock_number),
        aba_routing: id(row.primary_aba_rout_number),
        name: row.name.trim().to_owned(),
        state: (state != "0").then(|| state.to_owned()),
        city: row.city.trim().to_owned(),
        address: row.address.trim().to_owned(),
        zip: format!("{:05}", row.zip),
        filing_type: row.filing_type.trim().to_owned(),
        has_filed_for_period: row.has_filed_for_reporting_period,
    }
}
