//! Decoding SOAP responses into [`Reply`] values or errors.
//!
//! The envelope is read as a stream: the `Header` is skipped, the first
//! element of the `Body` is either a `Fault` (in the envelope's namespace)
//! or `<Operation>Response` (in the service namespace), and only the
//! `<Operation>Result` inside it is decoded. Both SOAP 1.1 and 1.2
//! envelopes are accepted whatever version was asked for.

use std::collections::HashMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use crate::error::{Error, ErrorKind, Result};
use crate::model::WireInstitution;
use crate::xml_limits::XmlLimits;

use super::envelope::{SOAP11_NAMESPACE, SOAP12_NAMESPACE};
use super::fault::{clean_service_text, read_fault};
use super::operation::{Operation, ReplyShape, SERVICE_NAMESPACE};
use super::pull::Pull;
use super::reply::{RawSubmission, Reply, strip_bom};

/// What the body of an envelope held.
enum Outcome {
    Reply(Reply),
    Fault(super::fault::Fault),
}

/// Decodes the response to `operation` that arrived with `http_status`.
///
/// A fault becomes the error it means; a non-2xx status without a fault
/// becomes an error of that status (an HTML page on 401 or 403 is a
/// firewall refusal). Each of `secrets` is redacted from any service text
/// copied into an error.
///
/// # Example
///
/// ```
/// use ffiec_core::soap::{Operation, decode_response};
///
/// let body = br#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
///   <soap:Body>
///     <TestUserAccessResponse xmlns="http://cdr.ffiec.gov/public/services">
///       <TestUserAccessResult>true</TestUserAccessResult>
///     </TestUserAccessResponse>
///   </soap:Body>
/// </soap:Envelope>"#;
/// let reply = decode_response(Operation::TestUserAccess, 200, body, &[])?;
/// assert!(reply.into_bool(Operation::TestUserAccess)?);
/// # Ok::<(), ffiec_core::Error>(())
/// ```
///
/// # Errors
///
/// The fault's error (authentication, quota, not found, validation,
/// server); a status error; a malformed-response error for XML that is not
/// well-formed, has a DOCTYPE, or lacks the expected elements; a
/// limit-exceeded error for nesting past the parser's bound.
pub fn decode_response(
    operation: Operation,
    http_status: u16,
    body: &[u8],
    secrets: &[&str],
) -> Result<Reply> {
    decode_response_with_limits(operation, http_status, body, secrets, &XmlLimits::default())
}

/// Like [`decode_response`], but reads the envelope within `limits`
/// instead of the default ones. The client passes its configured
/// `max_response_bytes` this way: an envelope carries a document in
/// base64, a third larger than the document itself, so a client set to
/// accept large facsimiles must not be held to the default 64 MiB here.
///
/// # Errors
///
/// As [`decode_response`]; a limit-exceeded error when `body` is larger
/// than `limits` allow.
pub fn decode_response_with_limits(
    operation: Operation,
    http_status: u16,
    body: &[u8],
    secrets: &[&str],
    limits: &XmlLimits,
) -> Result<Reply> {
    let success = (200..300).contains(&http_status);
    let parsed = read_envelope(operation, body, limits);

    match parsed {
        Ok(Outcome::Fault(fault)) => Err(fault.into_error(operation, http_status, secrets)),
        Ok(Outcome::Reply(reply)) if success => Ok(reply),
        Err(error) if success => Err(error),
        _ => Err(status_error(operation, http_status, body, secrets)),
    }
}

