//! The XBRL parser on FFIEC's real facsimiles (see `fixtures/README.md`),
//! on the same documents re-serialised the ways other tools write them, and
//! on hostile input.

use ffiec_core::xbrl::{
    Decimals, Fact, FactProblem, FactValue, Period, Taxonomy, Unit, XbrlDocument,
};
use ffiec_core::xml_limits::XmlLimits;
use jiff::civil::date;
use rust_decimal::Decimal;

const CALL: &str = include_str!("fixtures/call031_480228_2026-06-30.excerpt.xml");
const UBPR: &str = include_str!("fixtures/ubpr_451965_2026-06-30.excerpt.xml");

const CALL_NS: &str = "https://www.cdr.ffiec.gov/xbrl/call/concepts";
const UBPR_NS: &str = "https://www.cdr.ffiec.gov/xbrl/ubpr/v187/Concepts";
const UBPR_SOURCE_NS: &str = "https://www.cdr.ffiec.gov/xbrl/ubpr/v187/SourceConcepts";
const BOM: &str = "\u{FEFF}";

fn read(xml: &str) -> XbrlDocument {
    XbrlDocument::from_bytes(xml.as_bytes()).expect("the document is readable")
}

/// Asserts that a variant of a fixture reads to exactly the same facts.
fn assert_same_facts(original: &str, variant: &str) {
    let (original, variant) = (read(original), read(variant));
    assert!(variant.issues().is_empty(), "{:?}", variant.issues());
    assert_eq!(variant.facts(), original.facts());
}

/// Replaces the first occurrence of `from`, failing loudly when absent,
/// so a changed fixture cannot turn a variant test into a no-op.
fn replace_once(xml: &str, from: &str, to: &str) -> String {
    assert!(xml.contains(from), "fixture no longer contains {from:?}");
    xml.replacen(from, to, 1)
}

// --- The real Call Report (FFIEC 031, RSSD 480228, 2026-06-30) -----------

#[test]
fn call_fixture_has_42_facts_and_no_issues() {
    let document = read(CALL);
    assert_eq!(document.facts().len(), 42);
    assert!(document.issues().is_empty(), "{:?}", document.issues());

    let count = |unit: Unit| {
        document
            .facts()
            .iter()
            .filter(|fact| fact.unit == Some(unit.clone()))
            .count()
    };
    assert_eq!(count(Unit::Usd), 38);
    assert_eq!(count(Unit::Pure), 4);

    let durations = document
        .facts()
        .iter()
        .filter(|fact| matches!(fact.period, Period::Duration { .. }))
        .count();
    assert_eq!(durations, 11);
    assert!(
        document
            .facts()
            .iter()
            .all(|fact| fact.rssd == 480228 && fact.taxonomy == Taxonomy::Call)
    );
}

#[test]
fn call_total_assets_is_exact_whole_dollars() {
    let document = read(CALL);
    let fact = document.fact("RCFD2170").expect("total assets present");

    assert_eq!(fact.mdrm, "RCFD2170");
    assert_eq!(fact.context_id, "CI_480228_2026-06-30");
    assert_eq!(fact.period, Period::Instant(date(2026, 6, 30)));
    assert_eq!(fact.unit, Some(Unit::Usd));
    assert_eq!(fact.decimals, Some(Decimals::Places(0)));
    assert_eq!(fact.value, FactValue::Dollars(2_654_645_000_000));
    assert_eq!(
        fact.value.in_thousands(),
        Some(Decimal::from(2_654_645_000_i64))
    );
}

#[test]
fn call_usd_facts_of_both_periods() {
    let document = read(CALL);
    let dollars = |mdrm| document.value_of(mdrm).and_then(FactValue::as_dollars);

    assert_eq!(dollars("RCFA3792"), Some(202_413_000_000));
    assert_eq!(dollars("RCFDB528"), Some(1_205_033_000_000));
    assert_eq!(dollars("RCFDF056"), Some(9_000_000));
    assert_eq!(dollars("RCON2200"), Some(1_983_484_000_000));

    let net_income = document.fact("RIAD4340").expect("net income present");
    assert_eq!(net_income.value, FactValue::Dollars(14_947_000_000));
    assert_eq!(net_income.context_id, "CD_480228_2026-06-30");
    assert_eq!(
        net_income.period,
        Period::Duration {
            start: date(2026, 1, 1),
            end: date(2026, 6, 30)
        }
    );
}

