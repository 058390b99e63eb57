//! The eight operations of the CDR retrieval service and their parameters.
//!
//! The WSDL is the authority: operation names, the order of the request
//! children and which of them may be left out all come from it. The REST
//! service offers the same operations (all but `TestUserAccess`) with the
//! parameters moved into HTTP headers, so both codecs read this one table.

use std::fmt;

use crate::error::{Error, Result};

/// Target namespace of the service: every request and response element
/// below the SOAP body lives in it.
pub const SERVICE_NAMESPACE: &str = "http://cdr.ffiec.gov/public/services";

/// One operation of the retrieval service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    /// Checks that the user name and security token are accepted.
    TestUserAccess,
    /// Lists the reporting periods of a data series.
    RetrieveReportingPeriods,
    /// Lists the institutions expected to file for a period.
    RetrievePanelOfReporters,
    /// Lists filers and the time of their latest submission since a date.
    RetrieveFilersSubmissionDateTime,
    /// Lists the RSSD ids of institutions that filed since a date.
    RetrieveFilersSinceDate,
    /// Fetches one institution's report as PDF, XBRL or SDF.
    RetrieveFacsimile,
    /// Lists the UBPR reporting periods.
    RetrieveUbprReportingPeriods,
    /// Fetches one institution's UBPR as XBRL.
    RetrieveUbprXbrlFacsimile,
}

/// A request parameter of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Param {
    /// The data series; the service knows one, `Call`.
    DataSeries,
    /// The quarter end, as `M/D/YYYY`.
    ReportingPeriodEndDate,
    /// The date (and optionally time) after which filings count.
    LastUpdateDateTime,
    /// Which kind of identifier `FiId` is (`ID_RSSD`, `FDICCertNumber`, ...).
    FiIdType,
    /// The institution's identifier, a 32-bit integer.
    FiId,
    /// `PDF`, `XBRL` or `SDF`.
    FacsimileFormat,
}

/// How the result of an operation is shaped on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyShape {
    /// A single boolean.
    Bool,
    /// An array of strings (reporting periods).
    Strings,
    /// An array of `ReportingFinancialInstitution`.
    Institutions,
    /// An array of `{ID_RSSD, DateTime}`.
    Submissions,
    /// An array of 32-bit integers.
    Ints,
    /// A document: `base64Binary` over SOAP, a body over REST.
    Document,
}

/// One entry of an operation's parameter list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamSpec {
    /// The parameter.
    pub param: Param,
    /// False when the WSDL lets a SOAP request leave it out (`minOccurs="0"`).
    /// REST requests always send every parameter of the operation.
    pub required_in_soap: bool,
}

const fn required(param: Param) -> ParamSpec {
    ParamSpec {
        param,
        required_in_soap: true,
    }
}

const fn optional(param: Param) -> ParamSpec {
    ParamSpec {
        param,
        required_in_soap: false,
    }
}

// Parameter lists in WSDL order. Named constants, because a `const fn` call
// inside a borrowed array literal is not promoted to a static.
const NO_PARAMS: &[ParamSpec] = &[];
const SERIES_ONLY: &[ParamSpec] = &[required(Param::DataSeries)];
const PANEL: &[ParamSpec] = &[
    required(Param::DataSeries),
    optional(Param::ReportingPeriodEndDate),
];
const FILERS: &[ParamSpec] = &[
    required(Param::DataSeries),
    optional(Param::ReportingPeriodEndDate),
    optional(Param::LastUpdateDateTime),
];
const FACSIMILE: &[ParamSpec] = &[
    required(Param::DataSeries),
    optional(Param::ReportingPeriodEndDate),
    required(Param::FiIdType),
    required(Param::FiId),
    required(Param::FacsimileFormat),
];
const UBPR_FACSIMILE: &[ParamSpec] = &[
    optional(Param::ReportingPeriodEndDate),
    required(Param::FiIdType),
    required(Param::FiId),
];

impl Operation {
    /// Every operation, in WSDL order.
    pub const ALL: [Operation; 8] = [
        Operation::TestUserAccess,
        Operation::RetrieveReportingPeriods,
        Operation::RetrievePanelOfReporters,
        Operation::RetrieveFilersSubmissionDateTime,
        Operation::RetrieveFilersSinceDate,
        Operation::RetrieveFacsimile,
        Operation::RetrieveUbprReportingPeriods,
        Operation::RetrieveUbprXbrlFacsimile,
    ];

