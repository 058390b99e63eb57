//! The name of every benchmark, as criterion records it (`group/function`
//! or `group/function/parameter`).
//!
//! The benchmarks name themselves with these constants and the report looks
//! them up with the same ones, so renaming a benchmark cannot leave the
//! report reading a stale figure.

/// Parsing full-size XBRL facsimiles.
pub mod xbrl {
    /// The group of the full-size Call facsimile (about 2,000 facts).
    pub const CALL_GROUP: &str = "xbrl_call";
    /// The group of the full-size UBPR facsimile (about 4,700 facts).
    pub const UBPR_GROUP: &str = "xbrl_ubpr";
    /// `XbrlDocument::from_bytes` over the whole document.
    pub const FROM_BYTES: &str = "from_bytes";
    /// quick-xml's bare `NsReader` loop over the same bytes: the limit.
    pub const NS_READER_LIMIT: &str = "ns_reader_limit";
}

/// Loading the session snapshot, and the shared rate limiter.
pub mod snapshot {
    /// The group of snapshot loads.
    pub const SESSION_CELL_GROUP: &str = "session_cell";
    /// `SessionCell::load`.
    pub const LOAD: &str = "load";
    /// A plain `Arc::clone` of the same value: the peer.
    pub const ARC_CLONE: &str = "arc_clone";
    /// Parameter: no other thread touches the cell.
    pub const UNCONTENDED: &str = "uncontended";
    /// Parameter: another thread publishes whole-value updates (credential
    /// rotation) all the time.
    pub const DURING_ROTATION: &str = "during_rotation";

    /// The group of rate limiter calls.
    pub const RATE_LIMITER_GROUP: &str = "rate_limiter";
    /// `RateLimiter::reserve`.
    pub const RESERVE: &str = "reserve";
    /// `RateLimiter::try_acquire`.
    pub const TRY_ACQUIRE: &str = "try_acquire";
    /// How many threads call the limiter at once.
    pub const THREADS: [usize; 4] = [1, 2, 4, 8];

    /// The parameter of a rate limiter benchmark run by `threads` threads.
    ///
    /// ```
    /// use ffiec_benches::ids::snapshot::threads_parameter;
    ///
    /// assert_eq!(threads_parameter(1), "1_thread");
    /// assert_eq!(threads_parameter(8), "8_threads");
    /// ```
    pub fn threads_parameter(threads: usize) -> String {
        if threads == 1 {
            "1_thread".to_owned()
        } else {
            format!("{threads}_threads")
        }
    }
}

/// One small SOAP call (`RetrieveReportingPeriods`) over loopback to the
/// embedded mock.
pub mod client {
    /// The group of SOAP calls.
    pub const GROUP: &str = "soap_call";
    /// The reviewed design (F5): a new HTTP client and a WSDL download for
    /// every call.
    pub const NEW_CLIENT_PER_CALL: &str = "new_client_per_call";
    /// The full hardened `Client`: snapshot, rate limiter, envelope, parse.
    pub const HARDENED_CLIENT: &str = "hardened_client";
    /// One shared reqwest client posting the same bytes, nothing else: the
    /// limit.
    pub const BARE_REQWEST: &str = "bare_reqwest";
    /// How many calls are in flight at once.
    pub const CONCURRENCY: [usize; 3] = [1, 8, 64];

    /// The group of the hardened client's own steps, without the network.
    pub const CODEC_GROUP: &str = "soap_codec";
    /// Writing the call's envelope.
    pub const WRITE_ENVELOPE: &str = "write_envelope";
    /// Decoding the answer and reading its reporting periods.
    pub const DECODE_ANSWER: &str = "decode_answer";
}

/// The id criterion gives a benchmark: `group/function`, or
/// `group/function/parameter` when it has one.
///
/// ```
/// use ffiec_benches::ids::full_id;
///
/// assert_eq!(full_id("xbrl_call", "from_bytes", None), "xbrl_call/from_bytes");
/// assert_eq!(full_id("soap_call", "bare_reqwest", Some("8")), "soap_call/bare_reqwest/8");
/// ```
pub fn full_id(group: &str, function: &str, parameter: Option<&str>) -> String {
    match parameter {
        Some(parameter) => format!("{group}/{function}/{parameter}"),
        None => format!("{group}/{function}"),
    }
}
