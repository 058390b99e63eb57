//! The parser's speed limit: quick-xml's bare namespace-resolving loop.
//!
//! [`XbrlDocument::from_bytes`](ffiec_core::xbrl::XbrlDocument::from_bytes)
//! reads every event through quick-xml's `NsReader`, so it cannot be faster
//! than `NsReader` alone. This loop does only that: it pulls every event,
//! resolves each element's namespace and counts elements. No text is
//! decoded, no attribute read, nothing kept. The parser benchmarks report
//! their throughput as a fraction of this one's.

use quick_xml::NsReader;
use quick_xml::events::Event;
use quick_xml::name::{Namespace, ResolveResult};

/// The namespace prefix every FFIEC concept namespace (Call and UBPR,
/// every taxonomy version) starts with.
const FFIEC_CONCEPTS_PREFIX: &str = "https://www.cdr.ffiec.gov/xbrl/";

/// What the bare loop counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ElementCount {
    /// Every element, start or empty.
    pub elements: usize,
    /// Elements bound to an FFIEC concept namespace: the facts.
    pub concepts: usize,
}

/// Pulls every event of `input` through an `NsReader`, resolving each
/// element's namespace, and counts the elements.
///
/// A UTF-8 byte-order mark at the start is skipped, as the parser does.
///
/// # Errors
///
/// quick-xml's error when the input is not well-formed enough for it to
/// continue.
///
/// # Example
///
/// ```
/// use ffiec_benches::ns_limit::count_resolved_elements;
///
/// let xml = br#"<xbrl xmlns="http://www.xbrl.org/2003/instance"
///     xmlns:cc="https://www.cdr.ffiec.gov/xbrl/call/concepts">
///   <cc:RCFD2170 contextRef="c">1000</cc:RCFD2170><context id="c"/>
/// </xbrl>"#;
/// let count = count_resolved_elements(xml)?;
/// assert_eq!((count.elements, count.concepts), (3, 1));
/// # Ok::<(), quick_xml::Error>(())
/// ```
pub fn count_resolved_elements(input: &[u8]) -> Result<ElementCount, quick_xml::Error> {
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    let mut reader = NsReader::from_reader(input);
    let mut count = ElementCount {
        elements: 0,
        concepts: 0,
    };

    loop {
        let (namespace, event) = reader.read_resolved_event()?;
        match event {
            Event::Start(_) | Event::Empty(_) => {
                count.elements += 1;
                if let ResolveResult::Bound(Namespace(uri)) = namespace
                    && uri.starts_with(FFIEC_CONCEPTS_PREFIX)
                {
                    count.concepts += 1;
                }
            }
            Event::Eof => return Ok(count),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_elements_by_resolved_namespace_not_by_prefix() {
        // The same prefix bound to two namespaces: only the FFIEC one counts.
        let xml = br#"<?xml version="1.0"?>
<x:xbrl xmlns:x="http://www.xbrl.org/2003/instance">
  <x:RCFD2170 xmlns:x="https://www.cdr.ffiec.gov/xbrl/call/concepts">1</x:RCFD2170>
  <x:context id="a"><x:entity/></x:context>
</x:xbrl>"#;

        let count = count_resolved_elements(xml).unwrap();

        assert_eq!(
            count,
            ElementCount {
                elements: 4,
                concepts: 1
            }
        );
    }

    #[test]
    fn skips_a_byte_order_mark() {
        let xml = b"\xEF\xBB\xBF<a xmlns='https://www.cdr.ffiec.gov/xbrl/ubpr/v187/Concepts'/>";

        let count = count_resolved_elements(xml).unwrap();

        assert_eq!(
            count,
            ElementCount {
                elements: 1,
                concepts: 1
            }
        );
    }

    #[test]
    fn a_mismatched_end_tag_is_an_error() {
        assert!(count_resolved_elements(b"<a><b></a>").is_err());
    }

    #[test]
    fn finds_every_fact_of_the_generated_facsimiles() {
        for facsimile in crate::facsimiles::BenchFacsimile::both() {
            let count = count_resolved_elements(&facsimile.bytes).unwrap();
            assert_eq!(count.concepts, facsimile.facts, "{}", facsimile.name);
            assert!(count.elements > count.concepts, "{}", facsimile.name);
        }
    }
}