    /// The operation's name as the WSDL spells it, for example
    /// `RetrieveUBPRXBRLFacsimile`.
    pub const fn name(self) -> &'static str {
        match self {
            Operation::TestUserAccess => "TestUserAccess",
            Operation::RetrieveReportingPeriods => "RetrieveReportingPeriods",
            Operation::RetrievePanelOfReporters => "RetrievePanelOfReporters",
            Operation::RetrieveFilersSubmissionDateTime => "RetrieveFilersSubmissionDateTime",
            Operation::RetrieveFilersSinceDate => "RetrieveFilersSinceDate",
            Operation::RetrieveFacsimile => "RetrieveFacsimile",
            Operation::RetrieveUbprReportingPeriods => "RetrieveUBPRReportingPeriods",
            Operation::RetrieveUbprXbrlFacsimile => "RetrieveUBPRXBRLFacsimile",
        }
    }

    /// The SOAPAction URI: the service namespace, a slash, the name.
    ///
    /// ```
    /// use ffiec_core::soap::Operation;
    ///
    /// assert_eq!(
    ///     Operation::RetrieveFacsimile.soap_action(),
    ///     "http://cdr.ffiec.gov/public/services/RetrieveFacsimile"
    /// );
    /// ```
    pub fn soap_action(self) -> String {
        format!("{SERVICE_NAMESPACE}/{}", self.name())
    }

    /// The REST method (the last path segment), or `None` for
    /// `TestUserAccess`, which the REST service does not offer.
    pub const fn rest_method(self) -> Option<&'static str> {
        match self {
            Operation::TestUserAccess => None,
            other => Some(other.name()),
        }
    }

    /// The request parameters, in the order the WSDL sequence lists them.
    pub const fn params(self) -> &'static [ParamSpec] {
        match self {
            Operation::TestUserAccess | Operation::RetrieveUbprReportingPeriods => NO_PARAMS,
            Operation::RetrieveReportingPeriods => SERIES_ONLY,
            Operation::RetrievePanelOfReporters => PANEL,
            Operation::RetrieveFilersSubmissionDateTime | Operation::RetrieveFilersSinceDate => {
                FILERS
            }
            Operation::RetrieveFacsimile => FACSIMILE,
            Operation::RetrieveUbprXbrlFacsimile => UBPR_FACSIMILE,
        }
    }

    /// What the result looks like.
    pub const fn reply_shape(self) -> ReplyShape {
        match self {
            Operation::TestUserAccess => ReplyShape::Bool,
            Operation::RetrieveReportingPeriods | Operation::RetrieveUbprReportingPeriods => {
                ReplyShape::Strings
            }
            Operation::RetrievePanelOfReporters => ReplyShape::Institutions,
            Operation::RetrieveFilersSubmissionDateTime => ReplyShape::Submissions,
            Operation::RetrieveFilersSinceDate => ReplyShape::Ints,
            Operation::RetrieveFacsimile | Operation::RetrieveUbprXbrlFacsimile => {
                ReplyShape::Document
            }
        }
    }

    /// Checks `arguments` against this operation's parameter list: no
    /// parameter the operation does not take, and every parameter that the
    /// protocol requires present (`for_rest` selects REST's rule, under
    /// which every listed parameter is required).
    ///
    /// # Errors
    ///
    /// A validation error naming the operation and the missing or unexpected
    /// parameter.
    pub fn check_arguments(self, arguments: &Arguments, for_rest: bool) -> Result<()> {
        let specs = self.params();

        if let Some((unexpected, _)) = arguments
            .values
            .iter()
            .find(|(param, _)| !specs.iter().any(|spec| spec.param == *param))
        {
            return Err(Error::validation(format!(
                "{self}: takes no parameter {}",
                unexpected.soap_name()
            )));
        }

        let missing = specs
            .iter()
            .filter(|spec| spec.required_in_soap || for_rest)
            .find(|spec| arguments.get(spec.param).is_none());
        match missing {
            Some(spec) => Err(Error::validation(format!(
                "{self}: parameter {} is required",
                spec.param.soap_name()
            ))),
            None => Ok(()),
        }
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Param {
    /// The element name in a SOAP request body (`fiIDType`, `fiID`, ...).
    pub const fn soap_name(self) -> &'static str {
        match self {
            Param::DataSeries => "dataSeries",
            Param::ReportingPeriodEndDate => "reportingPeriodEndDate",
            Param::LastUpdateDateTime => "lastUpdateDateTime",
            Param::FiIdType => "fiIDType",
            Param::FiId => "fiID",
            Param::FacsimileFormat => "facsimileFormat",
        }
    }

    /// The HTTP header name in a REST request. It differs from the SOAP
    /// name for the two identifier parameters (`fiIdType`, `fiId`: lower-case d).
    pub const fn rest_header(self) -> &'static str {
        match self {
            Param::FiIdType => "fiIdType",
            Param::FiId => "fiId",
            other => other.soap_name(),
        }
    }
}

