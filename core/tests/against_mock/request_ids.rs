//! One client calls every operation once; the journal holds exactly one
//! entry per call, in order, each with its own `X-Mock-Request-Id`.

use std::collections::HashSet;

use ffiec_core::{DataSeries, FacsimileFormat, FiId, FiIdType, SinceDate};
use ffiec_mock::{MockClock, MockConfig, Operation};
use jiff::civil::date;

use crate::harness::{Wire, client, on_every_wire, start_with};
use crate::lists::newest;

on_every_wire!(every_operation_is_one_journal_entry_with_its_own_request_id);

async fn every_operation_is_one_journal_entry_with_its_own_request_id(wire: Wire) {
    let at = "2026-07-01T12:00:00Z".parse().expect("a timestamp");
    let mock = start_with(MockConfig::default().clock(MockClock::frozen(at))).await;
    let client = client(&mock, wire);
    let period = newest(&mock);
    let since = SinceDate::from_date(date(2026, 8, 15)).expect("a valid date");
    let bank = FiId::new(480_228).expect("a valid id");

    client.test_user_access().await.expect("access");
    client
        .reporting_periods(DataSeries::Call)
        .await
        .expect("periods");
    client.ubpr_reporting_periods().await.expect("UBPR periods");
    client
        .panel_of_reporters(DataSeries::Call, period)
        .await
        .expect("panel");
    client
        .filers_since_date(DataSeries::Call, period, since)
        .await
        .expect("filers");
    client
        .filers_submission_times(DataSeries::Call, period, since)
        .await
        .expect("submission times");
    client
        .facsimile(
            DataSeries::Call,
            period,
            FiIdType::IdRssd,
            bank,
            FacsimileFormat::Sdf,
        )
        .await
        .expect("facsimile");
    client
        .ubpr_xbrl_facsimile(
            period,
            FiIdType::IdRssd,
            FiId::new(451_965).expect("a valid id"),
        )
        .await
        .expect("UBPR facsimile");

    let entries = mock.journal().entries();
    let access = match wire {
        Wire::Rest => Operation::RetrieveUBPRReportingPeriods,
        Wire::Soap11 | Wire::Soap12Digest => Operation::TestUserAccess,
    };
    let operations: Vec<_> = entries.iter().map(|entry| entry.operation).collect();
    assert_eq!(
        operations,
        [
            Some(access),
            Some(Operation::RetrieveReportingPeriods),
            Some(Operation::RetrieveUBPRReportingPeriods),
            Some(Operation::RetrievePanelOfReporters),
            Some(Operation::RetrieveFilersSinceDate),
            Some(Operation::RetrieveFilersSubmissionDateTime),
            Some(Operation::RetrieveFacsimile),
            Some(Operation::RetrieveUBPRXBRLFacsimile),
        ]
    );

    let seqs: Vec<u64> = entries.iter().map(|entry| entry.seq).collect();
    assert_eq!(seqs, (1..=8).collect::<Vec<u64>>(), "no request unrecorded");
    let ids: HashSet<&str> = entries
        .iter()
        .map(|entry| entry.request_id.as_str())
        .collect();
    assert_eq!(ids.len(), entries.len(), "request ids are unique");
    for entry in &entries {
        assert!(!entry.request_id.is_empty());
        assert_eq!(mock.journal().find(&entry.request_id).as_ref(), Some(entry));
        assert_eq!(entry.at, at, "stamped by the mock clock");
        assert_eq!(entry.authenticated, Some(true));
        assert_eq!(entry.http_status, Some(200));
        assert_eq!(entry.protocol, wire.journal_protocol());
        assert_eq!(
            entry.method,
            if wire == Wire::Rest { "GET" } else { "POST" }
        );
    }
}
