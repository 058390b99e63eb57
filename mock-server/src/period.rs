//! Reporting periods: the quarter ends the service publishes data for.

use std::fmt;
use std::ops::RangeInclusive;

use jiff::civil::Date;

/// One reporting period, identified by the calendar quarter it ends.
///
/// On the wire a period is written `M/D/YYYY` without zero padding
/// (`6/30/2026`); [`ReportingPeriod::parse_wire`] also accepts the padded form
/// (`06/30/2026`) that some clients send.
///
/// ```
/// use ffiec_mock::ReportingPeriod;
///
/// let period = ReportingPeriod::parse_wire("06/30/2026")?;
/// assert_eq!(period.to_string(), "6/30/2026");
/// assert_eq!(period.iso(), "2026-06-30");
/// # Ok::<(), ffiec_mock::period::PeriodError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ReportingPeriod {
    year: i16,
    quarter: u8,
}

/// Why a text is not a reporting period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeriodError {
    /// The text is not of the form `M/D/YYYY`.
    NotADate(String),
    /// The text has the form `M/D/YYYY`, but no such day exists (`2/30/2020`).
    NotACalendarDate(String),
    /// The year is outside [`ReportingPeriod::YEARS`] (`12/31/0000`).
    YearOutOfRange(String),
    /// The text is a date, but not the last day of a calendar quarter.
    NotQuarterEnd(String),
}

impl fmt::Display for PeriodError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotADate(text) => write!(f, "'{text}' is not a date of the form M/D/YYYY"),
            Self::NotACalendarDate(text) => write!(f, "'{text}' is not a calendar date"),
            Self::YearOutOfRange(text) => write!(
                f,
                "'{text}' is outside the years {} to {} a reporting period can have",
                ReportingPeriod::YEARS.start(),
                ReportingPeriod::YEARS.end()
            ),
            Self::NotQuarterEnd(text) => {
                write!(
                    f,
                    "'{text}' is not a quarter end (3/31, 6/30, 9/30 or 12/31)"
                )
            }
        }
    }
}

impl std::error::Error for PeriodError {}

impl ReportingPeriod {
    /// The years [`parse_wire`](Self::parse_wire) accepts. The service
    /// publishes from 2001 on; the range is wider so that a request for a
    /// plausible but unpublished year gets "no data" rather than a refusal,
    /// while year 0000 or 9999 is refused as a mistake.
    pub const YEARS: RangeInclusive<i16> = 1900..=2999;

    /// The period that ends quarter `quarter` (1 to 4) of `year`.
    ///
    /// # Panics
    ///
    /// If `quarter` is not between 1 and 4.
    pub const fn new(year: i16, quarter: u8) -> Self {
        assert!(quarter >= 1 && quarter <= 4, "a year has quarters 1 to 4");
        Self { year, quarter }
    }

    /// Parses the wire form `M/D/YYYY`, padded or not.
    ///
    /// # Errors
    ///
    /// [`PeriodError::NotADate`] if the text is not of the form `M/D/YYYY`,
    /// [`PeriodError::NotACalendarDate`] if that day does not exist,
    /// [`PeriodError::YearOutOfRange`] if the year is outside [`Self::YEARS`],
    /// [`PeriodError::NotQuarterEnd`] if the date does not end a quarter.
    pub fn parse_wire(text: &str) -> Result<Self, PeriodError> {
        let error = |make: fn(String) -> PeriodError| make(text.to_owned());

        let (month, day, year) = split_us_date(text).ok_or_else(|| error(PeriodError::NotADate))?;
        let date =
            calendar_date(month, day, year).ok_or_else(|| error(PeriodError::NotACalendarDate))?;
        if !Self::YEARS.contains(&date.year()) {
            return Err(error(PeriodError::YearOutOfRange));
        }
        Self::from_date(date).ok_or_else(|| error(PeriodError::NotQuarterEnd))
    }

    /// The period that `date` ends, if it is the last day of a quarter.
    pub fn from_date(date: Date) -> Option<Self> {
        let quarter = match (date.month(), date.day()) {
            (3, 31) => 1,
            (6, 30) => 2,
            (9, 30) => 3,
            (12, 31) => 4,
            _ => return None,
        };
        Some(Self {
            year: date.year(),
            quarter,
        })
    }

    /// The calendar year.
    pub const fn year(self) -> i16 {
        self.year
    }

    /// The quarter of the year, 1 to 4.
    pub const fn quarter(self) -> u8 {
        self.quarter
    }

    /// The last day of the quarter.
    pub fn end_date(self) -> Date {
        let (month, day) = match self.quarter {
            1 => (3, 31),
            2 => (6, 30),
            3 => (9, 30),
            _ => (12, 31),
        };
        Date::constant(self.year, month, day)
    }

    /// The following quarter.
    pub const fn next(self) -> Self {
        if self.quarter == 4 {
            Self {
                year: self.year + 1,
                quarter: 1,
            }
        } else {
            Self {
                year: self.year,
                quarter: self.quarter + 1,
            }
        }
    }

