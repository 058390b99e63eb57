//! Reading XBRL facsimiles: Call Reports and UBPRs as typed, exact facts.
//!
//! [`XbrlDocument::from_bytes`] reads the bytes the service returns (after
//! base64 decoding) in one streaming pass with the guards of
//! [`xml_limits`](crate::xml_limits): no DTD, bounded size and depth, only
//! the predefined entities.
//!
//! - Concepts are matched by namespace URI and local name, never by prefix
//!   ([`Taxonomy::from_namespace`]); the root is `xbrl` in the XBRL instance
//!   namespace under any prefix or as the default namespace.
//! - Each [`Fact`] carries its MDRM code, taxonomy, RSSD id and [`Period`]
//!   (from its context, wherever the context appears), [`Unit`],
//!   [`Decimals`] and a [`FactValue`] typed exactly: dollars as `i64`, ratios
//!   as [`rust_decimal::Decimal`], never as floating point.
//! - A fact that cannot be read becomes a [`FactIssue`]; the rest of the
//!   document is kept.
//!
//! # Example
//!
//! ```no_run
//! use ffiec_core::xbrl::XbrlDocument;
//!
//! let bytes = std::fs::read("call031_480228_2026-06-30.xml").expect("readable");
//! let document = XbrlDocument::from_bytes(&bytes)?;
//! let total_assets = document.value_of("RCFD2170").and_then(|value| value.as_dollars());
//! for issue in document.issues() {
//!     eprintln!("skipped {issue}");
//! }
//! # Ok::<(), ffiec_core::Error>(())
//! ```
//!
//! # Limitations
//!
//! - Tuples, footnotes and dimensional contexts (segments, scenarios) are not
//!   interpreted: FFIEC facsimiles use none. Segments are ignored, footnote
//!   links skipped, and a fact with child elements is an issue.
//! - Values are typed by unit, not by the taxonomy schema: a text fact that
//!   reads `true` or `false` is a [`FactValue::Bool`].

mod context;
mod document;
mod fact;
mod issue;
mod mdrm_index;
mod reader;
mod taxonomy;
mod value;

pub use context::Period;
pub use document::XbrlDocument;
pub use fact::{Decimals, Fact, Unit};
pub use issue::{FactIssue, FactProblem};
pub use taxonomy::{
    CALL_NAMESPACE, CALL_NAMESPACE_LEGACY, INSTANCE_NAMESPACE, LINKBASE_NAMESPACE, Taxonomy,
    XSI_NAMESPACE,
};
pub use value::FactValue;

pub(crate) use value::parse_exact_decimal;
