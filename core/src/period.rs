//! Dates as the FFIEC service writes them: reporting periods, "since" dates
//! and submission times.
//!
//! Three values, one per role on the wire:
//!
//! - [`ReportingPeriod`]: a quarter end (3/31, 6/30, 9/30 or 12/31). Users
//!   write it in several ways (`1Q2020`, `2020-03-31`, `20200331`,
//!   `3/31/2020`); the wire wants `M/D/YYYY` without padding.
//! - [`SinceDate`]: the `lastUpdateDateTime` argument, a civil date-time that
//!   keeps its time of day.
//! - [`SubmissionTime`]: when a bank filed, as the service reports it: US
//!   Eastern wall-clock time on a 12-hour clock, with no zone.
//!
//! Every parser here only accepts four-digit years, so that what it renders
//! it can read back.
//!
//! # Example
//!
//! ```
//! use ffiec_core::period::{ReportingPeriod, SinceDate};
//!
//! let period: ReportingPeriod = "2q2025".parse()?;
//! assert_eq!(period.to_wire(), "6/30/2025");
//! assert_eq!(period.to_string(), "2025-06-30");
//!
//! let since: SinceDate = "04/15/2025 9:00 PM".parse()?;
//! assert_eq!(since.to_wire(), "2025-04-15 21:00:00.000");
//! # Ok::<(), ffiec_core::Error>(())
//! ```

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};

use crate::error::{Error, ErrorKind, Result};
use crate::model::quote_input;

/// The forms a user may write a reporting period in, for error messages.
const PERIOD_FORMS: &str = "1Q2020, 2020-03-31, 20200331 or 3/31/2020";

/// The forms a "since" date-time may take, for error messages.
const SINCE_FORMS: &str = "04/15/2025, 2025-04-15, 2025-04-15 21:00:00.000 or 04/15/2025 9:00 PM";

/// The form of a submission time, for error messages.
const SUBMISSION_FORM: &str = "a date and time such as 2/20/2024 3:23:30 PM";

/// The time zone the service's submission times are written in.
const EASTERN: &str = "America/New_York";

/// The smallest and largest year any parser here accepts: four digits.
const YEARS: std::ops::RangeInclusive<i16> = 1000..=9999;

/// The end of a calendar quarter, the period a Call Report or UBPR covers.
///
/// Ordered by date. [`Display`](fmt::Display) shows the ISO date
/// (`2020-03-31`); [`to_wire`](Self::to_wire) gives the service's form
/// (`3/31/2020`).
///
/// # Example
///
/// ```
/// use ffiec_core::period::ReportingPeriod;
///
/// let first: ReportingPeriod = "1Q2020".parse()?;
/// let same: ReportingPeriod = "03/31/2020".parse()?;
/// assert_eq!(first, same);
/// assert_eq!((first.year(), first.quarter()), (2020, 1));
///
/// let not_a_quarter_end = "2020-02-15".parse::<ReportingPeriod>().unwrap_err();
/// assert!(not_a_quarter_end.to_string().contains("not a quarter end"));
/// # Ok::<(), ffiec_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ReportingPeriod(Date);

impl ReportingPeriod {
    /// The period that ends on `date`.
    ///
    /// # Errors
    ///
    /// A validation error when `date` is not 3/31, 6/30, 9/30 or 12/31, or
    /// its year does not have four digits.
    pub fn new(date: Date) -> Result<Self> {
        check_year(date.year()).map_err(|reason| period_error(&date.to_string(), reason))?;

        if !is_quarter_end(date) {
            return Err(period_error(&date.to_string(), not_a_quarter_end(date)));
        }

        Ok(ReportingPeriod(date))
    }