    /// The end date as `YYYY-MM-DD`, the form used in XBRL context ids.
    pub fn iso(self) -> String {
        self.end_date().to_string()
    }

    /// The end date as `YYYYMMDD`, the form used in SDF documents.
    pub fn compact(self) -> String {
        self.end_date().strftime("%Y%m%d").to_string()
    }

    /// Every period from `first` to `last`, both included, oldest first.
    pub fn range(first: Self, last: Self) -> Vec<Self> {
        let mut periods = Vec::new();
        let mut period = first;
        while period <= last {
            periods.push(period);
            period = period.next();
        }
        periods
    }
}

impl fmt::Display for ReportingPeriod {
    /// The wire form, `M/D/YYYY` without padding.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let date = self.end_date();
        write!(f, "{}/{}/{}", date.month(), date.day(), date.year())
    }
}

/// Parses `M/D/YYYY` (with or without zero padding) into a date.
pub(crate) fn parse_us_date(text: &str) -> Option<Date> {
    let (month, day, year) = split_us_date(text)?;
    calendar_date(month, day, year)
}

/// The month, day and year of `M/D/YYYY`, checking only the shape.
fn split_us_date(text: &str) -> Option<(u32, u32, u32)> {
    let mut parts = text.trim().split('/');
    let month = parse_number(parts.next()?, 2)?;
    let day = parse_number(parts.next()?, 2)?;
    let year = parse_number(parts.next()?, 4)?;
    if parts.next().is_some() {
        return None;
    }
    Some((month, day, year))
}

/// The date, if that day exists.
fn calendar_date(month: u32, day: u32, year: u32) -> Option<Date> {
    Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()
}

/// Parses one to `max_digits` ASCII digits.
fn parse_number(text: &str, max_digits: usize) -> Option<u32> {
    let plain_digits = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    if !plain_digits || text.len() > max_digits {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_padded_and_unpadded_quarter_ends() {
        assert_eq!(
            ReportingPeriod::parse_wire("3/31/2020"),
            Ok(ReportingPeriod::new(2020, 1))
        );
        assert_eq!(
            ReportingPeriod::parse_wire("03/31/2020"),
            Ok(ReportingPeriod::new(2020, 1))
        );
        assert_eq!(
            ReportingPeriod::parse_wire("12/31/2001"),
            Ok(ReportingPeriod::new(2001, 4))
        );
    }

    #[test]
    fn rejects_other_dates_and_shapes() {
        assert!(matches!(
            ReportingPeriod::parse_wire("6/29/2026"),
            Err(PeriodError::NotQuarterEnd(_))
        ));
        for bad in ["2026-06-30", "6/30", "6/30/2026/1", "+6/30/2026", ""] {
            assert!(
                matches!(
                    ReportingPeriod::parse_wire(bad),
                    Err(PeriodError::NotADate(_))
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn tells_an_impossible_day_from_a_wrong_shape() {
        for impossible in [
            "2/30/2020",
            "2/29/2023",
            "6/31/2026",
            "0/31/2026",
            "13/31/2026",
        ] {
            let error = ReportingPeriod::parse_wire(impossible).unwrap_err();
            assert_eq!(error, PeriodError::NotACalendarDate(impossible.to_owned()));
            assert_eq!(
                error.to_string(),
                format!("'{impossible}' is not a calendar date")
            );
        }
        assert_eq!(
            ReportingPeriod::parse_wire("2/29/2024"),
            Err(PeriodError::NotQuarterEnd("2/29/2024".to_owned())),
            "a leap day exists"
        );
    }

    #[test]
    fn rejects_years_outside_the_range() {
        for far in ["12/31/0000", "3/31/1899", "3/31/3000", "12/31/9999"] {
            let error = ReportingPeriod::parse_wire(far).unwrap_err();
            assert_eq!(error, PeriodError::YearOutOfRange(far.to_owned()));
            assert!(error.to_string().contains("1900 to 2999"), "{error}");
        }
        assert_eq!(
            ReportingPeriod::parse_wire("3/31/1900"),
            Ok(ReportingPeriod::new(1900, 1))
        );
        assert_eq!(
            ReportingPeriod::parse_wire("12/31/2999"),
            Ok(ReportingPeriod::new(2999, 4))
        );
    }

    #[test]
    fn formats_wire_iso_and_compact() {
        let period = ReportingPeriod::new(2026, 2);
        assert_eq!(period.to_string(), "6/30/2026");
        assert_eq!(period.iso(), "2026-06-30");
        assert_eq!(period.compact(), "20260630");
    }

    #[test]
    fn range_counts_quarters() {
        let periods =
            ReportingPeriod::range(ReportingPeriod::new(2001, 1), ReportingPeriod::new(2026, 2));
        assert_eq!(periods.len(), 102);
        assert_eq!(periods[1], ReportingPeriod::new(2001, 2));
    }
}
