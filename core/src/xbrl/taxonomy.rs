//! Which namespaces hold FFIEC concepts, and the fixed XBRL namespaces.
//!
//! Concepts are matched by namespace URI, never by prefix: FFIEC's own files
//! redeclare `xmlns:cc` on every fact, and re-serialised files use `ns0:` or
//! a default namespace.

use std::fmt;

/// The XBRL 2.1 instance namespace: the root `xbrl`, `context`, `unit`.
pub const INSTANCE_NAMESPACE: &str = "http://www.xbrl.org/2003/instance";

/// The XBRL linkbase namespace (`schemaRef`, `footnoteLink`): skipped.
pub const LINKBASE_NAMESPACE: &str = "http://www.xbrl.org/2003/linkbase";

/// The XML Schema instance namespace, home of the `nil` attribute.
pub const XSI_NAMESPACE: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// The Call Report concept namespace of files published before 2026.
pub const CALL_NAMESPACE_LEGACY: &str = "http://www.ffiec.gov/xbrl/call/concepts";

/// The Call Report concept namespace of files published since 2026.
pub const CALL_NAMESPACE: &str = "https://www.cdr.ffiec.gov/xbrl/call/concepts";

/// The report family a concept belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Taxonomy {
    /// A Call Report concept (FFIEC 031, 041 or 051).
    Call,
    /// A Uniform Bank Performance Report concept of taxonomy `v<version>`.
    Ubpr {
        /// The taxonomy version, 187 in `…/ubpr/v187/Concepts`.
        version: u32,
    },
}

impl Taxonomy {
    /// The taxonomy whose concepts live in `namespace`, if it is one of FFIEC's.
    ///
    /// Recognised: the two Call namespaces ([`CALL_NAMESPACE`] and
    /// [`CALL_NAMESPACE_LEGACY`]) and `…/xbrl/ubpr/v<digits>/Concepts` of any
    /// version, under either FFIEC host (`www.cdr.ffiec.gov`,
    /// `www.ffiec.gov`) and either scheme. UBPR's `SourceConcepts` and `Core`
    /// namespaces are not concept namespaces of the report and give `None`.
    ///
    /// ```
    /// use ffiec_core::xbrl::Taxonomy;
    ///
    /// assert_eq!(
    ///     Taxonomy::from_namespace("https://www.cdr.ffiec.gov/xbrl/ubpr/v187/Concepts"),
    ///     Some(Taxonomy::Ubpr { version: 187 })
    /// );
    /// assert_eq!(
    ///     Taxonomy::from_namespace("http://www.ffiec.gov/xbrl/call/concepts"),
    ///     Some(Taxonomy::Call)
    /// );
    /// assert_eq!(Taxonomy::from_namespace("http://www.xbrl.org/2003/instance"), None);
    /// ```
    pub fn from_namespace(namespace: &str) -> Option<Taxonomy> {
        let without_scheme = namespace
            .strip_prefix("https://")
            .or_else(|| namespace.strip_prefix("http://"))?;
        let path = without_scheme
            .strip_prefix("www.cdr.ffiec.gov/xbrl/")
            .or_else(|| without_scheme.strip_prefix("www.ffiec.gov/xbrl/"))?;

        if path == "call/concepts" {
            return Some(Taxonomy::Call);
        }

        let version = path.strip_prefix("ubpr/v")?.strip_suffix("/Concepts")?;
        if version.is_empty() || !version.bytes().all(|byte| byte.is_ascii_digit()) {
            return None;
        }
        version
            .parse()
            .ok()
            .map(|version| Taxonomy::Ubpr { version })
    }
}

impl fmt::Display for Taxonomy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Taxonomy::Call => f.write_str("Call"),
            Taxonomy::Ubpr { version } => write!(f, "UBPR v{version}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_call_namespaces_and_any_ubpr_version_are_recognised() {
        assert_eq!(
            Taxonomy::from_namespace(CALL_NAMESPACE),
            Some(Taxonomy::Call)
        );
        assert_eq!(
            Taxonomy::from_namespace(CALL_NAMESPACE_LEGACY),
            Some(Taxonomy::Call)
        );
        assert_eq!(
            Taxonomy::from_namespace("http://www.ffiec.gov/xbrl/ubpr/v105/Concepts"),
            Some(Taxonomy::Ubpr { version: 105 })
        );
    }

    #[test]
    fn near_misses_are_not_concept_namespaces() {
        for namespace in [
            "https://www.cdr.ffiec.gov/xbrl/ubpr/v187/SourceConcepts",
            "https://www.cdr.ffiec.gov/xbrl/ubpr/v187/Core",
            "https://www.cdr.ffiec.gov/xbrl/ubpr/v/Concepts",
            "https://www.cdr.ffiec.gov/xbrl/ubpr/v1x/Concepts",
            "https://www.cdr.ffiec.gov/xbrl/call/concepts/",
            "https://example.com/xbrl/call/concepts",
            "www.cdr.ffiec.gov/xbrl/call/concepts",
            "cc",
        ] {
            assert_eq!(Taxonomy::from_namespace(namespace), None, "{namespace}");
        }
    }
}
