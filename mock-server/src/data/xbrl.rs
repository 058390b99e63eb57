//! Generated XBRL instances in the structure of the real FFIEC documents.

use std::fmt::Write as _;

use super::filings::filing_rng;
use crate::period::ReportingPeriod;

/// The Call concepts namespace used since 2026.
pub const CALL_CONCEPTS_NS: &str = "https://www.cdr.ffiec.gov/xbrl/call/concepts";

/// The UBPR concepts namespace of taxonomy version 187.
pub const UBPR_CONCEPTS_NS: &str = "https://www.cdr.ffiec.gov/xbrl/ubpr/v187/Concepts";

/// Facts in a full-size Call instance (the live service: about 2,000).
const CALL_FULL_FACTS: usize = 2_000;
/// Facts in a full-size UBPR instance (the live service: about 4,700).
const UBPR_FULL_FACTS: usize = 4_700;
/// Facts in a compact instance, the default: quick to send, still varied.
const COMPACT_FACTS: usize = 40;

/// One fact of a generated instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    /// The MDRM code, the element's local name (`RCFD2170`).
    pub concept: String,
    /// The context id (`CI_<rssd>_<YYYY-MM-DD>` or `CD_...`).
    pub context: String,
    /// `USD`, `PURE`, or `None` for text facts.
    pub unit: Option<&'static str>,
    /// The `decimals` attribute of numeric facts.
    pub decimals: Option<u8>,
    /// The text of the fact; `None` for a nil fact (`xsi:nil="true"`).
    pub value: Option<String>,
}

/// Which family of report a generated instance belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    Call,
    Ubpr,
}

/// The facts of the generated instance of `rssd` for `period`.
///
/// The first facts are always the same concepts (total assets, net income,
/// a ratio, a text fact, a negative amount, a nil fact), so tests can look
/// them up; the rest are filler concepts with seeded values.
pub(crate) fn generate_facts(
    family: Family,
    seed: u64,
    rssd: u32,
    period: ReportingPeriod,
    full_size: bool,
) -> Vec<Fact> {
    let mut rng = filing_rng(seed ^ 0x5842_524C, rssd, period);
    let instant = format!("CI_{rssd}_{}", period.iso());
    let duration = format!("CD_{rssd}_{}", period.iso());
    let dollars =
        |rng: &mut fastrand::Rng, low: i64, high: i64| (rng.i64(low..high) * 1000).to_string();

    let mut facts = match family {
        Family::Call => vec![
            usd("RCFD2170", &instant, dollars(&mut rng, 50_000, 900_000_000)),
            usd("RIAD4340", &duration, dollars(&mut rng, -20_000, 9_000_000)),
            pure(
                "RCFA7204",
                &instant,
                format!("0.{:06}", rng.u32(40_000..150_000)),
            ),
            text("TE03N528", &instant, format!("www.bank{rssd}.example")),
            usd("RCFDS424", &instant, dollars(&mut rng, -90_000, -1)),
            nil("RCFDK278", &instant, Some("USD")),
        ],
        Family::Ubpr => vec![
            usd("UBPR2170", &instant, dollars(&mut rng, 50_000, 900_000_000)),
            pure(
                "UBPRE013",
                &instant,
                format!("{}.{:02}", rng.u8(0..3), rng.u8(0..100)),
            ),
            text("UBPR9999", &instant, period.iso()),
            nil("UBPRD486", &instant, Some("PURE")),
        ],
    };

    let target = match (family, full_size) {
        (_, false) => COMPACT_FACTS,
        (Family::Call, true) => CALL_FULL_FACTS,
        (Family::Ubpr, true) => UBPR_FULL_FACTS,
    };
    let mut index = 0;
    while facts.len() < target {
        facts.push(filler(family, index, &instant, &duration, &mut rng));
        index += 1;
    }
    facts
}

