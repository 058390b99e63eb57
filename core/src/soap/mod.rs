//! The SOAP wire codec of the CDR retrieval service.
//!
//! Pure functions, no I/O: [`build_request`] turns an [`Operation`] and its
//! [`Arguments`] into the headers and envelope to POST, and
//! [`decode_response`] turns what came back into a [`Reply`] or the
//! [`Error`](crate::Error) a fault means. The [`Operation`] table, the raw
//! result types and the [`Reply`] are shared with the REST codec
//! ([`crate::rest`]), which carries the same WSDL types as JSON.
//!
//! # Example
//!
//! ```
//! use ffiec_core::config::SoapVersion;
//! use ffiec_core::soap::{
//!     Arguments, Operation, Param, PasswordEncoding, UsernameToken, build_request,
//!     decode_response,
//! };
//!
//! let operation = Operation::RetrieveReportingPeriods;
//! let arguments = Arguments::new().with(Param::DataSeries, "Call");
//! let token = UsernameToken::new("alice", "token-value", PasswordEncoding::Text);
//! let request = build_request(SoapVersion::V1_1, operation, &arguments, &token)?;
//! assert!(request.body().starts_with(b"<?xml"));
//!
//! let answer = br#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
//!   <soap:Body><RetrieveReportingPeriodsResponse xmlns="http://cdr.ffiec.gov/public/services">
//!     <RetrieveReportingPeriodsResult><string>6/30/2025</string></RetrieveReportingPeriodsResult>
//!   </RetrieveReportingPeriodsResponse></soap:Body>
//! </soap:Envelope>"#;
//! let periods = decode_response(operation, 200, answer, &[])?.into_strings(operation)?;
//! assert_eq!(periods, ["6/30/2025"]);
//! # Ok::<(), ffiec_core::Error>(())
//! ```

mod envelope;
mod fault;
mod operation;
mod pull;
mod redact;
mod reply;
mod response;

pub use envelope::{
    BASE64_ENCODING_TYPE, PASSWORD_DIGEST_TYPE, PASSWORD_TEXT_TYPE, PasswordEncoding,
    SOAP11_NAMESPACE, SOAP12_NAMESPACE, SoapRequest, UsernameToken, WSSE_NAMESPACE, WSU_NAMESPACE,
    build_request, envelope_namespace, password_digest,
};
pub use fault::{Fault, parse_time_span};
pub use operation::{Arguments, Operation, Param, ParamSpec, ReplyShape, SERVICE_NAMESPACE};
pub use reply::{RawSubmission, Reply};
pub use response::{decode_response, decode_response_with_limits};

pub(crate) use fault::clean_service_text;
pub(crate) use redact::redact;
pub(crate) use reply::{UTF8_BOM, strip_bom};
pub(crate) use response::{looks_like_html, redirect_error};