    /// The period that ends quarter `quarter` (1 to 4) of `year`.
    ///
    /// # Errors
    ///
    /// A validation error when `quarter` is not 1 to 4 or `year` does not
    /// have four digits.
    ///
    /// # Example
    ///
    /// ```
    /// use ffiec_core::period::ReportingPeriod;
    ///
    /// let period = ReportingPeriod::from_quarter(2024, 4)?;
    /// assert_eq!(period.to_wire(), "12/31/2024");
    /// # Ok::<(), ffiec_core::Error>(())
    /// ```
    pub fn from_quarter(year: i16, quarter: u8) -> Result<Self> {
        let shown = format!("{quarter}Q{year}");
        check_year(year).map_err(|reason| period_error(&shown, reason))?;

        let (month, day) = match quarter {
            1 => (3, 31),
            2 => (6, 30),
            3 => (9, 30),
            4 => (12, 31),
            _ => {
                return Err(period_error(
                    &shown,
                    "the quarter must be 1, 2, 3 or 4".into(),
                ));
            }
        };

        let date = Date::new(year, month, day).map_err(|_| period_error(&shown, bad_date()))?;
        Ok(ReportingPeriod(date))
    }

    /// Reads a period from a service response (`6/30/2025`, `06/30/2025`;
    /// every form [`FromStr`] accepts is also read).
    ///
    /// # Errors
    ///
    /// A [`ErrorKind::MalformedResponse`] error quoting `text` when it is not
    /// a quarter end.
    pub fn from_wire(text: &str) -> Result<Self> {
        if let Some(period) = wire_quarter_end(text) {
            return Ok(period);
        }
        parse_period(text).map_err(|reason| {
            Error::malformed(format!(
                "reporting period {} in the response: {reason}",
                quote_input(text)
            ))
        })
    }

    /// The quarter's last day.
    pub fn date(self) -> Date {
        self.0
    }

    /// The calendar year.
    pub fn year(self) -> i16 {
        self.0.year()
    }

    /// The quarter of the year, 1 to 4.
    pub fn quarter(self) -> u8 {
        // The month is 3, 6, 9 or 12 by construction.
        (self.0.month() / 3) as u8
    }

    /// The form the service expects: `M/D/YYYY` without zero padding
    /// (`6/30/2025`).
    pub fn to_wire(self) -> String {
        format!("{}/{}/{}", self.0.month(), self.0.day(), self.0.year())
    }
}

impl fmt::Display for ReportingPeriod {
    /// The ISO date, `2020-03-31`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for ReportingPeriod {
    type Err = Error;

    /// Reads `1Q2020` (any case of Q), `2020-03-31`, `20200331`, `3/31/2020`
    /// or `03/31/2020`; surrounding spaces are ignored.
    ///
    /// # Errors
    ///
    /// A validation error that quotes `text` and says what was expected, for
    /// text in none of those forms, an impossible date, or a date that is
    /// not a quarter end.
    fn from_str(text: &str) -> Result<Self> {
        parse_period(text).map_err(|reason| period_error(text, reason))
    }
}

impl TryFrom<Date> for ReportingPeriod {
    type Error = Error;

    fn try_from(date: Date) -> Result<Self> {
        ReportingPeriod::new(date)
    }
}

impl From<ReportingPeriod> for Date {
    fn from(period: ReportingPeriod) -> Date {
        period.0
    }
}

/// The `lastUpdateDateTime` argument: a civil date-time, kept to the
/// millisecond, with its time of day.
///
/// [`to_wire`](Self::to_wire) writes `04/15/2025` for a midnight and
/// `2025-04-15 21:00:00.000` otherwise, two forms the service documents.
/// [`Display`](fmt::Display) shows the same text.
///
/// # Example
///
/// ```
/// use ffiec_core::period::SinceDate;
///
/// let midnight: SinceDate = "4/15/2025".parse()?;
/// assert_eq!(midnight.to_wire(), "04/15/2025");
///
/// let evening: SinceDate = "2025-04-15 21:00:00.000".parse()?;
/// assert!(evening > midnight);
/// # Ok::<(), ffiec_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SinceDate(DateTime);

impl SinceDate {
    /// The given date-time; anything finer than a millisecond is dropped,
    /// since the wire form carries milliseconds.
    ///
    /// # Errors
    ///
    /// A validation error when the year does not have four digits.
    pub fn new(datetime: DateTime) -> Result<Self> {
        check_year(datetime.year()).map_err(|reason| since_error(&datetime.to_string(), reason))?;

        let nanos_past_milli = datetime.subsec_nanosecond() % 1_000_000;
        let truncated = datetime
            .with()
            .subsec_nanosecond(datetime.subsec_nanosecond() - nanos_past_milli)
            .build()
            .map_err(|_| since_error(&datetime.to_string(), bad_date()))?;

        Ok(SinceDate(truncated))
    }

