//! The forward proxy requests go through, as one validated value.
//!
//! A [`Proxy`] is built whole, from parts ([`Proxy::builder`]) or from a URL
//! ([`Proxy::parse`]), and never changes afterwards: host, port, user and
//! password are published together or not at all (findings F1, F2 and S1 of
//! the race review were about proxies assembled field by field).
//!
//! [`ProxySetting`] says whether to use one: none (the default, which also
//! ignores `HTTP_PROXY` and friends), an explicit [`Proxy`], or the
//! environment's, only when asked for.
//!
//! # Secrets
//!
//! The proxy password is a [`SecretString`]. `Display` shows
//! `scheme://user@host:port` without it, `Debug` shows `[redacted]`, and no
//! error quotes it: proxy URL text is quoted with everything before its
//! last `@` (or, without one, everything after the host's `:`) replaced by
//! `***`.
//!
//! # Example
//!
//! ```
//! use ffiec_core::proxy::Proxy;
//!
//! let proxy = Proxy::parse("http://alice:p%40ss%3Aw%2Frd@proxy.example:3128")?;
//! assert_eq!(proxy.user(), Some("alice"));
//! assert_eq!(proxy.expose_password(), Some("p@ss:w/rd"));
//! assert_eq!(proxy.to_string(), "http://alice@proxy.example:3128");
//! # Ok::<(), ffiec_core::Error>(())
//! ```

use std::fmt;
use std::str::FromStr;

use reqwest::Url;
use secrecy::{ExposeSecret, SecretString};

use crate::error::{Error, Result};
use crate::model::quote_input;

/// How the client talks to the proxy itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum ProxyScheme {
    /// Plain HTTP to the proxy (HTTPS targets are tunnelled with `CONNECT`).
    #[default]
    Http,
    /// TLS to the proxy.
    Https,
}

impl ProxyScheme {
    /// `http` or `https`.
    pub fn as_str(self) -> &'static str {
        match self {
            ProxyScheme::Http => "http",
            ProxyScheme::Https => "https",
        }
    }
}

impl fmt::Display for ProxyScheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A validated forward proxy: scheme, host, port, and an optional user and
/// password for Basic authentication.
///
/// Equality compares every field, the password included.
#[derive(Clone)]
pub struct Proxy {
    scheme: ProxyScheme,
    host: String,
    port: u16,
    user: Option<String>,
    password: Option<SecretString>,
    /// `scheme://host:port/`, computed once from the fields above.
    address: Url,
}

impl Proxy {
    /// A builder with no host, no port, scheme `http` and no credentials.
    ///
    /// # Example
    ///
    /// ```
    /// use ffiec_core::proxy::Proxy;
    ///
    /// let proxy = Proxy::builder()
    ///     .host("proxy.example")
    ///     .port(3128)
    ///     .credentials("alice", "p@ss:w/rd")
    ///     .build()?;
    /// assert_eq!(proxy.to_string(), "http://alice@proxy.example:3128");
    /// # Ok::<(), ffiec_core::Error>(())
    /// ```
    pub fn builder() -> ProxyBuilder {
        ProxyBuilder::default()
    }

