//! Guarded XML reading, shared by every parser of untrusted XML in this crate.
//!
//! Documents from the service (XBRL facsimiles, SOAP envelopes) are read with
//! a [`SafeXmlReader`], which puts four guards in front of quick-xml's
//! namespace-aware reader:
//!
//! - **Size.** The input length is checked against
//!   [`XmlLimits::max_input_bytes`] before a single byte is parsed.
//! - **No DTD.** Any `<!DOCTYPE ...>` is refused. Without a DTD no entity can
//!   be declared, so entity expansion attacks ("billion laughs", external
//!   entities) fail at the declaration, with memory bounded by the input.
//! - **Entities.** Only the five predefined entities (`&lt;` `&gt;` `&amp;`
//!   `&apos;` `&quot;`) and character references (`&#38;`, `&#x26;`) are
//!   resolved, in text and in attribute values; any other reference is an
//!   error.
//! - **Depth.** Element nesting deeper than [`XmlLimits::max_depth`] is
//!   refused as soon as the offending start tag is read.
//!
//! quick-xml 0.42 hands entity references to the caller as separate events,
//! so text such as `AT&amp;T` arrives in three pieces. The reader resolves
//! each reference and yields every piece as [`XmlEvent::Text`]; callers
//! append the pieces to one buffer, or call [`SafeXmlReader::read_text`] for
//! an element of simple content.
//!
//! The events carry quick-xml's own tag types ([`BytesStart`],
//! [`BytesEnd`]), so callers resolve names with
//! [`SafeXmlReader::resolve_element`] and read attributes with
//! [`SafeXmlReader::attributes`] (every attribute, in one pass) or
//! [`SafeXmlReader::attribute`] (one attribute by name), which apply the
//! same entity rule. Names and values are borrowed from the input or the
//! reader wherever the document allows, so reading a tag allocates nothing
//! unless a value holds a reference or a line break.
//!
//! # Example
//!
//! ```
//! use ffiec_core::xml_limits::{SafeXmlReader, XmlEvent, XmlLimits};
//!
//! let xml = b"<a><b>AT&amp;T</b></a>";
//! let mut reader = SafeXmlReader::new(xml, &XmlLimits::default(), "example")?;
//! let mut text = String::new();
//! loop {
//!     match reader.next_event()? {
//!         XmlEvent::Text(piece) => text.push_str(&piece),
//!         XmlEvent::Eof => break,
//!         _ => {}
//!     }
//! }
//! assert_eq!(text, "AT&T");
//! # Ok::<(), ffiec_core::Error>(())
//! ```

use std::borrow::Cow;
use std::collections::HashSet;

use quick_xml::XmlVersion;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::attributes::{Attribute, Attributes};
use quick_xml::events::{BytesEnd, BytesRef, BytesStart, Event};
use quick_xml::name::{NamespaceResolver, QName, ResolveResult};
use quick_xml::reader::NsReader;

use crate::error::{Error, ErrorKind, Result};

/// The UTF-8 byte-order mark, which decoded UBPR facsimiles start with.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The bounds a [`SafeXmlReader`] enforces.
///
/// ```
/// use ffiec_core::xml_limits::XmlLimits;
///
/// let limits = XmlLimits::default().max_input_bytes(1 << 20).max_depth(16);
/// assert_eq!(limits.input_bytes_limit(), 1 << 20);
/// assert_eq!(limits.depth_limit(), 16);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct XmlLimits {
    max_input_bytes: usize,
    max_depth: usize,
}

impl XmlLimits {
    /// Default for [`max_input_bytes`](Self::max_input_bytes): 64 MiB, about a
    /// hundred times the largest facsimile FFIEC serves (a UBPR instance is
    /// about 540 KB).
    pub const DEFAULT_MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

    /// Default for [`max_depth`](Self::max_depth): 64 levels. XBRL instances
    /// nest 4 deep and SOAP envelopes about 8.
    pub const DEFAULT_MAX_DEPTH: usize = 64;

