//! Which figures the report sets side by side, and how it judges them.
//!
//! A [`Comparison`] names two benchmarks of the same run: a subject (our
//! code) and a reference (the limit it cannot beat, or the peer it
//! replaces). Their ratio is computed from the two medians, so noise that
//! slows the whole machine during the run affects both alike.

use super::measurements::{Measurement, Measurements};
use crate::ids::{self, full_id};

/// The part of the report a comparison belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    /// Parsing XBRL facsimiles.
    Xbrl,
    /// Loading the session snapshot.
    SessionCell,
    /// The shared rate limiter.
    RateLimiter,
    /// Whole SOAP calls over loopback.
    Client,
}

impl Section {
    /// Every section, in report order.
    pub const ALL: [Section; 4] = [
        Section::Xbrl,
        Section::SessionCell,
        Section::RateLimiter,
        Section::Client,
    ];

    /// The section's heading.
    pub fn title(self) -> &'static str {
        match self {
            Section::Xbrl => "XBRL parsing",
            Section::SessionCell => "Session snapshot",
            Section::RateLimiter => "Rate limiter",
            Section::Client => "SOAP calls over loopback (F5 and overhead)",
        }
    }
}

/// How the ratio of a comparison is formed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RatioKind {
    /// The subject's speed as a fraction of the reference's: reference
    /// median over subject median (0.6 = 60% of the reference's
    /// throughput).
    Speed,
    /// The subject's time as a multiple of the reference's: subject median
    /// over reference median (1.05 = 5% slower).
    Time,
}

/// What the ratio must be for the goal to be met.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Goal {
    /// The ratio must be at least this.
    AtLeast(f64),
    /// The ratio must be at most this.
    AtMost(f64),
}

impl Goal {
    /// Whether `ratio` meets the goal.
    ///
    /// ```
    /// use ffiec_benches::report::Goal;
    ///
    /// assert!(Goal::AtLeast(0.5).is_met_by(0.5));
    /// assert!(!Goal::AtMost(1.10).is_met_by(1.11));
    /// ```
    pub fn is_met_by(self, ratio: f64) -> bool {
        match self {
            Goal::AtLeast(bound) => ratio >= bound,
            Goal::AtMost(bound) => ratio <= bound,
        }
    }

    /// The goal as the report prints it (`≥ 0.50`, `≤ 1.10`).
    pub fn describe(self) -> String {
        match self {
            Goal::AtLeast(bound) => format!("≥ {bound:.2}"),
            Goal::AtMost(bound) => format!("≤ {bound:.2}"),
        }
    }
}

/// Two benchmarks of one run, set side by side.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// Where it goes in the report.
    pub section: Section,
    /// What is compared, in words.
    pub title: String,
    /// The id of the benchmark of our code.
    pub subject: String,
    /// The id of the limit or peer.
    pub reference: String,
    /// What the benchmarks count as elements (`facts`, `requests`, ...).
    pub elements: &'static str,
    /// How the ratio is formed.
    pub ratio: RatioKind,
    /// The goal, if the design states one.
    pub goal: Option<Goal>,
}

/// A comparison with its two figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The subject's result.
    pub subject: Measurement,
    /// The reference's result.
    pub reference: Measurement,
    /// The ratio, formed as the comparison says.
    pub ratio: f64,
    /// Whether the goal is met; `None` when there is no goal.
    pub met: Option<bool>,
}

impl Comparison {
    /// Looks up both benchmarks in `measurements` and forms the ratio.
    ///
    /// # Errors
    ///
    /// The id of the first of the two benchmarks that has no result.
    pub fn evaluate(&self, measurements: &Measurements) -> Result<Outcome, String> {
        let find = |id: &String| measurements.get(id).cloned().ok_or_else(|| id.clone());
        let subject = find(&self.subject)?;
        let reference = find(&self.reference)?;

        let ratio = match self.ratio {
            RatioKind::Speed => reference.median_ns / subject.median_ns,
            RatioKind::Time => subject.median_ns / reference.median_ns,
        };
        Ok(Outcome {
            met: self.goal.map(|goal| goal.is_met_by(ratio)),
            subject,
            reference,
            ratio,
        })
    }
}

/// The parser must reach at least half the bare `NsReader` loop's speed.
pub const XBRL_GOAL: Goal = Goal::AtLeast(0.5);
/// The hardened client may cost at most 10% more time than bare reqwest.
pub const CLIENT_OVERHEAD_GOAL: Goal = Goal::AtMost(1.10);