    /// Midnight at the start of `date`.
    ///
    /// # Errors
    ///
    /// A validation error when the year does not have four digits.
    pub fn from_date(date: Date) -> Result<Self> {
        SinceDate::new(date.to_datetime(Time::midnight()))
    }

    /// The civil date-time.
    pub fn datetime(self) -> DateTime {
        self.0
    }

    /// The form sent as `lastUpdateDateTime`: `04/15/2025` at midnight,
    /// `2025-04-15 21:00:00.000` otherwise.
    pub fn to_wire(self) -> String {
        let dt = self.0;
        if dt.time() == Time::midnight() {
            return format!("{:02}/{:02}/{:04}", dt.month(), dt.day(), dt.year());
        }

        format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:03}",
            dt.year(),
            dt.month(),
            dt.day(),
            dt.hour(),
            dt.minute(),
            dt.second(),
            dt.millisecond()
        )
    }
}

impl fmt::Display for SinceDate {
    /// The wire form, see [`SinceDate::to_wire`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_wire())
    }
}

impl FromStr for SinceDate {
    type Err = Error;

    /// Reads a date (`04/15/2025`, `4/15/2025`, `2025-04-15`, `20250415`)
    /// optionally followed by a time, on a 24-hour clock (`21:00`,
    /// `21:00:00`, `21:00:00.000`) or a 12-hour one (`9:00 PM`,
    /// `9:00:00 pm`).
    ///
    /// # Errors
    ///
    /// A validation error that quotes `text` and lists the accepted forms.
    fn from_str(text: &str) -> Result<Self> {
        let datetime = parse_datetime(text, TimeRequired::No, SINCE_FORMS)
            .map_err(|reason| since_error(text, reason))?;
        SinceDate::new(datetime)
    }
}

/// When a bank's report was submitted, as an instant in `America/New_York`.
///
/// The service writes these as `2/20/2024 3:23:30 PM`: Eastern wall-clock
/// time, 12-hour clock, no zone. `12:15:06 AM` is a quarter past midnight and
/// `12:00:00 PM` is noon. A wall-clock time that occurs twice (the hour
/// repeated when daylight saving time ends) is read as the earlier one; one
/// that never occurs (the hour skipped when it starts) is moved forward by
/// the length of the gap.
///
/// # Example
///
/// ```
/// use ffiec_core::period::SubmissionTime;
///
/// let filed: SubmissionTime = "2/20/2024 3:23:30 PM".parse()?;
/// assert_eq!(filed.timestamp().to_string(), "2024-02-20T20:23:30Z");
/// assert_eq!(filed.to_wire(), "2/20/2024 3:23:30 PM");
/// # Ok::<(), ffiec_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SubmissionTime(ZonedDateTime);

impl SubmissionTime {
    /// The instant `timestamp`, seen in `America/New_York`.
    ///
    /// # Errors
    ///
    /// An error when the time zone database lacks `America/New_York` (it is
    /// bundled, so this does not happen in practice).
    pub fn from_timestamp(timestamp: Timestamp) -> Result<Self> {
        Ok(SubmissionTime(timestamp.to_zoned_datetime(eastern()?)))
    }

    /// Reads a submission time from a service response.
    ///
    /// # Errors
    ///
    /// A [`ErrorKind::MalformedResponse`] error quoting `text` when it is not
    /// a date followed by a time.
    pub fn from_wire(text: &str) -> Result<Self> {
        parse_submission(text, "in the response", ErrorKind::MalformedResponse)
    }

    /// The instant of the submission.
    pub fn timestamp(&self) -> Timestamp {
        self.0.timestamp()
    }

    /// The submission in `America/New_York`.
    pub fn zoned(&self) -> &ZonedDateTime {
        &self.0
    }