    /// Sets the largest input accepted, in bytes. Default:
    /// [`DEFAULT_MAX_INPUT_BYTES`](Self::DEFAULT_MAX_INPUT_BYTES).
    #[must_use]
    pub fn max_input_bytes(mut self, bytes: usize) -> Self {
        self.max_input_bytes = bytes;
        self
    }

    /// Sets the deepest element nesting accepted; the root element is depth 1.
    /// Default: [`DEFAULT_MAX_DEPTH`](Self::DEFAULT_MAX_DEPTH).
    #[must_use]
    pub fn max_depth(mut self, depth: usize) -> Self {
        self.max_depth = depth;
        self
    }

    /// The largest input accepted, in bytes.
    pub fn input_bytes_limit(&self) -> usize {
        self.max_input_bytes
    }

    /// The deepest element nesting accepted.
    pub fn depth_limit(&self) -> usize {
        self.max_depth
    }

    /// Fails with [`ErrorKind::LimitExceeded`] when `len` bytes of `what`
    /// exceed [`input_bytes_limit`](Self::input_bytes_limit).
    ///
    /// Parsers of non-XML text (the SDF parser) use it to share the bound.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::LimitExceeded`] naming `what`, the length and the limit.
    pub fn check_input_len(&self, len: usize, what: &str) -> Result<()> {
        if len > self.max_input_bytes {
            return Err(Error::new(
                ErrorKind::LimitExceeded,
                format!(
                    "{what}: {len} bytes exceed the input limit of {} bytes",
                    self.max_input_bytes
                ),
            ));
        }
        Ok(())
    }
}

impl Default for XmlLimits {
    fn default() -> Self {
        XmlLimits {
            max_input_bytes: Self::DEFAULT_MAX_INPUT_BYTES,
            max_depth: Self::DEFAULT_MAX_DEPTH,
        }
    }
}

