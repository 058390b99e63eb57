//! One reported item of a facsimile, with its context resolved.

use std::fmt;

use super::context::Period;
use super::taxonomy::Taxonomy;
use super::value::FactValue;

/// One fact: an MDRM item's value for one institution and one period.
///
/// ```
/// use ffiec_core::xbrl::{Taxonomy, Unit, XbrlDocument};
///
/// let xml = br#"<xbrl xmlns="http://www.xbrl.org/2003/instance"
///     xmlns:cc="https://www.cdr.ffiec.gov/xbrl/call/concepts">
///   <context id="CI_480228_2026-06-30">
///     <entity><identifier scheme="https://www.cdr.ffiec.gov/cdr">480228</identifier></entity>
///     <period><instant>2026-06-30</instant></period>
///   </context>
///   <unit id="USD"><measure>iso4217:USD</measure></unit>
///   <cc:RCFD2170 contextRef="CI_480228_2026-06-30" unitRef="USD" decimals="0">2654645000000</cc:RCFD2170>
/// </xbrl>"#;
///
/// let document = XbrlDocument::from_bytes(xml)?;
/// let fact = document.fact("RCFD2170").expect("present");
/// assert_eq!(fact.taxonomy, Taxonomy::Call);
/// assert_eq!(fact.rssd, 480228);
/// assert_eq!(fact.unit, Some(Unit::Usd));
/// assert_eq!(fact.value.as_dollars(), Some(2_654_645_000_000));
/// # Ok::<(), ffiec_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Fact {
    /// The MDRM code: the element's local name, such as `RCFD2170` or `UBPRE013`.
    pub mdrm: String,
    /// The report family, from the element's namespace URI.
    pub taxonomy: Taxonomy,
    /// The `contextRef`, such as `CI_480228_2026-06-30`.
    pub context_id: String,
    /// The institution's RSSD id, from the context's entity identifier.
    pub rssd: u32,
    /// The period, from the context.
    pub period: Period,
    /// The unit, or `None` for text and boolean facts (no `unitRef`).
    pub unit: Option<Unit>,
    /// The `decimals` attribute, or `None` when absent.
    pub decimals: Option<Decimals>,
    /// The value, typed by the unit.
    pub value: FactValue,
}

/// The unit of a numeric fact.
///
/// Read from the unit element's `measure` (`iso4217:USD`, `pure`,
/// `ffieci:nonMonetary`), or from the `unitRef` itself (`USD`, `PURE`,
/// `NON-MONETARY`, FFIEC's ids) when the document has no unit element of
/// that id.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Unit {
    /// US dollars; the value is whole dollars.
    Usd,
    /// A pure number: a ratio or percentage written as a fraction.
    Pure,
    /// A count or other number without a currency.
    NonMonetary,
    /// Any other unit, by its `unitRef`.
    Other(String),
}

impl Unit {
    /// Classifies a measure (`iso4217:USD`) or a unit id (`USD`): the part
    /// after any prefix, ignoring ASCII case.
    pub(crate) fn classify(name: &str) -> Option<Unit> {
        let local = name.trim().rsplit(':').next().unwrap_or_default();
        if local.eq_ignore_ascii_case("USD") {
            Some(Unit::Usd)
        } else if local.eq_ignore_ascii_case("pure") {
            Some(Unit::Pure)
        } else if local.eq_ignore_ascii_case("nonMonetary")
            || local.eq_ignore_ascii_case("NON-MONETARY")
        {
            Some(Unit::NonMonetary)
        } else {
            None
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unit::Usd => f.write_str("USD"),
            Unit::Pure => f.write_str("PURE"),
            Unit::NonMonetary => f.write_str("NON-MONETARY"),
            Unit::Other(id) => f.write_str(id),
        }
    }
}

/// The `decimals` attribute: how many decimal places of the value are accurate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Decimals {
    /// Accurate to this many places (negative: to tens, hundreds, ...).
    Places(i32),
    /// `INF`: the value is exact.
    Infinite,
}

impl Decimals {
    /// Reads `INF` or a whole number; `None` for anything else.
    pub(crate) fn parse(text: &str) -> Option<Decimals> {
        let text = text.trim();
        if text == "INF" {
            return Some(Decimals::Infinite);
        }
        text.parse().ok().map(Decimals::Places)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_classify_by_measure_or_id() {
        assert_eq!(Unit::classify("iso4217:USD"), Some(Unit::Usd));
        assert_eq!(Unit::classify("pure"), Some(Unit::Pure));
        assert_eq!(Unit::classify("PURE"), Some(Unit::Pure));
        assert_eq!(
            Unit::classify("ffieci:nonMonetary"),
            Some(Unit::NonMonetary)
        );
        assert_eq!(Unit::classify("NON-MONETARY"), Some(Unit::NonMonetary));
        assert_eq!(Unit::classify("iso4217:EUR"), None);
    }

    #[test]
    fn decimals_accept_inf_and_integers_only() {
        assert_eq!(Decimals::parse("0"), Some(Decimals::Places(0)));
        assert_eq!(Decimals::parse("-3"), Some(Decimals::Places(-3)));
        assert_eq!(Decimals::parse("INF"), Some(Decimals::Infinite));
        assert_eq!(Decimals::parse("2.5"), None);
        assert_eq!(Decimals::parse("inf"), None);
    }
}
