//! Reading SDF facsimiles: FFIEC's semicolon-separated Call Report text form.
//!
//! An SDF facsimile is one header line,
//! `Call Date;Bank RSSD Identifier;MDRM #;Value;Last Update;Short Definition;Call Schedule;Line Number`,
//! then one line per item, with CRLF (or LF) line ends and fields either bare
//! or in double quotes. Amounts are in **thousands** of dollars; ratios carry
//! a percent sign (`7.6139%`). A short definition may itself hold semicolons,
//! so each line is split from both ends.
//!
//! Values are kept exact: whole thousands as `i64`, ratios as
//! [`rust_decimal::Decimal`]. [`SdfValue::dollars`] is an exact view in
//! dollars. A line that cannot be read becomes an [`SdfIssue`]; the other
//! lines are kept.
//!
//! # Example
//!
//! ```
//! use ffiec_core::sdf::{SdfDocument, SdfValue};
//!
//! let text = "Call Date;Bank RSSD Identifier;MDRM #;Value;Last Update;\
//!             Short Definition;Call Schedule;Line Number\r\n\
//!             20260630;480228;RCFD2170;2654645000;20260730;Total assets;RC;12\r\n\
//!             20260630;480228;RCFA7204;7.1144%;20260730;Leverage ratio;RCRIA;44\r\n";
//!
//! let document = SdfDocument::from_bytes(text.as_bytes())?;
//! let assets = document.value_of("RCFD2170").expect("present");
//! assert_eq!(assets.dollars(), Some(2_654_645_000_000));
//! assert_eq!(document.value_of("RCFA7204").and_then(SdfValue::as_f64), Some(7.1144));
//! # Ok::<(), ffiec_core::Error>(())
//! ```

use std::collections::HashMap;
use std::fmt;

use jiff::civil::Date;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::error::{Error, ErrorKind, Result};
use crate::xbrl::parse_exact_decimal;

/// The columns of the header line, in order.
pub const HEADER: [&str; 8] = [
    "Call Date",
    "Bank RSSD Identifier",
    "MDRM #",
    "Value",
    "Last Update",
    "Short Definition",
    "Call Schedule",
    "Line Number",
];

/// Default for the input limit of [`SdfDocument::from_bytes`]: 64 MiB. A
/// Call Report SDF is a few hundred kilobytes.
pub const DEFAULT_MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

/// The largest amount in thousands whose dollar value fits in an `i64`.
const MAX_THOUSANDS: i64 = i64::MAX / 1000;

/// The value column of one line.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SdfValue {
    /// A whole amount in thousands of dollars, as written. Its magnitude is
    /// at most `i64::MAX / 1000`, so [`dollars`](Self::dollars) never overflows.
    Thousands(i64),
    /// A ratio written with a percent sign: `7.6139%` is `Percent(7.6139)`.
    Percent(Decimal),
    /// A number with a fraction and no percent sign, exactly as written.
    Number(Decimal),
    /// Any value that is not a number (a web address, a name).
    Text(String),
    /// The column was empty.
    Empty,
}

impl SdfValue {
    /// The amount in whole dollars: thousands times 1000, exactly.
    pub fn dollars(&self) -> Option<i64> {
        match self {
            // Cannot overflow: parsing bounds thousands by MAX_THOUSANDS.
            SdfValue::Thousands(thousands) => Some(thousands * 1000),
            _ => None,
        }
    }

    /// The amount in thousands of dollars, as written.
    pub fn thousands(&self) -> Option<i64> {
        match self {
            SdfValue::Thousands(thousands) => Some(*thousands),
            _ => None,
        }
    }

    /// A percentage as a fraction, exactly: `7.6139%` is `0.076139`.
    pub fn fraction(&self) -> Option<Decimal> {
        match self {
            SdfValue::Percent(percent) => percent.checked_div(Decimal::ONE_HUNDRED),
            _ => None,
        }
    }

    /// The number as written (thousands, percent points or plain), exactly.
    pub fn as_decimal(&self) -> Option<Decimal> {
        match self {
            SdfValue::Thousands(thousands) => Some(Decimal::from(*thousands)),
            SdfValue::Percent(number) | SdfValue::Number(number) => Some(*number),
            SdfValue::Text(_) | SdfValue::Empty => None,
        }
    }