fn read_envelope(operation: Operation, body: &[u8], limits: &XmlLimits) -> Result<Outcome> {
    let mut pull = Pull::new(body, limits, label(operation))?;

    let root = pull
        .next_child()?
        .ok_or_else(|| pull.malformed("empty document"))?;
    let envelope_namespace = match root.namespace() {
        Some(namespace @ (SOAP11_NAMESPACE | SOAP12_NAMESPACE)) if root.local() == "Envelope" => {
            namespace.to_owned()
        }
        _ => {
            return Err(pull.malformed(format!(
                "root element is <{}>, not a SOAP Envelope",
                root.local()
            )));
        }
    };

    loop {
        let child = pull
            .next_child()?
            .ok_or_else(|| pull.malformed("the envelope has no Body"))?;
        if child.is(&envelope_namespace, "Body") {
            break;
        }
        pull.skip()?;
    }

    let content = pull
        .next_child()?
        .ok_or_else(|| pull.malformed("the Body is empty"))?;
    if content.is(&envelope_namespace, "Fault") {
        return read_fault(&mut pull).map(Outcome::Fault);
    }
    let response_name = format!("{}Response", operation.name());
    if !content.is(SERVICE_NAMESPACE, &response_name) {
        return Err(pull.malformed(format!(
            "expected <{response_name}> in the service namespace, found <{}>",
            content.local()
        )));
    }

    let result_name = format!("{}Result", operation.name());
    while let Some(child) = pull.next_child()? {
        if child.is(SERVICE_NAMESPACE, &result_name) {
            return read_result(&mut pull, operation).map(Outcome::Reply);
        }
        pull.skip()?;
    }
    absent_result(operation, &result_name).map(Outcome::Reply)
}

/// The name of an operation's response in errors; static because the
/// guarded reader keeps it for its own messages.
fn label(operation: Operation) -> &'static str {
    match operation {
        Operation::TestUserAccess => "TestUserAccess response",
        Operation::RetrieveReportingPeriods => "RetrieveReportingPeriods response",
        Operation::RetrievePanelOfReporters => "RetrievePanelOfReporters response",
        Operation::RetrieveFilersSubmissionDateTime => "RetrieveFilersSubmissionDateTime response",
        Operation::RetrieveFilersSinceDate => "RetrieveFilersSinceDate response",
        Operation::RetrieveFacsimile => "RetrieveFacsimile response",
        Operation::RetrieveUbprReportingPeriods => "RetrieveUBPRReportingPeriods response",
        Operation::RetrieveUbprXbrlFacsimile => "RetrieveUBPRXBRLFacsimile response",
    }
}

/// `minOccurs="0"` results: .NET leaves out a null array or document.
fn absent_result(operation: Operation, result_name: &str) -> Result<Reply> {
    match operation.reply_shape() {
        ReplyShape::Bool => Err(Error::malformed(format!(
            "{operation} response: <{result_name}> is missing"
        ))),
        ReplyShape::Strings => Ok(Reply::Strings(Vec::new())),
        ReplyShape::Institutions => Ok(Reply::Institutions(Vec::new())),
        ReplyShape::Submissions => Ok(Reply::Submissions(Vec::new())),
        ReplyShape::Ints => Ok(Reply::Ints(Vec::new())),
        ReplyShape::Document => Err(no_document(operation)),
    }
}

fn read_result(pull: &mut Pull<'_>, operation: Operation) -> Result<Reply> {
    match operation.reply_shape() {
        ReplyShape::Bool => {
            let text = pull.text()?;
            parse_bool(text.trim())
                .map(Reply::Bool)
                .ok_or_else(|| pull.malformed(format!("\"{}\" is not a boolean", text.trim())))
        }
        ReplyShape::Strings => read_items(pull, "string", |pull| pull.text()).map(Reply::Strings),
        ReplyShape::Ints => read_items(pull, "int", |pull| {
            let text = pull.text()?;
            parse_int(pull, "int", &text)
        })
        .map(Reply::Ints),
        ReplyShape::Institutions => {
            read_items(pull, "ReportingFinancialInstitution", read_institution)
                .map(Reply::Institutions)
        }
        ReplyShape::Submissions => {
            read_items(pull, "RetrieveFilersDateTime", read_submission).map(Reply::Submissions)
        }
        ReplyShape::Document => read_document(pull, operation).map(Reply::Document),
    }
}

