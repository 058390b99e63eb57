//! SOAP faults (1.1 and 1.2) and the errors they become.
//!
//! A fault is classified by the *local* name of its most specific code,
//! whatever prefix the service put on it: `q0:FailedAuthentication`,
//! `soap:Client.UserQuotaExceeded`, `Server.FacsimileNotFoundOrUnavailable`.

use std::time::Duration;

use crate::error::{Error, ErrorKind, Result};

use super::operation::Operation;
use super::pull::{Element, Pull};
use super::redact::redact;

/// Longest service-supplied text kept in an error message, in characters.
/// .NET fault strings can carry a whole stack trace.
const MAX_SERVICE_TEXT: usize = 300;

/// WS-Security fault codes that mean the credentials were refused.
const AUTHENTICATION_CODES: &[&str] = &[
    "FailedAuthentication",
    "InvalidSecurityToken",
    "InvalidSecurity",
    "SecurityTokenUnavailable",
    "FailedCheck",
];

/// A SOAP fault as the service sent it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fault {
    /// The most specific fault code as written, prefix included: the 1.1
    /// `faultcode`, or the innermost 1.2 `Subcode/Value` (else `Code/Value`).
    pub code: String,
    /// For SOAP 1.2, the top-level `Code/Value` (`soap:Sender`,
    /// `soap:Receiver`); `None` for 1.1.
    pub class: Option<String>,
    /// The 1.1 `faultstring` or the first 1.2 `Reason/Text`.
    pub reason: String,
    /// The `WaitTime` attribute of the detail element (or of an element
    /// inside it), as written.
    pub wait_time: Option<String>,
}

impl Fault {
    /// The error this fault means, naming the operation and the fault text.
    ///
    /// `http_status` is the status the fault came with; it is kept on server
    /// errors. Each of `secrets` is replaced by `<redacted>` should the
    /// service have echoed it.
    pub fn into_error(self, operation: Operation, http_status: u16, secrets: &[&str]) -> Error {
        let kind = self.kind(http_status);
        let reason = clean_service_text(&self.reason, secrets);
        let code = clean_service_text(&self.code, secrets);
        Error::new(kind, format!("{operation}: SOAP fault {code}: {reason}"))
    }

    fn kind(&self, http_status: u16) -> ErrorKind {
        let local = local_name(&self.code);
        let segments: Vec<&str> = local.split('.').collect();
        let last = segments.last().copied().unwrap_or_default();

        if segments
            .iter()
            .any(|segment| AUTHENTICATION_CODES.contains(segment))
        {
            return ErrorKind::Authentication;
        }
        if last.ends_with("UserQuotaExceeded") {
            let wait = self.wait_time.as_deref().and_then(parse_wait_seconds);
            return ErrorKind::Quota { wait };
        }
        if last == "FacsimileNotFound" || last.ends_with("NotFoundOrUnavailable") {
            return ErrorKind::NotFound;
        }

        let class = self.class.as_deref().map(local_name);
        let family = class.unwrap_or(segments[0]);
        match family {
            "Client" | "Sender" => ErrorKind::Validation,
            // Server, Receiver, and the protocol-level codes (VersionMismatch,
            // MustUnderstand) alike: nothing the caller's input can fix.
            _ => ErrorKind::Server {
                status: Some(http_status),
                code: None,
            },
        }
    }
}

/// Reads a `Fault` element whose start tag `pull` just returned, to its end.
pub(crate) fn read_fault(pull: &mut Pull<'_>) -> Result<Fault> {
    let mut fault = Fault::default();
    while let Some(child) = pull.next_child()? {
        match child.local() {
            "faultcode" => fault.code = pull.text()?.trim().to_owned(),
            "faultstring" => fault.reason = pull.text()?,
            "Code" => read_code(pull, &mut fault)?,
            "Reason" => fault.reason = read_reason(pull)?,
            "detail" | "Detail" => fault.wait_time = find_wait_time(pull, &child)?,
            _ => pull.skip()?,
        }
    }
    Ok(fault)
}

/// SOAP 1.2: `Code/Value` is the class, and the innermost `Subcode/Value`
/// the specific code.
fn read_code(pull: &mut Pull<'_>, fault: &mut Fault) -> Result<()> {
    let mut open = 1;
    while open > 0 {
        match pull.next_child()? {
            Some(child) if child.local() == "Value" => {
                let value = pull.text()?.trim().to_owned();
                if fault.class.is_none() {
                    fault.class = Some(value.clone());
                }
                fault.code = value;
            }
            Some(child) if child.local() == "Subcode" => open += 1,
            Some(_) => pull.skip()?,
            None => open -= 1,
        }
    }
    Ok(())
}