/// One step of a guarded read: the events a parser of data documents needs.
///
/// Comments, processing instructions and the XML declaration are skipped;
/// a DOCTYPE is an error, never an event.
#[derive(Debug)]
pub enum XmlEvent<'i> {
    /// A start tag `<a ...>`; its element is open until the matching [`End`](Self::End).
    Start(BytesStart<'i>),
    /// A self-closing tag `<a .../>`: an element with no content.
    Empty(BytesStart<'i>),
    /// An end tag `</a>`.
    End(BytesEnd<'i>),
    /// A piece of character data: plain text (line ends normalised), a CDATA
    /// section, or one resolved entity or character reference. Consecutive
    /// pieces belong together.
    Text(Cow<'i, str>),
    /// The end of the input, after the root element closed.
    Eof,
}

/// A namespace-aware XML reader with the guards of this module in front.
///
/// Build one with [`SafeXmlReader::new`], then call
/// [`next_event`](Self::next_event) until [`XmlEvent::Eof`]. Resolve names
/// with [`resolve_element`](Self::resolve_element) and read attributes with
/// [`attribute`](Self::attribute), both of which see the namespace bindings in
/// scope at the last event.
#[derive(Debug)]
pub struct SafeXmlReader<'i> {
    reader: NsReader<&'i [u8]>,
    max_depth: usize,
    depth: usize,
    what: &'static str,
}

impl<'i> SafeXmlReader<'i> {
    /// Checks the size of `input`, that it is UTF-8 (a leading byte-order
    /// mark is skipped), and prepares to read it. `what` names the document
    /// in every error message, for example `"XBRL facsimile"`.
    ///
    /// # Errors
    ///
    /// - [`ErrorKind::LimitExceeded`] when `input` is longer than
    ///   [`XmlLimits::input_bytes_limit`].
    /// - [`ErrorKind::MalformedResponse`] when `input` is not UTF-8, naming
    ///   the offset of the first bad byte.
    pub fn new(input: &'i [u8], limits: &XmlLimits, what: &'static str) -> Result<Self> {
        limits.check_input_len(input.len(), what)?;

        let input = input.strip_prefix(UTF8_BOM).unwrap_or(input);
        let text = std::str::from_utf8(input).map_err(|error| {
            Error::malformed(format!("{what}: not UTF-8 at byte {}", error.valid_up_to()))
        })?;

        // The defaults already check end names and refuse unmatched end tags
        // and dangling `&`; text is kept untrimmed because whitespace inside
        // a text fact is data.
        let reader = NsReader::from_str(text);
        Ok(SafeXmlReader {
            reader,
            max_depth: limits.max_depth,
            depth: 0,
            what,
        })
    }

    /// Reads the next event.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::MalformedResponse`] for a DOCTYPE, an entity reference
    /// other than the five predefined ones or a character reference, XML
    /// that is not well-formed, or input that ends inside an element;
    /// [`ErrorKind::LimitExceeded`] when an element opens deeper than
    /// [`XmlLimits::depth_limit`]. Each message names the document and the
    /// byte offset.
    pub fn next_event(&mut self) -> Result<XmlEvent<'i>> {
        loop {
            let event = self.reader.read_event().map_err(|error| {
                let at = self.reader.error_position();
                Error::malformed(format!("{}: not well-formed XML at byte {at}", self.what))
                    .with_source(error)
            })?;

            match event {
                Event::Start(start) => {
                    self.enter()?;
                    return Ok(XmlEvent::Start(start));
                }
                Event::Empty(start) => {
                    // A self-closing element still sits one level deeper.
                    self.enter()?;
                    self.depth -= 1;
                    return Ok(XmlEvent::Empty(start));
                }
                Event::End(end) => {
                    self.depth = self.depth.saturating_sub(1);
                    return Ok(XmlEvent::End(end));
                }
                Event::Text(text) => return Ok(XmlEvent::Text(text.xml10_content())),
                Event::CData(data) => return Ok(XmlEvent::Text(data.xml10_content())),
                Event::GeneralRef(reference) => {
                    return self.resolve_reference(&reference).map(XmlEvent::Text);
                }
                Event::DocType(_) => {
                    return Err(self.malformed("a DOCTYPE is not accepted (no DTD, no entities)"));
                }
                Event::Eof if self.depth > 0 => {
                    return Err(self.malformed("the input ends inside an open element"));
                }
                Event::Eof => return Ok(XmlEvent::Eof),
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) => continue,
            }
        }
    }

    /// How many elements are open: 1 inside the root element, 0 outside.
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// The byte offset reached in the input (after the byte-order mark, if any).
    pub fn position(&self) -> u64 {
        self.reader.buffer_position()
    }

    /// The namespace URI (`None` when the name is in no namespace) and local
    /// name of an element name read from the last start or empty tag.
    ///
    /// The URI is borrowed from the reader's namespace bindings, so it must
    /// be compared or copied before the next event is read.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::MalformedResponse`] when the name uses a prefix that no
    /// `xmlns:` declaration in scope binds.
    pub fn resolve_element<'n>(&self, name: QName<'n>) -> Result<(Option<&str>, &'n str)> {
        let (namespace, local) = self.reader.resolver().resolve_element(name);
        let namespace =
            bound_namespace(namespace, name, |problem| self.malformed_at_last(problem))?;
        Ok((namespace, local.into_inner()))
    }

    /// Every attribute of `start`, in the order written, each read only when
    /// asked: its name's namespace is resolved by
    /// [`XmlAttribute::namespace`] and its value by [`XmlAttribute::value`].
    ///
    /// One pass over this iterator reads a tag with several interesting
    /// attributes at the cost of one; [`attribute`](Self::attribute) walks
    /// the tag again for each name.
    ///
    /// ```
    /// use ffiec_core::xml_limits::{SafeXmlReader, XmlEvent, XmlLimits};
    ///
    /// let xml = br#"<fact contextRef="c1" unitRef="USD" decimals="0">12</fact>"#;
    /// let mut reader = SafeXmlReader::new(xml, &XmlLimits::default(), "example")?;
    /// let XmlEvent::Start(start) = reader.next_event()? else { unreachable!() };
    ///
    /// let mut names = Vec::new();
    /// for attribute in reader.attributes(&start) {
    ///     let attribute = attribute?;
    ///     names.push((attribute.local_name(), attribute.value()?.into_owned()));
    /// }
    /// assert_eq!(names[1], ("unitRef", "USD".to_owned()));
    /// # Ok::<(), ffiec_core::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// Each item is [`ErrorKind::MalformedResponse`] for a syntax error in
    /// the tag's attributes or a name written twice; iteration should stop
    /// at the first error.
    pub fn attributes<'a>(&'a self, start: &'a BytesStart<'_>) -> XmlAttributes<'a> {
        // Names written twice are refused by `SeenNames`, without the
        // allocation quick-xml's own check makes for every tag.
        let mut attributes = start.attributes();
        attributes.with_checks(false);
        XmlAttributes {
            attributes,
            seen: SeenNames::default(),
            resolver: self.reader.resolver(),
            what: self.what,
            position: self.position(),
        }
    }

    /// The value of the attribute of `start` whose namespace URI is
    /// `namespace` (`None` for an unprefixed attribute) and whose local name
    /// is `local`, with references resolved and whitespace normalised as XML
    /// requires, or `None` when the tag has no such attribute.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::MalformedResponse`] for a syntax error in the tag's
    /// attributes, a prefix bound by no declaration, or a reference other
    /// than the predefined entities and character references.
    pub fn attribute(
        &self,
        start: &BytesStart<'_>,
        namespace: Option<&str>,
        local: &str,
    ) -> Result<Option<String>> {
        for attribute in self.attributes(start) {
            let attribute = attribute?;
            if attribute.is(namespace, local)? {
                return attribute.value().map(|value| Some(value.into_owned()));
            }
        }
        Ok(None)
    }

    /// Reads the text content of the element whose start tag was the last
    /// event, up to and including its end tag: text pieces, CDATA and
    /// resolved references joined in order, untrimmed.
    ///
    /// ```
    /// use ffiec_core::xml_limits::{SafeXmlReader, XmlEvent, XmlLimits};
    ///
    /// let mut reader = SafeXmlReader::new(b"<r>6/30/2026 &amp; more</r>", &XmlLimits::default(), "doc")?;
    /// assert!(matches!(reader.next_event()?, XmlEvent::Start(_)));
    /// assert_eq!(reader.read_text()?, "6/30/2026 & more");
    /// assert!(matches!(reader.next_event()?, XmlEvent::Eof));
    /// # Ok::<(), ffiec_core::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`next_event`](Self::next_event), and
    /// [`ErrorKind::MalformedResponse`] when the element contains a child
    /// element: this reads simple content only.
    pub fn read_text(&mut self) -> Result<String> {
        let level = self.depth;
        let mut text = String::new();
        loop {
            match self.next_event()? {
                // Most text is one piece: take it whole rather than copy it.
                XmlEvent::Text(piece) if text.is_empty() => text = piece.into_owned(),
                XmlEvent::Text(piece) => text.push_str(&piece),
                XmlEvent::End(_) if self.depth < level => return Ok(text),
                XmlEvent::Start(_) | XmlEvent::Empty(_) | XmlEvent::End(_) => {
                    return Err(self.malformed_at_last("expected text, found an element"));
                }
                XmlEvent::Eof => {
                    return Err(self.malformed("the input ends inside an open element"));
                }
            }
        }
    }

    /// Reads and drops everything up to the end of the element whose start
    /// tag was the last event.
    ///
    /// # Errors
    ///
    /// As [`next_event`](Self::next_event).
    pub fn skip_element(&mut self) -> Result<()> {
        let level = self.depth;
        loop {
            match self.next_event()? {
                XmlEvent::End(_) if self.depth < level => return Ok(()),
                XmlEvent::Eof => {
                    return Err(self.malformed("the input ends inside an open element"));
                }
                _ => {}
            }
        }
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > self.max_depth {
            return Err(Error::new(
                ErrorKind::LimitExceeded,
                format!(
                    "{}: elements nest deeper than the limit of {} at byte {}",
                    self.what,
                    self.max_depth,
                    self.position()
                ),
            ));
        }
        Ok(())
    }

    /// Resolves a predefined entity or a character reference; nothing else.
    fn resolve_reference(&self, reference: &BytesRef<'_>) -> Result<Cow<'i, str>> {
        let name: &str = reference;
        if reference.is_char_ref() {
            return match reference.resolve_char_ref() {
                Ok(Some(character)) => Ok(Cow::Owned(character.to_string())),
                Ok(None) | Err(_) => {
                    Err(self.malformed_at_last(&format!("invalid character reference `&{name};`")))
                }
            };
        }
        match resolve_predefined_entity(name) {
            Some(text) => Ok(Cow::Borrowed(text)),
            None => Err(self.malformed_at_last(&format!(
                "undeclared entity `&{name};` (only the five predefined XML entities are accepted)"
            ))),
        }
    }

    fn malformed(&self, problem: &str) -> Error {
        Error::malformed(format!(
            "{}: {problem} at byte {}",
            self.what,
            self.position()
        ))
    }

    /// Like [`malformed`](Self::malformed), for a problem in the event just read.
    fn malformed_at_last(&self, problem: &str) -> Error {
        malformed_before(self.what, self.position(), problem)
    }
}