    /// The nearest `f64` of [`as_decimal`](Self::as_decimal): a view, which
    /// may lose digits.
    pub fn as_f64(&self) -> Option<f64> {
        self.as_decimal().and_then(|number| number.to_f64())
    }

    /// The text of a [`Text`](Self::Text) value.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            SdfValue::Text(text) => Some(text),
            _ => None,
        }
    }
}

/// One item line of an SDF facsimile.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SdfRow {
    /// The report date (`Call Date`, written `20260630`).
    pub call_date: Date,
    /// The institution's RSSD id.
    pub rssd: u32,
    /// The MDRM code, such as `RCFD2170`.
    pub mdrm: String,
    /// The value, typed.
    pub value: SdfValue,
    /// The `Last Update` column, as written (FFIEC writes `20260730`).
    pub last_update: String,
    /// The item's caption; may contain semicolons.
    pub short_definition: String,
    /// The schedule, such as `RC` or `RCRIA`.
    pub schedule: String,
    /// The line number on the schedule, such as `12` or `M8.a`.
    pub line_number: String,
}

/// A line that could not be read, and why.
///
/// Its `Display` reads, for example,
/// `line 7 (RCFD2170): value "12.3.4" is not a number`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SdfIssue {
    /// The line number in the input, counting the header as line 1.
    pub line: usize,
    /// The MDRM column, when the line had one.
    pub mdrm: Option<String>,
    /// What was wrong.
    pub problem: SdfProblem,
}

/// Why a line was left out.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SdfProblem {
    /// Fewer than the 8 columns; holds the count found.
    TooFewFields(usize),
    /// The call date is not `YYYYMMDD`, `M/D/YYYY` or `YYYY-MM-DD`, as written.
    InvalidCallDate(String),
    /// The RSSD column is not an id from 1 to 99,999,999, as written.
    InvalidRssd(String),
    /// The MDRM column is empty.
    MissingMdrm,
    /// The value looks numeric but is not a number, as written.
    NotANumber(String),
    /// A whole amount too large for its dollar value to fit in an `i64`.
    OutOfRange(String),
}

impl fmt::Display for SdfIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}", self.line)?;
        if let Some(mdrm) = &self.mdrm {
            write!(f, " ({mdrm})")?;
        }
        write!(f, ": {}", self.problem)
    }
}

impl fmt::Display for SdfProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SdfProblem::TooFewFields(count) => write!(f, "{count} columns, expected 8"),
            SdfProblem::InvalidCallDate(text) => write!(f, "call date {text:?} is not a date"),
            SdfProblem::InvalidRssd(text) => write!(f, "RSSD id {text:?} is not an id"),
            SdfProblem::MissingMdrm => f.write_str("no MDRM code"),
            SdfProblem::NotANumber(text) => write!(f, "value {text:?} is not a number"),
            SdfProblem::OutOfRange(text) => {
                write!(
                    f,
                    "value {text:?} thousand is too large for whole dollars in 64 bits"
                )
            }
        }
    }
}

/// An SDF facsimile, read: its rows and the lines that could not be read.
#[derive(Debug, Clone)]
pub struct SdfDocument {
    rows: Vec<SdfRow>,
    issues: Vec<SdfIssue>,
    /// Upper-case MDRM code to row positions, in input order.
    by_mdrm: HashMap<String, Vec<usize>>,
}

impl SdfDocument {
    /// Reads an SDF facsimile of at most [`DEFAULT_MAX_INPUT_BYTES`].
    ///
    /// A UTF-8 byte-order mark is skipped; bytes that are not UTF-8 (older
    /// files in Windows-1252) are replaced by U+FFFD, which can only touch
    /// text columns, never a number. Blank lines are skipped.
    ///
    /// # Errors
    ///
    /// - [`ErrorKind::LimitExceeded`] when the input is larger than the limit.
    /// - [`ErrorKind::MalformedResponse`] when the first non-blank line is not
    ///   the SDF header.
    pub fn from_bytes(input: &[u8]) -> Result<SdfDocument> {
        Self::from_bytes_with_limit(input, DEFAULT_MAX_INPUT_BYTES)
    }