fn read_reason(pull: &mut Pull<'_>) -> Result<String> {
    let mut reason = None;
    while let Some(child) = pull.next_child()? {
        if child.local() == "Text" && reason.is_none() {
            reason = Some(pull.text()?);
        } else {
            pull.skip()?;
        }
    }
    Ok(reason.unwrap_or_default())
}

/// The `WaitTime` attribute of `detail` itself or of any element inside it.
fn find_wait_time(pull: &mut Pull<'_>, detail: &Element) -> Result<Option<String>> {
    let mut found = detail.wait_time().map(str::to_owned);
    let mut open = 1;
    while open > 0 {
        match pull.next_child()? {
            Some(child) => {
                open += 1;
                if found.is_none() {
                    found = child.wait_time().map(str::to_owned);
                }
            }
            None => open -= 1,
        }
    }
    Ok(found)
}

/// The part of a qualified name after its prefix: `q0:Client.X` gives `Client.X`.
fn local_name(qualified: &str) -> &str {
    qualified.rsplit(':').next().unwrap_or(qualified).trim()
}

/// A wait given in seconds (`3552`, `3552.5`) or as a time span (`00:59:12`).
fn parse_wait_seconds(text: &str) -> Option<Duration> {
    let text = text.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    if let Ok(seconds) = text.parse::<f64>() {
        return Duration::try_from_secs_f64(seconds).ok();
    }
    parse_time_span(text)
}

