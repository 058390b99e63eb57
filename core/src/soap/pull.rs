//! A small pull parser for SOAP replies, over the crate's guarded reader.
//!
//! The response decoders walk the document element by element: ask for the
//! next child of the current element, read an element's text, or skip it.
//! Names are resolved to (namespace URI, local name), so no decision ever
//! depends on a prefix. The guards (no DOCTYPE, only predefined entities,
//! bounded depth and size) are those of [`SafeXmlReader`], shared with the
//! XBRL parser.

use std::borrow::Cow;

use quick_xml::events::BytesStart;

use crate::error::{Error, Result};
use crate::xml_limits::{SafeXmlReader, XmlEvent, XmlLimits};

use super::envelope::{SOAP11_NAMESPACE, SOAP12_NAMESPACE};
use super::operation::SERVICE_NAMESPACE;

/// Namespace of `xsi:nil`.
const XSI_NAMESPACE: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// The namespaces nearly every element of a reply is in; an element in one
/// of them refers to the constant instead of copying the URI.
const KNOWN_NAMESPACES: [&str; 4] = [
    SERVICE_NAMESPACE,
    SOAP11_NAMESPACE,
    SOAP12_NAMESPACE,
    XSI_NAMESPACE,
];

/// The local names every reply repeats: the envelope's, and the items of
/// the string and integer arrays. An element of one of these names refers to
/// the constant instead of copying it.
const KNOWN_NAMES: [&str; 5] = ["string", "int", "Envelope", "Body", "Header"];

/// An element's resolved name and the two attributes the decoders read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Element {
    namespace: Option<Cow<'static, str>>,
    local: Cow<'static, str>,
    nil: bool,
    wait_time: Option<String>,
}

impl Element {
    /// True when the element is `local` in `namespace`.
    pub(crate) fn is(&self, namespace: &str, local: &str) -> bool {
        self.local == local && self.namespace.as_deref() == Some(namespace)
    }

    /// The local name, whatever the prefix.
    pub(crate) fn local(&self) -> &str {
        &self.local
    }

    /// The namespace URI, if the element is in one.
    pub(crate) fn namespace(&self) -> Option<&str> {
        self.namespace.as_deref()
    }

    /// True for `xsi:nil="true"` (or `"1"`).
    pub(crate) fn is_nil(&self) -> bool {
        self.nil
    }

    /// The unqualified `WaitTime` attribute of a quota fault's detail.
    pub(crate) fn wait_time(&self) -> Option<&str> {
        self.wait_time.as_deref()
    }
}

/// The parser. `what` names the document in every error, for example
/// `RetrieveFacsimile response`.
pub(crate) struct Pull<'a> {
    reader: SafeXmlReader<'a>,
    what: &'static str,
    /// The element last returned was self-closing (`<a/>`): it has no
    /// children, no text, and no end event will come for it.
    in_empty: bool,
}

impl<'a> Pull<'a> {
    /// A parser over `xml` (UTF-8, a leading byte-order mark allowed).
    ///
    /// # Errors
    ///
    /// A limit error when `xml` is larger than `limits` allow; a
    /// malformed-response error when it is not UTF-8.
    pub(crate) fn new(xml: &'a [u8], limits: &XmlLimits, what: &'static str) -> Result<Self> {
        Ok(Pull {
            reader: SafeXmlReader::new(xml, limits, what)?,
            what,
            in_empty: false,
        })
    }

    /// The next child element of the current element, or `None` once the
    /// current element (or the document) ends. Text between children is
    /// ignored.
    ///
    /// # Errors
    ///
    /// Malformed XML, a DOCTYPE, an unknown entity, nesting past the limit.
    pub(crate) fn next_child(&mut self) -> Result<Option<Element>> {
        if std::mem::take(&mut self.in_empty) {
            return Ok(None);
        }
        loop {
            match self.reader.next_event()? {
                XmlEvent::Start(start) => return self.element(&start).map(Some),
                XmlEvent::Empty(start) => {
                    self.in_empty = true;
                    return self.element(&start).map(Some);
                }
                XmlEvent::End(_) | XmlEvent::Eof => return Ok(None),
                XmlEvent::Text(_) => {}
            }
        }
    }

    /// The text content of the element just returned by
    /// [`next_child`](Self::next_child), up to its end tag, with entity and
    /// character references resolved.
    ///
    /// # Errors
    ///
    /// Malformed XML, or a child element inside the text.
    pub(crate) fn text(&mut self) -> Result<String> {
        if std::mem::take(&mut self.in_empty) {
            return Ok(String::new());
        }
        let mut text = String::new();
        loop {
            match self.reader.next_event()? {
                // Most text is one piece: take it whole rather than copy it.
                XmlEvent::Text(piece) if text.is_empty() => text = piece.into_owned(),
                XmlEvent::Text(piece) => text.push_str(&piece),
                XmlEvent::End(_) => return Ok(text),
                XmlEvent::Start(start) | XmlEvent::Empty(start) => {
                    let name = start.name().into_inner().to_owned();
                    return Err(self.malformed(format!("unexpected element <{name}> in text")));
                }
                XmlEvent::Eof => return Err(self.malformed("document ends inside an element")),
            }
        }
    }

    /// Skips the rest of the element just returned by
    /// [`next_child`](Self::next_child), children included.
    ///
    /// # Errors
    ///
    /// Malformed XML, a DOCTYPE, an unknown entity, nesting past the limit.
    pub(crate) fn skip(&mut self) -> Result<()> {
        if std::mem::take(&mut self.in_empty) {
            return Ok(());
        }
        self.reader.skip_element()
    }