    /// Reads an SDF facsimile of at most `max_input_bytes`.
    ///
    /// # Errors
    ///
    /// As [`from_bytes`](Self::from_bytes).
    pub fn from_bytes_with_limit(input: &[u8], max_input_bytes: usize) -> Result<SdfDocument> {
        if input.len() > max_input_bytes {
            return Err(Error::new(
                ErrorKind::LimitExceeded,
                format!(
                    "SDF facsimile: {} bytes exceed the input limit of {max_input_bytes} bytes",
                    input.len()
                ),
            ));
        }

        let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
        let text = String::from_utf8_lossy(input);
        let mut lines = text
            .lines()
            .enumerate()
            .map(|(index, line)| (index + 1, line))
            .filter(|(_, line)| !line.trim().is_empty());

        let (_, header) = lines
            .next()
            .ok_or_else(|| Error::malformed("SDF facsimile: empty, no header line"))?;
        check_header(header)?;

        let mut rows = Vec::new();
        let mut issues = Vec::new();
        for (number, line) in lines {
            match parse_row(line) {
                Ok(row) => rows.push(row),
                Err((mdrm, problem)) => issues.push(SdfIssue {
                    line: number,
                    mdrm,
                    problem,
                }),
            }
        }

        let mut by_mdrm: HashMap<String, Vec<usize>> = HashMap::new();
        for (position, row) in rows.iter().enumerate() {
            by_mdrm
                .entry(row.mdrm.to_ascii_uppercase())
                .or_default()
                .push(position);
        }
        Ok(SdfDocument {
            rows,
            issues,
            by_mdrm,
        })
    }

    /// Every row that was read, in input order.
    pub fn rows(&self) -> &[SdfRow] {
        &self.rows
    }

    /// Every line that was left out, and why, in input order.
    pub fn issues(&self) -> &[SdfIssue] {
        &self.issues
    }

    /// The first row of MDRM code `mdrm` (ASCII case ignored).
    pub fn row(&self, mdrm: &str) -> Option<&SdfRow> {
        let positions = self.by_mdrm.get(&mdrm.to_ascii_uppercase())?;
        positions.first().map(|&position| &self.rows[position])
    }

    /// The value of [`row(mdrm)`](Self::row).
    pub fn value_of(&self, mdrm: &str) -> Option<&SdfValue> {
        self.row(mdrm).map(|row| &row.value)
    }
}

fn check_header(line: &str) -> Result<()> {
    let columns: Vec<String> = line.split(';').map(unquote).collect();
    let matches = columns.len() == HEADER.len()
        && columns
            .iter()
            .zip(HEADER)
            .all(|(found, expected)| found.eq_ignore_ascii_case(expected));
    if matches {
        return Ok(());
    }

    // Name what was found, shortened: the line may be anything at all.
    let shown: String = line.chars().take(120).collect();
    Err(Error::malformed(format!(
        "SDF facsimile: the first line {shown:?} is not the header {:?}",
        HEADER.join(";")
    )))
}

type RowError = (Option<String>, SdfProblem);

/// Splits one item line and types its columns.
fn parse_row(line: &str) -> Result<SdfRow, RowError> {
    let fields: Vec<&str> = line.split(';').collect();
    if fields.len() < HEADER.len() {
        return Err((None, SdfProblem::TooFewFields(fields.len())));
    }

    // Five columns from the left, two from the right; the caption between
    // them keeps any semicolons of its own.
    let last = fields.len();
    let mdrm = unquote(fields[2]);
    let fail = |problem| (Some(mdrm.clone()).filter(|mdrm| !mdrm.is_empty()), problem);

    if mdrm.is_empty() {
        return Err(fail(SdfProblem::MissingMdrm));
    }
    let call_date_text = unquote(fields[0]);
    let call_date = parse_call_date(&call_date_text)
        .ok_or_else(|| fail(SdfProblem::InvalidCallDate(call_date_text.clone())))?;
    let rssd_text = unquote(fields[1]);
    let rssd =
        parse_rssd(&rssd_text).ok_or_else(|| fail(SdfProblem::InvalidRssd(rssd_text.clone())))?;
    let value = parse_value(&unquote(fields[3])).map_err(fail)?;

    Ok(SdfRow {
        call_date,
        rssd,
        value,
        last_update: unquote(fields[4]),
        short_definition: unquote(&fields[5..last - 2].join(";")),
        schedule: unquote(fields[last - 2]),
        line_number: unquote(fields[last - 1]),
        mdrm,
    })
}

