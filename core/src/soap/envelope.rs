//! Writing SOAP request envelopes, with the WS-Security user name token.
//!
//! The envelope is written with quick-xml's `Writer`, which escapes every
//! value; nothing is pasted into a template string. The operation element
//! declares the service namespace as its default namespace, so it and every
//! parameter child are namespace-qualified, the way .NET clients of the
//! service wrote them.

use std::fmt;
use std::io;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use bytes::Bytes;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use sha1::{Digest as _, Sha1};

use crate::config::SoapVersion;
use crate::error::{Error, Result};

use super::operation::{Arguments, Operation, SERVICE_NAMESPACE};

/// Namespace of the SOAP 1.1 envelope.
pub const SOAP11_NAMESPACE: &str = "http://schemas.xmlsoap.org/soap/envelope/";
/// Namespace of the SOAP 1.2 envelope.
pub const SOAP12_NAMESPACE: &str = "http://www.w3.org/2003/05/soap-envelope";
/// Namespace of the WS-Security extension elements (`wsse:`).
pub const WSSE_NAMESPACE: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
/// Namespace of the WS-Security utility elements (`wsu:`).
pub const WSU_NAMESPACE: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
/// `Type` of a password sent as plain text.
pub const PASSWORD_TEXT_TYPE: &str = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText";
/// `Type` of a password sent as a digest.
pub const PASSWORD_DIGEST_TYPE: &str = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest";
/// `EncodingType` of a base64 nonce.
pub const BASE64_ENCODING_TYPE: &str = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary";

/// The envelope namespace of a SOAP version.
pub const fn envelope_namespace(version: SoapVersion) -> &'static str {
    match version {
        SoapVersion::V1_1 => SOAP11_NAMESPACE,
        SoapVersion::V1_2 => SOAP12_NAMESPACE,
    }
}

/// How the security token travels in the `wsse:Password` element.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub enum PasswordEncoding<'a> {
    /// The token itself, `Type` PasswordText, no nonce and no timestamp: what
    /// clients of the service sent for years. The default.
    #[default]
    Text,
    /// `Base64(SHA-1(nonce + created + token))`, `Type` PasswordDigest, with
    /// the nonce and creation time beside it, as FFIEC's sample client sent it.
    Digest {
        /// Random bytes, fresh for every request.
        nonce: &'a [u8],
        /// Creation time, such as `2026-03-01T12:00:00Z`.
        created: &'a str,
    },
}

impl fmt::Debug for PasswordEncoding<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PasswordEncoding::Text => f.write_str("Text"),
            PasswordEncoding::Digest { nonce, created } => f
                .debug_struct("Digest")
                .field("nonce_len", &nonce.len())
                .field("created", created)
                .finish(),
        }
    }
}

/// The WS-Security user name token of one request.
///
/// Its `Debug` shows the user name only; the token never appears.
#[derive(Clone, Copy)]
pub struct UsernameToken<'a> {
    username: &'a str,
    token: &'a str,
    encoding: PasswordEncoding<'a>,
}

impl<'a> UsernameToken<'a> {
    /// A token for `username` whose password is the account's security
    /// `token`, sent as `encoding`.
    pub fn new(username: &'a str, token: &'a str, encoding: PasswordEncoding<'a>) -> Self {
        UsernameToken {
            username,
            token,
            encoding,
        }
    }
}

impl fmt::Debug for UsernameToken<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UsernameToken")
            .field("username", &self.username)
            .field("token", &"<redacted>")
            .field("encoding", &self.encoding)
            .finish()
    }
}

/// A ready SOAP request: the headers that carry the action and the body.
///
/// Its `Debug` shows the body's length, never the body: it holds the token.
#[derive(Clone)]
pub struct SoapRequest {
    content_type: String,
    soap_action: Option<String>,
    body: Bytes,
}

impl SoapRequest {
    /// The `Content-Type` header value.
    pub fn content_type(&self) -> &str {
        &self.content_type
    }

    /// The `SOAPAction` header value, quoted, for SOAP 1.1; `None` for 1.2,
    /// which carries the action in the content type.
    pub fn soap_action(&self) -> Option<&str> {
        self.soap_action.as_deref()
    }

    /// The envelope. Cheap to clone, so a retry resends the same bytes.
    pub fn body(&self) -> &Bytes {
        &self.body
    }
}

impl fmt::Debug for SoapRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SoapRequest")
            .field("content_type", &self.content_type)
            .field("soap_action", &self.soap_action)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// Builds the request for `operation` with `arguments`, authenticated by