/// The attributes of one tag, from [`SafeXmlReader::attributes`].
#[derive(Debug)]
pub struct XmlAttributes<'a> {
    attributes: Attributes<'a>,
    seen: SeenNames<'a>,
    resolver: &'a NamespaceResolver,
    what: &'static str,
    position: u64,
}

impl<'a> Iterator for XmlAttributes<'a> {
    type Item = Result<XmlAttribute<'a>>;

    fn next(&mut self) -> Option<Self::Item> {
        let attribute = match self.attributes.next()? {
            Ok(attribute) => attribute,
            Err(error) => {
                let problem = "an attribute cannot be read";
                return Some(Err(
                    malformed_before(self.what, self.position, problem).with_source(error)
                ));
            }
        };

        let name = attribute.key.into_inner();
        if !self.seen.insert(name) {
            let problem = format!("attribute `{name}` is written twice");
            return Some(Err(malformed_before(self.what, self.position, &problem)));
        }

        Some(Ok(XmlAttribute {
            local: attribute.key.local_name().into_inner(),
            attribute,
            resolver: self.resolver,
            what: self.what,
            position: self.position,
        }))
    }
}

/// How many attribute names [`SeenNames`] compares one by one.
const FEW_NAMES: usize = 8;

/// The names of a tag's attributes read so far, to refuse one written twice.
#[derive(Debug, Default)]
struct SeenNames<'a> {
    /// The first few names: most tags have no more, and comparing them one
    /// by one is cheaper than hashing.
    few: [&'a str; FEW_NAMES],
    count: usize,
    /// Every name once there are more, so that a tag with thousands of
    /// attributes costs linear time, not quadratic.
    many: Option<HashSet<&'a str>>,
}

