//! The client's configuration, as one immutable validated value.
//!
//! A [`Config`] is built by a [`ConfigBuilder`] and checked as a whole in
//! [`ConfigBuilder::build`]; afterwards it cannot change. To change a
//! setting, derive a new value with [`Config::to_builder`] and publish it
//! whole: updating one field at a time is what let the legacy client send a
//! request with half of one configuration and half of another (finding N7).
//!
//! A `Config` holds no secrets: credentials are a separate value
//! ([`Credentials`]). The only secret it can reach is an explicit proxy's
//! password, which its `Debug` redacts.
//!
//! # Example
//!
//! ```
//! use std::time::Duration;
//! use ffiec_core::config::{Config, Protocol, SoapOptions};
//!
//! let config = Config::builder()
//!     .protocol(Protocol::Soap(SoapOptions::default()))
//!     .timeout(Duration::from_secs(600))
//!     .build()?;
//! assert_eq!(
//!     config.endpoint().as_str(),
//!     "https://cdr.ffiec.gov/public/pws/webservices/retrievalservice.asmx"
//! );
//!
//! let faster = config.to_builder().connect_timeout(Duration::from_secs(3)).build()?;
//! assert_eq!(faster.timeout(), Duration::from_secs(600));
//! # Ok::<(), ffiec_core::Error>(())
//! ```

use std::fmt;
use std::time::Duration;

use reqwest::Url;

use crate::credentials::Credentials;
use crate::error::{Error, Result};
use crate::model::quote_input;
use crate::proxy::{ProxySetting, has_scheme, redact_userinfo};

/// The SOAP endpoint of the FFIEC CDR (shut down by FFIEC on 2026-02-28;
/// mirrors and archives still speak the protocol).
pub const SOAP_ENDPOINT: &str =
    "https://cdr.ffiec.gov/public/pws/webservices/retrievalservice.asmx";

/// The base URL of the FFIEC CDR REST service; a method name is appended.
pub const REST_ENDPOINT: &str = "https://ffieccdr.azure-api.us/public/";

/// The default `User-Agent`: `ffiec-core/<crate version>`.
pub const DEFAULT_USER_AGENT: &str = concat!("ffiec-core/", env!("CARGO_PKG_VERSION"));

/// The default connect timeout: 10 seconds.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The default total timeout of one request: 300 seconds, because the panel
/// of reporters takes minutes on the real service.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(300);

/// The default cap on a response body: 64 MiB, far above the largest
/// facsimile (about 0.5 MB) and the panel of reporters (a few MB).
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 64 * 1024 * 1024;

/// Which protocol the client speaks.
///
/// The default is [`Protocol::Rest`], the only one FFIEC still serves.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Protocol {
    /// SOAP, with its envelope and authentication options.
    Soap(SoapOptions),
    /// REST: `GET` with every parameter in a header.
    #[default]
    Rest,
}

impl Protocol {
    /// True for SOAP.
    pub fn is_soap(self) -> bool {
        matches!(self, Protocol::Soap(_))
    }

    /// True for REST.
    pub fn is_rest(self) -> bool {
        matches!(self, Protocol::Rest)
    }

    /// `"SOAP"` or `"REST"`, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Protocol::Soap(_) => "SOAP",
            Protocol::Rest => "REST",
        }
    }

    /// The FFIEC endpoint of this protocol: [`SOAP_ENDPOINT`] or
    /// [`REST_ENDPOINT`].
    pub fn default_endpoint(self) -> &'static str {
        match self {
            Protocol::Soap(_) => SOAP_ENDPOINT,
            Protocol::Rest => REST_ENDPOINT,
        }
    }

    /// True when `credentials` are of this protocol's kind.
    pub fn accepts(self, credentials: &Credentials) -> bool {
        match self {
            Protocol::Soap(_) => credentials.is_soap(),
            Protocol::Rest => credentials.is_rest(),
        }
    }
}

impl From<SoapOptions> for Protocol {
    fn from(options: SoapOptions) -> Self {
        Protocol::Soap(options)
    }
}

/// How SOAP requests are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct SoapOptions {
    /// The envelope version. Default: [`SoapVersion::V1_1`].
    pub version: SoapVersion,
    /// How the security token goes into the WS-Security header. Default:
    /// [`PasswordType::Text`].
    pub password: PasswordType,
}

