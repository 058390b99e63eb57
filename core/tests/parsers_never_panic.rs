//! Property tests: the XBRL and SDF parsers return `Ok` or `Err` for any
//! input, never panic, and what they return keeps its invariants.
//!
//! Inputs: arbitrary bytes, XML-shaped token soup, SDF-shaped lines, and
//! random mutations (byte flips, cuts, insertions, truncation) of the real
//! fixtures in `fixtures/`.

use ffiec_core::sdf::SdfDocument;
use ffiec_core::xbrl::{FactValue, XbrlDocument};
use proptest::prelude::*;

const CALL: &[u8] = include_bytes!("fixtures/call031_480228_2026-06-30.excerpt.xml");
const UBPR: &[u8] = include_bytes!("fixtures/ubpr_451965_2026-06-30.excerpt.xml");
const SDF: &[u8] = include_bytes!("fixtures/sdf_synthetic_480228_2026-06-30.sdf");

/// Pieces that XBRL documents are made of, so random sequences reach the
/// parser's deeper paths instead of failing at the first byte.
const XML_TOKENS: &[&str] = &[
    "<",
    ">",
    "/>",
    "</",
    "\"",
    "=",
    " ",
    "\n",
    ":",
    "xbrl",
    "xmlns",
    "xmlns:cc",
    "cc:",
    "\"http://www.xbrl.org/2003/instance\"",
    "\"https://www.cdr.ffiec.gov/xbrl/call/concepts\"",
    "\"http://www.w3.org/2001/XMLSchema-instance\"",
    "context",
    "id=\"C\"",
    "contextRef=\"C\"",
    "unitRef=\"USD\"",
    "unitRef=\"PURE\"",
    "decimals=\"0\"",
    "xsi:nil=\"true\"",
    "entity",
    "identifier",
    "period",
    "instant",
    "startDate",
    "endDate",
    "unit",
    "measure",
    "RCFD2170",
    "2026-06-30",
    "480228",
    "-1500",
    "0.071144",
    "&amp;",
    "&#65;",
    "&#xD800;",
    "&lol;",
    "&",
    ";",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "<!DOCTYPE",
    "<?xml version=\"1.0\"?>",
    "\u{FEFF}",
    "é",
];

const SDF_FIELDS: &[&str] = &[
    "",
    "20260630",
    "6/30/2026",
    "2026-02-30",
    "480228",
    "0",
    "RCFD2170",
    "2654645000",
    "-1500",
    "7.6139%",
    "%",
    "1.2.3",
    "99999999999999999999",
    "\"",
    "\"\"",
    "\"quoted\"",
    ";",
    "Total assets",
    "RC",
    "M8.a",
    "\u{FFFD}",
];

fn sdf_header() -> String {
    ffiec_core::sdf::HEADER.join(";")
}

/// Checks what a successful XBRL read promises.
fn check_xbrl(input: &[u8]) {
    if let Ok(document) = XbrlDocument::from_bytes(input) {
        for fact in document.facts() {
            assert!(!fact.mdrm.is_empty());
            assert!((1..100_000_000).contains(&fact.rssd));
            assert!(fact.period.end() >= period_start(&fact.period));
            let first = document
                .fact(&fact.mdrm)
                .map(|first| first.mdrm.to_ascii_uppercase());
            assert_eq!(first, Some(fact.mdrm.to_ascii_uppercase()));
            if let FactValue::Dollars(dollars) = fact.value {
                assert_eq!(
                    fact.value.in_thousands().map(|t| t.mantissa()),
                    Some(i128::from(dollars))
                );
            }
        }
    }
}

fn period_start(period: &ffiec_core::xbrl::Period) -> jiff::civil::Date {
    match *period {
        ffiec_core::xbrl::Period::Instant(date) => date,
        ffiec_core::xbrl::Period::Duration { start, .. } => start,
    }
}