    /// The form the service writes: `2/20/2024 3:23:30 PM`.
    pub fn to_wire(&self) -> String {
        let dt = self.0.datetime();
        let (hour, meridiem) = match dt.hour() {
            0 => (12, "AM"),
            hour @ 1..=11 => (hour, "AM"),
            12 => (12, "PM"),
            hour => (hour - 12, "PM"),
        };

        format!(
            "{}/{}/{} {}:{:02}:{:02} {}",
            dt.month(),
            dt.day(),
            dt.year(),
            hour,
            dt.minute(),
            dt.second(),
            meridiem
        )
    }
}

impl fmt::Display for SubmissionTime {
    /// The zoned ISO form, `2024-02-20T15:23:30-05:00[America/New_York]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for SubmissionTime {
    type Err = Error;

    /// Reads `2/20/2024 3:23:30 PM` (padded or not); a 24-hour time such as
    /// `2024-02-20 15:23:30` is read too. The time of day is required.
    ///
    /// # Errors
    ///
    /// A validation error that quotes `text` when it is not a date followed
    /// by a time.
    fn from_str(text: &str) -> Result<Self> {
        parse_submission(text, "", ErrorKind::Validation)
    }
}

/// Reads a submission time; errors are of `kind` and say where the text
/// came from (`origin`, empty for user input).
fn parse_submission(text: &str, origin: &str, kind: ErrorKind) -> Result<SubmissionTime> {
    let error = |reason: String| {
        let origin = if origin.is_empty() {
            String::new()
        } else {
            format!(" {origin}")
        };
        Error::new(
            kind.clone(),
            format!("submission time {}{origin}: {reason}", quote_input(text)),
        )
    };

    let datetime = parse_datetime(text, TimeRequired::Yes, SUBMISSION_FORM).map_err(error)?;

    let zoned = eastern()?
        .to_zoned_datetime(datetime)
        .map_err(|_| error(format!("not representable in {EASTERN}")))?;

    Ok(SubmissionTime(zoned))
}

/// `America/New_York`, looked up once.
fn eastern() -> Result<TimeZone> {
    static ZONE: OnceLock<TimeZone> = OnceLock::new();
    if let Some(zone) = ZONE.get() {
        return Ok(zone.clone());
    }

    let zone = TimeZone::get(EASTERN).map_err(|_| {
        Error::new(
            ErrorKind::Validation,
            format!("time zone {EASTERN} is missing from the time zone database"),
        )
    })?;
    Ok(ZONE.get_or_init(|| zone).clone())
}

fn parse_period(text: &str) -> std::result::Result<ReportingPeriod, String> {
    let text = text.trim();
    if let Some(period) = parse_quarter_code(text)? {
        return Ok(period);
    }

    let date = parse_date(text)?;
    if !is_quarter_end(date) {
        return Err(not_a_quarter_end(date));
    }
    Ok(ReportingPeriod(date))
}

/// A quarter end in the form the service writes it, `M/D/YYYY` unpadded
/// (`6/30/2026`), read without the general parser: a reply lists a hundred
/// of them. `None` for any other text, which [`parse_period`] then reads or
/// explains.
fn wire_quarter_end(text: &str) -> Option<ReportingPeriod> {
    let (month, day, year) = match text.as_bytes() {
        [b'3', b'/', b'3', b'1', b'/', year @ ..] => (3, 31, year),
        [b'6', b'/', b'3', b'0', b'/', year @ ..] => (6, 30, year),
        [b'9', b'/', b'3', b'0', b'/', year @ ..] => (9, 30, year),
        [b'1', b'2', b'/', b'3', b'1', b'/', year @ ..] => (12, 31, year),
        _ => return None,
    };
    // Four digits, the first not zero: a year of `YEARS`.
    let [b'1'..=b'9', rest @ ..] = year else {
        return None;
    };
    if rest.len() != 3 || !rest.iter().all(u8::is_ascii_digit) {
        return None;
    }

    let year = year
        .iter()
        .fold(0_i16, |year, digit| year * 10 + i16::from(digit - b'0'));
    Date::new(year, month, day).ok().map(ReportingPeriod)
}

