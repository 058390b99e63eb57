//! A whole facsimile: its facts, its issues, and lookups by MDRM code.

use jiff::civil::Date;

use super::fact::Fact;
use super::issue::FactIssue;
use super::mdrm_index::MdrmIndex;
use super::reader::read_facts;
use super::value::FactValue;
use crate::error::Result;
use crate::xml_limits::XmlLimits;

/// An XBRL facsimile, read.
///
/// What the caller gets:
///
/// - [`facts`](Self::facts): every fact that could be read, in document
///   order, each with its context resolved. Nil facts (`xsi:nil="true"`) and
///   empty ones are facts, with [`FactValue::Nil`] and [`FactValue::Empty`].
/// - [`issues`](Self::issues): every fact left out, in document order, each
///   naming the concept, the context and the problem: a value that does not
///   fit its unit (a non-integer dollar amount, text in a ratio), a missing,
///   unknown or malformed context, an invalid `decimals`, child elements, or
///   an element in a namespace that holds no FFIEC concept. A bad fact never
///   costs the others.
///
/// The whole document fails, with an [`Error`](crate::Error), only when it
/// cannot be read as a safe, well-formed XBRL instance: see
/// [`from_bytes`](Self::from_bytes).
///
/// # Example
///
/// ```
/// use ffiec_core::xbrl::{FactValue, XbrlDocument};
///
/// let xml = br#"<?xml version="1.0" encoding="utf-8"?>
/// <ns0:xbrl xmlns:ns0="http://www.xbrl.org/2003/instance"
///     xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
///     xmlns:uc="https://www.cdr.ffiec.gov/xbrl/ubpr/v187/Concepts">
///   <uc:UBPRE013 contextRef="CI_451965_2026-06-30" unitRef="PURE" decimals="2">1.38</uc:UBPRE013>
///   <uc:UBPR2170 contextRef="CI_451965_2026-06-30" unitRef="USD" decimals="0">12.5</uc:UBPR2170>
///   <uc:UBPRD486 contextRef="CI_451965_2026-06-30" unitRef="PURE" xsi:nil="true"/>
///   <ns0:context id="CI_451965_2026-06-30">
///     <ns0:entity><ns0:identifier scheme="https://www.cdr.ffiec.gov/cdr">451965</ns0:identifier></ns0:entity>
///     <ns0:period><ns0:instant>2026-06-30</ns0:instant></ns0:period>
///   </ns0:context>
/// </ns0:xbrl>"#;
///
/// let document = XbrlDocument::from_bytes(xml)?;
/// assert_eq!(document.value_of("UBPRE013").and_then(FactValue::as_f64), Some(1.38));
/// assert_eq!(document.value_of("UBPRD486"), Some(&FactValue::Nil));
///
/// // The malformed dollar amount is an issue, not a lost document.
/// assert_eq!(document.facts().len(), 2);
/// assert_eq!(document.issues()[0].concept, "UBPR2170");
/// # Ok::<(), ffiec_core::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct XbrlDocument {
    facts: Vec<Fact>,
    issues: Vec<FactIssue>,
    /// The positions of each MDRM code's facts, in document order.
    by_mdrm: MdrmIndex,
}

impl XbrlDocument {
    /// Reads a facsimile with the default [`XmlLimits`].
    ///
    /// The bytes may start with a UTF-8 byte-order mark, an XML declaration
    /// and comments, in any combination. Elements are matched by namespace
    /// URI and local name, never by prefix.
    ///
    /// # Errors
    ///
    /// - [`ErrorKind::LimitExceeded`](crate::ErrorKind::LimitExceeded): the
    ///   input is larger, or nests deeper, than the limits.
    /// - [`ErrorKind::MalformedResponse`](crate::ErrorKind::MalformedResponse):
    ///   the input is not UTF-8, is not well-formed XML, has a DOCTYPE, uses an
    ///   entity other than the five predefined ones, or its root is not `xbrl`
    ///   in the XBRL instance namespace.
    pub fn from_bytes(input: &[u8]) -> Result<XbrlDocument> {
        Self::from_bytes_with_limits(input, &XmlLimits::default())
    }

    /// Reads a facsimile with the given limits.
    ///
    /// # Errors
    ///
    /// As [`from_bytes`](Self::from_bytes).
    pub fn from_bytes_with_limits(input: &[u8], limits: &XmlLimits) -> Result<XbrlDocument> {
        let (facts, issues) = read_facts(input, limits)?;
        let by_mdrm = MdrmIndex::new(&facts);
        Ok(XbrlDocument {
            facts,
            issues,
            by_mdrm,
        })
    }

    /// Every fact that was read, in document order.
    pub fn facts(&self) -> &[Fact] {
        &self.facts
    }

    /// Every fact that was left out, and why, in document order.
    pub fn issues(&self) -> &[FactIssue] {
        &self.issues
    }

    /// The first fact, in document order, of MDRM code `mdrm` (ASCII case
    /// ignored). A Call Report has one fact per code; a UBPR repeats some
    /// codes for earlier periods, and FFIEC writes the current period first.
    /// Use [`fact_at`](Self::fact_at) or [`facts_of`](Self::facts_of) to
    /// choose.
    pub fn fact(&self, mdrm: &str) -> Option<&Fact> {
        self.facts_of(mdrm).next()
    }

    /// The value of [`fact(mdrm)`](Self::fact).
    pub fn value_of(&self, mdrm: &str) -> Option<&FactValue> {
        self.fact(mdrm).map(|fact| &fact.value)
    }

    /// Every fact of MDRM code `mdrm` (ASCII case ignored), in document order.
    pub fn facts_of<'a>(&'a self, mdrm: &str) -> impl Iterator<Item = &'a Fact> + 'a {
        self.by_mdrm
            .positions(mdrm, &self.facts)
            .map(|position| &self.facts[position])
    }

    /// The first fact of MDRM code `mdrm` whose period ends on `period_end`.
    ///
    /// ```
    /// # use ffiec_core::xbrl::XbrlDocument;
    /// # fn check(document: &XbrlDocument) {
    /// use jiff::civil::date;
    ///
    /// let last_year = document.fact_at("UBPR2170", date(2025, 12, 31));
    /// # }
    /// ```
    pub fn fact_at(&self, mdrm: &str, period_end: Date) -> Option<&Fact> {
        self.facts_of(mdrm)
            .find(|fact| fact.period.end() == period_end)
    }

    /// Takes the facts and issues out of the document.
    pub fn into_parts(self) -> (Vec<Fact>, Vec<FactIssue>) {
        (self.facts, self.issues)
    }
}
