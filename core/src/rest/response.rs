//! Decoding successful REST answers into [`Reply`] values.
//!
//! Lists come as JSON arrays. Facsimiles have come back in three forms, and
//! all three are accepted: a JSON string holding base64 (what the live
//! service sends), a JSON object holding the base64 under some key, and the
//! raw document (XML, PDF or SDF bytes; never an HTML page). A leading
//! UTF-8 byte-order mark is removed from the body and from the decoded
//! document.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::de::DeserializeOwned;
use serde_json::error::Category;
use serde_json::{Map, Value};

use crate::error::{Error, ErrorKind, Result};
use crate::soap::{Operation, Reply, ReplyShape, UTF8_BOM, looks_like_html, strip_bom};

/// Keys under which a JSON object may hold a facsimile's base64, compared
/// without regard to case. When none is present, an object with exactly one
/// string member (other than a [`NEVER_DOCUMENT_KEYS`] one) is read through
/// that member.
const DOCUMENT_KEYS: &[&str] = &["facsimile", "document", "data", "content", "result", "file"];

/// Keys of the service's error object (`{"StatusCode": n, "Message": "..."}`):
/// a message is never the document, even when it happens to be valid base64.
const NEVER_DOCUMENT_KEYS: &[&str] = &["message", "statuscode"];

/// Decodes the body of a successful (2xx, not 204) answer to `operation`.
///
/// # Example
///
/// ```
/// use ffiec_core::rest::decode_response;
/// use ffiec_core::soap::Operation;
///
/// let operation = Operation::RetrieveReportingPeriods;
/// let periods = decode_response(operation, br#"["6/30/2025","3/31/2025"]"#)?
///     .into_strings(operation)?;
/// assert_eq!(periods, ["6/30/2025", "3/31/2025"]);
/// # Ok::<(), ffiec_core::Error>(())
/// ```
///
/// # Errors
///
/// A malformed-response error naming the operation when the JSON or base64
/// does not decode or has the wrong shape, or when a facsimile body is an
/// HTML page; a not-found error when a facsimile body is empty or `null`.
pub fn decode_response(operation: Operation, body: &[u8]) -> Result<Reply> {
    let body = body.strip_prefix(UTF8_BOM).unwrap_or(body);
    match operation.reply_shape() {
        ReplyShape::Bool => decode_json(operation, body).map(Reply::Bool),
        ReplyShape::Strings => decode_list(operation, body).map(Reply::Strings),
        ReplyShape::Institutions => decode_list(operation, body).map(Reply::Institutions),
        ReplyShape::Submissions => decode_list(operation, body).map(Reply::Submissions),
        ReplyShape::Ints => decode_list(operation, body).map(Reply::Ints),
        ReplyShape::Document => decode_document(operation, body).map(Reply::Document),
    }
}

/// A JSON array; `null` (how .NET writes an absent list) is an empty one.
fn decode_list<T: DeserializeOwned>(operation: Operation, body: &[u8]) -> Result<Vec<T>> {
    let list: Option<Vec<T>> = decode_json(operation, body)?;
    Ok(list.unwrap_or_default())
}

fn decode_json<T: DeserializeOwned>(operation: Operation, body: &[u8]) -> Result<T> {
    serde_json::from_slice(body).map_err(|source| {
        Error::malformed(format!(
            "{operation} response: not the expected JSON ({})",
            json_problem(&source)
        ))
        .with_source(source)
    })
}

fn decode_document(operation: Operation, body: &[u8]) -> Result<Vec<u8>> {
    let trimmed = body.trim_ascii();
    if trimmed.is_empty() || trimmed == b"null" {
        return Err(no_document(operation));
    }

    let base64 = match trimmed[0] {
        b'"' => decode_json::<String>(operation, trimmed)?,
        b'{' => {
            let object: Map<String, Value> = decode_json(operation, trimmed)?;
            base64_member(operation, &object)?
        }
        // Anything else is the document itself: XML, PDF or SDF bytes.
        // No facsimile format (PDF, XBRL, SDF) is HTML: such a page is a
        // gateway's or a portal's, answered in the service's place.
        _ if looks_like_html(trimmed) => {
            return Err(Error::malformed(format!(
                "{operation} response: an HTML page, not a document"
            )));
        }
        _ => return Ok(strip_bom(body.to_vec())),
    };

    let mut base64 = base64;
    base64.retain(|c| !c.is_ascii_whitespace());
    if base64.is_empty() {
        return Err(no_document(operation));
    }
    let bytes = BASE64.decode(base64.as_bytes()).map_err(|source| {
        Error::malformed(format!(
            "{operation} response: the document is not valid base64"
        ))
        .with_source(source)
    })?;
    Ok(strip_bom(bytes))
}

