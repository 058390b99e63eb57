//! The exceptions the modelled Python code raises.

use std::fmt;

/// An exception raised by the legacy model, named after the Python one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LegacyError {
    /// The builder's check found the proxy enabled but a required field unset.
    ProxyIncomplete {
        /// The first unset field: `proxy_host` or `proxy_port`.
        missing: &'static str,
    },
    /// `TypeError`: the builder concatenated a field that was `None` when it read it again,
    /// although its check had just found it set (F2).
    NoneConcatenation {
        /// The field that was `None` at use: `proxy_host`.
        field: &'static str,
    },
}

impl fmt::Display for LegacyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LegacyError::ProxyIncomplete { missing } => {
                write!(f, "proxy is enabled but {missing} is not set")
            }
            LegacyError::NoneConcatenation { field } => {
                write!(
                    f,
                    "TypeError: can only concatenate str (not \"NoneType\") to str: {field}"
                )
            }
        }
    }
}

impl std::error::Error for LegacyError {}