/// The parameter values of one request, already in their wire form
/// (`6/30/2025`, `ID_RSSD`, `480228`).
///
/// The codecs put them in the order the operation lists them, whatever the
/// order they were added in.
///
/// ```
/// use ffiec_core::soap::{Arguments, Param};
///
/// let arguments = Arguments::new()
///     .with(Param::DataSeries, "Call")
///     .with(Param::ReportingPeriodEndDate, "6/30/2025");
/// assert_eq!(arguments.get(Param::ReportingPeriodEndDate), Some("6/30/2025"));
/// assert_eq!(arguments.get(Param::FiId), None);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Arguments {
    values: Vec<(Param, String)>,
}

impl Arguments {
    /// No parameters.
    pub fn new() -> Self {
        Arguments::default()
    }

    /// Sets `param` to `value`, replacing an earlier value of the same parameter.
    pub fn with(mut self, param: Param, value: impl Into<String>) -> Self {
        let value = value.into();
        match self.values.iter_mut().find(|(known, _)| *known == param) {
            Some(slot) => slot.1 = value,
            None => self.values.push((param, value)),
        }
        self
    }

    /// Sets `param` when `value` is `Some`; leaves it absent otherwise.
    pub fn with_optional(self, param: Param, value: Option<impl Into<String>>) -> Self {
        match value {
            Some(value) => self.with(param, value),
            None => self,
        }
    }

    /// The value of `param`, if set.
    pub fn get(&self, param: Param) -> Option<&str> {
        self.values
            .iter()
            .find(|(known, _)| *known == param)
            .map(|(_, value)| value.as_str())
    }

    /// The non-secret arguments that tell one request from another, for
    /// error messages: the institution (`ID_RSSD 480228`), the period, the
    /// "since" date and the format, in that order, those that are set. The
    /// data series is left out: the service has only one. Empty when none
    /// of these is set.
    ///
    /// ```
    /// use ffiec_core::soap::{Arguments, Param};
    ///
    /// let arguments = Arguments::new()
    ///     .with(Param::DataSeries, "Call")
    ///     .with(Param::ReportingPeriodEndDate, "6/30/2026")
    ///     .with(Param::FiIdType, "ID_RSSD")
    ///     .with(Param::FiId, "480228")
    ///     .with(Param::FacsimileFormat, "XBRL");
    /// assert_eq!(arguments.summary(), "ID_RSSD 480228, 6/30/2026, XBRL");
    /// ```
    pub fn summary(&self) -> String {
        let institution = match (self.get(Param::FiIdType), self.get(Param::FiId)) {
            (Some(id_type), Some(id)) => Some(format!("{id_type} {id}")),
            (None, Some(id)) => Some(format!("fiID {id}")),
            (id_type, None) => id_type.map(str::to_owned),
        };
        let since = self
            .get(Param::LastUpdateDateTime)
            .map(|since| format!("since {since}"));
        let parts = [
            institution,
            self.get(Param::ReportingPeriodEndDate).map(str::to_owned),
            since,
            self.get(Param::FacsimileFormat).map(str::to_owned),
        ];
        parts.into_iter().flatten().collect::<Vec<_>>().join(", ")
    }