/// `token`.
///
/// # Example
///
/// ```
/// use ffiec_core::config::SoapVersion;
/// use ffiec_core::soap::{
///     Arguments, Operation, Param, PasswordEncoding, UsernameToken, build_request,
/// };
///
/// let arguments = Arguments::new().with(Param::DataSeries, "Call");
/// let token = UsernameToken::new("alice", "token-value", PasswordEncoding::Text);
/// let request = build_request(
///     SoapVersion::V1_1,
///     Operation::RetrieveReportingPeriods,
///     &arguments,
///     &token,
/// )?;
/// assert_eq!(request.content_type(), "text/xml; charset=utf-8");
/// assert_eq!(
///     request.soap_action(),
///     Some("\"http://cdr.ffiec.gov/public/services/RetrieveReportingPeriods\"")
/// );
/// # Ok::<(), ffiec_core::Error>(())
/// ```
///
/// # Errors
///
/// A validation error when `arguments` do not fit the operation (missing
/// required or unexpected parameters) or a value holds a character XML
/// cannot carry.
pub fn build_request(
    version: SoapVersion,
    operation: Operation,
    arguments: &Arguments,
    token: &UsernameToken<'_>,
) -> Result<SoapRequest> {
    operation.check_arguments(arguments, false)?;
    check_xml_chars(operation, "user name", token.username)?;
    check_xml_chars(operation, "security token", token.token)?;
    for (param, value) in arguments.in_order(operation) {
        check_xml_chars(operation, param.soap_name(), value)?;
    }

    let body = write_envelope(version, operation, arguments, token).map_err(|source| {
        Error::validation(format!("{operation}: writing the SOAP envelope failed"))
            .with_source(source)
    })?;

    let action = operation.soap_action();
    let (content_type, soap_action) = match version {
        SoapVersion::V1_1 => (
            "text/xml; charset=utf-8".to_owned(),
            Some(format!("\"{action}\"")),
        ),
        SoapVersion::V1_2 => (
            format!("application/soap+xml; charset=utf-8; action=\"{action}\""),
            None,
        ),
    };

    Ok(SoapRequest {
        content_type,
        soap_action,
        body: Bytes::from(body),
    })
}

fn write_envelope(
    version: SoapVersion,
    operation: Operation,
    arguments: &Arguments,
    token: &UsernameToken<'_>,
) -> io::Result<Vec<u8>> {
    let mut writer = Writer::new(Vec::with_capacity(1024));
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;

    writer
        .create_element("soap:Envelope")
        .with_attribute(("xmlns:soap", envelope_namespace(version)))
        .write_inner_content(|writer| {
            writer
                .create_element("soap:Header")
                .write_inner_content(|writer| write_security(writer, token))?;
            writer
                .create_element("soap:Body")
                .write_inner_content(|writer| write_operation(writer, operation, arguments))?;
            Ok(())
        })?;

    Ok(writer.into_inner())
}

// No `mustUnderstand`: the service never asked for it, and the clients that
// worked against it for years (zeep among them) did not send it.
fn write_security(writer: &mut Writer<Vec<u8>>, token: &UsernameToken<'_>) -> io::Result<()> {
    let mut security = writer
        .create_element("wsse:Security")
        .with_attribute(("xmlns:wsse", WSSE_NAMESPACE));
    if matches!(token.encoding, PasswordEncoding::Digest { .. }) {
        security = security.with_attribute(("xmlns:wsu", WSU_NAMESPACE));
    }

    security.write_inner_content(|writer| {
        writer
            .create_element("wsse:UsernameToken")
            .write_inner_content(|writer| {
                writer
                    .create_element("wsse:Username")
                    .write_text_content(BytesText::new(token.username))?;

                match token.encoding {
                    PasswordEncoding::Text => {
                        writer
                            .create_element("wsse:Password")
                            .with_attribute(("Type", PASSWORD_TEXT_TYPE))
                            .write_text_content(BytesText::new(token.token))?;
                    }
                    PasswordEncoding::Digest { nonce, created } => {
                        let digest = password_digest(nonce, created, token.token);
                        writer
                            .create_element("wsse:Password")
                            .with_attribute(("Type", PASSWORD_DIGEST_TYPE))
                            .write_text_content(BytesText::new(&digest))?;
                        writer
                            .create_element("wsse:Nonce")
                            .with_attribute(("EncodingType", BASE64_ENCODING_TYPE))
                            .write_text_content(BytesText::new(&BASE64.encode(nonce)))?;
                        writer
                            .create_element("wsu:Created")
                            .write_text_content(BytesText::new(created))?;
                    }
                }
                Ok(())
            })?;
        Ok(())
    })?;
    Ok(())
}

