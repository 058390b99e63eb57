//! When each institution filed for each period.

use jiff::ToSpan;
use jiff::civil::{DateTime, Time};
use serde::Serialize;

use crate::params::format_submission_time;
use crate::period::ReportingPeriod;

/// One filer and its last submission time, as `RetrieveFilersSubmissionDateTime`
/// sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Submission {
    /// The filer's RSSD id.
    #[serde(rename = "ID_RSSD")]
    pub id_rssd: u32,
    /// US Eastern wall-clock time, `M/D/YYYY h:mm:ss AM|PM`, no zone.
    #[serde(rename = "DateTime")]
    pub date_time: String,
}

/// A random source that depends only on the seed, the institution and the
/// period, so every answer about one filing agrees with every other.
pub(crate) fn filing_rng(seed: u64, rssd: u32, period: ReportingPeriod) -> fastrand::Rng {
    let period_key = (i64::from(period.year()) * 4 + i64::from(period.quarter())).unsigned_abs();
    let key = seed ^ (u64::from(rssd) << 20) ^ period_key.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    fastrand::Rng::with_seed(key)
}

/// When `rssd` last submitted its report for `period`: 10 to 120 days after
/// the quarter end, at a random time of day. About one in twenty lands in
/// the hour after midnight, so `12:xx:xx AM` times appear.
pub(crate) fn submitted_at(seed: u64, rssd: u32, period: ReportingPeriod) -> DateTime {
    let mut rng = filing_rng(seed, rssd, period);
    let day = period
        .end_date()
        .saturating_add(i64::from(rng.u16(10..=120)).days());
    let hour = if rng.u8(0..20) == 0 { 0 } else { rng.i8(1..24) };
    let time = Time::new(hour, rng.i8(0..60), rng.i8(0..60), 0).unwrap_or(Time::midnight());
    day.to_datetime(time)
}

/// The wire form of a submission.
pub(crate) fn submission(seed: u64, rssd: u32, period: ReportingPeriod) -> Submission {
    Submission {
        id_rssd: rssd,
        date_time: format_submission_time(submitted_at(seed, rssd, period)),
    }
}