#[test]
fn call_pure_facts_are_exact_decimals() {
    let document = read(CALL);
    let leverage = document.fact("RCFA7204").expect("leverage ratio present");

    assert_eq!(leverage.unit, Some(Unit::Pure));
    assert_eq!(leverage.decimals, Some(Decimals::Places(6)));
    assert_eq!(leverage.value, FactValue::Decimal(Decimal::new(71_144, 6)));
    assert_eq!(leverage.value.as_f64(), Some(0.071144));
    assert_eq!(leverage.value.as_dollars(), None);

    assert_eq!(
        document
            .value_of("RCFA7205")
            .and_then(FactValue::as_decimal),
        Some(Decimal::new(131_129, 6))
    );
    assert_eq!(
        document
            .value_of("RCFAP793")
            .and_then(FactValue::as_decimal),
        Some(Decimal::new(120_967, 6))
    );
}

#[test]
fn lookups_ignore_ascii_case_and_miss_cleanly() {
    let document = read(CALL);
    assert_eq!(
        document.fact("rcfd2170").map(|fact| fact.mdrm.as_str()),
        Some("RCFD2170")
    );
    assert!(document.fact("RCFD9999").is_none());
    assert!(document.value_of("").is_none());
}

// --- The real UBPR (RSSD 451965, 2026-06-30) ------------------------------

#[test]
fn ubpr_fixture_has_13_facts_of_taxonomy_v187() {
    let document = read(UBPR);
    assert_eq!(document.facts().len(), 13);
    assert!(document.issues().is_empty(), "{:?}", document.issues());
    assert!(
        document
            .facts()
            .iter()
            .all(|fact| fact.taxonomy == Taxonomy::Ubpr { version: 187 } && fact.rssd == 451965)
    );
}

#[test]
fn ubpr_ratios_text_and_history() {
    let document = read(UBPR);
    let decimal = |mdrm| document.value_of(mdrm).and_then(FactValue::as_decimal);

    assert_eq!(decimal("UBPRE013"), Some(Decimal::new(138, 2)));
    assert_eq!(decimal("UBPRE019"), Some(Decimal::new(4, 1)));
    assert_eq!(decimal("UBPR7414"), Some(Decimal::new(104, 2)));
    let d486 = document.fact("UBPRD486").expect("present");
    assert_eq!(d486.value, FactValue::Decimal(Decimal::new(80_181, 4)));
    assert_eq!(d486.decimals, Some(Decimals::Places(4)));

    let date_fact = document.fact("UBPR9999").expect("present");
    assert_eq!(date_fact.unit, None);
    assert_eq!(date_fact.decimals, None);
    assert_eq!(date_fact.value, FactValue::Text("2026-06-30".to_owned()));

    // Total assets for seven quarters; the current one comes first.
    let history: Vec<(jiff::civil::Date, i64)> = document
        .facts_of("UBPR2170")
        .map(|fact| (fact.period.end(), fact.value.as_dollars().expect("USD")))
        .collect();
    assert_eq!(history.len(), 7);
    assert_eq!(history[0], (date(2026, 6, 30), 1_907_928_000_000));
    assert_eq!(history[6], (date(2024, 12, 31), 1_705_538_000_000));
    assert_eq!(
        document
            .fact_at("UBPR2170", date(2025, 9, 30))
            .and_then(|f| f.value.as_dollars()),
        Some(1_767_105_000_000)
    );
    assert!(document.fact_at("UBPR2170", date(2023, 12, 31)).is_none());
}

// --- Re-serialised: other prefixes, default namespaces, BOM, prolog --------

#[test]
fn call_with_ns0_concepts_and_prefixed_root() {
    let variant = CALL
        .replace("xmlns:cc=", "xmlns:ns0=")
        .replace("<cc:", "<ns0:")
        .replace("</cc:", "</ns0:");
    let variant = replace_once(
        &variant,
        r#"<xbrl xmlns="http://www.xbrl.org/2003/instance""#,
        r#"<xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance""#,
    );
    let variant = replace_once(&variant, "</xbrl>", "</xbrli:xbrl>");
    assert_same_facts(CALL, &variant);
}