fn filler(
    family: Family,
    index: usize,
    instant: &str,
    duration: &str,
    rng: &mut fastrand::Rng,
) -> Fact {
    const CALL_PREFIXES: [&str; 5] = ["RCFD", "RCON", "RIAD", "RCFN", "RCFA"];
    let letter = char::from(b'A' + u8::try_from(index / 1000 % 26).unwrap_or(0));
    let concept = match family {
        Family::Call => format!(
            "{}{letter}{:03}",
            CALL_PREFIXES[index % 5],
            index / 5 % 1000
        ),
        Family::Ubpr => format!("UBPR{letter}{:03}", index % 1000),
    };
    let context = if concept.starts_with("RIAD") {
        duration
    } else {
        instant
    };

    match index % 50 {
        49 => nil(&concept, context, Some("USD")),
        n if n % 10 == 3 => pure(&concept, context, format!("0.{:06}", rng.u32(0..999_999))),
        _ => usd(
            &concept,
            context,
            (rng.i64(-5_000..50_000_000) * 1000).to_string(),
        ),
    }
}

fn usd(concept: &str, context: &str, value: String) -> Fact {
    Fact {
        concept: concept.into(),
        context: context.into(),
        unit: Some("USD"),
        decimals: Some(0),
        value: Some(value),
    }
}

fn pure(concept: &str, context: &str, value: String) -> Fact {
    Fact {
        concept: concept.into(),
        context: context.into(),
        unit: Some("PURE"),
        decimals: Some(6),
        value: Some(value),
    }
}

fn text(concept: &str, context: &str, value: String) -> Fact {
    Fact {
        concept: concept.into(),
        context: context.into(),
        unit: None,
        decimals: None,
        value: Some(value),
    }
}

fn nil(concept: &str, context: &str, unit: Option<&'static str>) -> Fact {
    let decimals = unit.map(|_| 0);
    Fact {
        concept: concept.into(),
        context: context.into(),
        unit,
        decimals,
        value: None,
    }
}

/// Renders a Call instance: one `schemaRef`, the two contexts, the three
/// units, then the facts, each redeclaring `xmlns:cc` as real files do.
pub(crate) fn render_call(
    rssd: u32,
    period: ReportingPeriod,
    filing_type: &str,
    facts: &[Fact],
) -> String {
    let iso = period.iso();
    let mut xml = String::with_capacity(200 * facts.len() + 2_000);
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = write!(
        xml,
        "<xbrl xmlns=\"http://www.xbrl.org/2003/instance\" xmlns:cc=\"{CALL_CONCEPTS_NS}\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <link:schemaRef xmlns:link=\"http://www.xbrl.org/2003/linkbase\" \
         xmlns:xlink=\"http://www.w3.org/1999/xlink\" xlink:type=\"simple\" \
         xlink:href=\"https://www.cdr.ffiec.gov/xbrl/call/report{filing_type}/{iso}/v297/call-report{filing_type}-{iso}-v297.xsd\"/>"
    );
    push_contexts(&mut xml, rssd, period);
    push_units(&mut xml);
    for fact in facts {
        push_fact(&mut xml, "cc", Some(CALL_CONCEPTS_NS), fact);
    }
    xml.push_str("</xbrl>\n");
    xml
}

/// Renders a UBPR instance (without the byte-order mark; the caller adds it).
pub(crate) fn render_ubpr(rssd: u32, period: ReportingPeriod, facts: &[Fact]) -> String {
    let mut xml = String::with_capacity(120 * facts.len() + 2_000);
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = write!(
        xml,
        "<xbrl xmlns=\"http://www.xbrl.org/2003/instance\" \
         xmlns:link=\"http://www.xbrl.org/2003/linkbase\" \
         xmlns:xlink=\"http://www.w3.org/1999/xlink\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xmlns:iso4217=\"http://www.xbrl.org/2003/iso4217\" \
         xmlns:ffieci=\"https://www.cdr.ffiec.gov/cdr\" xmlns:uc=\"{UBPR_CONCEPTS_NS}\">\n  \
         <link:schemaRef xlink:type=\"simple\" xlink:href=\"ubpr-v187-Concepts.xsd\" />\n"
    );
    push_contexts(&mut xml, rssd, period);
    push_units(&mut xml);
    for fact in facts {
        push_fact(&mut xml, "uc", None, fact);
        xml.push('\n');
    }
    xml.push_str("</xbrl>\n");
    xml
}

