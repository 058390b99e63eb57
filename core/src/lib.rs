//! A hardened, thread-safe client for the FFIEC CDR public data web service.
#![forbid(unsafe_code)]

pub mod clock;
pub mod credentials;
pub mod error;
pub mod model;
pub mod period;
pub mod proxy;
pub mod rate_limit;
pub mod sdf;
pub mod session_cell;
pub mod sync;
pub mod xbrl;
pub mod xml_limits;

pub use credentials::{Credentials, RestCredentials, SoapCredentials};
pub use error::{Error, ErrorKind, Result};
pub use model::{
    DataSeries, Facsimile, FacsimileFormat, FiId, FiIdType, FilerSubmission, Institution,
};
pub use period::{ReportingPeriod, SinceDate, SubmissionTime};
pub use proxy::{Proxy, ProxySetting};
