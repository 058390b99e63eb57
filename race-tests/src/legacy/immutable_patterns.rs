//! F4 and F6: module-level patterns that are read, never written.
//!
//! The methods module keeps lists of accepted date formats at module level (F4), and the
//! XBRL processor compiles one pattern at import (F6). Both are created once and only read
//! afterwards, so sharing them between threads cannot race. The Rust equivalent below is an
//! immutable `static`: there is no code path that could assign it, and the compiler rejects
//! one. The test beside it shows threads reading it concurrently and agreeing.

/// Date layouts the legacy methods module accepts, as a module-level list (F4).
pub static REPORTING_DATE_LAYOUTS: &[DateLayout] = &[
    DateLayout {
        name: "mm/dd/yyyy",
        separator: '/',
        year_first: false,
    },
    DateLayout {
        name: "yyyy-mm-dd",
        separator: '-',
        year_first: true,
    },
    DateLayout {
        name: "yyyymmdd",
        separator: '\0',
        year_first: true,
    },
];

/// The fact-name prefix the legacy XBRL processor matches with its compiled pattern (F6).
pub static XBRL_FACT_PREFIX: &str = "cc:";

/// One accepted layout of a reporting date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateLayout {
    /// As the legacy docs name it.
    pub name: &'static str,
    /// The separator, or `'\0'` for none.
    pub separator: char,
    /// Whether the year comes first.
    pub year_first: bool,
}

/// Which layout `date` follows, read from the shared list (no writes anywhere).
pub fn classify_date(date: &str) -> Option<&'static str> {
    REPORTING_DATE_LAYOUTS
        .iter()
        .find(|layout| matches_layout(layout, date))
        .map(|l| l.name)
}

/// Whether an XBRL fact name carries the prefix the legacy processor extracts.
pub fn is_call_report_fact(name: &str) -> bool {
    name.starts_with(XBRL_FACT_PREFIX) && name.len() > XBRL_FACT_PREFIX.len()
}

fn matches_layout(layout: &DateLayout, date: &str) -> bool {
    let digits =
        |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());

    if layout.separator == '\0' {
        return digits(date, 8);
    }
    let parts: Vec<&str> = date.split(layout.separator).collect();
    match (layout.year_first, parts.as_slice()) {
        (true, [year, month, day]) => digits(year, 4) && digits(month, 2) && digits(day, 2),
        (false, [month, day, year]) => digits(month, 2) && digits(day, 2) && digits(year, 4),
        _ => false,
    }
}
