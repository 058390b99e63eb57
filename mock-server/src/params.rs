//! The typed parameters of the operations and how their wire text is read.

use std::fmt;
use std::str::FromStr;

use jiff::civil::{Date, DateTime, Time};

use crate::period::parse_us_date;

/// Which identifier `fiID` / `fiId` holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FiIdType {
    /// The Federal Reserve RSSD id.
    IdRssd,
    /// The FDIC certificate number.
    FdicCertNumber,
    /// The OCC charter number.
    OccChartNumber,
    /// The OTS docket number.
    OtsDockNumber,
}

impl FiIdType {
    /// The wire name (`ID_RSSD`, `FDICCertNumber`, ...).
    pub const fn wire_name(self) -> &'static str {
        match self {
            Self::IdRssd => "ID_RSSD",
            Self::FdicCertNumber => "FDICCertNumber",
            Self::OccChartNumber => "OCCChartNumber",
            Self::OtsDockNumber => "OTSDockNumber",
        }
    }
}

impl FromStr for FiIdType {
    type Err = ();

    /// The wire names, exactly (the WSDL enumeration is case-sensitive).
    fn from_str(text: &str) -> Result<Self, ()> {
        match text {
            "ID_RSSD" => Ok(Self::IdRssd),
            "FDICCertNumber" => Ok(Self::FdicCertNumber),
            "OCCChartNumber" => Ok(Self::OccChartNumber),
            "OTSDockNumber" => Ok(Self::OtsDockNumber),
            _ => Err(()),
        }
    }
}

/// The document format of a Call Report facsimile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FacsimileFormat {
    /// A printable PDF.
    Pdf,
    /// An XBRL instance.
    Xbrl,
    /// The semicolon-separated "SDF" text.
    Sdf,
}

impl FromStr for FacsimileFormat {
    type Err = ();

    fn from_str(text: &str) -> Result<Self, ()> {
        match text {
            "PDF" => Ok(Self::Pdf),
            "XBRL" => Ok(Self::Xbrl),
            "SDF" => Ok(Self::Sdf),
            _ => Err(()),
        }
    }
}

impl fmt::Display for FacsimileFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Pdf => "PDF",
            Self::Xbrl => "XBRL",
            Self::Sdf => "SDF",
        })
    }
}

/// The only data series the service knows.
pub const CALL_SERIES: &str = "Call";

/// Reads `lastUpdateDateTime` in the forms FFIEC documents and clients use:
/// `04/15/2025`, `4/15/2025`, `2025-04-15 21:00:00.000`, `04/15/2025 9:00 PM`
/// and `4/15/2025 9:00:00 PM`.
///
/// ```
/// use ffiec_mock::parse_update_time;
///
/// let evening = parse_update_time("04/15/2025 9:00 PM").unwrap();
/// assert_eq!(parse_update_time("2025-04-15 21:00:00.000"), Some(evening));
/// assert_eq!(parse_update_time("4/15/2025").unwrap().hour(), 0);
/// ```
pub fn parse_update_time(text: &str) -> Option<DateTime> {
    let text = text.trim();
    if let Ok(iso) = text.parse::<DateTime>() {
        return Some(iso);
    }
    if let Ok(day) = text.parse::<Date>() {
        return Some(day.to_datetime(Time::midnight()));
    }

    let (day, clock) = match text.split_once(' ') {
        Some((day, clock)) => (day, Some(clock.trim())),
        None => (text, None),
    };
    let day = parse_us_date(day)?;
    let time = match clock {
        None => Time::midnight(),
        Some(clock) => parse_twelve_hour(clock)?,
    };
    Some(day.to_datetime(time))
}

/// Reads `9:00 PM` or `9:00:00 PM` (any case of AM/PM).
fn parse_twelve_hour(clock: &str) -> Option<Time> {
    let (hms, meridiem) = clock.rsplit_once(' ')?;
    let mut parts = hms.split(':');
    let hour: i8 = parts.next()?.parse().ok()?;
    let minute: i8 = parts.next()?.parse().ok()?;
    let second: i8 = parts.next().map_or(Some(0), |s| s.parse().ok())?;
    if parts.next().is_some() || !(1..=12).contains(&hour) {
        return None;
    }

    let hour = match meridiem.to_ascii_uppercase().as_str() {
        "AM" => hour % 12,
        "PM" => hour % 12 + 12,
        _ => return None,
    };
    Time::new(hour, minute, second, 0).ok()
}

/// Formats a wall-clock time as the service does: `2/20/2024 3:23:30 PM`,
/// with `12:15:06 AM` for a quarter past midnight.
pub fn format_submission_time(at: DateTime) -> String {
    let (hour, meridiem) = match at.hour() {
        0 => (12, "AM"),
        hour @ 1..=11 => (hour, "AM"),
        12 => (12, "PM"),
        hour => (hour - 12, "PM"),
    };
    format!(
        "{}/{}/{} {}:{:02}:{:02} {}",
        at.month(),
        at.day(),
        at.year(),
        hour,
        at.minute(),
        at.second(),
        meridiem
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_documented_update_time_form() {
        let nine_pm = DateTime::constant(2025, 4, 15, 21, 0, 0, 0);
        let midnight = DateTime::constant(2025, 4, 15, 0, 0, 0, 0);
        assert_eq!(parse_update_time("04/15/2025 9:00 PM"), Some(nine_pm));
        assert_eq!(parse_update_time("4/15/2025 9:00:00 pm"), Some(nine_pm));
        assert_eq!(parse_update_time("2025-04-15 21:00:00.000"), Some(nine_pm));
        assert_eq!(parse_update_time("04/15/2025"), Some(midnight));
        assert_eq!(parse_update_time("4/15/2025"), Some(midnight));
        assert_eq!(parse_update_time("4/15/2025 13:00 PM"), None);
        assert_eq!(parse_update_time("yesterday"), None);
    }

    #[test]
    fn formats_submission_times_on_a_twelve_hour_clock() {
        let afternoon = DateTime::constant(2024, 2, 20, 15, 23, 30, 0);
        let after_midnight = DateTime::constant(2024, 2, 20, 0, 15, 6, 0);
        let noon = DateTime::constant(2024, 2, 20, 12, 0, 1, 0);
        assert_eq!(format_submission_time(afternoon), "2/20/2024 3:23:30 PM");
        assert_eq!(
            format_submission_time(after_midnight),
            "2/20/2024 12:15:06 AM"
        );
        assert_eq!(format_submission_time(noon), "2/20/2024 12:00:01 PM");
    }
}