/// Types the value column; see [`SdfValue`].
fn parse_value(text: &str) -> Result<SdfValue, SdfProblem> {
    if text.is_empty() {
        return Ok(SdfValue::Empty);
    }
    if let Some(percent) = text.strip_suffix('%') {
        return parse_exact_decimal(percent.trim())
            .map(SdfValue::Percent)
            .map_err(|_| SdfProblem::NotANumber(text.to_owned()));
    }

    // Only text made of number characters is held to being a number, so a
    // caption-like value ("1st Street") stays text.
    let numeric_looking = text
        .bytes()
        .all(|byte| byte.is_ascii_digit() || b"+-.".contains(&byte));
    if !numeric_looking {
        return Ok(SdfValue::Text(text.to_owned()));
    }

    let number = parse_exact_decimal(text).map_err(|_| SdfProblem::NotANumber(text.to_owned()))?;
    if !number.is_integer() {
        return Ok(SdfValue::Number(number));
    }
    number
        .to_i64()
        .filter(|thousands| (-MAX_THOUSANDS..=MAX_THOUSANDS).contains(thousands))
        .map(SdfValue::Thousands)
        .ok_or_else(|| SdfProblem::OutOfRange(text.to_owned()))
}

/// `20260630`, `6/30/2026` (padded or not) or `2026-06-30`.
fn parse_call_date(text: &str) -> Option<Date> {
    let number = |part: &str| -> Option<i16> {
        let digits = !part.is_empty() && part.bytes().all(|byte| byte.is_ascii_digit());
        digits.then(|| part.parse().ok()).flatten()
    };

    let (year, month, day) = if text.len() == 8 && text.is_ascii() {
        (
            number(&text[..4])?,
            number(&text[4..6])?,
            number(&text[6..])?,
        )
    } else if let Some((month, rest)) = text.split_once('/') {
        let (day, year) = rest.split_once('/')?;
        (number(year)?, number(month)?, number(day)?)
    } else {
        let mut parts = text.splitn(3, '-');
        let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
        (number(year)?, number(month)?, number(day)?)
    };

    let month = i8::try_from(month).ok()?;
    let day = i8::try_from(day).ok()?;
    Date::new(year, month, day).ok()
}

/// RSSD ids are positive and below 100,000,000.
fn parse_rssd(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    text.parse()
        .ok()
        .filter(|rssd| (1..100_000_000).contains(rssd))
}