/// `1Q2020` and `1q2020`. `Ok(None)` when `text` does not have that shape.
fn parse_quarter_code(text: &str) -> std::result::Result<Option<ReportingPeriod>, String> {
    let Some((quarter, year)) = text.split_once(['Q', 'q']) else {
        return Ok(None);
    };
    let (Some(quarter), Some(year)) = (digits(quarter, 1, 1), digits(year, 4, 4)) else {
        return Ok(None);
    };

    if !(1..=4).contains(&quarter) {
        return Err(format!("quarter {quarter} does not exist; expected 1 to 4"));
    }
    let year = year as i16;
    check_year(year)?;

    let period = ReportingPeriod::from_quarter(year, quarter as u8).map_err(|_| bad_date())?;
    Ok(Some(period))
}

/// A calendar date in one of the accepted shapes: `2020-03-31`, `20200331`,
/// `3/31/2020`, `03/31/2020`.
fn parse_date(text: &str) -> std::result::Result<Date, String> {
    let Some(fields) = date_fields(text) else {
        return Err(format!("expected a quarter end written as {PERIOD_FORMS}"));
    };
    calendar_date(fields)
}

/// Year, month and day of a text in one of the accepted date shapes, not
/// yet checked against the calendar.
fn date_fields(text: &str) -> Option<(i16, i8, i8)> {
    iso_fields(text)
        .or_else(|| compact_fields(text))
        .or_else(|| us_fields(text))
}

/// The date of well-shaped fields, or why there is none: a wrong shape and
/// a date that does not exist (`2/30/2024`) are different mistakes, so
/// they get different messages.
fn calendar_date((year, month, day): (i16, i8, i8)) -> std::result::Result<Date, String> {
    check_year(year)?;
    Date::new(year, month, day).map_err(|_| bad_date())
}

fn iso_fields(text: &str) -> Option<(i16, i8, i8)> {
    let mut parts = text.split('-');
    let year = digits(parts.next()?, 4, 4)?;
    let month = digits(parts.next()?, 2, 2)?;
    let day = digits(parts.next()?, 2, 2)?;
    if parts.next().is_some() {
        return None;
    }
    Some((year as i16, month as i8, day as i8))
}

fn compact_fields(text: &str) -> Option<(i16, i8, i8)> {
    digits(text, 8, 8)?;
    let year = digits(&text[..4], 4, 4)?;
    let month = digits(&text[4..6], 2, 2)?;
    let day = digits(&text[6..], 2, 2)?;
    Some((year as i16, month as i8, day as i8))
}

fn us_fields(text: &str) -> Option<(i16, i8, i8)> {
    let mut parts = text.split('/');
    let month = digits(parts.next()?, 1, 2)?;
    let day = digits(parts.next()?, 1, 2)?;
    let year = digits(parts.next()?, 4, 4)?;
    if parts.next().is_some() {
        return None;
    }
    Some((year as i16, month as i8, day as i8))
}

/// Whether a date-time text must carry a time of day.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TimeRequired {
    Yes,
    No,
}

/// A date, then optionally (after a space or `T`) a time of day. `expected`
/// describes the accepted forms, for text that has none of them.
fn parse_datetime(
    text: &str,
    time: TimeRequired,
    expected: &str,
) -> std::result::Result<DateTime, String> {
    let text = text.trim();
    let (date_text, time_text) = match text.split_once([' ', 'T']) {
        Some((date_text, time_text)) => (date_text, Some(time_text.trim())),
        None => (text, None),
    };

    let Some(fields) = date_fields(date_text) else {
        return Err(format!("expected {expected}"));
    };
    let date = calendar_date(fields)?;
    let clock = match time_text {
        Some(time_text) => parse_time(time_text)?,
        None if time == TimeRequired::Yes => return Err("the time of day is missing".into()),
        None => Time::midnight(),
    };

    Ok(date.to_datetime(clock))
}

