//! Decoded results, as the wire gave them, shared by the SOAP and REST codecs.
//!
//! Both protocols carry the same WSDL types, so both decoders produce these
//! and the client turns them into model values in one place. Nothing here is
//! interpreted: names stay space-padded, dates stay strings, `0` still means
//! "none". Institution rows use the model's [`WireInstitution`], the one
//! type for a row as sent.

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::model::WireInstitution;

use super::operation::{Operation, ReplyShape};

/// The WSDL's `RetrieveFilersDateTime`: a filer and its latest submission.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RawSubmission {
    /// The filer's RSSD id.
    #[serde(rename = "ID_RSSD")]
    pub id_rssd: i32,
    /// US Eastern wall-clock time such as `2/20/2024 3:23:30 PM`.
    #[serde(rename = "DateTime", default)]
    pub date_time: Option<String>,
}

/// The result of one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// `TestUserAccess`.
    Bool(bool),
    /// Reporting period lists, in the order the service sent them.
    Strings(Vec<String>),
    /// The panel of reporters, rows as sent (the model's wire row type).
    Institutions(Vec<WireInstitution>),
    /// Filers with their submission times.
    Submissions(Vec<RawSubmission>),
    /// RSSD ids of filers.
    Ints(Vec<i32>),
    /// A facsimile's bytes (PDF, XBRL or SDF), any leading UTF-8 byte-order
    /// mark removed.
    Document(Vec<u8>),
}

impl Reply {
    /// The shape of this reply.
    pub fn shape(&self) -> ReplyShape {
        match self {
            Reply::Bool(_) => ReplyShape::Bool,
            Reply::Strings(_) => ReplyShape::Strings,
            Reply::Institutions(_) => ReplyShape::Institutions,
            Reply::Submissions(_) => ReplyShape::Submissions,
            Reply::Ints(_) => ReplyShape::Ints,
            Reply::Document(_) => ReplyShape::Document,
        }
    }

    /// The boolean of a `Bool` reply.
    ///
    /// # Errors
    ///
    /// A malformed-response error naming `operation` for any other shape.
    pub fn into_bool(self, operation: Operation) -> Result<bool> {
        match self {
            Reply::Bool(value) => Ok(value),
            other => Err(other.mismatch(operation, ReplyShape::Bool)),
        }
    }

    /// The strings of a `Strings` reply.
    ///
    /// # Errors
    ///
    /// A malformed-response error naming `operation` for any other shape.
    pub fn into_strings(self, operation: Operation) -> Result<Vec<String>> {
        match self {
            Reply::Strings(values) => Ok(values),
            other => Err(other.mismatch(operation, ReplyShape::Strings)),
        }
    }

    /// The rows of an `Institutions` reply.
    ///
    /// # Errors
    ///
    /// A malformed-response error naming `operation` for any other shape.
    pub fn into_institutions(self, operation: Operation) -> Result<Vec<WireInstitution>> {
        match self {
            Reply::Institutions(values) => Ok(values),
            other => Err(other.mismatch(operation, ReplyShape::Institutions)),
        }
    }

    /// The rows of a `Submissions` reply.
    ///
    /// # Errors
    ///
    /// A malformed-response error naming `operation` for any other shape.
    pub fn into_submissions(self, operation: Operation) -> Result<Vec<RawSubmission>> {
        match self {
            Reply::Submissions(values) => Ok(values),
            other => Err(other.mismatch(operation, ReplyShape::Submissions)),
        }
    }

    /// The integers of an `Ints` reply.
    ///
    /// # Errors
    ///
    /// A malformed-response error naming `operation` for any other shape.
    pub fn into_ints(self, operation: Operation) -> Result<Vec<i32>> {
        match self {
            Reply::Ints(values) => Ok(values),
            other => Err(other.mismatch(operation, ReplyShape::Ints)),
        }
    }

    /// The bytes of a `Document` reply.
    ///
    /// # Errors
    ///
    /// A malformed-response error naming `operation` for any other shape.
    pub fn into_document(self, operation: Operation) -> Result<Vec<u8>> {
        match self {
            Reply::Document(bytes) => Ok(bytes),
            other => Err(other.mismatch(operation, ReplyShape::Document)),
        }
    }

    fn mismatch(&self, operation: Operation, expected: ReplyShape) -> Error {
        Error::malformed(format!(
            "{operation}: expected a {expected:?} result, decoded a {:?} one",
            self.shape()
        ))
    }
}

/// Removes a leading UTF-8 byte-order mark, which decoded UBPR XBRL carries.
pub(crate) fn strip_bom(mut bytes: Vec<u8>) -> Vec<u8> {
    if bytes.starts_with(UTF8_BOM) {
        bytes.drain(..UTF8_BOM.len());
    }
    bytes
}

/// The UTF-8 encoding of U+FEFF.
pub(crate) const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_accessors_refuse_another_shape_and_name_the_operation() {
        let error = Reply::Ints(vec![37])
            .into_strings(Operation::RetrieveReportingPeriods)
            .unwrap_err();
        assert!(error.is_malformed());
        assert_eq!(
            error.context(),
            "RetrieveReportingPeriods: expected a Strings result, decoded a Ints one"
        );
        assert_eq!(
            Reply::Ints(vec![37])
                .into_ints(Operation::RetrieveFilersSinceDate)
                .unwrap(),
            [37]
        );
    }

    #[test]
    fn a_byte_order_mark_is_removed_once() {
        assert_eq!(strip_bom(b"\xEF\xBB\xBF<xbrl/>".to_vec()), b"<xbrl/>");
        assert_eq!(strip_bom(b"%PDF-1.7".to_vec()), b"%PDF-1.7");
    }
}