/// Every comparison the benchmarks of this crate feed, in report order.
pub fn planned() -> Vec<Comparison> {
    let mut plan = Vec::new();
    plan.extend(xbrl_comparisons());
    plan.extend(session_cell_comparisons());
    plan.extend(rate_limiter_comparisons());
    plan.extend(client_comparisons());
    plan
}

fn xbrl_comparisons() -> Vec<Comparison> {
    use ids::xbrl::*;

    [("Call", CALL_GROUP), ("UBPR", UBPR_GROUP)]
        .into_iter()
        .map(|(name, group)| Comparison {
            section: Section::Xbrl,
            title: format!("{name} facsimile: XbrlDocument::from_bytes vs bare NsReader loop"),
            subject: full_id(group, FROM_BYTES, None),
            reference: full_id(group, NS_READER_LIMIT, None),
            elements: "facts",
            ratio: RatioKind::Speed,
            goal: Some(XBRL_GOAL),
        })
        .collect()
}

fn session_cell_comparisons() -> Vec<Comparison> {
    use ids::snapshot::*;

    let id = |function, parameter| full_id(SESSION_CELL_GROUP, function, Some(parameter));
    vec![
        Comparison {
            section: Section::SessionCell,
            title: "SessionCell::load vs Arc::clone, uncontended".into(),
            subject: id(LOAD, UNCONTENDED),
            reference: id(ARC_CLONE, UNCONTENDED),
            elements: "loads",
            ratio: RatioKind::Time,
            goal: None,
        },
        Comparison {
            section: Section::SessionCell,
            title: "SessionCell::load during credential rotation vs Arc::clone".into(),
            subject: id(LOAD, DURING_ROTATION),
            reference: id(ARC_CLONE, UNCONTENDED),
            elements: "loads",
            ratio: RatioKind::Time,
            goal: None,
        },
        Comparison {
            section: Section::SessionCell,
            title: "SessionCell::load during rotation vs uncontended".into(),
            subject: id(LOAD, DURING_ROTATION),
            reference: id(LOAD, UNCONTENDED),
            elements: "loads",
            ratio: RatioKind::Time,
            goal: None,
        },
    ]
}

fn rate_limiter_comparisons() -> Vec<Comparison> {
    use ids::snapshot::*;

    let mut plan = Vec::new();
    for (name, function) in [("reserve", RESERVE), ("try_acquire", TRY_ACQUIRE)] {
        let alone = full_id(RATE_LIMITER_GROUP, function, Some(&threads_parameter(1)));
        for threads in THREADS.into_iter().filter(|&threads| threads > 1) {
            plan.push(Comparison {
                section: Section::RateLimiter,
                title: format!(
                    "RateLimiter::{name}, {threads} threads at once vs 1 (time of one round)"
                ),
                subject: full_id(
                    RATE_LIMITER_GROUP,
                    function,
                    Some(&threads_parameter(threads)),
                ),
                reference: alone.clone(),
                elements: "calls",
                ratio: RatioKind::Time,
                goal: None,
            });
        }
    }
    plan
}

fn client_comparisons() -> Vec<Comparison> {
    use ids::client::*;

    let mut plan = Vec::new();
    for concurrency in CONCURRENCY {
        let parameter = concurrency.to_string();
        let id = |function| full_id(GROUP, function, Some(&parameter));
        plan.push(Comparison {
            section: Section::Client,
            title: format!(
                "F5: new HTTP client + WSDL per call vs the hardened client, {concurrency} in flight"
            ),
            subject: id(NEW_CLIENT_PER_CALL),
            reference: id(HARDENED_CLIENT),
            elements: "requests",
            ratio: RatioKind::Time,
            goal: None,
        });
        plan.push(Comparison {
            section: Section::Client,
            title: format!(
                "Overhead: hardened client vs bare reqwest, same bytes, {concurrency} in flight"
            ),
            subject: id(HARDENED_CLIENT),
            reference: id(BARE_REQWEST),
            elements: "requests",
            ratio: RatioKind::Time,
            goal: Some(CLIENT_OVERHEAD_GOAL),
        });
    }

    let one_bare_call = full_id(GROUP, BARE_REQWEST, Some("1"));
    for (step, function) in [
        ("Writing the envelope", WRITE_ENVELOPE),
        ("Decoding the answer and its periods", DECODE_ANSWER),
    ] {
        plan.push(Comparison {
            section: Section::Client,
            title: format!("{step} vs one bare reqwest call (where the overhead goes)"),
            subject: full_id(CODEC_GROUP, function, None),
            reference: one_bare_call.clone(),
            elements: "requests",
            ratio: RatioKind::Time,
            goal: None,
        });
    }
    plan
}
