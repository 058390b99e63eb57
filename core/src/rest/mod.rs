//! The REST wire codec of the CDR public data service.
//!
//! Pure functions, no I/O: [`build_request`] turns an
//! [`Operation`](crate::soap::Operation) and its
//! [`Arguments`](crate::soap::Arguments) into the method and headers of a
//! `GET`, [`check_status`] turns an error status and body into the
//! [`Error`](crate::Error) they mean, and [`decode_response`] turns a
//! successful body into the same [`Reply`](crate::soap::Reply) the SOAP
//! codec produces.
//!
//! # Example
//!
//! ```
//! use ffiec_core::rest::{build_request, check_status, decode_response};
//! use ffiec_core::soap::{Arguments, Operation, Param};
//!
//! let operation = Operation::RetrieveReportingPeriods;
//! let arguments = Arguments::new().with(Param::DataSeries, "Call");
//! let request = build_request(operation, &arguments, "alice", "ey.token.")?;
//! assert_eq!(request.method(), "RetrieveReportingPeriods");
//!
//! let body = br#"["6/30/2025","3/31/2025"]"#;
//! check_status(operation, 200, Some("application/json"), body, &[])?;
//! let periods = decode_response(operation, body)?.into_strings(operation)?;
//! assert_eq!(periods.len(), 2);
//! # Ok::<(), ffiec_core::Error>(())
//! ```

mod request;
mod response;
mod status;

pub use request::{AUTHENTICATION_HEADER, RestRequest, USER_ID_HEADER, build_request};
pub use response::decode_response;
pub use status::check_status;
