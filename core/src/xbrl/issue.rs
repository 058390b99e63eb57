//! What went wrong with a fact that could not be read.

use std::fmt;

/// A fact (or fact-like element) that was left out of
/// [`XbrlDocument::facts`](super::XbrlDocument::facts), and why.
///
/// Its `Display` reads, for example,
/// `RCFD2170 (context CI_480228_2026-06-30): value "12.5" is not a whole number of dollars`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FactIssue {
    /// The element's local name: the MDRM code for a concept.
    pub concept: String,
    /// The `contextRef`, when the element had one.
    pub context_id: Option<String>,
    /// What was wrong.
    pub problem: FactProblem,
}

/// Why a fact was left out.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FactProblem {
    /// The element has no `contextRef` attribute.
    MissingContextRef,
    /// No context element has the `contextRef` id.
    UnknownContext,
    /// The context exists but cannot be used; the text says why.
    InvalidContext(String),
    /// A `USD` value that is not a whole number of dollars (or does not fit
    /// in 64 bits), with the text as written.
    NotWholeDollars(String),
    /// A numeric value that is not an exact decimal number, as written.
    NotANumber(String),
    /// The `decimals` attribute is neither `INF` nor a whole number, as written.
    InvalidDecimals(String),
    /// The fact contains child elements; FFIEC facts hold only text.
    NestedElements,
    /// A child of the root in a namespace that holds no FFIEC concepts (the
    /// URI, or `None` for no namespace). The element was skipped.
    UnknownNamespace(Option<String>),
}

impl fmt::Display for FactIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.concept)?;
        if let Some(context) = &self.context_id {
            write!(f, " (context {context})")?;
        }
        write!(f, ": {}", self.problem)
    }
}

impl fmt::Display for FactProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FactProblem::MissingContextRef => f.write_str("no contextRef attribute"),
            FactProblem::UnknownContext => f.write_str("no context has this id"),
            FactProblem::InvalidContext(reason) => write!(f, "the context {reason}"),
            FactProblem::NotWholeDollars(text) => {
                write!(f, "value {text:?} is not a whole number of dollars")
            }
            FactProblem::NotANumber(text) => write!(f, "value {text:?} is not a decimal number"),
            FactProblem::InvalidDecimals(text) => {
                write!(f, "decimals {text:?} is neither INF nor a whole number")
            }
            FactProblem::NestedElements => f.write_str("the fact contains elements"),
            FactProblem::UnknownNamespace(Some(namespace)) => {
                write!(
                    f,
                    "namespace {namespace:?} holds no FFIEC concepts; skipped"
                )
            }
            FactProblem::UnknownNamespace(None) => {
                f.write_str("the element is in no namespace, so it is no FFIEC concept; skipped")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_concept_context_and_problem() {
        let issue = FactIssue {
            concept: "RCFD2170".to_owned(),
            context_id: Some("CI_480228_2026-06-30".to_owned()),
            problem: FactProblem::NotWholeDollars("12.5".to_owned()),
        };
        assert_eq!(
            issue.to_string(),
            "RCFD2170 (context CI_480228_2026-06-30): value \"12.5\" is not a whole number of dollars"
        );

        let issue = FactIssue {
            concept: "RCFD2170".to_owned(),
            context_id: None,
            problem: FactProblem::MissingContextRef,
        };
        assert_eq!(issue.to_string(), "RCFD2170: no contextRef attribute");
    }
}