/// Checks what a successful SDF read promises.
fn check_sdf(input: &[u8]) {
    if let Ok(document) = SdfDocument::from_bytes(input) {
        let lines = String::from_utf8_lossy(input).lines().count();
        assert!(document.rows().len() + document.issues().len() < lines.max(1));
        for row in document.rows() {
            assert!(!row.mdrm.is_empty());
            if let Some(thousands) = row.value.thousands() {
                assert_eq!(row.value.dollars(), Some(thousands * 1000));
            }
        }
        for issue in document.issues() {
            assert!(issue.line >= 2 && issue.line <= lines);
        }
    }
}

/// One edit of a fixture.
#[derive(Debug, Clone)]
enum Mutation {
    Flip { at: usize, byte: u8 },
    Cut { at: usize, len: usize },
    Insert { at: usize, token: &'static str },
    Truncate { at: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = any::<usize>();
    prop_oneof![
        (at, any::<u8>()).prop_map(|(at, byte)| Mutation::Flip { at, byte }),
        (at, 1..64usize).prop_map(|(at, len)| Mutation::Cut { at, len }),
        (at, prop::sample::select(XML_TOKENS))
            .prop_map(|(at, token)| Mutation::Insert { at, token }),
        at.prop_map(|at| Mutation::Truncate { at }),
    ]
}

fn mutate(original: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut bytes = original.to_vec();
    for mutation in mutations {
        let len = bytes.len().max(1);
        match *mutation {
            Mutation::Flip { at, byte } => {
                if let Some(slot) = bytes.get_mut(at % len) {
                    *slot = byte;
                }
            }
            Mutation::Cut { at, len: cut } => {
                let start = (at % len).min(bytes.len());
                let end = (start + cut).min(bytes.len());
                bytes.drain(start..end);
            }
            Mutation::Insert { at, token } => {
                let at = (at % len).min(bytes.len());
                bytes.splice(at..at, token.bytes());
            }
            Mutation::Truncate { at } => bytes.truncate(at % len),
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic_either_parser(input in prop::collection::vec(any::<u8>(), 0..2048)) {
        check_xbrl(&input);
        check_sdf(&input);
    }

    #[test]
    fn xml_token_soup_never_panics(tokens in prop::collection::vec(prop::sample::select(XML_TOKENS), 0..200)) {
        let input = tokens.concat();
        check_xbrl(input.as_bytes());

        // The same soup inside a valid root reaches the fact and context readers.
        let wrapped = format!(
            r#"<xbrl xmlns="http://www.xbrl.org/2003/instance" xmlns:cc="https://www.cdr.ffiec.gov/xbrl/call/concepts" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">{input}</xbrl>"#
        );
        check_xbrl(wrapped.as_bytes());
    }

    #[test]
    fn mutated_call_fixture_never_panics(mutations in prop::collection::vec(mutation(), 1..8)) {
        check_xbrl(&mutate(CALL, &mutations));
    }

    #[test]
    fn mutated_ubpr_fixture_never_panics(mutations in prop::collection::vec(mutation(), 1..8)) {
        check_xbrl(&mutate(UBPR, &mutations));
    }

    #[test]
    fn sdf_shaped_lines_never_panic(
        lines in prop::collection::vec(prop::collection::vec(prop::sample::select(SDF_FIELDS), 0..12), 0..20),
        crlf in any::<bool>(),
    ) {
        let end = if crlf { "\r\n" } else { "\n" };
        let body: Vec<String> = lines.iter().map(|fields| fields.join(";")).collect();
        let input = format!("{}{end}{}", sdf_header(), body.join(end));
        check_sdf(input.as_bytes());
    }

    #[test]
    fn mutated_sdf_sample_never_panics(mutations in prop::collection::vec(mutation(), 1..8)) {
        check_sdf(&mutate(SDF, &mutations));
    }
}

#[test]
fn the_unmutated_fixtures_pass_the_same_checks() {
    // Guards the properties above: the checks must accept the real documents.
    assert_eq!(XbrlDocument::from_bytes(CALL).unwrap().facts().len(), 42);
    assert_eq!(XbrlDocument::from_bytes(UBPR).unwrap().facts().len(), 13);
    assert_eq!(SdfDocument::from_bytes(SDF).unwrap().rows().len(), 10);
    check_xbrl(CALL);
    check_xbrl(UBPR);
    check_sdf(SDF);
}