/// Trims a column and removes one pair of enclosing double quotes, turning
/// `""` inside back into `"`.
fn unquote(field: &str) -> String {
    let field = field.trim();
    match field
        .strip_prefix('"')
        .and_then(|inner| inner.strip_suffix('"'))
    {
        Some(inner) => inner.replace("\"\"", "\""),
        None => field.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    /// Synthetic sample: values modelled on RSSD 480228's 2026-06-30 Call
    /// Report, in the shape of FFIEC's SDF; not a file FFIEC published.
    const SAMPLE: &[u8] = include_bytes!("../tests/fixtures/sdf_synthetic_480228_2026-06-30.sdf");

    #[test]
    fn sample_amounts_are_exact_thousands_with_an_exact_dollar_view() {
        let document = SdfDocument::from_bytes(SAMPLE).unwrap();
        assert_eq!(document.rows().len(), 10);
        assert!(document.issues().is_empty(), "{:?}", document.issues());

        let assets = document.row("RCFD2170").unwrap();
        assert_eq!(assets.call_date, date(2026, 6, 30));
        assert_eq!(assets.rssd, 480228);
        assert_eq!(assets.value, SdfValue::Thousands(2_654_645_000));
        assert_eq!(assets.value.dollars(), Some(2_654_645_000_000));
        assert_eq!(
            (assets.schedule.as_str(), assets.line_number.as_str()),
            ("RC", "12")
        );

        let trading = document.value_of("RIADA220").unwrap();
        assert_eq!(trading.thousands(), Some(-1500));
        assert_eq!(trading.dollars(), Some(-1_500_000));
    }

    #[test]
    fn sample_ratios_text_and_empty_values() {
        let document = SdfDocument::from_bytes(SAMPLE).unwrap();

        let leverage = document.row("rcfa7204").unwrap();
        assert_eq!(leverage.value, SdfValue::Percent(Decimal::new(71144, 4)));
        assert_eq!(leverage.value.fraction(), Some(Decimal::new(71144, 6)));
        assert_eq!(
            leverage.short_definition,
            "Leverage ratio; tier 1 capital to average total consolidated assets"
        );
        assert_eq!(leverage.schedule, "RCRIA");

        assert_eq!(document.value_of("RCON6724"), Some(&SdfValue::Empty));
        assert_eq!(
            document.value_of("TEXT4087").and_then(SdfValue::as_text),
            Some("https://www.example.com")
        );
    }

    #[test]
    fn quoted_fields_and_lf_line_ends_are_read() {
        let text = "\"Call Date\";\"Bank RSSD Identifier\";\"MDRM #\";\"Value\";\"Last Update\";\
                    \"Short Definition\";\"Call Schedule\";\"Line Number\"\n\
                    \"6/30/2026\";\"480228\";\"RCFD3210\";\"240789000\";\"20260730\";\
                    \"Equity; \"\"bank\"\" only\";\"RC\";\"27.a\"\n";
        let document = SdfDocument::from_bytes(text.as_bytes()).unwrap();
        let row = document.row("RCFD3210").unwrap();
        assert_eq!(row.call_date, date(2026, 6, 30));
        assert_eq!(row.value.dollars(), Some(240_789_000_000));
        assert_eq!(row.short_definition, "Equity; \"bank\" only");
        assert_eq!(row.line_number, "27.a");
    }

    #[test]
    fn bad_lines_become_issues_and_the_rest_is_kept() {
        let text = format!(
            "{}\r\n\
             20260630;480228;RCFD2170;2654645000;20260730;Total assets;RC;12\r\n\
             20260630;480228;RCFD0081;12.3.4;20260730;Cash;RC;1.a\r\n\
             20260631;480228;RCFD0071;5;20260730;Balances;RC;1.b\r\n\
             20260630;ABC;RCFD1773;5;20260730;AFS;RC;2.b\r\n\
             20260630;480228;RCFD2122;9300000000000000;20260730;Loans;RC;4.d\r\n\
             20260630;480228\r\n\
             20260630;480228;;5;20260730;No code;RC;1\r\n",
            HEADER.join(";")
        );
        let document = SdfDocument::from_bytes(text.as_bytes()).unwrap();
        assert_eq!(document.rows().len(), 1);

        let problems: Vec<String> = document.issues().iter().map(ToString::to_string).collect();
        assert_eq!(
            problems,
            [
                "line 3 (RCFD0081): value \"12.3.4\" is not a number",
                "line 4 (RCFD0071): call date \"20260631\" is not a date",
                "line 5 (RCFD1773): RSSD id \"ABC\" is not an id",
                "line 6 (RCFD2122): value \"9300000000000000\" thousand is too large for whole dollars in 64 bits",
                "line 7: 2 columns, expected 8",
                "line 8: no MDRM code",
            ]
        );
    }

    #[test]
    fn a_wrong_header_or_oversized_input_fails_the_document() {
        let error = SdfDocument::from_bytes(b"<html>Service unavailable</html>").unwrap_err();
        assert!(error.is_malformed());
        assert!(error.context().contains("<html>"), "{error}");

        assert!(
            SdfDocument::from_bytes(b"\r\n \r\n")
                .unwrap_err()
                .is_malformed()
        );

        let error = SdfDocument::from_bytes_with_limit(SAMPLE, 100).unwrap_err();
        assert!(error.is_limit_exceeded());
    }

    #[test]
    fn call_dates_in_every_written_form() {
        for text in ["20260630", "6/30/2026", "06/30/2026", "2026-06-30"] {
            assert_eq!(parse_call_date(text), Some(date(2026, 6, 30)), "{text}");
        }
        for text in [
            "",
            "2026063",
            "6/31/2026",
            "30/6",
            "2026-6",
            "２０２６0630",
            "-1/1/2026",
        ] {
            assert_eq!(parse_call_date(text), None, "{text}");
        }
    }
}