#[test]
fn call_with_concepts_in_a_default_namespace() {
    let root_binding = format!(r#" xmlns:cc="{CALL_NS}""#);
    let variant = replace_once(CALL, &root_binding, "")
        .replace("xmlns:cc=", "xmlns=")
        .replace("<cc:", "<")
        .replace("</cc:", "</");
    assert!(!variant.contains("cc:"));
    assert_same_facts(CALL, &variant);
}

#[test]
fn call_with_the_legacy_namespace_reads_the_same() {
    let variant = CALL.replace(CALL_NS, "http://www.ffiec.gov/xbrl/call/concepts");
    assert_same_facts(CALL, &variant);
}

#[test]
fn call_with_bom_and_prolog_in_every_combination() {
    let prolog = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
    assert_same_facts(CALL, &format!("{BOM}{CALL}"));
    assert_same_facts(CALL, &format!("{prolog}{CALL}"));
    assert_same_facts(CALL, &format!("{BOM}{prolog}{CALL}"));
}

#[test]
fn ubpr_without_prolog_and_with_bom() {
    let (prolog, body) = UBPR
        .split_once('\n')
        .expect("the fixture starts with a prolog");
    assert!(prolog.starts_with("<?xml"));
    assert_same_facts(UBPR, body);
    assert_same_facts(UBPR, &format!("{BOM}{UBPR}"));
}

#[test]
fn ubpr_with_prefixed_instance_elements() {
    let mut variant = replace_once(UBPR, r#" xmlns="http://www.xbrl.org/2003/instance""#, "");
    for name in [
        "xbrl",
        "context",
        "entity",
        "identifier",
        "period",
        "instant",
        "startDate",
        "endDate",
        "unit",
        "measure",
    ] {
        variant = variant
            .replace(&format!("<{name}>"), &format!("<xbrli:{name}>"))
            .replace(&format!("<{name} "), &format!("<xbrli:{name} "))
            .replace(&format!("</{name}>"), &format!("</xbrli:{name}>"));
    }
    assert!(variant.contains("<xbrli:startDate>"));
    assert_same_facts(UBPR, &variant);
}

#[test]
fn ubpr_matches_by_uri_when_prefixes_are_swapped() {
    // `cc` now names the Concepts namespace and `uc` SourceConcepts: a reader
    // keyed on the literal prefix would get every fact wrong.
    let swapped = UBPR
        .replace(&format!(r#"xmlns:cc="{UBPR_SOURCE_NS}""#), "SWAP")
        .replace(
            &format!(r#"xmlns:uc="{UBPR_NS}""#),
            &format!(r#"xmlns:cc="{UBPR_NS}""#),
        )
        .replace("SWAP", &format!(r#"xmlns:uc="{UBPR_SOURCE_NS}""#))
        .replace("<uc:", "<cc:")
        .replace("</uc:", "</cc:");
    assert!(swapped.contains(&format!(r#"xmlns:cc="{UBPR_NS}""#)));
    assert!(swapped.contains("<cc:UBPR2170"));
    assert_same_facts(UBPR, &swapped);
}

#[test]
fn facts_in_a_non_concept_namespace_are_reported_not_read() {
    let rebound = UBPR.replace(
        &format!(r#"xmlns:uc="{UBPR_NS}""#),
        &format!(r#"xmlns:uc="{UBPR_SOURCE_NS}""#),
    );
    let document = read(&rebound);

    assert!(document.facts().is_empty());
    assert_eq!(document.issues().len(), 13);
    let first = &document.issues()[0];
    assert_eq!(first.concept, "UBPR7414");
    assert_eq!(first.context_id.as_deref(), Some("CI_451965_2026-06-30"));
    assert_eq!(
        first.problem,
        FactProblem::UnknownNamespace(Some(UBPR_SOURCE_NS.to_owned()))
    );
}

#[test]
fn contexts_after_the_facts_are_resolved() {
    let first = UBPR.find("<context").expect("contexts present");
    let last = UBPR.rfind("</context>").expect("contexts present") + "</context>".len();
    let contexts = &UBPR[first..last];
    let moved = UBPR
        .replacen(contexts, "", 1)
        .replace("</xbrl>", &format!("{contexts}\n</xbrl>"));
    assert!(moved.find("<uc:").unwrap() < moved.find("<context").unwrap());
    assert_same_facts(UBPR, &moved);
}

// --- Nil, empty and malformed facts ---------------------------------------

fn insert_before_end(xml: &str, facts: &str) -> String {
    replace_once(xml, "</xbrl>", &format!("{facts}</xbrl>"))
}

#[test]
fn nil_and_empty_facts_are_facts_and_spoil_nothing() {
    let xml = insert_before_end(
        CALL,
        r#"<cc:RCFD3123 xmlns:cc="https://www.cdr.ffiec.gov/xbrl/call/concepts" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" contextRef="CI_480228_2026-06-30" unitRef="USD" decimals="0" xsi:nil="true"/><cc:RCON9224 xmlns:cc="https://www.cdr.ffiec.gov/xbrl/call/concepts" contextRef="CI_480228_2026-06-30"></cc:RCON9224><cc:RCFA7204 xmlns:cc="https://www.cdr.ffiec.gov/xbrl/call/concepts" xmlns:i="http://www.w3.org/2001/XMLSchema-instance" contextRef="CD_480228_2026-06-30" unitRef="PURE" i:nil="true">  </cc:RCFA7204>"#,
    );
    let document = read(&xml);
    assert_eq!(document.facts().len(), 45);
    assert!(document.issues().is_empty(), "{:?}", document.issues());

    // RCFD3123 appears twice now; the nil one is second.
    let nil: Vec<&Fact> = document.facts_of("RCFD3123").collect();
    assert_eq!(nil[0].value, FactValue::Dollars(13_099_000_000));
    assert_eq!(nil[1].value, FactValue::Nil);
    assert!(nil[1].value.is_nil());
    assert_eq!(document.value_of("RCON9224"), Some(&FactValue::Empty));
    let nil_ratio = document
        .fact_at("RCFA7204", date(2026, 6, 30))
        .map(|fact| &fact.period);
    assert_eq!(nil_ratio, Some(&Period::Instant(date(2026, 6, 30))));
    assert_eq!(
        document.facts_of("RCFA7204").nth(1).map(|fact| &fact.value),
        Some(&FactValue::Nil)
    );

    // The real facts are untouched.
    assert_eq!(
        document.value_of("RCFD2170"),
        Some(&FactValue::Dollars(2_654_645_000_000))
    );
}

#[test]
fn malformed_facts_become_issues_among_good_ones() {
    let cc = format!(r#"xmlns:cc="{CALL_NS}""#);
    let bad_facts = [
        format!(
            r#"<cc:RCFD0010 {cc} contextRef="CI_480228_2026-06-30" unitRef="USD" decimals="0">2654645000000.5</cc:RCFD0010>"#
        ),
        format!(
            r#"<cc:RCFA7207 {cc} contextRef="CI_480228_2026-06-30" unitRef="PURE" decimals="6">n/a</cc:RCFA7207>"#
        ),
        format!(
            r#"<cc:RCFD0020 {cc} contextRef="CI_480228_2026-03-31" unitRef="USD" decimals="0">1</cc:RCFD0020>"#
        ),
        format!(r#"<cc:RCFD0030 {cc} unitRef="USD" decimals="0">1</cc:RCFD0030>"#),
        format!(
            r#"<cc:RCFD0040 {cc} contextRef="CI_480228_2026-06-30" unitRef="USD" decimals="zero">1</cc:RCFD0040>"#
        ),
        format!(
            r#"<cc:RCFD0050 {cc} contextRef="CI_480228_2026-06-30" unitRef="USD"><b>1</b></cc:RCFD0050>"#
        ),
        format!(
            r#"<cc:RCFD0060 {cc} contextRef="CI_480228_2026-06-30" unitRef="USD">99999999999999999999</cc:RCFD0060>"#
        ),
    ];
    let document = read(&insert_before_end(CALL, &bad_facts.concat()));

    assert_eq!(document.facts().len(), 42, "every good fact survives");
    let found: Vec<String> = document.issues().iter().map(ToString::to_string).collect();
    assert_eq!(
        found,
        [
            "RCFD0010 (context CI_480228_2026-06-30): value \"2654645000000.5\" is not a whole number of dollars",
            "RCFA7207 (context CI_480228_2026-06-30): value \"n/a\" is not a decimal number",
            "RCFD0020 (context CI_480228_2026-03-31): no context has this id",
            "RCFD0030: no contextRef attribute",
            "RCFD0040 (context CI_480228_2026-06-30): decimals \"zero\" is neither INF nor a whole number",
            "RCFD0050 (context CI_480228_2026-06-30): the fact contains elements",
            "RCFD0060 (context CI_480228_2026-06-30): value \"99999999999999999999\" is not a whole number of dollars",
        ]
    );
    assert_eq!(
        document.issues()[0].problem,
        FactProblem::NotWholeDollars("2654645000000.5".to_owned())
    );
}

#[test]
fn a_malformed_context_is_reported_on_each_fact_that_uses_it() {
    let xml = CALL.replace(
        "<instant>2026-06-30</instant>",
        "<instant>2026-06-31</instant>",
    );
    let document = read(&xml);

    assert_eq!(document.facts().len(), 11, "only the duration facts remain");
    assert_eq!(document.issues().len(), 31);
    assert_eq!(
        document.issues()[0].problem,
        FactProblem::InvalidContext("date \"2026-06-31\" is not a calendar date".to_owned())
    );
}

#[test]
fn entity_references_in_values_are_resolved() {
    let xml = insert_before_end(
        CALL,
        &format!(
            r#"<cc:TEXT4087 xmlns:cc="{CALL_NS}" contextRef="CI_480228_2026-06-30">AT&amp;T &#x26; Co &lt;3&gt;</cc:TEXT4087>"#
        ),
    );
    let document = read(&xml);
    assert_eq!(
        document.value_of("TEXT4087"),
        Some(&FactValue::Text("AT&T & Co <3>".to_owned()))
    );
}

#[test]
fn booleans_are_typed_when_there_is_no_unit() {
    let xml = insert_before_end(
        CALL,
        &format!(
            r#"<cc:RCFDA530 xmlns:cc="{CALL_NS}" contextRef="CI_480228_2026-06-30">true</cc:RCFDA530><cc:RCFDA531 xmlns:cc="{CALL_NS}" contextRef="CI_480228_2026-06-30">false</cc:RCFDA531>"#
        ),
    );
    let document = read(&xml);
    assert_eq!(
        document.value_of("RCFDA530").and_then(FactValue::as_bool),
        Some(true)
    );
    assert_eq!(
        document.value_of("RCFDA531").and_then(FactValue::as_bool),
        Some(false)
    );
}

// --- Hostile and broken documents fail as a whole, with a clear error -----

const BILLION_LAUGHS: &str = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<xbrl xmlns="http://www.xbrl.org/2003/instance" xmlns:cc="https://www.cdr.ffiec.gov/xbrl/call/concepts">
  <cc:TEXT4087 contextRef="CI_1_2026-06-30">&lol9;</cc:TEXT4087>
</xbrl>"#;

#[test]
fn billion_laughs_is_refused_at_the_doctype() {
    let error = XbrlDocument::from_bytes(BILLION_LAUGHS.as_bytes()).unwrap_err();
    assert!(error.is_malformed());
    assert!(error.context().contains("DOCTYPE"), "{error}");
}

#[test]
fn an_undeclared_entity_fails_the_document_by_name() {
    let without_dtd = BILLION_LAUGHS.split_once("]>").expect("has a DTD").1;
    let error = XbrlDocument::from_bytes(without_dtd.as_bytes()).unwrap_err();
    assert!(error.is_malformed());
    assert!(error.context().contains("`&lol9;`"), "{error}");
}

#[test]
fn deep_nesting_is_refused_before_it_is_read() {
    let depth = 100_000;
    let xml = format!(
        r#"<xbrl xmlns="http://www.xbrl.org/2003/instance">{}{}</xbrl>"#,
        "<a>".repeat(depth),
        "</a>".repeat(depth)
    );
    let error = XbrlDocument::from_bytes(xml.as_bytes()).unwrap_err();
    assert!(error.is_limit_exceeded());
    assert!(error.context().contains("limit of 64"), "{error}");
}

#[test]
fn depth_and_size_limits_are_configurable() {
    // The fixture nests four deep: xbrl/context/entity/identifier.
    let four = XmlLimits::default().max_depth(4);
    assert_eq!(
        XbrlDocument::from_bytes_with_limits(CALL.as_bytes(), &four)
            .unwrap()
            .facts()
            .len(),
        42
    );
    let three = XmlLimits::default().max_depth(3);
    assert!(
        XbrlDocument::from_bytes_with_limits(CALL.as_bytes(), &three)
            .unwrap_err()
            .is_limit_exceeded()
    );

    let small = XmlLimits::default().max_input_bytes(1024);
    let error = XbrlDocument::from_bytes_with_limits(CALL.as_bytes(), &small).unwrap_err();
    assert!(error.is_limit_exceeded());
    assert_eq!(
        error.context(),
        format!(
            "XBRL facsimile: {} bytes exceed the input limit of 1024 bytes",
            CALL.len()
        )
    );
}

#[test]
fn documents_that_are_not_xbrl_instances_fail() {
    let not_xbrl = [
        "<html><body>The requested URL was rejected.</body></html>",
        r#"<xbrl xmlns="http://example.com/other">"</xbrl>"#,
        "",
        "   ",
        "just text",
    ];
    for input in not_xbrl {
        let error = XbrlDocument::from_bytes(input.as_bytes()).unwrap_err();
        assert!(error.is_malformed(), "{input:?}: {error}");
    }

    let truncated = &CALL[..CALL.len() / 2];
    assert!(
        XbrlDocument::from_bytes(truncated.as_bytes())
            .unwrap_err()
            .is_malformed()
    );

    let error = XbrlDocument::from_bytes(b"<html/>").unwrap_err();
    assert_eq!(
        error.context(),
        "XBRL facsimile: the root element is `html` in namespace (none), not `xbrl` in http://www.xbrl.org/2003/instance"
    );
}