/// Reads every `item` child of the result element with `read_one`,
/// skipping nil items and foreign elements.
fn read_items<T>(
    pull: &mut Pull<'_>,
    item: &str,
    mut read_one: impl FnMut(&mut Pull<'_>) -> Result<T>,
) -> Result<Vec<T>> {
    let mut items = Vec::new();
    while let Some(child) = pull.next_child()? {
        if child.is(SERVICE_NAMESPACE, item) && !child.is_nil() {
            items.push(read_one(pull)?);
        } else {
            pull.skip()?;
        }
    }
    Ok(items)
}

/// The text of each field child, by local name; nil fields are absent.
fn read_fields(pull: &mut Pull<'_>) -> Result<HashMap<String, String>> {
    let mut fields = HashMap::new();
    while let Some(child) = pull.next_child()? {
        if child.namespace() == Some(SERVICE_NAMESPACE) && !child.is_nil() {
            fields.insert(child.local().to_owned(), pull.text()?);
        } else {
            pull.skip()?;
        }
    }
    Ok(fields)
}

fn read_institution(pull: &mut Pull<'_>) -> Result<WireInstitution> {
    let mut fields = read_fields(pull)?;
    let int = |pull: &Pull<'_>, name: &str| match fields.get(name) {
        Some(text) => parse_int(pull, name, text),
        None => Ok(0),
    };

    let id_rssd = match fields.get("ID_RSSD") {
        Some(text) => parse_int(pull, "ID_RSSD", text)?,
        None => return Err(pull.malformed("an institution has no ID_RSSD")),
    };
    let has_filed = match fields.get("HasFiledForReportingPeriod") {
        Some(text) => parse_bool(text.trim()).ok_or_else(|| {
            pull.malformed(format!(
                "HasFiledForReportingPeriod \"{}\" is not a boolean",
                text.trim()
            ))
        })?,
        None => false,
    };

    Ok(WireInstitution {
        id_rssd: id_rssd.into(),
        fdic_cert: int(pull, "FDICCertNumber")?.into(),
        occ_chart: int(pull, "OCCChartNumber")?.into(),
        ots_dock: int(pull, "OTSDockNumber")?.into(),
        aba_routing: int(pull, "PrimaryABARoutNumber")?.into(),
        zip: int(pull, "ZIP")?.into(),
        name: fields.remove("Name").unwrap_or_default(),
        state: fields.remove("State").unwrap_or_default(),
        city: fields.remove("City").unwrap_or_default(),
        address: fields.remove("Address").unwrap_or_default(),
        filing_type: fields.remove("FilingType").unwrap_or_default(),
        has_filed_for_period: has_filed,
    })
}

fn read_submission(pull: &mut Pull<'_>) -> Result<RawSubmission> {
    let mut fields = read_fields(pull)?;
    let id_rssd = match fields.get("ID_RSSD") {
        Some(text) => parse_int(pull, "ID_RSSD", text)?,
        None => return Err(pull.malformed("a submission has no ID_RSSD")),
    };
    Ok(RawSubmission {
        id_rssd,
        date_time: fields.remove("DateTime"),
    })
}

/// `base64Binary`, possibly wrapped over many lines, decoded; a leading
/// byte-order mark of the decoded document removed.
fn read_document(pull: &mut Pull<'_>, operation: Operation) -> Result<Vec<u8>> {
    let mut text = pull.text()?;
    text.retain(|c| !c.is_ascii_whitespace());
    if text.is_empty() {
        return Err(no_document(operation));
    }
    let bytes = BASE64.decode(text.as_bytes()).map_err(|source| {
        pull.malformed("the document is not valid base64")
            .with_source(source)
    })?;
    Ok(strip_bom(bytes))
}

fn no_document(operation: Operation) -> Error {
    Error::new(
        ErrorKind::NotFound,
        format!("{operation}: the service returned no document"),
    )
}

fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

fn parse_int(pull: &Pull<'_>, field: &str, text: &str) -> Result<i32> {
    text.trim().parse::<i32>().map_err(|source| {
        pull.malformed(format!(
            "{field} \"{}\" is not a 32-bit integer",
            text.trim()
        ))
        .with_source(source)
    })
}