impl<'a> SeenNames<'a> {
    /// Records `name`; false when it was already recorded.
    fn insert(&mut self, name: &'a str) -> bool {
        if self.count < FEW_NAMES {
            if self.few[..self.count].contains(&name) {
                return false;
            }
            self.few[self.count] = name;
            self.count += 1;
            return true;
        }
        self.many
            .get_or_insert_with(|| HashSet::from_iter(self.few))
            .insert(name)
    }
}

/// One attribute of a tag, as written; see [`SafeXmlReader::attributes`].
#[derive(Debug)]
pub struct XmlAttribute<'a> {
    /// The name after its prefix, split off once: callers compare it often.
    local: &'a str,
    attribute: Attribute<'a>,
    resolver: &'a NamespaceResolver,
    what: &'static str,
    position: u64,
}

impl<'a> XmlAttribute<'a> {
    /// The name without its prefix: `nil` for `xsi:nil`.
    pub fn local_name(&self) -> &'a str {
        self.local
    }

    /// The namespace URI the name's prefix is bound to, or `None` for an
    /// unprefixed name (attributes do not take the default namespace).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::MalformedResponse`] when the prefix is bound by no
    /// declaration in scope.
    pub fn namespace(&self) -> Result<Option<&'a str>> {
        let (namespace, _) = self.resolver.resolve_attribute(self.attribute.key);
        bound_namespace(namespace, self.attribute.key, |problem| {
            malformed_before(self.what, self.position, problem)
        })
    }

    /// True when the attribute is `local` in `namespace`. The namespace is
    /// resolved only when the local name matches, so an undeclared prefix
    /// on an attribute nobody asks for is no error.
    ///
    /// # Errors
    ///
    /// As [`namespace`](Self::namespace), when the local name matches.
    pub fn is(&self, namespace: Option<&str>, local: &str) -> Result<bool> {
        Ok(self.local_name() == local && self.namespace()? == namespace)
    }

    /// The value, with references resolved and whitespace normalised as XML
    /// requires; borrowed from the input when neither changes it.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::MalformedResponse`] for a reference other than the
    /// predefined entities and character references.
    pub fn value(&self) -> Result<Cow<'a, str>> {
        self.attribute
            .normalized_value_with(XmlVersion::Implicit1_0, 1, resolve_predefined_entity)
            .map_err(|error| {
                let problem = format!("attribute `{}` cannot be read", self.local_name());
                malformed_before(self.what, self.position, &problem).with_source(error)
            })
    }
}