    /// A malformed-response error naming the document.
    pub(crate) fn malformed(&self, detail: impl AsRef<str>) -> Error {
        Error::malformed(format!("{}: {}", self.what, detail.as_ref()))
    }

    fn element(&self, start: &BytesStart<'_>) -> Result<Element> {
        let (namespace, local) = self.reader.resolve_element(start.name())?;
        let mut element = Element {
            namespace: namespace.map(|namespace| known_or_owned(&KNOWN_NAMESPACES, namespace)),
            local: known_or_owned(&KNOWN_NAMES, local),
            nil: false,
            wait_time: None,
        };

        // Most elements of a reply have no attributes at all.
        let is_xml_space = |byte| matches!(byte, b' ' | b'\t' | b'\r' | b'\n');
        if start.attributes_raw().bytes().all(is_xml_space) {
            return Ok(element);
        }

        // One pass over the attributes; the first of each name counts.
        let mut nil_seen = false;
        for attribute in self.reader.attributes(start) {
            let attribute = attribute?;
            if !nil_seen && attribute.is(Some(XSI_NAMESPACE), "nil")? {
                nil_seen = true;
                element.nil = matches!(attribute.value()?.trim(), "true" | "1");
            } else if element.wait_time.is_none() && attribute.is(None, "WaitTime")? {
                element.wait_time = Some(attribute.value()?.into_owned());
            }
        }
        Ok(element)
    }
}

/// The constant of `known` equal to `text`, or a copy of `text`.
fn known_or_owned(known: &[&'static str], text: &str) -> Cow<'static, str> {
    match known.iter().find(|known| **known == text) {
        Some(known) => Cow::Borrowed(known),
        None => Cow::Owned(text.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pull(xml: &str) -> Pull<'_> {
        Pull::new(xml.as_bytes(), &XmlLimits::default(), "reply").unwrap()
    }

    #[test]
    fn children_text_and_skip_walk_the_tree_by_namespace() {
        let xml = r#"<a:root xmlns:a="urn:a" xmlns:b="urn:b">
            <b:skip><deep><deeper/></deep></b:skip>
            <b:item WaitTime="12">one &amp; &#x32;<![CDATA[<3>]]></b:item>
            <b:empty/>
            <b:last>x</b:last>
        </a:root>"#;
        let mut pull = pull(xml);

        let root = pull.next_child().unwrap().unwrap();
        assert!(root.is("urn:a", "root"));

        let skipped = pull.next_child().unwrap().unwrap();
        assert!(skipped.is("urn:b", "skip"));
        pull.skip().unwrap();

        let item = pull.next_child().unwrap().unwrap();
        assert!(item.is("urn:b", "item"));
        assert_eq!(item.wait_time(), Some("12"));
        assert_eq!(pull.text().unwrap(), "one & 2<3>");

        let empty = pull.next_child().unwrap().unwrap();
        assert_eq!(empty.local(), "empty");
        assert_eq!(
            pull.next_child().unwrap(),
            None,
            "an empty element has no children"
        );

        let last = pull.next_child().unwrap().unwrap();
        assert_eq!(last.local(), "last");
        assert_eq!(pull.text().unwrap(), "x");

        assert_eq!(pull.next_child().unwrap(), None);
        assert_eq!(pull.next_child().unwrap(), None);
    }

    #[test]
    fn an_empty_element_reads_as_empty_text_and_skips_at_once() {
        let mut pull = pull("<r><a/><b/><c>3</c></r>");
        pull.next_child().unwrap();
        pull.next_child().unwrap();
        assert_eq!(pull.text().unwrap(), "");
        pull.next_child().unwrap();
        pull.skip().unwrap();
        assert_eq!(pull.next_child().unwrap().unwrap().local(), "c");
    }

    #[test]
    fn a_doctype_is_refused() {
        let xml = r#"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e "boom">]><r>&e;</r>"#;
        let error = pull(xml).next_child().unwrap_err();
        assert!(error.is_malformed());
        assert!(error.context().contains("DOCTYPE"), "{error}");
    }

    #[test]
    fn nesting_past_the_limit_is_a_limit_error() {
        let limits = XmlLimits::default().max_depth(3);
        let mut pull = Pull::new(b"<a><b><c><d/></c></b></a>", &limits, "reply").unwrap();
        for _ in 0..3 {
            pull.next_child().unwrap();
        }
        assert!(pull.next_child().unwrap_err().is_limit_exceeded());
    }

    #[test]
    fn unknown_entities_prefixes_and_stray_elements_are_malformed() {
        let mut unknown = pull("<r>&nbsp;</r>");
        unknown.next_child().unwrap();
        assert!(unknown.text().unwrap_err().is_malformed());

        assert!(pull("<x:r/>").next_child().unwrap_err().is_malformed());

        let mut stray = pull("<r>a<b/></r>");
        stray.next_child().unwrap();
        let error = stray.text().unwrap_err();
        assert_eq!(error.context(), "reply: unexpected element <b> in text");
    }

    #[test]
    fn nil_is_read_from_the_xsi_attribute_only() {
        let xml = r#"<r xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/>"#;
        let element = pull(xml).next_child().unwrap().unwrap();
        assert!(element.is_nil());
        assert_eq!(element.namespace(), None);

        let element = pull(r#"<r nil="true"/>"#).next_child().unwrap().unwrap();
        assert!(!element.is_nil());
    }
}
