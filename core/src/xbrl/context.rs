//! XBRL contexts: which institution and which period a fact describes.

use std::fmt;

use jiff::civil::Date;

/// The period of a fact.
///
/// FFIEC uses instants for balances (`CI_<rssd>_<date>` contexts) and
/// durations from the start of the year for income items (`CD_...`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    /// A balance at the end of a day.
    Instant(Date),
    /// A flow over the days from `start` to `end`, both included.
    Duration {
        /// The first day.
        start: Date,
        /// The last day.
        end: Date,
    },
}

impl Period {
    /// The day the period ends on: the instant, or the duration's end.
    pub fn end(&self) -> Date {
        match *self {
            Period::Instant(date) => date,
            Period::Duration { end, .. } => end,
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Instant(date) => write!(f, "{date}"),
            Period::Duration { start, end } => write!(f, "{start}..={end}"),
        }
    }
}

/// A context element, once read and checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Context {
    /// The institution's RSSD id, from `entity/identifier`.
    pub(crate) rssd: u32,
    /// The period, from `period`.
    pub(crate) period: Period,
}

/// The raw text of the parts of a context element that matter.
#[derive(Debug, Default)]
pub(crate) struct ContextParts {
    pub(crate) identifier: Option<String>,
    pub(crate) instant: Option<String>,
    pub(crate) start_date: Option<String>,
    pub(crate) end_date: Option<String>,
    pub(crate) forever: bool,
}

impl ContextParts {
    /// Checks the parts and builds the context, or says what is wrong.
    pub(crate) fn into_context(self) -> Result<Context, String> {
        let identifier = self
            .identifier
            .ok_or_else(|| "has no entity identifier".to_owned())?;
        let rssd = parse_rssd(identifier.trim())
            .ok_or_else(|| format!("identifier {:?} is not an RSSD id", identifier.trim()))?;

        let period = match (self.instant, self.start_date, self.end_date) {
            _ if self.forever => return Err("has a `forever` period".to_owned()),
            (Some(instant), None, None) => Period::Instant(parse_date(&instant)?),
            (None, Some(start), Some(end)) => {
                let (start, end) = (parse_date(&start)?, parse_date(&end)?);
                if start > end {
                    return Err(format!("period starts {start}, after its end {end}"));
                }
                Period::Duration { start, end }
            }
            _ => {
                return Err("needs either an instant or both a startDate and an endDate".to_owned());
            }
        };
        Ok(Context { rssd, period })
    }
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

/// An `xs:date` as FFIEC writes it: `YYYY-MM-DD`, no time, no zone.
fn parse_date(text: &str) -> Result<Date, String> {
    let text = text.trim();
    let well_formed = text.len() == 10
        && text.bytes().enumerate().all(|(index, byte)| match index {
            4 | 7 => byte == b'-',
            _ => byte.is_ascii_digit(),
        });
    if !well_formed {
        return Err(format!("date {text:?} is not YYYY-MM-DD"));
    }
    text.parse()
        .map_err(|_| format!("date {text:?} is not a calendar date"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn parts(identifier: &str, instant: Option<&str>, range: Option<(&str, &str)>) -> ContextParts {
        ContextParts {
            identifier: Some(identifier.to_owned()),
            instant: instant.map(str::to_owned),
            start_date: range.map(|(start, _)| start.to_owned()),
            end_date: range.map(|(_, end)| end.to_owned()),
            forever: false,
        }
    }

    #[test]
    fn instants_and_durations_are_read() {
        let instant = parts(" 480228\n", Some("2026-06-30"), None)
            .into_context()
            .unwrap();
        assert_eq!(instant.rssd, 480228);
        assert_eq!(instant.period, Period::Instant(date(2026, 6, 30)));

        let duration = parts("480228", None, Some(("2026-01-01", "2026-06-30")))
            .into_context()
            .unwrap();
        assert_eq!(duration.period.end(), date(2026, 6, 30));
        assert_eq!(duration.period.to_string(), "2026-01-01..=2026-06-30");
    }

    #[test]
    fn bad_parts_are_named() {
        let bad = |parts: ContextParts| parts.into_context().unwrap_err();
        assert_eq!(
            bad(parts("ABC", Some("2026-06-30"), None)),
            "identifier \"ABC\" is not an RSSD id"
        );
        assert_eq!(
            bad(parts("0", Some("2026-06-30"), None)),
            "identifier \"0\" is not an RSSD id"
        );
        assert_eq!(
            bad(parts("1", Some("2026-02-30"), None)),
            "date \"2026-02-30\" is not a calendar date"
        );
        assert_eq!(
            bad(parts("1", Some("6/30/2026"), None)),
            "date \"6/30/2026\" is not YYYY-MM-DD"
        );
        assert!(
            bad(parts("1", None, Some(("2026-07-01", "2026-06-30")))).contains("after its end")
        );
        assert!(bad(parts("1", None, None)).contains("needs either"));
    }
}
