//! Writing successful SOAP responses in the shapes of the WSDL.

use std::fmt::Write as _;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::{SERVICE_NS, SoapVersion};
use crate::operation::Operation;
use crate::service::Answer;

/// `<OpResponse><OpResult>…</OpResult></OpResponse>` in an envelope.
pub(crate) fn envelope(version: SoapVersion, operation: Operation, answer: &Answer) -> String {
    let name = operation.name();
    let mut body = String::with_capacity(answer_size_hint(answer));
    let _ = write!(
        body,
        "<{name}Response xmlns=\"{SERVICE_NS}\"><{name}Result>"
    );
    write_answer(&mut body, answer);
    let _ = write!(body, "</{name}Result></{name}Response>");
    wrap(version, &body)
}

/// Puts `body` in a SOAP envelope of `version`.
pub(crate) fn wrap(version: SoapVersion, body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"{}\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"><soap:Body>{body}</soap:Body></soap:Envelope>",
        version.envelope_ns()
    )
}

fn answer_size_hint(answer: &Answer) -> usize {
    match answer {
        Answer::Panel(rows) => rows.len() * 600,
        Answer::Submissions(rows) => rows.len() * 120,
        Answer::Ids(ids) => ids.len() * 20,
        Answer::Document(bytes) => bytes.len() * 4 / 3 + 512,
        _ => 4_096,
    }
}

fn write_answer(out: &mut String, answer: &Answer) {
    match answer {
        Answer::Bool(value) => out.push_str(if *value { "true" } else { "false" }),
        Answer::Periods(periods) => {
            for period in periods {
                let _ = write!(out, "<string>{period}</string>");
            }
        }
        Answer::Panel(rows) => {
            for row in rows {
                let _ = write!(
                    out,
                    "<ReportingFinancialInstitution><ID_RSSD>{}</ID_RSSD><FDICCertNumber>{}</FDICCertNumber>\
                     <OCCChartNumber>{}</OCCChartNumber><OTSDockNumber>{}</OTSDockNumber>\
                     <PrimaryABARoutNumber>{}</PrimaryABARoutNumber><Name>{}</Name><State>{}</State>\
                     <City>{}</City><Address>{}</Address><ZIP>{}</ZIP><FilingType>{}</FilingType>\
                     <HasFiledForReportingPeriod>{}</HasFiledForReportingPeriod></ReportingFinancialInstitution>",
                    row.id_rssd,
                    row.fdic_cert_number,
                    row.occ_chart_number,
                    row.ots_dock_number,
                    row.primary_aba_rout_number,
                    escape(&row.name),
                    escape(&row.state),
                    escape(&row.city),
                    escape(&row.address),
                    row.zip,
                    row.filing_type,
                    row.has_filed_for_reporting_period
                );
            }
        }
        Answer::Submissions(rows) => {
            for row in rows {
                let _ = write!(
                    out,
                    "<RetrieveFilersDateTime><ID_RSSD>{}</ID_RSSD><DateTime>{}</DateTime></RetrieveFilersDateTime>",
                    row.id_rssd, row.date_time
                );
            }
        }
        Answer::Ids(ids) => {
            for id in ids {
                let _ = write!(out, "<int>{id}</int>");
            }
        }
        Answer::Document(bytes) => STANDARD.encode_string(bytes, out),
    }
}

/// Escapes text content (quotes stay as they are, as .NET writes them).
pub(crate) fn escape(text: &str) -> String {
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