    /// Reads a proxy URL such as `http://user:p%40ss@host:3128`.
    ///
    /// The user and password are percent-decoded, so reserved characters in
    /// them must be percent-encoded in the URL (`@` as `%40`, `:` as `%3A`,
    /// `/` as `%2F`). The scheme and the port are required, even when the
    /// port is the scheme's default: a corporate proxy is rarely on port 80,
    /// and a default filled in silently would hide a forgotten port. The URL
    /// may end in `/` but carry no other path, no query and no fragment.
    ///
    /// # Errors
    ///
    /// A validation error when the text has no `scheme://`, is not a URL,
    /// its scheme is not `http` or `https`, it has no host or no port, its
    /// port is 0, it has a path, query or fragment, or the user or password
    /// breaks a rule of [`ProxyBuilder::build`]. When the text holds an `@`,
    /// the message adds that reserved characters in the user or password
    /// must be percent-encoded. The message never includes the password.
    pub fn parse(text: &str) -> Result<Proxy> {
        let trimmed = text.trim();
        if !has_scheme(trimmed) {
            return Err(url_error(
                text,
                "no scheme; expected http://host:port or https://host:port",
            ));
        }
        let url = Url::parse(trimmed).map_err(|error| {
            url_error(
                text,
                &userinfo_hint(trimmed, format!("not a URL ({error})")),
            )
        })?;

        let scheme = match url.scheme() {
            "http" => ProxyScheme::Http,
            "https" => ProxyScheme::Https,
            other => {
                let reason = format!(
                    "scheme {} is not supported; expected http or https",
                    quote_input(other)
                );
                return Err(url_error(text, &reason));
            }
        };
        let Some(host) = url.host_str() else {
            return Err(url_error(text, "no host"));
        };
        if !matches!(url.path(), "" | "/") || url.query().is_some() || url.fragment().is_some() {
            let reason = "a proxy URL has no path, query or fragment".to_owned();
            return Err(url_error(text, &userinfo_hint(trimmed, reason)));
        }
        // The parser drops a port equal to the scheme's default, so a
        // written `:80` is told from a missing port by the text.
        let Some(port) = url.port().or_else(|| {
            has_written_port(trimmed)
                .then(|| url.port_or_known_default())
                .flatten()
        }) else {
            return Err(url_error(
                text,
                "no port; write it explicitly, as in http://proxy.example:3128 \
                 (the scheme's default port is not assumed)",
            ));
        };

        let mut builder = Proxy::builder().scheme(scheme).host(host).port(port);
        if !url.username().is_empty() {
            let user = percent_decode(url.username())
                .ok_or_else(|| url_error(text, "the user is not UTF-8 once percent-decoded"))?;
            builder = builder.user(user);
        }
        if let Some(password) = url.password() {
            let password = percent_decode(password)
                .ok_or_else(|| url_error(text, "the password is not UTF-8 once percent-decoded"))?;
            builder = builder.password(password);
        }

        builder.build()
    }

    /// `http` or `https`.
    pub fn scheme(&self) -> ProxyScheme {
        self.scheme
    }

    /// The host name or address, as the URL parser normalised it (lower
    /// case; IPv6 addresses in brackets).
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The port, 1 to 65535.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The user for Basic authentication, if any.
    pub fn user(&self) -> Option<&str> {
        self.user.as_deref()
    }

    /// True when a password is set.
    pub fn has_password(&self) -> bool {
        self.password.is_some()
    }

    /// The password in clear, for handing to the HTTP client.
    ///
    /// Never log, format or store what this returns.
    pub fn expose_password(&self) -> Option<&str> {
        self.password
            .as_ref()
            .map(|password| password.expose_secret())
    }

    /// `scheme://host:port/`, without any credentials.
    pub fn url_without_credentials(&self) -> &Url {
        &self.address
    }

    /// The proxy for a reqwest client, for both `http` and `https` targets.
    ///
    /// The user and password are set with [`reqwest::Proxy::basic_auth`],
    /// never written into a URL by hand, so reserved characters in them
    /// (`p@ss:w/rd`) reach the proxy intact.
    ///
    /// Beware: the returned value's own `Debug` shows the password (reqwest
    /// keeps it inside a URL). Do not log it.
    ///
    /// # Errors
    ///
    /// A validation error, naming the proxy without its password, if
    /// reqwest refuses the address.
    pub fn to_reqwest(&self) -> Result<reqwest::Proxy> {
        let proxy = reqwest::Proxy::all(self.address.as_str()).map_err(|error| {
            Error::validation(format!("proxy {self}: refused by the HTTP client"))
                .with_source(error.without_url())
        })?;

        Ok(match &self.user {
            Some(user) => proxy.basic_auth(user, self.expose_password().unwrap_or_default()),
            None => proxy,
        })
    }
}

impl PartialEq for Proxy {
    fn eq(&self, other: &Self) -> bool {
        self.scheme == other.scheme
            && self.host == other.host
            && self.port == other.port
            && self.user == other.user
            && self.expose_password() == other.expose_password()
    }
}

impl Eq for Proxy {}

