//! Three ways to make the same small SOAP call to the embedded mock.
//!
//! The client benchmarks set side by side, over loopback:
//!
//! - [`SoapRig::new_client_call`]: the reviewed design (F5), which builds a
//!   new HTTP client and downloads the WSDL for every call before posting;
//! - [`SoapRig::hardened_call`]: the full hardened [`Client`] (session
//!   snapshot, rate limiter, envelope, parsing the answer);
//! - [`SoapRig::bare_call`]: one shared reqwest client posting the very
//!   bytes the hardened client writes, and reading the body: the limit.
//!
//! The call is `RetrieveReportingPeriods` for the Call series: small, so the
//! figures show the cost of the client rather than of the payload.

use std::error::Error;
use std::io;
use std::time::Duration;

use bytes::Bytes;
use ffiec_core::config::{Config, RateLimit, RetryPolicy, SoapOptions, SoapVersion};
use ffiec_core::credentials::SoapCredentials;
use ffiec_core::soap::{
    Arguments, Operation, Param, PasswordEncoding, SoapRequest, UsernameToken, build_request,
    decode_response,
};
use ffiec_core::{Client, DataSeries, ReportingPeriod};
use ffiec_mock::{BlockingMockServer, MockConfig, MockUser};
use reqwest::header::CONTENT_TYPE;

/// What a rig call returns on failure.
pub type RigError = Box<dyn Error + Send + Sync>;

/// The account the rig's clients use.
const USER: &str = "bench-user";
/// Its security token (the mock's, not a real one).
const TOKEN: &str = "bench-token-0123456789";

/// The mock, the three clients and the envelope they send.
#[derive(Debug)]
pub struct SoapRig {
    mock: BlockingMockServer,
    hardened: Client,
    bare: reqwest::Client,
    envelope: SoapRequest,
    user_agent: String,
}

impl SoapRig {
    /// Starts the mock on a free loopback port (its own runtime, two
    /// workers) with a quota no benchmark can spend, and builds the clients.
    ///
    /// The hardened client has no retries (a failure must show, not be
    /// hidden by a second try) and a rate limit of a million calls per
    /// millisecond, which never throttles yet runs the whole booking path.
    ///
    /// # Errors
    ///
    /// When the mock cannot start or a client cannot be built.
    pub fn start() -> Result<SoapRig, RigError> {
        // reqwest is built with rustls but no crypto provider; the bare
        // client needs one installed even for plain http.
        let _ = rustls::crypto::ring::default_provider().install_default();

        let mock = BlockingMockServer::start(
            MockConfig::default()
                .user(MockUser::new(USER, TOKEN))
                .quota(u32::MAX, Duration::from_secs(3_600)),
        )?;

        let config = Config::builder()
            .protocol(SoapOptions::default())
            .endpoint(mock.soap_url())
            .retry(RetryPolicy::NONE)
            .rate_limit(RateLimit {
                calls: 1_000_000,
                per: Duration::from_millis(1),
            })
            .build()?;
        let user_agent = config.user_agent().to_owned();
        let hardened = Client::new(config, SoapCredentials::new(USER, TOKEN)?)?;

        let envelope = write_envelope()?;
        let bare = new_http_client(&user_agent)?;

        Ok(SoapRig {
            mock,
            hardened,
            bare,
            envelope,
            user_agent,
        })
    }

    /// How many periods a correct answer holds (the mock's Call periods).
    pub fn expected_periods(&self) -> usize {
        self.mock.data().call_periods().len()
    }

    /// Forgets the requests the mock has recorded, so a long run does not
    /// grow its journal without end.
    pub fn clear_journal(&self) {
        self.mock.journal().clear();
    }

    /// The hardened client's call; returns how many periods it parsed.
    ///
    /// # Errors
    ///
    /// The client's error, unchanged.
    pub async fn hardened_call(&self) -> Result<usize, RigError> {
        Ok(self
            .hardened
            .reporting_periods(DataSeries::Call)
            .await?
            .len())
    }

    /// The shared reqwest client posting the same envelope; returns the
    /// answer's body, unparsed.
    ///
    /// # Errors
    ///
    /// A transport error, or a status other than 200.
    pub async fn bare_call(&self) -> Result<Bytes, RigError> {
        post_envelope(&self.bare, &self.mock.soap_url(), &self.envelope).await
    }