/// The URI of a resolved name, `None` for no namespace, or an error for a
/// prefix no declaration binds; `malformed` builds the error.
fn bound_namespace<'r>(
    namespace: ResolveResult<'r>,
    name: QName<'_>,
    malformed: impl FnOnce(&str) -> Error,
) -> Result<Option<&'r str>> {
    match namespace {
        ResolveResult::Bound(namespace) => Ok(Some(namespace.into_inner())),
        ResolveResult::Unbound => Ok(None),
        ResolveResult::Unknown(prefix) => Err(malformed(&format!(
            "prefix `{prefix}` of `{}` is not declared",
            name.into_inner()
        ))),
    }
}

/// A malformed-document error for a problem in the event just read, which
/// ended at byte `position`.
fn malformed_before(what: &str, position: u64, problem: &str) -> Error {
    Error::malformed(format!("{what}: {problem} (before byte {position})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(xml: &[u8], limits: &XmlLimits) -> Result<String> {
        let mut reader = SafeXmlReader::new(xml, limits, "test document")?;
        let mut text = String::new();
        loop {
            match reader.next_event()? {
                XmlEvent::Text(piece) => text.push_str(&piece),
                XmlEvent::Eof => return Ok(text),
                _ => {}
            }
        }
    }

    #[test]
    fn predefined_entities_and_char_refs_are_joined_into_the_text() {
        let text = read_all(
            b"<a>&lt;AT&amp;T&gt; &#65;&#x42;&apos;&quot;</a>",
            &XmlLimits::default(),
        )
        .unwrap();
        assert_eq!(text, "<AT&T> AB'\"");
    }

    #[test]
    fn an_undeclared_entity_is_malformed_and_named() {
        let error = read_all(b"<a>&lol;</a>", &XmlLimits::default()).unwrap_err();
        assert!(error.is_malformed());
        assert!(error.context().contains("`&lol;`"), "{error}");
    }

    #[test]
    fn a_doctype_is_refused_even_without_entities() {
        let error = read_all(b"<!DOCTYPE a><a/>", &XmlLimits::default()).unwrap_err();
        assert!(error.is_malformed());
        assert!(error.context().contains("DOCTYPE"), "{error}");
    }

    #[test]
    fn depth_limit_counts_the_root_as_one() {
        let limits = XmlLimits::default().max_depth(3);
        assert_eq!(read_all(b"<a><b><c>x</c></b></a>", &limits).unwrap(), "x");

        let error = read_all(b"<a><b><c><d/></c></b></a>", &limits).unwrap_err();
        assert!(error.is_limit_exceeded());
        assert!(error.context().contains("limit of 3"), "{error}");
    }

    #[test]
    fn input_size_is_checked_before_parsing() {
        let limits = XmlLimits::default().max_input_bytes(8);
        let error = read_all(b"<a>123456789</a>", &limits).unwrap_err();
        assert!(error.is_limit_exceeded());
        assert_eq!(
            error.context(),
            "test document: 16 bytes exceed the input limit of 8 bytes"
        );
    }

    #[test]
    fn a_bom_is_skipped_and_bad_utf8_is_named() {
        assert_eq!(
            read_all(b"\xEF\xBB\xBF<a>x</a>", &XmlLimits::default()).unwrap(),
            "x"
        );

        let error = read_all(b"<a>\xFF</a>", &XmlLimits::default()).unwrap_err();
        assert_eq!(error.context(), "test document: not UTF-8 at byte 3");
    }

    #[test]
    fn truncated_input_is_malformed() {
        let error = read_all(b"<a><b>x</b>", &XmlLimits::default()).unwrap_err();
        assert!(error.is_malformed(), "{error}");
    }

    #[test]
    fn attributes_resolve_by_namespace_not_prefix() {
        let xml = br#"<r xmlns:p="urn:x" xmlns:q="urn:x" p:a="1 &amp; 2" b="&#51;"/>"#;
        let mut reader = SafeXmlReader::new(xml, &XmlLimits::default(), "test").unwrap();
        let XmlEvent::Empty(start) = reader.next_event().unwrap() else {
            panic!("expected an empty element");
        };
        assert_eq!(
            reader
                .attribute(&start, Some("urn:x"), "a")
                .unwrap()
                .as_deref(),
            Some("1 & 2")
        );
        assert_eq!(
            reader.attribute(&start, None, "b").unwrap().as_deref(),
            Some("3")
        );
        assert_eq!(reader.attribute(&start, None, "a").unwrap(), None);
    }

    #[test]
    fn attributes_come_in_order_with_borrowed_values_and_lazy_namespaces() {
        let xml = br#"<r xmlns:x="urn:x" x:a="1" b="two &amp; three" u:c="3"/>"#;
        let mut reader = SafeXmlReader::new(xml, &XmlLimits::default(), "test").unwrap();
        let XmlEvent::Empty(start) = reader.next_event().unwrap() else {
            panic!("expected an empty element");
        };
        let attributes: Vec<_> = reader.attributes(&start).collect::<Result<_>>().unwrap();

        let names: Vec<_> = attributes.iter().map(XmlAttribute::local_name).collect();
        assert_eq!(names, ["x", "a", "b", "c"]);

        assert_eq!(attributes[1].namespace().unwrap(), Some("urn:x"));
        assert!(matches!(attributes[1].value().unwrap(), Cow::Borrowed("1")));
        assert_eq!(attributes[2].value().unwrap(), "two & three");

        // `u` is bound by nothing: an error only when that name is resolved.
        assert!(!attributes[3].is(None, "b").unwrap());
        let error = attributes[3].is(None, "c").unwrap_err();
        assert!(error.context().contains("prefix `u` of `u:c`"), "{error}");
    }

    #[test]
    fn an_attribute_written_twice_is_malformed() {
        let mut reader =
            SafeXmlReader::new(br#"<r a="1" a="2"/>"#, &XmlLimits::default(), "test").unwrap();
        let XmlEvent::Empty(start) = reader.next_event().unwrap() else {
            panic!("expected an empty element");
        };
        let error = reader
            .attributes(&start)
            .find_map(Result::err)
            .expect("the second `a` is refused");
        assert!(error.is_malformed());
        assert!(
            error.context().contains("attribute `a` is written twice"),
            "{error}"
        );
    }

    #[test]
    fn a_name_written_twice_is_found_among_many_attributes() {
        let mut names: Vec<String> = (0..40).map(|n| format!("a{n}=\"{n}\"")).collect();
        names.push("p:a7=\"x\" a33=\"again\"".to_owned());
        let xml = format!("<r xmlns:p=\"urn:p\" {}/>", names.join(" "));
        let mut reader = SafeXmlReader::new(xml.as_bytes(), &XmlLimits::default(), "test").unwrap();
        let XmlEvent::Empty(start) = reader.next_event().unwrap() else {
            panic!("expected an empty element");
        };

        let read: Vec<_> = reader.attributes(&start).collect();
        // xmlns:p, a0..a39 and p:a7 are distinct names; the second a33 is not.
        assert_eq!(read.len(), 43);
        assert!(read[..42].iter().all(Result::is_ok));
        let error = read[42].as_ref().unwrap_err();
        assert!(
            error.context().contains("attribute `a33` is written twice"),
            "{error}"
        );
    }

    #[test]
    fn read_text_joins_pieces_and_refuses_child_elements() {
        let xml = b"<r><a>x&lt;<![CDATA[<y>]]>&#x7A;</a><b>1<c/></b><d/></r>";
        let mut reader = SafeXmlReader::new(xml, &XmlLimits::default(), "test").unwrap();
        assert!(matches!(reader.next_event().unwrap(), XmlEvent::Start(_)));

        assert!(matches!(reader.next_event().unwrap(), XmlEvent::Start(_)));
        assert_eq!(reader.read_text().unwrap(), "x<<y>z");
        assert_eq!(reader.depth(), 1);

        assert!(matches!(reader.next_event().unwrap(), XmlEvent::Start(_)));
        let error = reader.read_text().unwrap_err();
        assert!(
            error.context().contains("expected text, found an element"),
            "{error}"
        );
    }

    #[test]
    fn skip_element_leaves_the_reader_after_the_end_tag() {
        let xml = b"<r><a><b><c/></b>text</a><z>after</z></r>";
        let mut reader = SafeXmlReader::new(xml, &XmlLimits::default(), "test").unwrap();
        assert!(matches!(reader.next_event().unwrap(), XmlEvent::Start(_)));
        assert!(matches!(reader.next_event().unwrap(), XmlEvent::Start(_)));
        reader.skip_element().unwrap();

        assert_eq!(reader.depth(), 1);
        let XmlEvent::Start(next) = reader.next_event().unwrap() else {
            panic!("expected <z>");
        };
        assert_eq!(reader.resolve_element(next.name()).unwrap(), (None, "z"));
    }

    #[test]
    fn an_undeclared_prefix_is_malformed_and_named() {
        let mut reader = SafeXmlReader::new(b"<q:r/>", &XmlLimits::default(), "test").unwrap();
        let XmlEvent::Empty(start) = reader.next_event().unwrap() else {
            panic!("expected an empty element");
        };
        let error = reader.resolve_element(start.name()).unwrap_err();
        assert!(error.context().contains("prefix `q`"), "{error}");
    }

    #[test]
    fn an_undeclared_entity_in_an_attribute_is_malformed() {
        let mut reader =
            SafeXmlReader::new(br#"<r a="&x;"/>"#, &XmlLimits::default(), "test").unwrap();
        let XmlEvent::Empty(start) = reader.next_event().unwrap() else {
            panic!("expected an empty element");
        };
        assert!(
            reader
                .attribute(&start, None, "a")
                .unwrap_err()
                .is_malformed()
        );
    }
}