impl fmt::Display for Proxy {
    /// `scheme://user@host:port`, the user percent-encoded; never the
    /// password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://", self.scheme)?;
        if let Some(user) = &self.user {
            write!(f, "{}@", percent_encode(user))?;
        }
        write!(f, "{}:{}", self.host, self.port)
    }
}

impl fmt::Debug for Proxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Proxy")
            .field("scheme", &self.scheme)
            .field("host", &self.host)
            .field("port", &self.port)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| Redacted))
            .finish()
    }
}

impl FromStr for Proxy {
    type Err = Error;

    /// As [`Proxy::parse`].
    fn from_str(text: &str) -> Result<Self> {
        Proxy::parse(text)
    }
}

/// Collects the parts of a [`Proxy`]; [`build`](Self::build) validates them
/// together. `Debug` redacts the password.
#[derive(Clone, Default)]
pub struct ProxyBuilder {
    scheme: ProxyScheme,
    host: Option<String>,
    port: Option<u16>,
    user: Option<String>,
    password: Option<SecretString>,
}

impl ProxyBuilder {
    /// How to talk to the proxy. Default: [`ProxyScheme::Http`].
    pub fn scheme(mut self, scheme: ProxyScheme) -> Self {
        self.scheme = scheme;
        self
    }

    /// The proxy's host name, IPv4 address, or IPv6 address (with or
    /// without brackets). Required; no default.
    pub fn host(mut self, host: impl Into<String>) -> Self {
        self.host = Some(host.into());
        self
    }

    /// The proxy's port, 1 to 65535. Required; no default.
    pub fn port(mut self, port: u16) -> Self {
        self.port = Some(port);
        self
    }

    /// The user for Basic authentication. Default: none.
    pub fn user(mut self, user: impl Into<String>) -> Self {
        self.user = Some(user.into());
        self
    }

    /// The password for Basic authentication; needs a user. Default: none.
    pub fn password(mut self, password: impl Into<SecretString>) -> Self {
        self.password = Some(password.into());
        self
    }

    /// Sets the user and the password at once.
    pub fn credentials(self, user: impl Into<String>, password: impl Into<SecretString>) -> Self {
        self.user(user).password(password)
    }

    /// The proxy.
    ///
    /// Rules, each with its reason:
    /// - a host and a port are required: there is no sensible default proxy;
    /// - the host is a bare name or address (no `/`, `?`, `#`, `@`, `\`,
    ///   spaces or control characters): anything else would change the
    ///   meaning of the proxy URL;
    /// - the port is not 0, which no proxy listens on;
    /// - the user is not empty and has no `:` or control character: Basic
    ///   authentication joins user and password with a `:`, and control
    ///   characters would corrupt the `Proxy-Authorization` header;
    /// - the password has no control characters (same reason), and is only
    ///   given with a user.
    ///
    /// # Errors
    ///
    /// A validation error naming the rule that failed and the host, port or
    /// user concerned; never the password.
    pub fn build(self) -> Result<Proxy> {
        let host = self
            .host
            .ok_or_else(|| Error::validation("proxy: no host given"))?;
        let port = self.port.ok_or_else(|| {
            Error::validation(format!("proxy {}: no port given", quote_input(&host)))
        })?;
        if port == 0 {
            return Err(Error::validation(format!(
                "proxy {}: port 0 is not a port; expected 1 to 65535",
                quote_input(&host)
            )));
        }

        let address = proxy_address(self.scheme, &host, port)?;
        let host = address.host_str().unwrap_or_default().to_owned();

        if let Some(user) = &self.user {
            check_user(user)?;
        }
        if let Some(password) = &self.password {
            if self.user.is_none() {
                return Err(Error::validation(format!(
                    "proxy {host}:{port}: a password was given without a user"
                )));
            }
            if password.expose_secret().chars().any(char::is_control) {
                return Err(Error::validation(format!(
                    "proxy {host}:{port}: the password contains a control character"
                )));
            }
        }

        Ok(Proxy {
            scheme: self.scheme,
            host,
            port,
            user: self.user,
            password: self.password,
            address,
        })
    }
}