/// The error of a non-2xx answer that carried no SOAP fault.
fn status_error(operation: Operation, status: u16, body: &[u8], secrets: &[&str]) -> Error {
    if (300..400).contains(&status) {
        return redirect_error(operation, status);
    }
    if matches!(status, 401 | 403) && looks_like_html(body) {
        return Error::new(
            ErrorKind::Firewall { status },
            format!("{operation}: HTTP {status} with an HTML page instead of a SOAP answer"),
        );
    }

    let kind = match status {
        401 | 403 => ErrorKind::Authentication,
        404 => ErrorKind::NotFound,
        // The proxy, not the service, refused: its credentials are wrong.
        407 => ErrorKind::Transport,
        429 => ErrorKind::Quota { wait: None },
        400..=499 => ErrorKind::Validation,
        _ => ErrorKind::Server {
            status: Some(status),
            code: None,
        },
    };
    let excerpt = clean_service_text(&String::from_utf8_lossy(body), secrets);
    let detail = if excerpt.is_empty() || looks_like_html(body) {
        "no SOAP fault in the answer".to_owned()
    } else {
        format!("no SOAP fault in the answer: {excerpt}")
    };
    Error::new(kind, format!("{operation}: HTTP {status}, {detail}"))
}

/// The error for a 3xx answer. The HTTP client follows no redirect (the
/// REST token travels in a header that a redirect would carry to the new
/// host), and asking again cannot help: the endpoint has to change.
pub(crate) fn redirect_error(operation: Operation, status: u16) -> Error {
    Error::validation(format!(
        "{operation}: HTTP {status}, a redirect; redirects are not followed, so set the \
         endpoint to the address the service answers at"
    ))
}