/// `21:00`, `21:00:00`, `21:00:00.000`, `9:00 PM`, `9:00:00pm`.
fn parse_time(text: &str) -> std::result::Result<Time, String> {
    let (clock, meridiem) = split_meridiem(text);
    let mut parts = clock.split(':');

    let hour = parts.next().and_then(|part| digits(part, 1, 2));
    let minute = parts.next().and_then(|part| digits(part, 2, 2));
    let (second, millis) = match parts.next() {
        Some(part) => parse_seconds(part).ok_or_else(bad_time)?,
        None => (0, 0),
    };
    let (Some(hour), Some(minute), None) = (hour, minute, parts.next()) else {
        return Err(bad_time());
    };

    let hour = match meridiem {
        None if hour <= 23 => hour,
        Some(Meridiem::Am) if (1..=12).contains(&hour) => hour % 12,
        Some(Meridiem::Pm) if (1..=12).contains(&hour) => hour % 12 + 12,
        _ => return Err(format!("hour {hour} is out of range")),
    };

    Time::new(
        hour as i8,
        minute as i8,
        second as i8,
        (millis * 1_000_000) as i32,
    )
    .map_err(|_| bad_time())
}

/// `SS` or `SS.f` to `SS.fff`: whole seconds and milliseconds.
fn parse_seconds(text: &str) -> Option<(u32, u32)> {
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (text, None),
    };

    let seconds = digits(whole, 2, 2)?;
    let millis = match fraction {
        Some(fraction) => {
            let value = digits(fraction, 1, 3)?;
            value * 10u32.pow(3 - fraction.len() as u32)
        }
        None => 0,
    };
    Some((seconds, millis))
}

#[derive(Clone, Copy)]
enum Meridiem {
    Am,
    Pm,
}

/// Splits a trailing `AM` or `PM` (any case, space optional) off a clock.
fn split_meridiem(text: &str) -> (&str, Option<Meridiem>) {
    let Some(split) = text.len().checked_sub(2) else {
        return (text, None);
    };
    let Some((clock, suffix)) = text.split_at_checked(split) else {
        return (text, None);
    };

    let meridiem = if suffix.eq_ignore_ascii_case("AM") {
        Meridiem::Am
    } else if suffix.eq_ignore_ascii_case("PM") {
        Meridiem::Pm
    } else {
        return (text, None);
    };
    (clock.trim_end(), Some(meridiem))
}

/// The value of `text` when it is `min..=max` ASCII digits.
fn digits(text: &str, min: usize, max: usize) -> Option<u32> {
    let well_formed =
        (min..=max).contains(&text.len()) && text.bytes().all(|byte| byte.is_ascii_digit());
    if !well_formed {
        return None;
    }
    text.parse().ok()
}

fn is_quarter_end(date: Date) -> bool {
    matches!(
        (date.month(), date.day()),
        (3, 31) | (6, 30) | (9, 30) | (12, 31)
    )
}

fn check_year(year: i16) -> std::result::Result<(), String> {
    if YEARS.contains(&year) {
        Ok(())
    } else {
        Err(format!("year {year} does not have four digits"))
    }
}

fn not_a_quarter_end(date: Date) -> String {
    format!("{date} is not a quarter end; expected 3/31, 6/30, 9/30 or 12/31")
}

fn bad_date() -> String {
    "not a calendar date".into()
}

fn bad_time() -> String {
    "the time of day is not hh:mm, hh:mm:ss[.fff] or h:mm[:ss] AM/PM".into()
}

fn period_error(text: &str, reason: String) -> Error {
    Error::validation(format!("reporting period {}: {reason}", quote_input(text)))
}

