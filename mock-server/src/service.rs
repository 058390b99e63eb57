//! The operations themselves, independent of SOAP and REST.

use crate::data::{DataSet, Institution, Submission};
use crate::operation::Operation;
use crate::params::{CALL_SERIES, FacsimileFormat, FiIdType, parse_update_time};
use crate::period::{PeriodError, ReportingPeriod};

/// The parameters of a call as sent, by their SOAP names. A protocol layer
/// fills them from XML children or HTTP headers and checks which are present.
#[derive(Debug, Default, Clone)]
pub(crate) struct Args {
    pub(crate) data_series: Option<String>,
    pub(crate) period: Option<String>,
    pub(crate) last_update: Option<String>,
    pub(crate) id_type: Option<String>,
    pub(crate) id: Option<String>,
    pub(crate) format: Option<String>,
}

/// The successful result of an operation.
#[derive(Debug)]
pub(crate) enum Answer {
    Bool(bool),
    Periods(Vec<ReportingPeriod>),
    Panel(Vec<Institution>),
    Submissions(Vec<Submission>),
    Ids(Vec<u32>),
    Document(Vec<u8>),
}

/// Why an operation was refused. Each protocol maps these to its own faults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// A required parameter is absent (wire name).
    Missing(&'static str),
    /// `dataSeries` is not `Call`.
    BadSeries(String),
    /// The reporting period is not a quarter-end date.
    BadPeriod(PeriodError),
    /// `lastUpdateDateTime` is in no accepted form.
    BadUpdateTime(String),
    /// The FI id type is not one of the four.
    BadIdType(String),
    /// The FI id is not a 32-bit integer.
    BadId(String),
    /// The facsimile format is not PDF, XBRL or SDF.
    BadFormat(String),
    /// No such document.
    NotFound { id: String, period: ReportingPeriod },
}

impl Refusal {
    /// A message naming the input, for fault strings and error bodies.
    pub(crate) fn message(&self) -> String {
        match self {
            Self::Missing(name) => format!("missing required parameter '{name}'"),
            Self::BadSeries(value) => {
                format!("invalid dataSeries '{value}': the only series is 'Call'")
            }
            Self::BadPeriod(error) => format!("invalid reporting period end date: {error}"),
            Self::BadUpdateTime(value) => format!("invalid lastUpdateDateTime '{value}'"),
            Self::BadIdType(value) => format!(
                "invalid FI id type '{value}': expected ID_RSSD, FDICCertNumber, OCCChartNumber or OTSDockNumber"
            ),
            Self::BadId(value) => format!("invalid FI id '{value}': not a 32-bit integer"),
            Self::BadFormat(value) => {
                format!("invalid facsimile format '{value}': expected PDF, XBRL or SDF")
            }
            Self::NotFound { id, period } => {
                format!("facsimile not found or unavailable for FI {id} and period {period}")
            }
        }
    }
}

/// Runs `operation` on the data set.
pub(crate) fn execute(
    data: &DataSet,
    operation: Operation,
    args: &Args,
) -> Result<Answer, Refusal> {
    match operation {
        Operation::TestUserAccess => Ok(Answer::Bool(true)),
        Operation::RetrieveReportingPeriods => {
            check_series(args)?;
            Ok(Answer::Periods(data.call_periods().to_vec()))
        }
        Operation::RetrieveUBPRReportingPeriods => {
            Ok(Answer::Periods(data.ubpr_periods().to_vec()))
        }
        Operation::RetrievePanelOfReporters => {
            check_series(args)?;
            Ok(Answer::Panel(data.panel(period(data, args)?)))
        }
        Operation::RetrieveFilersSubmissionDateTime => {
            check_series(args)?;
            let period = period(data, args)?;
            Ok(Answer::Submissions(
                data.submissions(period, update_time(args)?),
            ))
        }
        Operation::RetrieveFilersSinceDate => {
            check_series(args)?;
            let period = period(data, args)?;
            Ok(Answer::Ids(data.filers_since(period, update_time(args)?)))
        }
        Operation::RetrieveFacsimile => {
            check_series(args)?;
            let period = period(data, args)?;
            let (id_type, id) = institution_id(args)?;
            let format = required(&args.format, "facsimileFormat")?;
            let format: FacsimileFormat = format
                .parse()
                .map_err(|()| Refusal::BadFormat(format.to_owned()))?;
            data.call_facsimile(period, id_type, id, format)
                .map(Answer::Document)
                .ok_or_else(|| Refusal::NotFound {
                    id: id.to_string(),
                    period,
                })
        }
        Operation::RetrieveUBPRXBRLFacsimile => {
            let period = period(data, args)?;
            let (id_type, id) = institution_id(args)?;
            data.ubpr_facsimile(period, id_type, id)
                .map(Answer::Document)
                .ok_or_else(|| Refusal::NotFound {
                    id: id.to_string(),
                    period,
                })
        }
    }
}

fn required<'a>(value: &'a Option<String>, name: &'static str) -> Result<&'a str, Refusal> {
    value
        .as_deref()
        .map(str::trim)
        .ok_or(Refusal::Missing(name))
}

fn check_series(args: &Args) -> Result<(), Refusal> {
    let series = required(&args.data_series, "dataSeries")?;
    if series == CALL_SERIES {
        Ok(())
    } else {
        Err(Refusal::BadSeries(series.to_owned()))
    }
}

/// The period asked for; the newest when the (optional) parameter is absent.
fn period(data: &DataSet, args: &Args) -> Result<ReportingPeriod, Refusal> {
    match args.period.as_deref() {
        None => Ok(data.latest_period()),
        Some(text) => ReportingPeriod::parse_wire(text).map_err(Refusal::BadPeriod),
    }
}

fn update_time(args: &Args) -> Result<Option<jiff::civil::DateTime>, Refusal> {
    match args.last_update.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => parse_update_time(text)
            .map(Some)
            .ok_or_else(|| Refusal::BadUpdateTime(text.to_owned())),
    }
}

fn institution_id(args: &Args) -> Result<(FiIdType, u32), Refusal> {
    let id_type = required(&args.id_type, "fiIDType")?;
    let id_type: FiIdType = id_type
        .parse()
        .map_err(|()| Refusal::BadIdType(id_type.to_owned()))?;
    let id = required(&args.id, "fiID")?;
    let parsed: i32 = id.parse().map_err(|_| Refusal::BadId(id.to_owned()))?;
    // Ids are positive; a negative 32-bit int is valid XML but names nothing.
    Ok((id_type, u32::try_from(parsed).unwrap_or(0)))
}