/// The SOAP envelope version.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum SoapVersion {
    /// SOAP 1.1: `text/xml` and a quoted `SOAPAction` header. The default.
    #[default]
    V1_1,
    /// SOAP 1.2: `application/soap+xml` with the action as a parameter.
    V1_2,
}

/// How the WS-Security `UsernameToken` carries the security token.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum PasswordType {
    /// The token in clear (`PasswordText`), no nonce or timestamp, as
    /// clients have sent it for years. The default.
    #[default]
    Text,
    /// A SHA-1 digest of nonce, creation time and token
    /// (`PasswordDigest`), as FFIEC's own sample client sent it.
    Digest,
}

/// How often a failed call is tried again, and how long to wait between
/// tries.
///
/// Only transient failures (timeouts, connection failures, server errors)
/// are retried; see [`Error::is_transient`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RetryPolicy {
    /// Retries after the first try; 0 disables retrying. Default: 3.
    pub max_retries: u32,
    /// The wait before the first retry, doubled for each later one.
    /// Default: 500 ms.
    pub base_delay: Duration,
    /// The longest wait between two tries. Default: 30 s.
    pub max_delay: Duration,
}

impl RetryPolicy {
    /// No retries.
    pub const NONE: RetryPolicy = RetryPolicy {
        max_retries: 0,
        base_delay: Duration::ZERO,
        max_delay: Duration::ZERO,
    };

    /// The wait before retry number `retry` (0 for the first retry):
    /// `base_delay * 2^retry`, at most `max_delay`. Callers may add jitter.
    ///
    /// # Example
    ///
    /// ```
    /// use std::time::Duration;
    /// use ffiec_core::config::RetryPolicy;
    ///
    /// let policy = RetryPolicy::default();
    /// assert_eq!(policy.delay_before(0), Duration::from_millis(500));
    /// assert_eq!(policy.delay_before(2), Duration::from_secs(2));
    /// assert_eq!(policy.delay_before(40), Duration::from_secs(30));
    /// ```
    pub fn delay_before(&self, retry: u32) -> Duration {
        let factor = 2u32.checked_pow(retry).unwrap_or(u32::MAX);
        self.base_delay
            .checked_mul(factor)
            .map_or(self.max_delay, |delay| delay.min(self.max_delay))
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
        }
    }
}

/// The account's call budget: at most `calls` calls in any window of
/// length `per`. FFIEC allows about 2,500 calls per hour per user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RateLimit {
    /// Calls allowed per window. Default: 2500.
    pub calls: u32,
    /// The window. Default: one hour.
    pub per: Duration,
}

impl RateLimit {
    /// The even spacing that spends the budget exactly: `per / calls`
    /// (1.44 s for the default).
    ///
    /// # Panics
    ///
    /// Panics when `calls` is 0; a [`Config`] never holds such a limit.
    pub fn interval(&self) -> Duration {
        self.per / self.calls
    }
}

impl Default for RateLimit {
    fn default() -> Self {
        RateLimit {
            calls: 2500,
            per: Duration::from_secs(3600),
        }
    }
}

/// A validated client configuration.
///
/// Built with [`Config::builder`]; [`Config::default`] is the builder's
/// defaults. Every accessor returns what [`ConfigBuilder`] documents as the
/// default unless it was set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    protocol: Protocol,
    endpoint: Url,
    proxy: ProxySetting,
    connect_timeout: Duration,
    timeout: Duration,
    user_agent: String,
    retry: RetryPolicy,
    rate_limit: RateLimit,
    max_response_bytes: usize,
}

impl Config {
    /// A builder holding every default.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// A builder holding this configuration, to derive a changed copy from.
    ///
    /// An endpoint equal to the protocol's default is not carried over as
    /// an explicit choice, so switching the protocol on the builder also
    /// switches to the other protocol's default endpoint.
    pub fn to_builder(&self) -> ConfigBuilder {
        let explicit_endpoint = self.endpoint.as_str() != self.protocol.default_endpoint();

        ConfigBuilder {
            protocol: self.protocol,
            endpoint: explicit_endpoint.then(|| self.endpoint.to_string()),
            proxy: self.proxy.clone(),
            connect_timeout: self.connect_timeout,
            timeout: self.timeout,
            user_agent: self.user_agent.clone(),
            retry: self.retry,
            rate_limit: self.rate_limit,
            max_response_bytes: self.max_response_bytes,
        }
    }