impl fmt::Debug for ProxyBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProxyBuilder")
            .field("scheme", &self.scheme)
            .field("host", &self.host)
            .field("port", &self.port)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| Redacted))
            .finish()
    }
}

/// Whether and how requests go through a proxy.
///
/// # Example
///
/// ```
/// use ffiec_core::proxy::{Proxy, ProxySetting};
///
/// assert_eq!(ProxySetting::default(), ProxySetting::None);
/// let explicit = ProxySetting::from(Proxy::parse("http://proxy.example:3128")?);
/// assert!(matches!(explicit, ProxySetting::Explicit(_)));
/// # Ok::<(), ffiec_core::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ProxySetting {
    /// Connect directly. `HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY` and
    /// `NO_PROXY` are ignored: a proxy is used only when configured. The
    /// default.
    #[default]
    None,
    /// Go through this proxy.
    Explicit(Proxy),
    /// Use the proxy the environment variables name (`HTTP_PROXY`,
    /// `HTTPS_PROXY`, `ALL_PROXY`, `NO_PROXY`), as reqwest reads them. Only
    /// when asked for.
    FromEnvironment,
}

impl ProxySetting {
    /// Configures a reqwest client builder for this setting: no proxy at
    /// all for [`None`](Self::None) (reqwest would otherwise read the
    /// environment), the proxy for [`Explicit`](Self::Explicit), and
    /// reqwest's own environment lookup for
    /// [`FromEnvironment`](Self::FromEnvironment).
    ///
    /// # Errors
    ///
    /// As [`Proxy::to_reqwest`].
    pub fn apply(&self, builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder> {
        match self {
            ProxySetting::None => Ok(builder.no_proxy()),
            ProxySetting::Explicit(proxy) => Ok(builder.no_proxy().proxy(proxy.to_reqwest()?)),
            ProxySetting::FromEnvironment => Ok(builder),
        }
    }
}

impl From<Proxy> for ProxySetting {
    fn from(proxy: Proxy) -> Self {
        ProxySetting::Explicit(proxy)
    }
}

/// Formats as `[redacted]`, in place of a secret.
struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Validates the host by letting the URL parser read `scheme://host:port/`,
/// after refusing the characters that would make it read something else.
fn proxy_address(scheme: ProxyScheme, host: &str, port: u16) -> Result<Url> {
    let refuse =
        |reason: &str| Error::validation(format!("proxy host {}: {reason}", quote_input(host)));

    if host.is_empty() {
        return Err(refuse("is empty"));
    }
    let structural = |c: char| matches!(c, '/' | '?' | '#' | '@' | '\\') || c.is_whitespace();
    if host.chars().any(|c| structural(c) || c.is_control()) {
        return Err(refuse(
            "expected a host name or address, without path, user or spaces",
        ));
    }

    // A bare IPv6 address needs brackets inside a URL.
    let bracketed = if host.contains(':') && !host.starts_with('[') {
        format!("[{host}]")
    } else {
        host.to_owned()
    };

    let url = Url::parse(&format!("{scheme}://{bracketed}:{port}/"))
        .map_err(|error| refuse(&format!("not a valid host ({error})")))?;
    if url.host_str().is_none() {
        return Err(refuse("not a valid host"));
    }
    Ok(url)
}

fn check_user(user: &str) -> Result<()> {
    let reason = if user.is_empty() {
        "is empty"
    } else if user.contains(':') {
        "contains ':', which Basic authentication uses to end the user"
    } else if user.chars().any(char::is_control) {
        "contains a control character"
    } else {
        return Ok(());
    };
    Err(Error::validation(format!(
        "proxy user {} {reason}",
        quote_input(user)
    )))
}

/// True when `text` starts with a URL scheme and `://`.
pub(crate) fn has_scheme(text: &str) -> bool {
    text.split_once("://").is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// True when the authority of URL `text` ends in `:<digits>`.
fn has_written_port(text: &str) -> bool {
    let rest = text.split_once("://").map_or(text, |(_, rest)| rest);
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let host_port = authority.rsplit('@').next().unwrap_or(authority);
    let after_host = match host_port.rfind(']') {
        Some(end) => &host_port[end + 1..],
        None => host_port,
    };
    after_host
        .rsplit_once(':')
        .is_some_and(|(_, port)| !port.is_empty() && port.bytes().all(|byte| byte.is_ascii_digit()))
}

/// `reason`, followed when the URL holds an `@` by the likely cause: a user
/// or password whose reserved characters were not percent-encoded, which
/// makes the parser read part of it as host, port or path.
fn userinfo_hint(text: &str, reason: String) -> String {
    if !text.contains('@') {
        return reason;
    }
    format!(
        "{reason}; reserved characters (@ : / ? #) in the user or password must be \
         percent-encoded (@ as %40, : as %3A, / as %2F), or use Proxy::builder"
    )
}

/// An error about proxy URL text, which is quoted without its credentials.
fn url_error(text: &str, reason: &str) -> Error {
    let shown = quote_input(&redact_userinfo(text));
    Error::validation(format!("proxy URL {shown}: {reason}"))
}

/// URL text made safe to quote: everything between `://` (or the start)
/// and the last `@` becomes `***`; without an `@`, what follows the first
/// `:` of the authority becomes `***`, because `user:password` written
/// without a host reads as `host:port`. A port may be hidden with it; a
/// password never shows.
pub(crate) fn redact_userinfo(text: &str) -> String {
    let (prefix, rest) = match text.find("://") {
        Some(at) => text.split_at(at + 3),
        None => ("", text),
    };
    if let Some((_, host)) = rest.rsplit_once('@') {
        return format!("{prefix}***@{host}");
    }

    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].find(':') {
        Some(colon) => format!("{prefix}{}:***{}", &rest[..colon], &rest[authority_end..]),
        None => text.to_owned(),
    }
}

/// Decodes `%XX` escapes; a `%` not followed by two hex digits is kept as
/// is. `None` when the result is not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;