fn push_contexts(xml: &mut String, rssd: u32, period: ReportingPeriod) {
    let iso = period.iso();
    let entity = format!(
        "<entity><identifier scheme=\"https://www.cdr.ffiec.gov/cdr\">{rssd}</identifier></entity>"
    );
    let _ = write!(
        xml,
        "<context id=\"CI_{rssd}_{iso}\">{entity}<period><instant>{iso}</instant></period></context>\
         <context id=\"CD_{rssd}_{iso}\">{entity}<period><startDate>{}-01-01</startDate>\
         <endDate>{iso}</endDate></period></context>",
        period.year()
    );
}

fn push_units(xml: &mut String) {
    xml.push_str(
        "<unit id=\"USD\"><measure>iso4217:USD</measure></unit>\
         <unit id=\"PURE\"><measure>pure</measure></unit>\
         <unit id=\"NON-MONETARY\"><measure>ffieci:nonMonetary</measure></unit>",
    );
}

fn push_fact(xml: &mut String, prefix: &str, redeclare: Option<&str>, fact: &Fact) {
    let _ = write!(xml, "<{prefix}:{}", fact.concept);
    if let Some(namespace) = redeclare {
        let _ = write!(xml, " xmlns:{prefix}=\"{namespace}\"");
    }
    let _ = write!(xml, " contextRef=\"{}\"", fact.context);
    if let Some(unit) = fact.unit {
        let _ = write!(xml, " unitRef=\"{unit}\"");
    }
    if let Some(decimals) = fact.decimals {
        let _ = write!(xml, " decimals=\"{decimals}\"");
    }
    match &fact.value {
        Some(value) => {
            let _ = write!(xml, ">{}</{prefix}:{}>", escape(value), fact.concept);
        }
        None => xml.push_str(" xsi:nil=\"true\"/>"),
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_size_instances_have_the_live_fact_counts() {
        let period = ReportingPeriod::new(2025, 4);
        let call = generate_facts(Family::Call, 7, 12_345, period, true);
        let ubpr = generate_facts(Family::Ubpr, 7, 12_345, period, true);
        assert_eq!(call.len(), 2_000);
        assert_eq!(ubpr.len(), 4_700);

        let concepts: std::collections::HashSet<_> = call.iter().map(|f| &f.concept).collect();
        assert_eq!(concepts.len(), call.len(), "concepts are unique");

        let size = render_call(12_345, period, "041", &call).len();
        assert!(
            (250_000..400_000).contains(&size),
            "Call instance is {size} bytes"
        );
        let size = render_ubpr(12_345, period, &ubpr).len();
        assert!(
            (400_000..700_000).contains(&size),
            "UBPR instance is {size} bytes"
        );
    }

    #[test]
    fn same_seed_same_facts_and_nil_facts_render_as_nil() {
        let period = ReportingPeriod::new(2025, 4);
        let first = generate_facts(Family::Call, 7, 99, period, false);
        assert_eq!(first, generate_facts(Family::Call, 7, 99, period, false));

        let xml = render_call(99, period, "051", &first);
        assert!(xml.contains("<cc:RCFDK278 xmlns:cc=\"https://www.cdr.ffiec.gov/xbrl/call/concepts\" contextRef=\"CI_99_2025-12-31\" unitRef=\"USD\" decimals=\"0\" xsi:nil=\"true\"/>"));
        assert!(xml.contains("<context id=\"CD_99_2025-12-31\">"));
    }
}
