//! The SOAP 1.1 envelope the legacy live client sends, written out by hand.
//!
//! The legacy client is not our core, so it does not borrow the core's SOAP writer: it
//! sends what zeep sends for a `UsernameToken` with a `PasswordText` password, the form
//! ffiec-data-connect 0.2.7 used.

use super::record::StressCall;

/// The service's namespace, which is also the prefix of every `SOAPAction`.
pub const SERVICE_NAMESPACE: &str = "http://cdr.ffiec.gov/public/services";

const SOAP11_NAMESPACE: &str = "http://schemas.xmlsoap.org/soap/envelope/";
const WSSE_NAMESPACE: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
const PASSWORD_TEXT: &str = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText";

/// One legacy request ready to post: its body and its `SOAPAction` header value.
#[derive(Clone, PartialEq, Eq)]
pub struct LegacyEnvelope {
    /// The XML body. Holds the token: never log it.
    pub body: String,
    /// The quoted action, as SOAP 1.1 wants it.
    pub soap_action: String,
}

impl std::fmt::Debug for LegacyEnvelope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The body carries the token in clear.
        f.debug_struct("LegacyEnvelope")
            .field("soap_action", &self.soap_action)
            .finish_non_exhaustive()
    }
}

/// The operation the legacy client calls for `call`.
pub fn legacy_operation(call: StressCall) -> &'static str {
    match call {
        StressCall::TestUserAccess => "TestUserAccess",
        StressCall::Data => "RetrieveReportingPeriods",
    }
}

/// The envelope for `call` with the user and token as read: `TestUserAccess`, or
/// `RetrieveReportingPeriods` for the Call series.
///
/// ```
/// use race_tests::live::{StressCall, legacy_envelope};
///
/// let envelope = legacy_envelope(StressCall::Data, "a&b", "t<1>");
/// assert!(envelope.body.contains("<wsse:Username>a&amp;b</wsse:Username>"));
/// assert!(envelope.body.contains("<dataSeries>Call</dataSeries>"));
/// assert_eq!(
///     envelope.soap_action,
///     "\"http://cdr.ffiec.gov/public/services/RetrieveReportingPeriods\""
/// );
/// ```
pub fn legacy_envelope(call: StressCall, user: &str, token: &str) -> LegacyEnvelope {
    let operation = legacy_operation(call);
    let parameters = match call {
        StressCall::TestUserAccess => "",
        StressCall::Data => "<dataSeries>Call</dataSeries>",
    };

    let body = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\
         <soap:Envelope xmlns:soap=\"{SOAP11_NAMESPACE}\">\
         <soap:Header><wsse:Security xmlns:wsse=\"{WSSE_NAMESPACE}\"><wsse:UsernameToken>\
         <wsse:Username>{user}</wsse:Username>\
         <wsse:Password Type=\"{PASSWORD_TEXT}\">{token}</wsse:Password>\
         </wsse:UsernameToken></wsse:Security></soap:Header>\
         <soap:Body><{operation} xmlns=\"{SERVICE_NAMESPACE}\">{parameters}</{operation}>\
         </soap:Body></soap:Envelope>",
        user = escape_text(user),
        token = escape_text(token),
    );
    LegacyEnvelope {
        body,
        soap_action: format!("\"{SERVICE_NAMESPACE}/{operation}\""),
    }
}

/// Escapes the characters XML text cannot hold as they are.
fn escape_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            other => escaped.push(other),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_user_access_has_no_parameters_and_its_own_action() {
        let envelope = legacy_envelope(StressCall::TestUserAccess, "user", "token");
        assert!(envelope.body.contains("<TestUserAccess xmlns="));
        assert!(envelope.body.contains("></TestUserAccess>"));
        assert!(envelope.soap_action.ends_with("/TestUserAccess\""));
    }

    #[test]
    fn debug_never_shows_the_token() {
        let envelope = legacy_envelope(StressCall::Data, "user", "very-secret-token");
        assert!(!format!("{envelope:?}").contains("very-secret-token"));
    }
}