    /// The parameters of `operation` that are set, in the operation's order.
    pub fn in_order(&self, operation: Operation) -> impl Iterator<Item = (Param, &str)> {
        operation
            .params()
            .iter()
            .filter_map(|spec| self.get(spec.param).map(|value| (spec.param, value)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_names_the_institution_period_and_format_in_that_order() {
        let facsimile = Arguments::new()
            .with(Param::FacsimileFormat, "XBRL")
            .with(Param::FiId, "480228")
            .with(Param::ReportingPeriodEndDate, "6/30/2026")
            .with(Param::DataSeries, "Call")
            .with(Param::FiIdType, "ID_RSSD");
        assert_eq!(facsimile.summary(), "ID_RSSD 480228, 6/30/2026, XBRL");

        let filers = Arguments::new()
            .with(Param::DataSeries, "Call")
            .with(Param::ReportingPeriodEndDate, "12/31/2025")
            .with(Param::LastUpdateDateTime, "04/15/2025");
        assert_eq!(filers.summary(), "12/31/2025, since 04/15/2025");

        let series_only = Arguments::new().with(Param::DataSeries, "Call");
        assert_eq!(series_only.summary(), "");
    }

    #[test]
    fn names_and_actions_follow_the_wsdl() {
        let names: Vec<&str> = Operation::ALL.iter().map(|op| op.name()).collect();
        assert_eq!(
            names,
            [
                "TestUserAccess",
                "RetrieveReportingPeriods",
                "RetrievePanelOfReporters",
                "RetrieveFilersSubmissionDateTime",
                "RetrieveFilersSinceDate",
                "RetrieveFacsimile",
                "RetrieveUBPRReportingPeriods",
                "RetrieveUBPRXBRLFacsimile",
            ]
        );
        assert_eq!(
            Operation::RetrieveUbprXbrlFacsimile.soap_action(),
            "http://cdr.ffiec.gov/public/services/RetrieveUBPRXBRLFacsimile"
        );
        assert_eq!(Operation::TestUserAccess.rest_method(), None);
        assert_eq!(
            Operation::RetrieveFilersSinceDate.rest_method(),
            Some("RetrieveFilersSinceDate")
        );
    }

    #[test]
    fn facsimile_parameters_are_in_wsdl_order_with_their_wire_names() {
        let soap: Vec<&str> = Operation::RetrieveFacsimile
            .params()
            .iter()
            .map(|spec| spec.param.soap_name())
            .collect();
        assert_eq!(
            soap,
            [
                "dataSeries",
                "reportingPeriodEndDate",
                "fiIDType",
                "fiID",
                "facsimileFormat"
            ]
        );

        let rest: Vec<&str> = Operation::RetrieveUbprXbrlFacsimile
            .params()
            .iter()
            .map(|spec| spec.param.rest_header())
            .collect();
        assert_eq!(rest, ["reportingPeriodEndDate", "fiIdType", "fiId"]);
    }

    #[test]
    fn arguments_come_out_in_operation_order_and_replace_earlier_values() {
        let arguments = Arguments::new()
            .with(Param::FacsimileFormat, "XBRL")
            .with(Param::FiId, "1")
            .with(Param::FiId, "480228")
            .with(Param::FiIdType, "ID_RSSD")
            .with(Param::DataSeries, "Call");
        let ordered: Vec<(Param, &str)> =
            arguments.in_order(Operation::RetrieveFacsimile).collect();
        assert_eq!(
            ordered,
            [
                (Param::DataSeries, "Call"),
                (Param::FiIdType, "ID_RSSD"),
                (Param::FiId, "480228"),
                (Param::FacsimileFormat, "XBRL"),
            ]
        );
    }

    #[test]
    fn soap_allows_leaving_out_optional_parameters_rest_does_not() {
        let arguments = Arguments::new().with(Param::DataSeries, "Call");
        let operation = Operation::RetrievePanelOfReporters;
        assert!(operation.check_arguments(&arguments, false).is_ok());

        let error = operation.check_arguments(&arguments, true).unwrap_err();
        assert!(error.is_validation());
        assert_eq!(
            error.context(),
            "RetrievePanelOfReporters: parameter reportingPeriodEndDate is required"
        );
    }

    #[test]
    fn unexpected_and_missing_parameters_are_named() {
        let stray = Arguments::new().with(Param::FiId, "37");
        let error = Operation::TestUserAccess
            .check_arguments(&stray, false)
            .unwrap_err();
        assert_eq!(error.context(), "TestUserAccess: takes no parameter fiID");

        let missing = Arguments::new().with(Param::DataSeries, "Call");
        let error = Operation::RetrieveFacsimile
            .check_arguments(&missing, false)
            .unwrap_err();
        assert_eq!(
            error.context(),
            "RetrieveFacsimile: parameter fiIDType is required"
        );
    }
}