fn write_operation(
    writer: &mut Writer<Vec<u8>>,
    operation: Operation,
    arguments: &Arguments,
) -> io::Result<()> {
    let element = writer
        .create_element(operation.name())
        .with_attribute(("xmlns", SERVICE_NAMESPACE));
    if operation.params().is_empty() {
        element.write_empty()?;
        return Ok(());
    }

    element.write_inner_content(|writer| {
        for (param, value) in arguments.in_order(operation) {
            writer
                .create_element(param.soap_name())
                .write_text_content(BytesText::new(value))?;
        }
        Ok(())
    })?;
    Ok(())
}

/// The WS-Security password digest: `Base64(SHA-1(nonce + created + token))`.
///
/// ```
/// use ffiec_core::soap::password_digest;
///
/// // 28 characters: the base64 of a 20-byte SHA-1.
/// assert_eq!(password_digest(b"nonce", "2026-03-01T12:00:00Z", "secret").len(), 28);
/// ```
pub fn password_digest(nonce: &[u8], created: &str, token: &str) -> String {
    let mut hasher = Sha1::new();
    hasher.update(nonce);
    hasher.update(created.as_bytes());
    hasher.update(token.as_bytes());
    BASE64.encode(hasher.finalize())
}

/// Refuses characters that XML 1.0 cannot carry even escaped (NUL and the
/// other C0 controls but tab, line feed and carriage return), naming the
/// field but never its value, which may be the token.
fn check_xml_chars(operation: Operation, field: &str, value: &str) -> Result<()> {
    let forbidden = value
        .chars()
        .any(|c| c.is_control() && (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r'));
    if forbidden {
        return Err(Error::validation(format!(
            "{operation}: {field} holds a control character that XML cannot carry"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::soap::operation::Param;

    fn text(request: &SoapRequest) -> &str {
        std::str::from_utf8(request.body()).unwrap()
    }

    #[test]
    fn soap11_password_text_envelope_is_exactly_as_expected() {
        let arguments = Arguments::new()
            .with(Param::FacsimileFormat, "XBRL")
            .with(Param::FiId, "480228")
            .with(Param::FiIdType, "ID_RSSD")
            .with(Param::ReportingPeriodEndDate, "6/30/2026")
            .with(Param::DataSeries, "Call");
        let token = UsernameToken::new("alice", "ey.tok", PasswordEncoding::Text);
        let request = build_request(
            SoapVersion::V1_1,
            Operation::RetrieveFacsimile,
            &arguments,
            &token,
        )
        .unwrap();

        let expected = concat!(
            r#"<?xml version="1.0" encoding="utf-8"?>"#,
            r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">"#,
            r#"<soap:Header>"#,
            r#"<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">"#,
            r#"<wsse:UsernameToken>"#,
            r#"<wsse:Username>alice</wsse:Username>"#,
            r#"<wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText">ey.tok</wsse:Password>"#,
            r#"</wsse:UsernameToken>"#,
            r#"</wsse:Security>"#,
            r#"</soap:Header>"#,
            r#"<soap:Body>"#,
            r#"<RetrieveFacsimile xmlns="http://cdr.ffiec.gov/public/services">"#,
            r#"<dataSeries>Call</dataSeries>"#,
            r#"<reportingPeriodEndDate>6/30/2026</reportingPeriodEndDate>"#,
            r#"<fiIDType>ID_RSSD</fiIDType>"#,
            r#"<fiID>480228</fiID>"#,
            r#"<facsimileFormat>XBRL</facsimileFormat>"#,
            r#"</RetrieveFacsimile>"#,
            r#"</soap:Body>"#,
            r#"</soap:Envelope>"#,
        );
        assert_eq!(text(&request), expected);
        assert_eq!(request.content_type(), "text/xml; charset=utf-8");
        assert_eq!(
            request.soap_action(),
            Some("\"http://cdr.ffiec.gov/public/services/RetrieveFacsimile\"")
        );
    }

    #[test]
    fn optional_children_are_left_out_and_empty_operations_are_empty_elements() {
        let token = UsernameToken::new("u", "t", PasswordEncoding::Text);
        let arguments = Arguments::new().with(Param::DataSeries, "Call");
        let request = build_request(
            SoapVersion::V1_1,
            Operation::RetrieveFilersSinceDate,
            &arguments,
            &token,
        )
        .unwrap();
        assert!(text(&request).contains(
            r#"<soap:Body><RetrieveFilersSinceDate xmlns="http://cdr.ffiec.gov/public/services"><dataSeries>Call</dataSeries></RetrieveFilersSinceDate></soap:Body>"#
        ));
        assert!(!text(&request).contains("reportingPeriodEndDate"));

        let request = build_request(
            SoapVersion::V1_1,
            Operation::TestUserAccess,
            &Arguments::new(),
            &token,
        )
        .unwrap();
        assert!(text(&request).contains(
            r#"<soap:Body><TestUserAccess xmlns="http://cdr.ffiec.gov/public/services"/></soap:Body>"#
        ));
    }

    #[test]
    fn soap12_uses_its_namespace_and_carries_the_action_in_the_content_type() {
        let token = UsernameToken::new("u", "t", PasswordEncoding::Text);
        let request = build_request(
            SoapVersion::V1_2,
            Operation::RetrieveUbprReportingPeriods,
            &Arguments::new(),
            &token,
        )
        .unwrap();
        assert_eq!(
            request.content_type(),
            "application/soap+xml; charset=utf-8; \
             action=\"http://cdr.ffiec.gov/public/services/RetrieveUBPRReportingPeriods\""
        );
        assert_eq!(request.soap_action(), None);
        assert!(text(&request).starts_with(
            r#"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope">"#
        ));
    }

    #[test]
    fn values_are_escaped_by_the_writer() {
        let token = UsernameToken::new("a<b&c", "t\"o'k>", PasswordEncoding::Text);
        let arguments = Arguments::new().with(Param::DataSeries, "Call&<x>");
        let request = build_request(
            SoapVersion::V1_1,
            Operation::RetrieveReportingPeriods,
            &arguments,
            &token,
        )
        .unwrap();
        let body = text(&request);
        assert!(body.contains("<wsse:Username>a&lt;b&amp;c</wsse:Username>"));
        assert!(body.contains(">t&quot;o&apos;k&gt;</wsse:Password>"));
        assert!(body.contains("<dataSeries>Call&amp;&lt;x&gt;</dataSeries>"));
    }

    // Known answer worked out by hand outside this code base:
    // SHA-1("0123456789abcdef" + "2026-03-01T12:00:00Z" + "ey.secret.")
    // = 2ecd352b596fdcc95d7b117f0fe6e69d5457aa70, whose base64 is below.
    #[test]
    fn password_digest_matches_the_known_answer() {
        assert_eq!(
            password_digest(b"0123456789abcdef", "2026-03-01T12:00:00Z", "ey.secret."),
            DIGEST_KNOWN_ANSWER
        );
    }

    const DIGEST_KNOWN_ANSWER: &str = "Ls01K1lv3MldexF/D+bmnVRXqnA=";

    #[test]
    fn password_digest_envelope_carries_nonce_and_created_and_not_the_token() {
        let encoding = PasswordEncoding::Digest {
            nonce: b"0123456789abcdef",
            created: "2026-03-01T12:00:00Z",
        };
        let token = UsernameToken::new("alice", "ey.secret.", encoding);
        let request = build_request(
            SoapVersion::V1_1,
            Operation::TestUserAccess,
            &Arguments::new(),
            &token,
        )
        .unwrap();

        let expected_header = format!(
            concat!(
                r#"<soap:Header>"#,
                r#"<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">"#,
                r#"<wsse:UsernameToken>"#,
                r#"<wsse:Username>alice</wsse:Username>"#,
                r#"<wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest">{digest}</wsse:Password>"#,
                r#"<wsse:Nonce EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary">MDEyMzQ1Njc4OWFiY2RlZg==</wsse:Nonce>"#,
                r#"<wsu:Created>2026-03-01T12:00:00Z</wsu:Created>"#,
                r#"</wsse:UsernameToken>"#,
                r#"</wsse:Security>"#,
                r#"</soap:Header>"#,
            ),
            digest = DIGEST_KNOWN_ANSWER
        );
        assert!(
            text(&request).contains(&expected_header),
            "{}",
            text(&request)
        );
        assert!(!text(&request).contains("ey.secret."));
    }

    #[test]
    fn control_characters_are_refused_without_echoing_the_value() {
        let token = UsernameToken::new("alice", "ey\u{0}secret", PasswordEncoding::Text);
        let error = build_request(
            SoapVersion::V1_1,
            Operation::TestUserAccess,
            &Arguments::new(),
            &token,
        )
        .unwrap_err();
        assert!(error.is_validation());
        assert_eq!(
            error.context(),
            "TestUserAccess: security token holds a control character that XML cannot carry"
        );
    }

    #[test]
    fn debug_output_hides_the_token_and_the_body() {
        let token = UsernameToken::new("alice", "ey.secret.", PasswordEncoding::Text);
        assert!(!format!("{token:?}").contains("ey.secret."));
        assert!(format!("{token:?}").contains("alice"));

        let request = build_request(
            SoapVersion::V1_1,
            Operation::TestUserAccess,
            &Arguments::new(),
            &token,
        )
        .unwrap();
        let debug = format!("{request:?}");
        assert!(!debug.contains("ey.secret."));
        assert!(debug.contains("body_len"));
    }
}
