//! SOAP faults in the shapes the live service sent.

use super::SoapVersion;
use super::respond::{escape, wrap};

/// The WS-Security namespace, bound to `q0` in authentication faults as the
/// live service (WSE 3.0) did.
const WSSE_NS: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";

/// What went wrong, by the fault code the client sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FaultCode {
    /// `q0:FailedAuthentication`: unknown user or wrong token.
    FailedAuthentication,
    /// `soap:Client.UserQuotaExceeded`, with the wait in the detail.
    QuotaExceeded { wait_seconds: u64 },
    /// `soap:Server.FacsimileNotFoundOrUnavailable`.
    FacsimileNotFound,
    /// `soap:Client`: the request is wrong.
    Client,
}

/// A fault ready to send.
#[derive(Debug, Clone)]
pub(crate) struct SoapFault {
    pub(crate) code: FaultCode,
    pub(crate) text: String,
}

impl SoapFault {
    pub(crate) fn client(text: impl Into<String>) -> Self {
        Self {
            code: FaultCode::Client,
            text: text.into(),
        }
    }

    pub(crate) fn failed_authentication(inner: &str) -> Self {
        Self {
            code: FaultCode::FailedAuthentication,
            text: format!(
                "The security token could not be authenticated or authorized ---> \
                 System.Exception: {inner}"
            ),
        }
    }

    pub(crate) fn quota(wait_seconds: u64) -> Self {
        Self {
            code: FaultCode::QuotaExceeded { wait_seconds },
            text: format!("User quota exceeded. Retry in {wait_seconds} seconds."),
        }
    }

    pub(crate) fn not_found(text: String) -> Self {
        Self {
            code: FaultCode::FacsimileNotFound,
            text,
        }
    }

    /// The fault code as written in a SOAP 1.1 `faultcode`, also recorded
    /// in the journal.
    pub(crate) fn code_text(&self) -> &'static str {
        match self.code {
            FaultCode::FailedAuthentication => "q0:FailedAuthentication",
            FaultCode::QuotaExceeded { .. } => "soap:Client.UserQuotaExceeded",
            FaultCode::FacsimileNotFound => "soap:Server.FacsimileNotFoundOrUnavailable",
            FaultCode::Client => "soap:Client",
        }
    }

    /// The envelope holding the fault.
    pub(crate) fn render(&self, version: SoapVersion) -> String {
        let text = escape(&self.text);
        let namespaces = match self.code {
            FaultCode::FailedAuthentication => format!(" xmlns:q0=\"{WSSE_NS}\""),
            _ => String::new(),
        };
        let wait = match self.code {
            FaultCode::QuotaExceeded { wait_seconds } => Some(wait_seconds),
            _ => None,
        };

        let fault = match version {
            SoapVersion::V11 => {
                let detail = wait.map_or_else(
                    || "<detail />".to_owned(),
                    |seconds| format!("<detail WaitTime=\"{seconds}\" />"),
                );
                format!(
                    "<soap:Fault{namespaces}><faultcode>{}</faultcode><faultstring>{text}</faultstring>{detail}</soap:Fault>",
                    self.code_text()
                )
            }
            SoapVersion::V12 => {
                let (outer, subcode) = self.soap12_codes();
                let detail = wait.map_or_else(String::new, |seconds| {
                    format!("<soap:Detail WaitTime=\"{seconds}\" />")
                });
                format!(
                    "<soap:Fault{namespaces}><soap:Code><soap:Value>{outer}</soap:Value>\
                     <soap:Subcode><soap:Value>{subcode}</soap:Value></soap:Subcode></soap:Code>\
                     <soap:Reason><soap:Text xml:lang=\"en\">{text}</soap:Text></soap:Reason>{detail}</soap:Fault>"
                )
            }
        };
        wrap(version, &fault)
    }

    /// SOAP 1.2 splits the code: `Sender`/`Receiver`, then the specific
    /// subcode with the same local name as the 1.1 code.
    fn soap12_codes(&self) -> (&'static str, &'static str) {
        match self.code {
            FaultCode::FailedAuthentication => ("soap:Sender", "q0:FailedAuthentication"),
            FaultCode::QuotaExceeded { .. } => ("soap:Sender", "soap:Client.UserQuotaExceeded"),
            FaultCode::FacsimileNotFound => (
                "soap:Receiver",
                "soap:Server.FacsimileNotFoundOrUnavailable",
            ),
            FaultCode::Client => ("soap:Sender", "soap:Client"),
        }
    }
}
