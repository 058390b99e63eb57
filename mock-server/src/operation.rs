//! The eight operations of the FFIEC retrieval service.

use std::fmt;
use std::str::FromStr;

/// One operation of the service, named as in the WSDL and the REST paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Operation {
    /// Checks the account; SOAP only (REST has no such method).
    TestUserAccess,
    /// The Call Report periods.
    RetrieveReportingPeriods,
    /// The institutions expected to file for a period.
    RetrievePanelOfReporters,
    /// RSSD ids and submission times of filers since a date.
    RetrieveFilersSubmissionDateTime,
    /// RSSD ids of filers since a date.
    RetrieveFilersSinceDate,
    /// One Call Report document (PDF, XBRL or SDF).
    RetrieveFacsimile,
    /// The UBPR periods.
    RetrieveUBPRReportingPeriods,
    /// One UBPR XBRL document.
    RetrieveUBPRXBRLFacsimile,
}

impl Operation {
    /// Every operation, in the WSDL's order.
    pub const ALL: [Self; 8] = [
        Self::TestUserAccess,
        Self::RetrieveReportingPeriods,
        Self::RetrievePanelOfReporters,
        Self::RetrieveFilersSubmissionDateTime,
        Self::RetrieveFilersSinceDate,
        Self::RetrieveFacsimile,
        Self::RetrieveUBPRReportingPeriods,
        Self::RetrieveUBPRXBRLFacsimile,
    ];

    /// The operation's name in the WSDL (and the REST path).
    pub const fn name(self) -> &'static str {
        match self {
            Self::TestUserAccess => "TestUserAccess",
            Self::RetrieveReportingPeriods => "RetrieveReportingPeriods",
            Self::RetrievePanelOfReporters => "RetrievePanelOfReporters",
            Self::RetrieveFilersSubmissionDateTime => "RetrieveFilersSubmissionDateTime",
            Self::RetrieveFilersSinceDate => "RetrieveFilersSinceDate",
            Self::RetrieveFacsimile => "RetrieveFacsimile",
            Self::RetrieveUBPRReportingPeriods => "RetrieveUBPRReportingPeriods",
            Self::RetrieveUBPRXBRLFacsimile => "RetrieveUBPRXBRLFacsimile",
        }
    }

    /// The operation with this exact WSDL name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|op| op.name() == name)
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The error of parsing an unknown operation name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownOperation(pub String);

impl fmt::Display for UnknownOperation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown operation '{}'", self.0)
    }
}

impl std::error::Error for UnknownOperation {}

impl FromStr for Operation {
    type Err = UnknownOperation;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::from_name(text).ok_or_else(|| UnknownOperation(text.to_owned()))
    }
}