    /// The reviewed design: a new HTTP client, a WSDL download, then the
    /// same post; returns the answer's body, unparsed.
    ///
    /// # Errors
    ///
    /// A client that cannot be built, a transport error, or a status other
    /// than 200 for the WSDL or the call.
    pub async fn new_client_call(&self) -> Result<Bytes, RigError> {
        let http = new_http_client(&self.user_agent)?;

        let wsdl = http.get(self.mock.wsdl_url()).send().await?;
        check_status("the WSDL", wsdl.status())?;
        let wsdl = wsdl.bytes().await?;
        if wsdl.is_empty() {
            return Err("the WSDL came back empty".into());
        }

        post_envelope(&http, &self.mock.soap_url(), &self.envelope).await
    }
}

/// Writes the envelope of the rig's call as the hardened client does:
/// SOAP 1.1 with the token as text, the same bytes every time.
///
/// # Errors
///
/// The codec's validation error (none is expected for this call).
pub fn write_envelope() -> Result<SoapRequest, RigError> {
    let options = SoapOptions::default();
    assert_eq!(options.version, SoapVersion::V1_1, "the client's default");
    Ok(build_request(
        options.version,
        Operation::RetrieveReportingPeriods,
        &Arguments::new().with(Param::DataSeries, DataSeries::Call.as_wire()),
        &UsernameToken::new(USER, TOKEN, PasswordEncoding::Text),
    )?)
}

/// Does to an answer what the hardened client does after receiving it:
/// decodes the SOAP response, takes the strings and reads each as a
/// reporting period. Returns how many periods it read.
///
/// # Errors
///
/// The codec's error when the answer is a fault or malformed, or a period
/// is not a quarter end.
pub fn decode_periods(body: &[u8]) -> Result<usize, RigError> {
    let operation = Operation::RetrieveReportingPeriods;
    let strings = decode_response(operation, 200, body, &[])?.into_strings(operation)?;
    let mut periods = 0;
    for text in &strings {
        ReportingPeriod::from_wire(text)?;
        periods += 1;
    }
    Ok(periods)
}

/// How many reporting periods a `RetrieveReportingPeriods` answer lists:
/// its `<string>` elements.
///
/// ```
/// use ffiec_benches::soap_rig::periods_in;
///
/// assert_eq!(periods_in(b"<r><string>6/30/2026</string><string>3/31/2026</string></r>"), 2);
/// ```
pub fn periods_in(body: &[u8]) -> usize {
    const OPEN: &[u8] = b"<string>";
    body.windows(OPEN.len())
        .filter(|window| *window == OPEN)
        .count()
}

fn new_http_client(user_agent: &str) -> Result<reqwest::Client, RigError> {
    Ok(reqwest::Client::builder().user_agent(user_agent).build()?)
}

async fn post_envelope(
    http: &reqwest::Client,
    url: &str,
    envelope: &SoapRequest,
) -> Result<Bytes, RigError> {
    let mut request = http
        .post(url)
        .header(CONTENT_TYPE, envelope.content_type())
        .body(envelope.body().clone());
    if let Some(action) = envelope.soap_action() {
        request = request.header("SOAPAction", action);
    }

    let response = request.send().await?;
    check_status("the call", response.status())?;
    Ok(response.bytes().await?)
}

fn check_status(what: &str, status: reqwest::StatusCode) -> Result<(), RigError> {
    if status == reqwest::StatusCode::OK {
        Ok(())
    } else {
        Err(io::Error::other(format!("{what} answered HTTP {status}")).into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
    }

    #[test]
    fn the_three_calls_get_the_same_periods_and_the_mock_sees_each() {
        let rig = SoapRig::start().unwrap();
        let expected = rig.expected_periods();
        assert_eq!(expected, 102, "3/31/2001 to 6/30/2026");

        let (parsed, bare, fresh) = runtime().block_on(async {
            (
                rig.hardened_call().await.unwrap(),
                rig.bare_call().await.unwrap(),
                rig.new_client_call().await.unwrap(),
            )
        });

        assert_eq!(parsed, expected);
        assert_eq!(periods_in(&bare), expected);
        assert_eq!(decode_periods(&bare).unwrap(), expected);
        assert_eq!(write_envelope().unwrap().body(), rig.envelope.body());
        assert_eq!(bare, fresh);
        let calls: Vec<_> = rig
            .mock
            .journal()
            .entries()
            .into_iter()
            .filter(|entry| entry.operation.is_some())
            .collect();
        assert_eq!(calls.len(), 3, "{calls:?}");
        assert!(
            calls
                .iter()
                .all(|entry| entry.user.as_deref() == Some(USER))
        );
        assert!(calls.iter().all(|entry| entry.authenticated == Some(true)));
    }

    #[test]
    fn clearing_the_journal_forgets_the_calls() {
        let rig = SoapRig::start().unwrap();
        runtime().block_on(rig.bare_call()).unwrap();
        assert_eq!(rig.mock.journal().len(), 1);

        rig.clear_journal();

        assert!(rig.mock.journal().is_empty());
    }
}