fn since_error(text: &str, reason: String) -> Error {
    Error::validation(format!("since date {}: {reason}", quote_input(text)))
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn the_wire_fast_path_reads_what_the_general_parser_reads() {
        let texts = [
            "3/31/2020",
            "6/30/2025",
            "9/30/1000",
            "12/31/9999",
            "06/30/2025",
            "6/30/0999",
            "6/30/20250",
            "6/30/202",
            " 6/30/2025",
            "6/30/2025 ",
            "6/31/2025",
            "12/30/2025",
            "1Q2020",
            "2020-03-31",
            "6/30/2O25",
        ];
        for text in texts {
            let general = parse_period(text).ok();
            if let Some(fast) = wire_quarter_end(text) {
                assert_eq!(Some(fast), general, "{text:?}");
            }
            assert_eq!(ReportingPeriod::from_wire(text).ok(), general, "{text:?}");
        }
        assert_eq!(
            wire_quarter_end("12/31/2024"),
            Some(ReportingPeriod::from_quarter(2024, 4).unwrap())
        );
        assert_eq!(wire_quarter_end("6/30/0999"), None);
    }

    #[test]
    fn every_user_form_reads_the_same_quarter_end() {
        let expected = ReportingPeriod::new(date(2020, 3, 31)).unwrap();
        for text in [
            "1Q2020",
            "1q2020",
            "2020-03-31",
            "20200331",
            "3/31/2020",
            "03/31/2020",
        ] {
            assert_eq!(text.parse::<ReportingPeriod>().unwrap(), expected, "{text}");
        }
    }

    #[test]
    fn wire_form_is_unpadded_and_display_is_iso() {
        let period: ReportingPeriod = "2Q2025".parse().unwrap();
        assert_eq!(period.to_wire(), "6/30/2025");
        assert_eq!(period.to_string(), "2025-06-30");
        assert_eq!((period.year(), period.quarter()), (2025, 2));
    }

    #[test]
    fn padded_and_unpadded_wire_strings_are_read() {
        let padded = ReportingPeriod::from_wire("06/30/2025").unwrap();
        let unpadded = ReportingPeriod::from_wire("6/30/2025").unwrap();
        assert_eq!(padded, unpadded);
        assert_eq!(padded.date(), date(2025, 6, 30));
    }

    #[test]
    fn a_date_that_is_not_a_quarter_end_is_named() {
        let error = "2020-02-15".parse::<ReportingPeriod>().unwrap_err();
        assert!(error.is_validation());
        assert_eq!(
            error.context(),
            "reporting period \"2020-02-15\": 2020-02-15 is not a quarter end; \
             expected 3/31, 6/30, 9/30 or 12/31"
        );
    }

    #[test]
    fn impossible_dates_and_garbage_say_what_was_expected() {
        let impossible = "2020-02-30".parse::<ReportingPeriod>().unwrap_err();
        assert_eq!(
            impossible.context(),
            "reporting period \"2020-02-30\": not a calendar date"
        );

        let garbage = "next quarter".parse::<ReportingPeriod>().unwrap_err();
        assert!(garbage.context().contains("\"next quarter\""));
        assert!(garbage.context().contains(PERIOD_FORMS));

        let fifth = "5Q2020".parse::<ReportingPeriod>().unwrap_err();
        assert!(fifth.context().contains("quarter 5 does not exist"));

        let three_digit_year = "1Q0999".parse::<ReportingPeriod>().unwrap_err();
        assert_eq!(
            three_digit_year.context(),
            "reporting period \"1Q0999\": year 999 does not have four digits"
        );
    }

    #[test]
    fn response_errors_are_malformed_not_validation() {
        let error = ReportingPeriod::from_wire("13/31/2020").unwrap_err();
        assert!(error.is_malformed());
        assert!(error.context().contains("\"13/31/2020\""));
    }

    #[test]
    fn periods_order_by_date() {
        let mut periods: Vec<ReportingPeriod> = ["4Q2019", "1Q2020", "3Q2019"]
            .iter()
            .map(|text| text.parse().unwrap())
            .collect();
        periods.sort();
        let wire: Vec<String> = periods.iter().map(|period| period.to_wire()).collect();
        assert_eq!(wire, ["9/30/2019", "12/31/2019", "3/31/2020"]);
    }

    #[test]
    fn from_quarter_and_new_reject_what_parsing_rejects() {
        assert!(ReportingPeriod::from_quarter(2020, 0).is_err());
        assert!(ReportingPeriod::from_quarter(999, 1).is_err());
        assert!(ReportingPeriod::new(date(2020, 4, 30)).is_err());
    }

    #[test]
    fn since_date_keeps_its_time_of_day() {
        let cases = [
            ("04/15/2025", "04/15/2025"),
            ("4/15/2025", "04/15/2025"),
            ("2025-04-15", "04/15/2025"),
            ("2025-04-15 21:00:00.000", "2025-04-15 21:00:00.000"),
            ("04/15/2025 9:00 PM", "2025-04-15 21:00:00.000"),
            ("04/15/2025 9:00pm", "2025-04-15 21:00:00.000"),
            ("2025-04-15T07:05:09.5", "2025-04-15 07:05:09.500"),
            ("04/15/2025 12:30 AM", "2025-04-15 00:30:00.000"),
        ];
        for (text, wire) in cases {
            assert_eq!(text.parse::<SinceDate>().unwrap().to_wire(), wire, "{text}");
        }
    }

    #[test]
    fn since_date_rejects_impossible_times() {
        for text in [
            "04/15/2025 13:00 PM",
            "04/15/2025 24:00",
            "04/15/2025 9 PM",
            "15/04/2025",
        ] {
            let error = text.parse::<SinceDate>().unwrap_err();
            assert!(error.is_validation(), "{text}");
            assert!(
                error.context().starts_with("since date \""),
                "{text}: {error}"
            );
        }
    }

    #[test]
    fn a_well_formed_date_that_does_not_exist_says_so() {
        for text in ["2/30/2024", "2023-02-29 10:00", "04/31/2025 9:00 PM"] {
            let error = text.parse::<SinceDate>().unwrap_err();
            assert_eq!(
                error.context(),
                format!("since date \"{text}\": not a calendar date"),
                "{text}"
            );
        }

        let submission = SubmissionTime::from_wire("2/30/2024 3:23:30 PM").unwrap_err();
        assert!(submission.is_malformed());
        assert_eq!(
            submission.context(),
            "submission time \"2/30/2024 3:23:30 PM\" in the response: not a calendar date"
        );

        let shapeless = "30.2.2024".parse::<SinceDate>().unwrap_err();
        assert!(
            shapeless.context().contains("expected 04/15/2025"),
            "{shapeless}"
        );
    }

    #[test]
    fn since_date_drops_precision_below_a_millisecond() {
        let precise = date(2025, 4, 15).at(21, 0, 0, 123_456_789);
        let since = SinceDate::new(precise).unwrap();
        assert_eq!(since.datetime().subsec_nanosecond(), 123_000_000);
        assert_eq!(since.to_wire(), "2025-04-15 21:00:00.123");
    }

    #[test]
    fn submission_time_is_eastern_wall_clock() {
        let winter: SubmissionTime = "2/20/2024 3:23:30 PM".parse().unwrap();
        assert_eq!(winter.timestamp().to_string(), "2024-02-20T20:23:30Z");

        let summer_midnight: SubmissionTime = "7/1/2022 12:15:06 AM".parse().unwrap();
        assert_eq!(
            summer_midnight.timestamp().to_string(),
            "2022-07-01T04:15:06Z"
        );
        assert_eq!(
            summer_midnight.zoned().time_zone().iana_name(),
            Some(EASTERN)
        );

        let noon: SubmissionTime = "7/1/2022 12:00:00 PM".parse().unwrap();
        assert_eq!(noon.zoned().hour(), 12);
    }

    #[test]
    fn submission_time_renders_the_wire_form() {
        for text in [
            "2/20/2024 3:23:30 PM",
            "7/1/2022 12:15:06 AM",
            "12/31/2023 12:00:00 PM",
        ] {
            assert_eq!(SubmissionTime::from_wire(text).unwrap().to_wire(), text);
        }
    }

    #[test]
    fn submission_time_from_timestamp_is_seen_in_new_york() {
        let instant: Timestamp = "2024-02-20T20:23:30Z".parse().unwrap();
        let time = SubmissionTime::from_timestamp(instant).unwrap();
        assert_eq!(time.to_wire(), "2/20/2024 3:23:30 PM");
    }

    #[test]
    fn submission_time_errors_quote_the_input() {
        let missing_time = SubmissionTime::from_wire("2/20/2024").unwrap_err();
        assert!(missing_time.is_malformed());
        assert!(missing_time.context().contains("\"2/20/2024\""));
        assert!(missing_time.context().contains("time of day is missing"));

        let garbage = "yesterday".parse::<SubmissionTime>().unwrap_err();
        assert!(garbage.is_validation());
        assert!(garbage.context().contains("\"yesterday\""));
    }
}