    while index < bytes.len() {
        let escaped = bytes
            .get(index + 1..index + 3)
            .filter(|_| bytes[index] == b'%')
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                decoded.push(byte);
                index += 3;
            }
            None => {
                decoded.push(bytes[index]);
                index += 1;
            }
        }
    }

    String::from_utf8(decoded).ok()
}

/// Encodes every byte but the URL "unreserved" ones (letters, digits,
/// `-._~`), so `Display` output reads back through [`Proxy::parse`].
fn percent_encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_decodes_reserved_characters_in_credentials() {
        let proxy = Proxy::parse("http://us%40er:p%40ss%3Aw%2Frd@Proxy.Example:3128").unwrap();
        assert_eq!(proxy.scheme(), ProxyScheme::Http);
        assert_eq!(proxy.host(), "proxy.example");
        assert_eq!(proxy.port(), 3128);
        assert_eq!(proxy.user(), Some("us@er"));
        assert_eq!(proxy.expose_password(), Some("p@ss:w/rd"));
        assert_eq!(
            proxy.url_without_credentials().as_str(),
            "http://proxy.example:3128/"
        );
    }

    #[test]
    fn parse_and_builder_agree() {
        let parsed = Proxy::parse("https://alice:secret@10.0.0.1:8443/").unwrap();
        let built = Proxy::builder()
            .scheme(ProxyScheme::Https)
            .host("10.0.0.1")
            .port(8443)
            .credentials("alice", "secret")
            .build()
            .unwrap();
        assert_eq!(parsed, built);

        let other_password = Proxy::parse("https://alice:different@10.0.0.1:8443").unwrap();
        assert_ne!(parsed, other_password);
    }

    #[test]
    fn a_missing_port_is_an_error_and_a_written_default_port_is_kept() {
        for text in [
            "http://proxy.example",
            "https://alice:hunter2@proxy.example/",
        ] {
            let error = Proxy::parse(text).unwrap_err();
            assert!(error.is_validation());
            assert!(
                error.context().ends_with(
                    ": no port; write it explicitly, as in http://proxy.example:3128 \
                     (the scheme's default port is not assumed)"
                ),
                "{text}: {error}"
            );
            assert!(!error.to_string().contains("hunter2"));
        }

        assert_eq!(Proxy::parse("http://proxy.example:80").unwrap().port(), 80);
        assert_eq!(
            Proxy::parse("https://proxy.example:443/").unwrap().port(),
            443
        );
        assert_eq!(Proxy::parse("http://[::1]:80").unwrap().port(), 80);
    }

    #[test]
    fn a_url_without_a_scheme_says_the_scheme_is_missing() {
        for (text, shown) in [
            ("proxy.example:3128", "\"proxy.example:***\""),
            ("10.0.0.1:3128", "\"10.0.0.1:***\""),
            (
                "bob:hunter2@proxy.example:3128",
                "\"***@proxy.example:3128\"",
            ),
        ] {
            let error = Proxy::parse(text).unwrap_err();
            assert_eq!(
                error.context(),
                format!(
                    "proxy URL {shown}: no scheme; expected http://host:port or \
                     https://host:port"
                )
            );
        }
    }

    #[test]
    fn unencoded_reserved_characters_in_credentials_get_a_hint() {
        for text in ["http://bob:p@ss:w/rd@host:1", "http://bob:1/x@host:1"] {
            let error = Proxy::parse(text).unwrap_err();
            assert!(
                error.context().ends_with(
                    "; reserved characters (@ : / ? #) in the user or password must be \
                     percent-encoded (@ as %40, : as %3A, / as %2F), or use Proxy::builder"
                ),
                "{text}: {error}"
            );
            assert!(!error.to_string().contains("p@ss"), "{error}");
        }

        let error = Proxy::parse("http://proxy:3128/path").unwrap_err();
        assert!(!error.context().contains("percent-encoded"), "{error}");
    }

    #[test]
    fn ipv6_hosts_are_bracketed() {
        let bare = Proxy::builder().host("::1").port(3128).build().unwrap();
        assert_eq!(bare.host(), "[::1]");
        assert_eq!(bare.to_string(), "http://[::1]:3128");
        assert_eq!(Proxy::parse("http://[::1]:3128").unwrap(), bare);
    }

    #[test]
    fn display_omits_the_password_and_reads_back() {
        let proxy = Proxy::builder()
            .host("proxy.example")
            .port(3128)
            .credentials("us@er", "p@ss:w/rd")
            .build()
            .unwrap();
        assert_eq!(proxy.to_string(), "http://us%40er@proxy.example:3128");

        let reread = Proxy::parse(&proxy.to_string()).unwrap();
        assert_eq!(reread.user(), Some("us@er"));
        assert!(!reread.has_password());
    }

    #[test]
    fn debug_redacts_the_password() {
        let proxy = Proxy::parse("http://alice:hunter2@proxy.example:3128").unwrap();
        assert_eq!(
            format!("{proxy:?}"),
            "Proxy { scheme: Http, host: \"proxy.example\", port: 3128, \
             user: Some(\"alice\"), password: Some([redacted]) }"
        );
        let builder = Proxy::builder().credentials("alice", "hunter2");
        assert!(!format!("{builder:?}").contains("hunter2"));
    }

    #[test]
    fn each_rule_is_named() {
        let cases = [
            (Proxy::builder().port(1), "proxy: no host given"),
            (Proxy::builder().host("h"), "proxy \"h\": no port given"),
            (
                Proxy::builder().host("h").port(0),
                "proxy \"h\": port 0 is not a port",
            ),
            (
                Proxy::builder().host("h/x").port(1),
                "proxy host \"h/x\": expected a host",
            ),
            (
                Proxy::builder().host("").port(1),
                "proxy host \"\": is empty",
            ),
            (
                Proxy::builder().host("h").port(1).user("a:b"),
                "proxy user \"a:b\" contains ':'",
            ),
            (
                Proxy::builder().host("h").port(1).user(""),
                "proxy user \"\" is empty",
            ),
            (
                Proxy::builder().host("h").port(1).password("x"),
                "proxy h:1: a password was given",
            ),
            (
                Proxy::builder().host("h").port(1).credentials("a", "x\ny"),
                "proxy h:1: the password contains a control character",
            ),
        ];
        for (builder, expected) in cases {
            let error = builder.build().unwrap_err();
            assert!(error.is_validation());
            assert!(error.context().starts_with(expected), "{error}");
        }
    }

    #[test]
    fn bad_urls_are_quoted_without_credentials() {
        let cases = [
            (
                "socks5://proxy:1080",
                "proxy URL \"socks5://proxy:***\": scheme \"socks5\"",
            ),
            ("http://u:hunter2", "proxy URL \"http://u:***\": not a URL"),
            (
                "http://u:hunter2@proxy:99999",
                "proxy URL \"http://***@proxy:99999\": not a URL",
            ),
            ("http://u:hunter2@proxy:0", "proxy \"proxy\": port 0"),
            (
                "http://proxy:3128/path",
                "proxy URL \"http://proxy:***/path\": a proxy URL has",
            ),
            (
                "proxy.example:3128",
                "proxy URL \"proxy.example:***\": no scheme",
            ),
        ];
        for (text, expected) in cases {
            let error = Proxy::parse(text).unwrap_err();
            assert!(error.context().starts_with(expected), "{text}: {error}");
            assert!(!error.to_string().contains("hunter2"));
        }
    }

    #[test]
    fn percent_coding_round_trips() {
        for text in ["plain", "p@ss:w/rd", "100%", "%zz", "üñí"] {
            assert_eq!(percent_decode(&percent_encode(text)).as_deref(), Some(text));
        }
        assert_eq!(percent_decode("100%").as_deref(), Some("100%"));
        assert_eq!(percent_decode("%FF"), None);
    }

    #[test]
    fn setting_defaults_to_none() {
        assert_eq!(ProxySetting::default(), ProxySetting::None);
        let proxy = Proxy::parse("http://proxy.example:3128").unwrap();
        assert_eq!(
            ProxySetting::from(proxy.clone()),
            ProxySetting::Explicit(proxy)
        );
    }

    /// A one-shot stand-in proxy on loopback: answers the first request
    /// with `ok` and returns its head.
    async fn one_shot_proxy() -> (std::net::SocketAddr, tokio::task::JoinHandle<String>) {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};

        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let server = tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut head = Vec::new();
            let mut chunk = [0u8; 1024];
            while !head.windows(4).any(|window| window == b"\r\n\r\n") {
                let read = socket.read(&mut chunk).await.unwrap();
                assert!(read > 0, "client closed before the end of the request head");
                head.extend_from_slice(&chunk[..read]);
            }
            socket
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
                .await
                .unwrap();
            String::from_utf8(head).unwrap()
        });
        (address, server)
    }

    #[tokio::test]
    async fn reserved_characters_reach_the_proxy_intact() {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let (address, server) = one_shot_proxy().await;

        let proxy = Proxy::builder()
            .host("127.0.0.1")
            .port(address.port())
            .credentials("us@er", "p@ss:w/rd")
            .build()
            .unwrap();
        let bounded = reqwest::Client::builder().timeout(std::time::Duration::from_secs(30));
        let client = ProxySetting::from(proxy)
            .apply(bounded)
            .unwrap()
            .build()
            .unwrap();

        let body = client
            .get("http://ffiec.invalid/probe")
            .send()
            .await
            .unwrap()
            .text()
            .await;
        assert_eq!(body.unwrap(), "ok");

        let head = tokio::time::timeout(std::time::Duration::from_secs(30), server)
            .await
            .expect("the stand-in proxy answered")
            .unwrap();
        use base64::Engine as _;
        let expected = base64::engine::general_purpose::STANDARD.encode("us@er:p@ss:w/rd");
        let authorization = head
            .lines()
            .filter_map(|line| line.split_once(": "))
            .find_map(|(name, value)| {
                name.eq_ignore_ascii_case("proxy-authorization")
                    .then_some(value)
            })
            .expect("a Proxy-Authorization header");
        assert_eq!(authorization, format!("Basic {expected}"));
        assert!(
            head.starts_with("GET http://ffiec.invalid/probe HTTP/1.1"),
            "{head}"
        );
    }
}