    /// The protocol.
    pub fn protocol(&self) -> Protocol {
        self.protocol
    }

    /// The endpoint: the SOAP service URL, or the REST base URL (always
    /// ending in `/`, so a method name can be joined onto it).
    pub fn endpoint(&self) -> &Url {
        &self.endpoint
    }

    /// The proxy setting.
    pub fn proxy(&self) -> &ProxySetting {
        &self.proxy
    }

    /// The time allowed to establish a connection.
    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }

    /// The time allowed for a whole request, from connecting to the last
    /// byte of the response.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// The `User-Agent` header sent with every request.
    pub fn user_agent(&self) -> &str {
        &self.user_agent
    }

    /// The retry policy.
    pub fn retry(&self) -> RetryPolicy {
        self.retry
    }

    /// The account's call budget.
    pub fn rate_limit(&self) -> RateLimit {
        self.rate_limit
    }

    /// The largest response body accepted, in bytes.
    pub fn max_response_bytes(&self) -> usize {
        self.max_response_bytes
    }

    /// A reqwest client builder carrying this configuration's timeouts,
    /// user agent and proxy setting. TLS and anything protocol-specific is
    /// left to the caller.
    ///
    /// # Errors
    ///
    /// As [`ProxySetting::apply`].
    pub fn http_client_builder(&self) -> Result<reqwest::ClientBuilder> {
        let builder = reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            .user_agent(self.user_agent.as_str());
        self.proxy.apply(builder)
    }
}

impl Default for Config {
    fn default() -> Self {
        // The defaults are constants that the tests check to be valid.
        Config {
            protocol: Protocol::default(),
            endpoint: Url::parse(REST_ENDPOINT).expect("REST_ENDPOINT is a valid URL"),
            proxy: ProxySetting::default(),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            retry: RetryPolicy::default(),
            rate_limit: RateLimit::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }
}

/// Collects settings for a [`Config`]; [`build`](Self::build) checks them
/// together. Each setter states its default.
#[derive(Debug, Clone)]
pub struct ConfigBuilder {
    protocol: Protocol,
    endpoint: Option<String>,
    proxy: ProxySetting,
    connect_timeout: Duration,
    timeout: Duration,
    user_agent: String,
    retry: RetryPolicy,
    rate_limit: RateLimit,
    max_response_bytes: usize,
}

impl Default for ConfigBuilder {
    fn default() -> Self {
        Config::default().to_builder()
    }
}

impl ConfigBuilder {
    /// The protocol. Default: [`Protocol::Rest`].
    pub fn protocol(mut self, protocol: impl Into<Protocol>) -> Self {
        self.protocol = protocol.into();
        self
    }

    /// The endpoint URL (`http` or `https`), for a mirror, an archive or a
    /// mock server. Default: the protocol's FFIEC endpoint,
    /// [`SOAP_ENDPOINT`] or [`REST_ENDPOINT`].
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// Goes back to the protocol's FFIEC endpoint.
    pub fn default_endpoint(mut self) -> Self {
        self.endpoint = None;
        self
    }

    /// Whether and which proxy to use. Default: [`ProxySetting::None`]
    /// (direct, and `HTTP_PROXY` and friends are ignored). A
    /// [`Proxy`](crate::Proxy) may be passed directly.
    pub fn proxy(mut self, proxy: impl Into<ProxySetting>) -> Self {
        self.proxy = proxy.into();
        self
    }

    /// The time allowed to connect; more than zero and at most the total
    /// timeout. Default: 10 s ([`DEFAULT_CONNECT_TIMEOUT`]).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The time allowed for a whole request; more than zero. Default:
    /// 300 s ([`DEFAULT_TIMEOUT`]), since the panel call takes minutes on
    /// the real service.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The `User-Agent` header: printable ASCII, no surrounding spaces.
    /// Default: `ffiec-core/<crate version>` ([`DEFAULT_USER_AGENT`]). Set
    /// explicitly because the service's firewall has refused some default
    /// agents.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// The retry policy; `base_delay` at most `max_delay`. Default:
    /// [`RetryPolicy::default`] (3 retries, 500 ms doubling up to 30 s).
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The account's call budget; at least one call per non-zero window.
    /// Default: [`RateLimit::default`] (2,500 calls per hour).
    pub fn rate_limit(mut self, rate_limit: RateLimit) -> Self {
        self.rate_limit = rate_limit;
        self
    }