/// Finds the first time span in `text` (`00:59:12`, `0:59:12.5`,
/// `1.00:00:00`) and returns its length.
///
/// ```
/// use std::time::Duration;
/// use ffiec_core::soap::parse_time_span;
///
/// assert_eq!(
///     parse_time_span("Quota will be replenished in 00:59:12."),
///     Some(Duration::from_secs(59 * 60 + 12))
/// );
/// assert_eq!(parse_time_span("no span here"), None);
/// ```
pub fn parse_time_span(text: &str) -> Option<Duration> {
    text.split(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.'))
        .map(|token| token.trim_end_matches('.'))
        .find_map(span_of_token)
}

fn span_of_token(token: &str) -> Option<Duration> {
    let parts: Vec<&str> = token.split(':').collect();
    let [hours, minutes, seconds] = parts.as_slice() else {
        return None;
    };

    let (days, hours) = match hours.split_once('.') {
        Some((days, hours)) => (days.parse::<u64>().ok()?, hours),
        None => (0, *hours),
    };
    let hours = hours.parse::<u64>().ok()?;
    let minutes = minutes.parse::<u64>().ok()?;
    let seconds = seconds.parse::<f64>().ok()?;
    if minutes >= 60 || !(0.0..60.0).contains(&seconds) {
        return None;
    }

    // The text comes from the service: a span too long for a Duration is no
    // span at all, never an overflow.
    let whole = days
        .checked_mul(24)?
        .checked_add(hours)?
        .checked_mul(3600)?
        .checked_add(minutes * 60)?;
    Duration::from_secs(whole).checked_add(Duration::try_from_secs_f64(seconds).ok()?)
}

/// Service-supplied text made fit for an error message: each secret
/// replaced by `<redacted>` (also XML-escaped, or with whitespace added,
/// removed or changed inside it), whitespace runs collapsed, and cut to
/// [`MAX_SERVICE_TEXT`] characters.
pub(crate) fn clean_service_text(raw: &str, secrets: &[&str]) -> String {
    // Redacted before the whitespace is collapsed, and loosely (see
    // `redact`), so no rewriting of ours or the service's can hide a secret.
    let text = redact(raw, secrets);

    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match collapsed.char_indices().nth(MAX_SERVICE_TEXT) {
        Some((cut, _)) => format!("{}…", &collapsed[..cut]),
        None => collapsed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fault(code: &str, class: Option<&str>, wait: Option<&str>) -> Fault {
        Fault {
            code: code.to_owned(),
            class: class.map(str::to_owned),
            reason: "the reason".to_owned(),
            wait_time: wait.map(str::to_owned),
        }
    }

    fn kind_of(fault: Fault) -> ErrorKind {
        fault
            .into_error(Operation::RetrieveFacsimile, 500, &[])
            .kind()
            .clone()
    }

    #[test]
    fn failed_authentication_is_authentication_whatever_the_prefix() {
        for code in [
            "q0:FailedAuthentication",
            "wsse:FailedAuthentication",
            "FailedAuthentication",
        ] {
            assert_eq!(
                kind_of(fault(code, None, None)),
                ErrorKind::Authentication,
                "{code}"
            );
        }
        assert_eq!(
            kind_of(fault("q1:InvalidSecurityToken", Some("soap:Sender"), None)),
            ErrorKind::Authentication
        );
    }

    #[test]
    fn quota_fault_carries_the_wait_time() {
        assert_eq!(
            kind_of(fault("q0:Client.UserQuotaExceeded", None, Some("3552"))),
            ErrorKind::Quota {
                wait: Some(Duration::from_secs(3552))
            }
        );
        assert_eq!(
            kind_of(fault(
                "soap:Client.UserQuotaExceeded",
                None,
                Some("00:10:00")
            )),
            ErrorKind::Quota {
                wait: Some(Duration::from_secs(600))
            }
        );
        assert_eq!(
            kind_of(fault("Client.UserQuotaExceeded", None, None)),
            ErrorKind::Quota { wait: None }
        );
    }

    #[test]
    fn both_not_found_spellings_are_not_found() {
        for code in [
            "soap:Server.FacsimileNotFound",
            "q0:Server.FacsimileNotFoundOrUnavailable",
        ] {
            assert_eq!(
                kind_of(fault(code, None, None)),
                ErrorKind::NotFound,
                "{code}"
            );
        }
    }

    #[test]
    fn other_client_faults_are_validation_and_server_faults_are_server() {
        assert_eq!(
            kind_of(fault("soap:Client.InvalidFiIdType", None, None)),
            ErrorKind::Validation
        );
        assert_eq!(
            kind_of(fault("soap:Sender", Some("soap:Sender"), None)),
            ErrorKind::Validation
        );
        assert_eq!(
            kind_of(fault("soap:Server", None, None)),
            ErrorKind::Server {
                status: Some(500),
                code: None
            }
        );
        assert_eq!(
            kind_of(fault("x:Unexpected", Some("env:Receiver"), None)),
            ErrorKind::Server {
                status: Some(500),
                code: None
            }
        );
    }

    #[test]
    fn the_message_names_operation_code_and_reason_without_secrets() {
        let fault = Fault {
            code: "q0:FailedAuthentication".to_owned(),
            class: None,
            reason: "The security token could not be authenticated or authorized\n  \
                     token ey.secret. rejected"
                .to_owned(),
            wait_time: None,
        };
        let error = fault.into_error(Operation::TestUserAccess, 500, &["ey.secret."]);
        assert_eq!(
            error.to_string(),
            "authentication failed: TestUserAccess: SOAP fault q0:FailedAuthentication: \
             The security token could not be authenticated or authorized token <redacted> rejected"
        );
    }

    #[test]
    fn secrets_echoed_escaped_or_rewrapped_are_redacted() {
        let cases = [
            // XML-escaped by the service before it was put into the text.
            ("p&ss<w>rd", "bad p&amp;ss&lt;w&gt;rd here"),
            ("it's \"q\"", "bad it&apos;s &quot;q&quot; here"),
            ("it's \"q\"", "bad it&#39;s &#34;q&#34; here"),
            // A long token wrapped over lines by the service.
            (
                "eyJhbGciOi.eyJleHAiOjE3.",
                "bad eyJhbGciOi.\n    eyJleHAiOjE3. here",
            ),
            // A secret's own run of spaces collapsed, or turned into a line break.
            ("two  spaces", "bad two spaces here"),
            ("two  spaces", "bad two\r\n\tspaces here"),
        ];
        for (secret, raw) in cases {
            let cleaned = clean_service_text(raw, &[secret]);
            assert_eq!(cleaned, "bad <redacted> here", "{raw:?}");
        }
    }

    #[test]
    fn service_text_is_cut_to_its_bound() {
        let long = "x".repeat(1000);
        let cleaned = clean_service_text(&long, &[]);
        assert_eq!(cleaned.chars().count(), MAX_SERVICE_TEXT + 1);
        assert!(cleaned.ends_with('…'));
    }

    #[test]
    fn time_spans_in_every_written_form() {
        assert_eq!(parse_time_span("00:59:12"), Some(Duration::from_secs(3552)));
        assert_eq!(
            parse_time_span("replenished in 1.02:00:00 from now"),
            Some(Duration::from_secs(26 * 3600))
        );
        assert_eq!(
            parse_time_span("wait 0:00:01.500."),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(parse_time_span("at 12:75:00"), None);
        assert_eq!(parse_wait_seconds(" 42 "), Some(Duration::from_secs(42)));
        assert_eq!(parse_wait_seconds("soon"), None);
    }
}
