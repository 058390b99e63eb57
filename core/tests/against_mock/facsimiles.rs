//! The two document operations over every wire: Call facsimiles in all
//! three formats and the UBPR XBRL facsimile, compared byte for byte with
//! what the mock's data model serves, then parsed.

use ffiec_core::sdf::SdfDocument;
use ffiec_core::xbrl::{FactValue, XbrlDocument};
use ffiec_core::{DataSeries, FacsimileFormat, FiId, FiIdType};
use ffiec_mock::data::UTF8_BOM;
use ffiec_mock::{MockServer, Operation};
use jiff::civil::date;
use rust_decimal::Decimal;

use crate::harness::{Wire, alice, client, on_every_wire, only_entry, start};
use crate::journal_checks::{assert_authenticated_call, param};
use crate::lists::newest;

/// The bank of the real Call fixture (FFIEC 031, 6/30/2026).
const BANK_OF_AMERICA: u32 = 480_228;
/// The bank of the real UBPR fixture (6/30/2026).
const WELLS_FARGO: u32 = 451_965;

on_every_wire!(
    call_xbrl_is_the_real_fixture_and_parses,
    call_pdf_is_the_served_document,
    call_sdf_is_the_served_document_and_parses,
    ubpr_xbrl_has_its_bom_stripped_and_parses,
);

/// The Call facsimile of `rssd` for 6/30/2026 as the mock's data model
/// holds it.
fn served_call(mock: &MockServer, rssd: u32, format: ffiec_mock::FacsimileFormat) -> Vec<u8> {
    mock.data()
        .call_facsimile(
            mock.data().latest_period(),
            ffiec_mock::FiIdType::IdRssd,
            rssd,
            format,
        )
        .expect("the mock has this facsimile")
}

/// Compares two documents, reporting sizes and the first difference
/// rather than every byte.
fn assert_same_bytes(actual: &[u8], expected: &[u8]) {
    let first_difference = actual
        .iter()
        .zip(expected)
        .position(|(left, right)| left != right);
    assert!(
        actual.len() == expected.len() && first_difference.is_none(),
        "got {} bytes, expected {}; first difference at {first_difference:?}",
        actual.len(),
        expected.len()
    );
}

async fn fetch_call(mock: &MockServer, wire: Wire, format: FacsimileFormat) -> Vec<u8> {
    let facsimile = client(mock, wire)
        .facsimile(
            DataSeries::Call,
            newest(mock),
            FiIdType::IdRssd,
            FiId::new(BANK_OF_AMERICA).expect("a valid id"),
            format,
        )
        .await
        .expect("the facsimile");
    assert_eq!(facsimile.format, format);

    let entry = only_entry(mock);
    assert_authenticated_call(&entry, wire, Operation::RetrieveFacsimile, &alice());
    assert_eq!(param(&entry, "fiIDType"), Some("ID_RSSD"));
    assert_eq!(param(&entry, "fiID"), Some("480228"));
    assert_eq!(param(&entry, "facsimileFormat"), Some(format.as_wire()));
    facsimile.bytes.to_vec()
}

async fn call_xbrl_is_the_real_fixture_and_parses(wire: Wire) {
    let mock = start().await;

    let bytes = fetch_call(&mock, wire, FacsimileFormat::Xbrl).await;

    assert_same_bytes(
        &bytes,
        &served_call(&mock, BANK_OF_AMERICA, ffiec_mock::FacsimileFormat::Xbrl),
    );
    let document = XbrlDocument::from_bytes(&bytes).expect("the fixture parses");
    let total_assets = document
        .fact_at("RCFD2170", date(2026, 6, 30))
        .expect("total assets at the quarter end");
    assert_eq!(total_assets.value.as_dollars(), Some(2_654_645_000_000));
    assert_eq!(total_assets.rssd, BANK_OF_AMERICA);
    assert!(document.issues().is_empty(), "{:?}", document.issues());
}

async fn call_pdf_is_the_served_document(wire: Wire) {
    let mock = start().await;

    let bytes = fetch_call(&mock, wire, FacsimileFormat::Pdf).await;

    assert_same_bytes(
        &bytes,
        &served_call(&mock, BANK_OF_AMERICA, ffiec_mock::FacsimileFormat::Pdf),
    );
    assert!(bytes.starts_with(b"%PDF-"), "a PDF header");
}

async fn call_sdf_is_the_served_document_and_parses(wire: Wire) {
    let mock = start().await;

    let bytes = fetch_call(&mock, wire, FacsimileFormat::Sdf).await;

    assert_same_bytes(
        &bytes,
        &served_call(&mock, BANK_OF_AMERICA, ffiec_mock::FacsimileFormat::Sdf),
    );
    let document = SdfDocument::from_bytes(&bytes).expect("the SDF parses");
    assert!(document.issues().is_empty(), "{:?}", document.issues());

    // The mock writes one line per fact that has a value.
    let facts = mock
        .data()
        .call_facts(BANK_OF_AMERICA, mock.data().latest_period());
    let with_values: Vec<_> = facts.iter().filter(|fact| fact.value.is_some()).collect();
    assert_eq!(document.rows().len(), with_values.len());
    for row in document.rows() {
        assert_eq!(row.rssd, BANK_OF_AMERICA);
        assert_eq!(row.call_date, date(2026, 6, 30));
    }

    let dollars = with_values
        .iter()
        .find(|fact| fact.unit == Some("USD"))
        .expect("a dollar fact");
    let exact: i64 = dollars
        .value
        .as_deref()
        .and_then(|text| text.parse().ok())
        .expect("a whole-dollar amount");
    let read = document
        .value_of(&dollars.concept)
        .and_then(|value| value.thousands());
    assert_eq!(read, Some(exact / 1000), "{} in thousands", dollars.concept);
}

async fn ubpr_xbrl_has_its_bom_stripped_and_parses(wire: Wire) {
    let mock = start().await;

    let facsimile = client(&mock, wire)
        .ubpr_xbrl_facsimile(
            newest(&mock),
            FiIdType::IdRssd,
            FiId::new(WELLS_FARGO).expect("a valid id"),
        )
        .await
        .expect("the UBPR facsimile");

    let served = mock
        .data()
        .ubpr_facsimile(
            mock.data().latest_period(),
            ffiec_mock::FiIdType::IdRssd,
            WELLS_FARGO,
        )
        .expect("the mock has this facsimile");
    assert!(served.starts_with(UTF8_BOM), "the mock serves the BOM");
    assert_same_bytes(&facsimile.bytes, &served[UTF8_BOM.len()..]);
    assert!(
        facsimile.bytes.starts_with(b"<?xml"),
        "the client strips the BOM"
    );
    assert_eq!(facsimile.without_bom(), facsimile.bytes.as_ref());

    let document = XbrlDocument::from_bytes(&facsimile.bytes).expect("the fixture parses");
    assert!(document.issues().is_empty(), "{:?}", document.issues());
    assert_eq!(
        document
            .value_of("UBPR2170")
            .and_then(FactValue::as_dollars),
        Some(1_907_928_000_000)
    );
    assert_eq!(
        document
            .value_of("UBPRE013")
            .and_then(FactValue::as_decimal),
        Some(Decimal::new(138, 2))
    );
    assert!(document.facts().iter().all(|fact| fact.rssd == WELLS_FARGO));

    let entry = only_entry(&mock);
    assert_authenticated_call(&entry, wire, Operation::RetrieveUBPRXBRLFacsimile, &alice());
    assert_eq!(param(&entry, "fiID"), Some("451965"));
    assert_eq!(param(&entry, "reportingPeriodEndDate"), Some("6/30/2026"));
}
