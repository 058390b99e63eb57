//! The non-XBRL facsimile formats: a minimal PDF and the SDF text.

use std::fmt::Write as _;

use super::xbrl::Fact;
use crate::period::ReportingPeriod;

/// The header line of every SDF document.
pub const SDF_HEADER: &str = "Call Date;Bank RSSD Identifier;MDRM #;Value;Last Update;Short Definition;Call Schedule;Line Number";

/// A one-page PDF whose only text names the institution and the period.
/// Valid enough for a viewer: the cross-reference offsets are exact.
pub(crate) fn pdf(rssd: u32, period: ReportingPeriod) -> Vec<u8> {
    let text = format!("Call Report facsimile, RSSD {rssd}, period {period}");
    let stream = format!("BT /F1 12 Tf 72 720 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_owned(),
        format!(
            "<< /Length {} >>\nstream\n{stream}\nendstream",
            stream.len()
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];

    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::with_capacity(objects.len());
    for (number, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        let _ = write!(pdf, "{} 0 obj\n{body}\nendobj\n", number + 1);
    }

    let xref_at = pdf.len();
    let _ = write!(pdf, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for offset in offsets {
        let _ = writeln!(pdf, "{offset:010} 00000 n ");
    }
    let _ = write!(
        pdf,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n",
        objects.len() + 1
    );
    pdf.into_bytes()
}

/// The SDF text of a facsimile: CRLF lines, amounts in thousands of
/// dollars, ratios as percentages (`7.6139%`), nil facts left out.
pub(crate) fn sdf(
    rssd: u32,
    period: ReportingPeriod,
    last_update: &str,
    facts: &[Fact],
) -> Vec<u8> {
    let mut text = String::with_capacity(80 * facts.len());
    text.push_str(SDF_HEADER);
    text.push_str("\r\n");

    for (line, fact) in facts.iter().enumerate() {
        let Some(value) = &fact.value else { continue };
        let value = match fact.unit {
            Some("USD") => value
                .parse::<i64>()
                .map_or_else(|_| value.clone(), |v| (v / 1000).to_string()),
            Some("PURE") => percent(value),
            _ => value.clone(),
        };
        let _ = write!(
            text,
            "{};{rssd};{};{value};{last_update};Generated item {};RC;{}\r\n",
            period.compact(),
            fact.concept,
            fact.concept,
            line + 1
        );
    }
    text.into_bytes()
}

/// `0.076139` as `7.6139%`, computed on the decimal digits, not a float.
fn percent(fraction: &str) -> String {
    let Some((whole, digits)) = fraction.split_once('.') else {
        return format!("{fraction}00%");
    };
    let mut digits = digits.to_owned();
    while digits.len() < 2 {
        digits.push('0');
    }
    let (moved, rest) = digits.split_at(2);
    let integer = format!("{whole}{moved}").trim_start_matches('0').to_owned();
    let integer = if integer.is_empty() {
        "0".to_owned()
    } else {
        integer
    };
    if rest.is_empty() {
        format!("{integer}%")
    } else {
        format!("{integer}.{rest}%")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_moves_the_point_without_rounding() {
        assert_eq!(percent("0.076139"), "7.6139%");
        assert_eq!(percent("0.120967"), "12.0967%");
        assert_eq!(percent("1.5"), "150%");
    }

    #[test]
    fn pdf_xref_points_at_its_objects() {
        let pdf = pdf(42, ReportingPeriod::new(2026, 2));
        let text = String::from_utf8(pdf).unwrap();
        assert!(text.starts_with("%PDF-1.4\n"));
        let xref_at: usize = text.lines().rev().nth(1).unwrap().parse().unwrap();
        assert!(text[xref_at..].starts_with("xref"));
        let first_object: usize = text[xref_at..].lines().nth(3).unwrap()[..10]
            .parse()
            .unwrap();
        assert!(text[first_object..].starts_with("1 0 obj"));
    }
}