    /// The largest response body accepted, in bytes; at least 1. Default:
    /// 64 MiB ([`DEFAULT_MAX_RESPONSE_BYTES`]).
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// The configuration.
    ///
    /// # Errors
    ///
    /// A validation error naming the first setting that is wrong and its
    /// rejected value: an endpoint that is not an `http`/`https` URL with a
    /// host, or that carries a user, password, query or fragment; a zero
    /// timeout or a connect timeout above the total; a user agent that is
    /// empty or not printable ASCII; a retry base delay above its maximum;
    /// a rate limit of zero calls or a zero window; a zero response cap.
    pub fn build(self) -> Result<Config> {
        let endpoint = match &self.endpoint {
            Some(text) => parse_endpoint(text, self.protocol)?,
            None => Url::parse(self.protocol.default_endpoint())
                .map_err(|_| Error::validation("default endpoint is not a URL"))?,
        };

        check_timeouts(self.connect_timeout, self.timeout)?;
        check_user_agent(&self.user_agent)?;
        check_retry(&self.retry)?;
        check_rate_limit(&self.rate_limit)?;
        if self.max_response_bytes == 0 {
            return Err(Error::validation(
                "max response bytes 0: must be at least 1",
            ));
        }

        Ok(Config {
            protocol: self.protocol,
            endpoint,
            proxy: self.proxy,
            connect_timeout: self.connect_timeout,
            timeout: self.timeout,
            user_agent: self.user_agent,
            retry: self.retry,
            rate_limit: self.rate_limit,
            max_response_bytes: self.max_response_bytes,
        })
    }
}

/// Reads an endpoint. A REST base gets a trailing `/` so that joining a
/// method name appends to it instead of replacing its last segment.
fn parse_endpoint(text: &str, protocol: Protocol) -> Result<Url> {
    let refuse = |reason: &dyn fmt::Display| {
        Error::validation(format!(
            "endpoint {}: {reason}",
            quote_input(&redact_userinfo(text))
        ))
    };

    // Checked before parsing: the parser reads `localhost:8080` as scheme
    // `localhost`, and `127.0.0.1:8080` as a relative URL.
    if !has_scheme(text.trim()) {
        return Err(refuse(
            &"no scheme; expected http:// or https:// before the host, as in \
              http://127.0.0.1:8080/public/",
        ));
    }
    let mut url =
        Url::parse(text.trim()).map_err(|error| refuse(&format_args!("not a URL ({error})")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(refuse(&"expected an http or https URL"));
    }
    if url.host_str().is_none() {
        return Err(refuse(&"no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        // Credentials travel in headers; in the URL they would reach logs.
        return Err(refuse(&"must not carry a user or password"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        // Parameters travel in headers; the service answers query-string
        // parameters with error 5001.
        return Err(refuse(&"must not carry a query or fragment"));
    }

    if protocol.is_rest() && !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

fn check_timeouts(connect: Duration, total: Duration) -> Result<()> {
    if connect.is_zero() {
        return Err(Error::validation(
            "connect timeout 0s: must be more than zero",
        ));
    }
    if total.is_zero() {
        return Err(Error::validation("timeout 0s: must be more than zero"));
    }
    if connect > total {
        return Err(Error::validation(format!(
            "connect timeout {connect:?}: must not exceed the total timeout {total:?}"
        )));
    }
    Ok(())
}

fn check_user_agent(user_agent: &str) -> Result<()> {
    let reason = if user_agent.is_empty() {
        "is empty"
    } else if !user_agent.bytes().all(|byte| (b' '..=b'~').contains(&byte)) {
        "must be printable ASCII (it is sent as an HTTP header)"
    } else if user_agent.trim() != user_agent {
        "has leading or trailing spaces"
    } else {
        return Ok(());
    };
    Err(Error::validation(format!(
        "user agent {} {reason}",
        quote_input(user_agent)
    )))
}

fn check_retry(retry: &RetryPolicy) -> Result<()> {
    if retry.base_delay > retry.max_delay {
        return Err(Error::validation(format!(
            "retry base delay {:?}: must not exceed the max delay {:?}",
            retry.base_delay, retry.max_delay
        )));
    }
    Ok(())
}

fn check_rate_limit(limit: &RateLimit) -> Result<()> {
    if limit.calls == 0 {
        return Err(Error::validation(format!(
            "rate limit of 0 calls per {:?}: must allow at least one call",
            limit.per
        )));
    }
    if limit.per.is_zero() {
        return Err(Error::validation(format!(
            "rate limit of {} calls per 0s: the window must be more than zero",
            limit.calls
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proxy::Proxy;

    #[test]
    fn defaults_are_as_documented() {
        let config = Config::builder().build().unwrap();
        assert_eq!(config, Config::default());

        assert_eq!(config.protocol(), Protocol::Rest);
        assert_eq!(
            config.endpoint().as_str(),
            "https://ffieccdr.azure-api.us/public/"
        );
        assert_eq!(config.proxy(), &ProxySetting::None);
        assert_eq!(config.connect_timeout(), Duration::from_secs(10));
        assert_eq!(config.timeout(), Duration::from_secs(300));
        assert_eq!(
            config.user_agent(),
            format!("ffiec-core/{}", env!("CARGO_PKG_VERSION"))
        );
        assert_eq!(
            config.retry(),
            RetryPolicy {
                max_retries: 3,
                base_delay: Duration::from_millis(500),
                max_delay: Duration::from_secs(30)
            }
        );
        assert_eq!(
            config.rate_limit(),
            RateLimit {
                calls: 2500,
                per: Duration::from_secs(3600)
            }
        );
        assert_eq!(config.max_response_bytes(), 64 * 1024 * 1024);
    }

    #[test]
    fn soap_defaults_to_its_endpoint_text_passwords_and_soap_1_1() {
        let config = Config::builder()
            .protocol(SoapOptions::default())
            .build()
            .unwrap();
        assert_eq!(config.endpoint().as_str(), SOAP_ENDPOINT);
        assert_eq!(
            config.protocol(),
            Protocol::Soap(SoapOptions {
                version: SoapVersion::V1_1,
                password: PasswordType::Text
            })
        );
    }

    #[test]
    fn to_builder_keeps_every_field() {
        let proxy = Proxy::parse("http://alice:pw@proxy.example:3128").unwrap();
        let config = Config::builder()
            .protocol(SoapOptions {
                version: SoapVersion::V1_2,
                password: PasswordType::Digest,
            })
            .endpoint("http://127.0.0.1:8080/retrievalservice.asmx")
            .proxy(proxy)
            .connect_timeout(Duration::from_secs(1))
            .timeout(Duration::from_secs(2))
            .user_agent("audit/1.0")
            .retry(RetryPolicy::NONE)
            .rate_limit(RateLimit {
                calls: 10,
                per: Duration::from_secs(1),
            })
            .max_response_bytes(1024)
            .build()
            .unwrap();

        assert_eq!(config.to_builder().build().unwrap(), config);
    }

    #[test]
    fn switching_protocol_switches_a_default_endpoint_but_keeps_a_chosen_one() {
        let rest = Config::default();
        let soap = rest
            .to_builder()
            .protocol(SoapOptions::default())
            .build()
            .unwrap();
        assert_eq!(soap.endpoint().as_str(), SOAP_ENDPOINT);

        let mock = Config::builder()
            .endpoint("http://127.0.0.1:9000/public/")
            .build()
            .unwrap();
        let mock_soap = mock
            .to_builder()
            .protocol(SoapOptions::default())
            .build()
            .unwrap();
        assert_eq!(
            mock_soap.endpoint().as_str(),
            "http://127.0.0.1:9000/public/"
        );
    }

    #[test]
    fn rest_endpoints_get_a_trailing_slash() {
        let config = Config::builder()
            .endpoint("http://127.0.0.1:9000/public")
            .build()
            .unwrap();
        assert_eq!(config.endpoint().as_str(), "http://127.0.0.1:9000/public/");
        let joined = config.endpoint().join("RetrieveReportingPeriods").unwrap();
        assert_eq!(
            joined.as_str(),
            "http://127.0.0.1:9000/public/RetrieveReportingPeriods"
        );
    }

    #[test]
    fn bad_endpoints_are_named_without_credentials() {
        let cases = [
            (
                "ftp://example.com/",
                "endpoint \"ftp://example.com/\": expected an http or https",
            ),
            ("not a url", "endpoint \"not a url\": no scheme"),
            (
                "127.0.0.1:18778/public/",
                "endpoint \"127.0.0.1:***/public/\": no scheme; expected http:// or https:// \
                 before the host, as in http://127.0.0.1:8080/public/",
            ),
            ("localhost:8080", "endpoint \"localhost:***\": no scheme"),
            (
                "u:hunter2@example.com",
                "endpoint \"***@example.com\": no scheme",
            ),
            (
                "https://exa mple.com",
                "endpoint \"https://exa mple.com\": not a URL",
            ),
            ("https://u:hunter2", "endpoint \"https://u:***\": not a URL"),
            (
                "https://u:hunter2@example.com/",
                "endpoint \"https://***@example.com/\": must not",
            ),
            (
                "https://example.com/?dataSeries=Call",
                "endpoint \"https://example.com/?dataSeries",
            ),
        ];
        for (text, expected) in cases {
            let error = Config::builder().endpoint(text).build().unwrap_err();
            assert!(error.is_validation());
            assert!(error.context().starts_with(expected), "{error}");
            assert!(!error.to_string().contains("hunter2"));
        }
    }

    #[test]
    fn each_setting_rule_names_the_setting_and_value() {
        let cases = [
            (
                Config::builder().connect_timeout(Duration::ZERO),
                "connect timeout 0s",
            ),
            (Config::builder().timeout(Duration::ZERO), "timeout 0s"),
            (
                Config::builder()
                    .connect_timeout(Duration::from_secs(20))
                    .timeout(Duration::from_secs(5)),
                "connect timeout 20s: must not exceed the total timeout 5s",
            ),
            (Config::builder().user_agent(""), "user agent \"\" is empty"),
            (
                Config::builder().user_agent("a\r\nX-Evil: 1"),
                "user agent \"a\\r\\nX-Evil: 1\" must be",
            ),
            (
                Config::builder().user_agent(" a"),
                "user agent \" a\" has leading",
            ),
            (
                Config::builder().retry(RetryPolicy {
                    max_retries: 1,
                    base_delay: Duration::from_secs(2),
                    max_delay: Duration::from_secs(1),
                }),
                "retry base delay 2s: must not exceed the max delay 1s",
            ),
            (
                Config::builder().rate_limit(RateLimit {
                    calls: 0,
                    per: Duration::from_secs(1),
                }),
                "rate limit of 0 calls per 1s",
            ),
            (
                Config::builder().rate_limit(RateLimit {
                    calls: 5,
                    per: Duration::ZERO,
                }),
                "rate limit of 5 calls per 0s",
            ),
            (
                Config::builder().max_response_bytes(0),
                "max response bytes 0",
            ),
        ];
        for (builder, expected) in cases {
            let error = builder.build().unwrap_err();
            assert!(error.is_validation());
            assert!(error.context().starts_with(expected), "{error}");
        }
    }

    #[test]
    fn retry_delays_double_up_to_the_cap() {
        let policy = RetryPolicy::default();
        let delays: Vec<u64> = (0..8)
            .map(|retry| policy.delay_before(retry).as_millis() as u64)
            .collect();
        assert_eq!(delays, [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
        assert_eq!(policy.delay_before(u32::MAX), Duration::from_secs(30));
        assert_eq!(RetryPolicy::NONE.delay_before(3), Duration::ZERO);
    }

    #[test]
    fn default_rate_limit_spaces_calls_1_44_s_apart() {
        assert_eq!(RateLimit::default().interval(), Duration::from_millis(1440));
    }

    #[test]
    fn protocol_accepts_only_its_own_credentials() {
        let soap = Credentials::from(crate::SoapCredentials::new("alice", "tok").unwrap());
        assert!(Protocol::Soap(SoapOptions::default()).accepts(&soap));
        assert!(!Protocol::Rest.accepts(&soap));
    }

    #[test]
    fn config_is_shareable_across_threads() {
        fn assert_send_sync<T: Send + Sync + Clone>() {}
        assert_send_sync::<Config>();
    }
}