fn base64_member(operation: Operation, object: &Map<String, Value>) -> Result<String> {
    let named = object.iter().find_map(|(key, value)| {
        let known = DOCUMENT_KEYS
            .iter()
            .any(|name| key.eq_ignore_ascii_case(name));
        match value {
            Value::String(text) if known => Some(text.clone()),
            _ => None,
        }
    });
    if let Some(text) = named {
        return Ok(text);
    }

    let mut strings = object
        .iter()
        .filter(|(key, _)| {
            !NEVER_DOCUMENT_KEYS
                .iter()
                .any(|name| key.eq_ignore_ascii_case(name))
        })
        .filter_map(|(_, value)| value.as_str());
    match (strings.next(), strings.next()) {
        (Some(only), None) => Ok(only.to_owned()),
        _ => {
            let keys: Vec<&str> = object.keys().map(String::as_str).collect();
            Err(Error::malformed(format!(
                "{operation} response: no document in the JSON object (keys: {})",
                keys.join(", ")
            )))
        }
    }
}

fn no_document(operation: Operation) -> Error {
    Error::new(
        ErrorKind::NotFound,
        format!("{operation}: the service returned no document"),
    )
}

/// A short name for what went wrong in a JSON decode, for messages.
fn json_problem(error: &serde_json::Error) -> &'static str {
    match error.classify() {
        Category::Io => "I/O",
        Category::Syntax => "syntax error",
        Category::Data => "wrong shape",
        Category::Eof => "truncated",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::WireInstitution;
    use crate::soap::RawSubmission;

    #[test]
    fn period_lists_keep_the_order_they_came_in() {
        let operation = Operation::RetrieveUbprReportingPeriods;
        let reply = decode_response(operation, br#"["12/31/2002","3/31/2003"]"#).unwrap();
        assert_eq!(
            reply,
            Reply::Strings(vec!["12/31/2002".to_owned(), "3/31/2003".to_owned()])
        );
    }

    #[test]
    fn institution_objects_keep_their_padding_and_zero_ids() {
        let body = br#"[{"ID_RSSD":563336,"FDICCertNumber":23523,"OCCChartNumber":0,
            "OTSDockNumber":13156,"PrimaryABARoutNumber":65103243,
            "Name":"CITIZENS' BANK, INC.   ","State":"AL","City":"ROBERTSDALE  ",
            "Address":"21980 PALMER STREET  ","ZIP":36567,"FilingType":"051",
            "HasFiledForReportingPeriod":true}]"#;
        let operation = Operation::RetrievePanelOfReporters;
        let rows = decode_response(operation, body)
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
                name: "CITIZENS' BANK, INC.   ".to_owned(),
                state: "AL".to_owned(),
                city: "ROBERTSDALE  ".to_owned(),
                address: "21980 PALMER STREET  ".to_owned(),
                zip: 36567,
                filing_type: "051".to_owned(),
                has_filed_for_period: true,
            }]
        );
    }

    #[test]
    fn missing_fields_read_as_zero_or_empty_and_a_missing_rssd_is_malformed() {
        let operation = Operation::RetrievePanelOfReporters;
        let rows = decode_response(operation, br#"[{"ID_RSSD":1}]"#)
            .unwrap()
            .into_institutions(operation)
            .unwrap();
        assert_eq!(rows[0].occ_chart, 0);
        assert_eq!(rows[0].name, "");

        let error = decode_response(operation, br#"[{"Name":"X"}]"#).unwrap_err();
        assert!(error.is_malformed());
        assert_eq!(
            error.context(),
            "RetrievePanelOfReporters response: not the expected JSON (wrong shape)"
        );
    }

    #[test]
    fn submissions_and_ids_decode() {
        let operation = Operation::RetrieveFilersSubmissionDateTime;
        let reply = decode_response(
            operation,
            br#"[{"ID_RSSD":3358270,"DateTime":"2/20/2024 3:23:30 PM"}]"#,
        )
        .unwrap();
        assert_eq!(
            reply,
            Reply::Submissions(vec![RawSubmission {
                id_rssd: 3358270,
                date_time: Some("2/20/2024 3:23:30 PM".to_owned()),
            }])
        );

        let operation = Operation::RetrieveFilersSinceDate;
        let reply = decode_response(operation, b"\xEF\xBB\xBF[783648, 562058]").unwrap();
        assert_eq!(reply, Reply::Ints(vec![783648, 562058]));
        assert_eq!(
            decode_response(operation, b"null").unwrap(),
            Reply::Ints(vec![])
        );
    }

    #[test]
    fn a_json_base64_string_is_decoded_and_loses_its_bom() {
        // base64 of "\u{FEFF}<xbrl/>"
        let operation = Operation::RetrieveUbprXbrlFacsimile;
        let reply = decode_response(operation, br#""77u/PHhicmwvPg==""#).unwrap();
        assert_eq!(reply, Reply::Document(b"<xbrl/>".to_vec()));
    }

    #[test]
    fn a_json_object_is_read_by_known_key_or_by_its_only_string() {
        let operation = Operation::RetrieveFacsimile;
        let by_key = br#"{"StatusCode":200,"FileName":"x.pdf","Data":"JVBERi0xLjc="}"#;
        assert_eq!(
            decode_response(operation, by_key).unwrap(),
            Reply::Document(b"%PDF-1.7".to_vec())
        );

        let only_string = br#"{"size":8,"payload":"JVBERi0xLjc="}"#;
        assert_eq!(
            decode_response(operation, only_string).unwrap(),
            Reply::Document(b"%PDF-1.7".to_vec())
        );

        let ambiguous = br#"{"a":"JVBE","b":"Ri0x"}"#;
        let error = decode_response(operation, ambiguous).unwrap_err();
        assert_eq!(
            error.context(),
            "RetrieveFacsimile response: no document in the JSON object (keys: a, b)"
        );
    }

    #[test]
    fn a_raw_body_is_the_document_with_or_without_bom() {
        let operation = Operation::RetrieveUbprXbrlFacsimile;
        assert_eq!(
            decode_response(operation, b"\xEF\xBB\xBF<?xml version=\"1.0\"?><xbrl/>").unwrap(),
            Reply::Document(b"<?xml version=\"1.0\"?><xbrl/>".to_vec())
        );
        let sdf = b"Call Date;Bank RSSD Identifier;MDRM #;Value\r\n";
        assert_eq!(
            decode_response(Operation::RetrieveFacsimile, sdf).unwrap(),
            Reply::Document(sdf.to_vec())
        );
    }

    #[test]
    fn empty_null_and_broken_documents() {
        let operation = Operation::RetrieveFacsimile;
        for body in [&b""[..], b"  ", b"null", br#""""#] {
            let error = decode_response(operation, body).unwrap_err();
            assert!(error.is_not_found(), "{body:?}: {error}");
        }
        let error = decode_response(operation, br#""not*base64""#).unwrap_err();
        assert!(error.is_malformed());
        assert_eq!(
            error.context(),
            "RetrieveFacsimile response: the document is not valid base64"
        );
    }

    #[test]
    fn broken_json_is_malformed_and_names_the_operation() {
        let operation = Operation::RetrieveReportingPeriods;
        let error = decode_response(operation, br#"["6/30/2025""#).unwrap_err();
        assert!(error.is_malformed());
        assert_eq!(
            error.context(),
            "RetrieveReportingPeriods response: not the expected JSON (truncated)"
        );
    }
}