/// True when `body` starts (after white space) like an HTML page.
pub(crate) fn looks_like_html(body: &[u8]) -> bool {
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(body.len());
    let head: Vec<u8> = body[start..]
        .iter()
        .take(14)
        .map(u8::to_ascii_lowercase)
        .collect();
    head.starts_with(b"<!doctype html") || head.starts_with(b"<html")
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    const SOAP11: &str = "http://schemas.xmlsoap.org/soap/envelope/";
    const SOAP12: &str = "http://www.w3.org/2003/05/soap-envelope";

    fn envelope(namespace: &str, body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="{namespace}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soap:Header><x:Junk xmlns:x="urn:x"><y/></x:Junk></soap:Header><soap:Body>{body}</soap:Body></soap:Envelope>"#
        )
    }

    fn response(operation: Operation, result: &str) -> String {
        let name = operation.name();
        envelope(
            SOAP11,
            &format!(
                r#"<{name}Response xmlns="http://cdr.ffiec.gov/public/services">{result}</{name}Response>"#
            ),
        )
    }

    fn decode(operation: Operation, xml: &str) -> Result<Reply> {
        decode_response(operation, 200, xml.as_bytes(), &[])
    }

    #[test]
    fn the_caller_s_input_limit_applies_not_the_default() {
        // Trailing white space after the envelope: past the 64 MiB default,
        // yet cheap to decode, since reading stops at the result.
        let mut body = response(
            Operation::TestUserAccess,
            "<TestUserAccessResult>true</TestUserAccessResult>",
        )
        .into_bytes();
        body.resize(XmlLimits::DEFAULT_MAX_INPUT_BYTES + 1, b' ');

        let larger = XmlLimits::default().max_input_bytes(body.len());
        let reply =
            decode_response_with_limits(Operation::TestUserAccess, 200, &body, &[], &larger);
        assert_eq!(reply.unwrap(), Reply::Bool(true));

        let smaller = XmlLimits::default().max_input_bytes(1024);
        let error =
            decode_response_with_limits(Operation::TestUserAccess, 200, &body, &[], &smaller)
                .unwrap_err();
        assert!(error.is_limit_exceeded(), "{error}");
        assert!(
            error.context().ends_with("input limit of 1024 bytes"),
            "{error}"
        );
    }

    #[test]
    fn test_user_access_reads_the_boolean() {
        let xml = response(
            Operation::TestUserAccess,
            "<TestUserAccessResult>false</TestUserAccessResult>",
        );
        assert_eq!(
            decode(Operation::TestUserAccess, &xml).unwrap(),
            Reply::Bool(false)
        );

        let missing = response(Operation::TestUserAccess, "");
        let error = decode(Operation::TestUserAccess, &missing).unwrap_err();
        assert_eq!(
            error.context(),
            "TestUserAccess response: <TestUserAccessResult> is missing"
        );
    }

    #[test]
    fn period_lists_keep_order_and_skip_nil_items() {
        let operation = Operation::RetrieveUbprReportingPeriods;
        let xml = response(
            operation,
            r#"<RetrieveUBPRReportingPeriodsResult><string>12/31/2002</string><string xsi:nil="true"/><string>3/31/2003</string></RetrieveUBPRReportingPeriodsResult>"#,
        );
        assert_eq!(
            decode(operation, &xml).unwrap(),
            Reply::Strings(vec!["12/31/2002".to_owned(), "3/31/2003".to_owned()])
        );
    }

    #[test]
    fn any_prefix_for_the_service_namespace_is_accepted() {
        let xml = envelope(
            SOAP11,
            r#"<ns1:RetrieveFilersSinceDateResponse xmlns:ns1="http://cdr.ffiec.gov/public/services"><ns1:RetrieveFilersSinceDateResult><ns1:int>3358270</ns1:int><ns1:int> 2132941 </ns1:int></ns1:RetrieveFilersSinceDateResult></ns1:RetrieveFilersSinceDateResponse>"#,
        );
        assert_eq!(
            decode(Operation::RetrieveFilersSinceDate, &xml).unwrap(),
            Reply::Ints(vec![3358270, 2132941])
        );
    }

    #[test]
    fn elements_outside_the_service_namespace_do_not_count() {
        let xml = envelope(
            SOAP11,
            r#"<RetrieveFilersSinceDateResponse xmlns="urn:other"><RetrieveFilersSinceDateResult/></RetrieveFilersSinceDateResponse>"#,
        );
        let error = decode(Operation::RetrieveFilersSinceDate, &xml).unwrap_err();
        assert!(error.is_malformed());
        assert_eq!(
            error.context(),
            "RetrieveFilersSinceDate response: expected <RetrieveFilersSinceDateResponse> \
             in the service namespace, found <RetrieveFilersSinceDateResponse>"
        );
    }

    #[test]
    fn institutions_keep_their_raw_fields() {
        let operation = Operation::RetrievePanelOfReporters;
        let xml = response(
            operation,
            r#"<RetrievePanelOfReportersResult><ReportingFinancialInstitution><ID_RSSD>563336</ID_RSSD><FDICCertNumber>23523</FDICCertNumber><OCCChartNumber>0</OCCChartNumber><OTSDockNumber>13156</OTSDockNumber><PrimaryABARoutNumber>65103243</PrimaryABARoutNumber><Name>CITIZENS' BANK, INC.     </Name><State>AL</State><City>ROBERTSDALE   </City><Address>21980 PALMER STREET  </Address><ZIP>2886</ZIP><FilingType>051</FilingType><HasFiledForReportingPeriod>true</HasFiledForReportingPeriod></ReportingFinancialInstitution></RetrievePanelOfReportersResult>"#,
        );
        let rows = decode(operation, &xml)
            .unwrap()
            .into_institutions(operation)
            .unwrap();
        assert_eq!(
            rows,
            [WireInstitution {
                id_rssd: 563336,
                fdic_cert: 23523,
                occ_chart: 0,
                ots_dock: 13156,
                aba_routing: 65103243,
                name: "CITIZENS' BANK, INC.     ".to_owned(),
                state: "AL".to_owned(),
                city: "ROBERTSDALE   ".to_owned(),
                address: "21980 PALMER STREET  ".to_owned(),
                zip: 2886,
                filing_type: "051".to_owned(),
                has_filed_for_period: true,
            }]
        );
    }

    #[test]
    fn submissions_pair_the_id_with_its_time() {
        let operation = Operation::RetrieveFilersSubmissionDateTime;
        let xml = response(
            operation,
            r#"<RetrieveFilersSubmissionDateTimeResult><RetrieveFilersDateTime><ID_RSSD>3358270</ID_RSSD><DateTime>2/20/2024 3:23:30 PM</DateTime></RetrieveFilersDateTime><RetrieveFilersDateTime><ID_RSSD>988153</ID_RSSD></RetrieveFilersDateTime></RetrieveFilersSubmissionDateTimeResult>"#,
        );
        assert_eq!(
            decode(operation, &xml).unwrap(),
            Reply::Submissions(vec![
                RawSubmission {
                    id_rssd: 3358270,
                    date_time: Some("2/20/2024 3:23:30 PM".to_owned())
                },
                RawSubmission {
                    id_rssd: 988153,
                    date_time: None
                },
            ])
        );
    }

    #[test]
    fn a_bad_integer_is_named() {
        let operation = Operation::RetrieveFilersSinceDate;
        let xml = response(
            operation,
            "<RetrieveFilersSinceDateResult><int>12x</int></RetrieveFilersSinceDateResult>",
        );
        let error = decode(operation, &xml).unwrap_err();
        assert_eq!(
            error.context(),
            "RetrieveFilersSinceDate response: int \"12x\" is not a 32-bit integer"
        );
    }

    #[test]
    fn documents_are_decoded_across_line_breaks_and_lose_their_bom() {
        let operation = Operation::RetrieveUbprXbrlFacsimile;
        // "\u{FEFF}<xbrl/>" in base64, wrapped as some encoders do.
        let xml = response(
            operation,
            "<RetrieveUBPRXBRLFacsimileResult>77u/PHhi\r\ncmwvPg==</RetrieveUBPRXBRLFacsimileResult>",
        );
        assert_eq!(
            decode(operation, &xml).unwrap(),
            Reply::Document(b"<xbrl/>".to_vec())
        );
    }

    #[test]
    fn an_absent_or_empty_document_is_not_found_and_bad_base64_is_malformed() {
        let operation = Operation::RetrieveFacsimile;
        let absent = response(operation, "");
        let error = decode(operation, &absent).unwrap_err();
        assert!(error.is_not_found());
        assert_eq!(
            error.context(),
            "RetrieveFacsimile: the service returned no document"
        );

        let empty = response(operation, "<RetrieveFacsimileResult/>");
        assert!(decode(operation, &empty).unwrap_err().is_not_found());

        let bad = response(
            operation,
            "<RetrieveFacsimileResult>@@@</RetrieveFacsimileResult>",
        );
        assert!(decode(operation, &bad).unwrap_err().is_malformed());
    }

    #[test]
    fn absent_arrays_are_empty() {
        let operation = Operation::RetrievePanelOfReporters;
        let xml = response(operation, "");
        assert_eq!(
            decode(operation, &xml).unwrap(),
            Reply::Institutions(Vec::new())
        );
    }

    fn fault11(code: &str, detail: &str) -> String {
        envelope(
            SOAP11,
            &format!(
                r#"<soap:Fault><faultcode xmlns:q0="http://cdr.ffiec.gov/public/services">{code}</faultcode><faultstring>reason text</faultstring>{detail}</soap:Fault>"#
            ),
        )
    }

    fn fault_error(xml: &str) -> Error {
        decode_response(Operation::RetrieveFacsimile, 500, xml.as_bytes(), &[]).unwrap_err()
    }

    #[test]
    fn soap11_faults_map_to_their_kinds() {
        let error = fault_error(&fault11("q0:FailedAuthentication", ""));
        assert!(error.is_auth());
        assert_eq!(
            error.context(),
            "RetrieveFacsimile: SOAP fault q0:FailedAuthentication: reason text"
        );

        let error = fault_error(&fault11(
            "q0:Client.UserQuotaExceeded",
            r#"<detail WaitTime="3552"/>"#,
        ));
        assert_eq!(error.quota_wait(), Some(Duration::from_secs(3552)));

        let error = fault_error(&fault11(
            "soap:Client.UserQuotaExceeded",
            r#"<detail><q:Quota xmlns:q="urn:q" WaitTime="60"/></detail>"#,
        ));
        assert_eq!(error.quota_wait(), Some(Duration::from_secs(60)));

        assert!(fault_error(&fault11("soap:Server.FacsimileNotFound", "")).is_not_found());
        assert!(
            fault_error(&fault11("q0:Server.FacsimileNotFoundOrUnavailable", "")).is_not_found()
        );
        assert!(fault_error(&fault11("soap:Client", "")).is_validation());
        assert_eq!(
            fault_error(&fault11("soap:Server", "")).kind(),
            &ErrorKind::Server {
                status: Some(500),
                code: None
            }
        );
    }

    #[test]
    fn a_fault_with_a_success_status_is_still_a_fault() {
        let xml = fault11("q0:FailedAuthentication", "");
        let error =
            decode_response(Operation::TestUserAccess, 200, xml.as_bytes(), &[]).unwrap_err();
        assert!(error.is_auth());
    }

    #[test]
    fn soap12_faults_use_the_innermost_subcode_and_the_reason_text() {
        let xml = envelope(
            SOAP12,
            r#"<soap:Fault><soap:Code><soap:Value>soap:Sender</soap:Value><soap:Subcode><soap:Value xmlns:q0="urn:q0">q0:Client.UserQuotaExceeded</soap:Value></soap:Subcode></soap:Code><soap:Reason><soap:Text xml:lang="en">quota used up</soap:Text></soap:Reason><soap:Detail WaitTime="120"/></soap:Fault>"#,
        );
        let error = fault_error(&xml);
        assert_eq!(error.quota_wait(), Some(Duration::from_secs(120)));
        assert_eq!(
            error.context(),
            "RetrieveFacsimile: SOAP fault q0:Client.UserQuotaExceeded: quota used up"
        );

        let xml = envelope(
            SOAP12,
            r#"<soap:Fault><soap:Code><soap:Value>soap:Sender</soap:Value></soap:Code><soap:Reason><soap:Text xml:lang="en">bad fiIDType</soap:Text></soap:Reason></soap:Fault>"#,
        );
        assert!(fault_error(&xml).is_validation());
    }

    #[test]
    fn html_on_403_is_a_firewall_and_other_statuses_keep_their_meaning() {
        let html = b"  <!DOCTYPE HTML><html><body>Request Rejected</body></html>";
        let error = decode_response(Operation::TestUserAccess, 403, html, &[]).unwrap_err();
        assert_eq!(error.kind(), &ErrorKind::Firewall { status: 403 });

        let error = decode_response(Operation::TestUserAccess, 503, b"busy", &[]).unwrap_err();
        assert_eq!(
            error.kind(),
            &ErrorKind::Server {
                status: Some(503),
                code: None
            }
        );
        assert_eq!(
            error.context(),
            "TestUserAccess: HTTP 503, no SOAP fault in the answer: busy"
        );
    }

    #[test]
    fn a_success_status_with_a_foreign_document_is_malformed() {
        let error = decode(Operation::TestUserAccess, "<html><body/></html>").unwrap_err();
        assert!(error.is_malformed());
        assert_eq!(
            error.context(),
            "TestUserAccess response: root element is <html>, not a SOAP Envelope"
        );
    }

    #[test]
    fn a_doctype_in_a_response_is_refused() {
        let xml = format!(
            r#"<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">]>{}"#,
            response(
                Operation::TestUserAccess,
                "<TestUserAccessResult>true</TestUserAccessResult>"
            )
        );
        let error = decode(Operation::TestUserAccess, &xml).unwrap_err();
        assert!(error.is_malformed());
        assert!(
            error
                .context()
                .starts_with("TestUserAccess response: a DOCTYPE"),
            "{error}"
        );
    }
}
