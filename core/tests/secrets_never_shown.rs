//! No token, password or proxy password ever shows in a `Debug`, a
//! `Display` or an error message.
//!
//! Every public type that can hold a secret is built with sentinel secrets
//! and formatted every way it supports; then every validation error that a
//! secret can take part in is provoked, and its text searched for the
//! sentinel.

use std::fmt::Debug;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ffiec_core::Error;
use ffiec_core::config::{Config, ConfigBuilder, Protocol, SoapOptions};
use ffiec_core::credentials::{Credentials, RestCredentials, SoapCredentials};
use ffiec_core::proxy::{Proxy, ProxyBuilder, ProxySetting};

const TOKEN: &str = "SENTINEL-TOKEN-7f3a";
const PROXY_PASSWORD: &str = "SENTINEL-PROXY-PW";

/// A well-formed bearer token that carries the sentinel twice: as its
/// (ignored) signature, and base64-encoded inside its payload.
fn sentinel_jwt() -> String {
    let payload = format!(r#"{{"exp":1774915200,"sub":"{TOKEN}"}}"#);
    format!(
        "eyJhbGciOiJub25lIn0.{}.{TOKEN}",
        URL_SAFE_NO_PAD.encode(payload)
    )
}

/// The base64 of the payload above, which must not show either.
fn sentinel_payload_segment() -> String {
    sentinel_jwt().split('.').nth(1).unwrap().to_owned()
}

fn secrets() -> Vec<String> {
    vec![
        TOKEN.to_owned(),
        PROXY_PASSWORD.to_owned(),
        sentinel_jwt(),
        sentinel_payload_segment(),
    ]
}

/// Asserts that no secret appears in `shown`, naming what was formatted.
fn assert_hidden(what: &str, shown: &str) {
    for secret in secrets() {
        assert!(!shown.contains(&secret), "{what} shows a secret: {shown}");
    }
}

/// Checks `{:?}` and `{:#?}`.
fn assert_debug_hidden(what: &str, value: &impl Debug) {
    assert_hidden(what, &format!("{value:?}"));
    assert_hidden(what, &format!("{value:#?}"));
}

/// Checks every way an error can be shown, its source chain included.
fn assert_error_hidden(what: &str, error: &Error) {
    assert_hidden(what, &error.to_string());
    assert_debug_hidden(what, error);

    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        assert_hidden(what, &cause.to_string());
        source = cause.source();
    }
}

fn sentinel_proxy() -> Proxy {
    Proxy::builder()
        .host("proxy.example")
        .port(3128)
        .credentials("alice", PROXY_PASSWORD)
        .build()
        .unwrap()
}

#[test]
fn soap_credentials_never_show_the_token() {
    let soap = SoapCredentials::new("alice", TOKEN).unwrap();
    assert_eq!(
        soap.expose_token(),
        TOKEN,
        "the sentinel really is the token"
    );

    assert_debug_hidden("SoapCredentials", &soap);
    assert_debug_hidden("Credentials::Soap", &Credentials::from(soap));
}

#[test]
fn rest_credentials_never_show_the_token() {
    let rest = RestCredentials::new("alice", sentinel_jwt()).unwrap();
    assert_eq!(
        rest.expose_token(),
        sentinel_jwt(),
        "the sentinel really is the token"
    );

    assert_debug_hidden("RestCredentials", &rest);
    assert_debug_hidden("Credentials::Rest", &Credentials::from(rest));
}

#[test]
fn proxies_never_show_the_password() {
    let proxy = sentinel_proxy();
    assert_eq!(proxy.expose_password(), Some(PROXY_PASSWORD));

    assert_debug_hidden("Proxy", &proxy);
    assert_hidden("Proxy Display", &proxy.to_string());
    assert_hidden("Proxy URL", proxy.url_without_credentials().as_str());

    let parsed =
        Proxy::parse(&format!("http://alice:{PROXY_PASSWORD}@proxy.example:3128")).unwrap();
    assert_eq!(parsed, proxy);
    assert_debug_hidden("parsed Proxy", &parsed);
    assert_hidden("parsed Proxy Display", &parsed.to_string());

    let builder: ProxyBuilder = Proxy::builder().credentials("alice", PROXY_PASSWORD);
    assert_debug_hidden("ProxyBuilder", &builder);

    assert_debug_hidden("ProxySetting", &ProxySetting::from(proxy));
}

#[test]
fn configs_never_show_the_proxy_password() {
    let config: Config = Config::builder()
        .protocol(Protocol::Soap(SoapOptions::default()))
        .proxy(sentinel_proxy())
        .build()
        .unwrap();
    assert_debug_hidden("Config", &config);

    let builder: ConfigBuilder = config.to_builder();
    assert_debug_hidden("ConfigBuilder", &builder);
}

#[test]
fn soap_credential_errors_never_show_the_token() {
    let bad_tokens = [
        format!("{TOKEN}\n"),
        format!(" {TOKEN}"),
        format!("{TOKEN}\u{7}"),
    ];
    for token in bad_tokens {
        let error = SoapCredentials::new("alice", token.as_str()).unwrap_err();
        assert_error_hidden("SoapCredentials::new", &error);
    }

    let from_vars = SoapCredentials::from_vars(|name| match name {
        "FFIEC_USERNAME" => Some("alice".into()),
        _ => Some(format!("{TOKEN}\r\n")),
    })
    .unwrap_err();
    assert_error_hidden("SoapCredentials::from_vars", &from_vars);
}

#[test]
fn rest_credential_errors_never_show_the_token() {
    let segment = |json: &str| URL_SAFE_NO_PAD.encode(json);
    let bad_tokens = [
        TOKEN.to_owned(),
        format!("{TOKEN}.{TOKEN}"),
        format!("{TOKEN}.{TOKEN}.{TOKEN}"),
        format!("eyJhbGciOiJub25lIn0.{TOKEN}."),
        format!(
            "eyJhbGciOiJub25lIn0.{}.",
            segment(&format!(r#"{{"sub":"{TOKEN}"}}"#))
        ),
        format!(
            "eyJhbGciOiJub25lIn0.{}.",
            segment(&format!(r#"{{"exp":"{TOKEN}"}}"#))
        ),
        format!(
            "eyJhbGciOiJub25lIn0.{}.",
            segment(&format!(r#"["{TOKEN}"]"#))
        ),
        format!("{}\n", sentinel_jwt()),
        format!("{}.extra", sentinel_jwt()),
    ];
    for token in bad_tokens {
        let error = RestCredentials::new("alice", token.as_str()).unwrap_err();
        assert!(error.is_validation());
        assert_error_hidden("RestCredentials::new", &error);
    }

    let swapped = RestCredentials::new(sentinel_jwt(), "alice").unwrap_err();
    assert_error_hidden("RestCredentials::new with swapped arguments", &swapped);

    let from_vars = RestCredentials::from_vars(|name| match name {
        "FFIEC_USER_ID" => Some("alice".into()),
        _ => Some(TOKEN.into()),
    })
    .unwrap_err();
    assert_error_hidden("RestCredentials::from_vars", &from_vars);
}

#[test]
fn proxy_errors_never_show_the_password() {
    let urls = [
        format!("http://alice:{PROXY_PASSWORD}"),
        format!("http://alice:{PROXY_PASSWORD}@proxy.example:99999"),
        format!("http://alice:{PROXY_PASSWORD}@proxy.example:0"),
        format!("socks5://alice:{PROXY_PASSWORD}@proxy.example:1080"),
        format!("http://alice:{PROXY_PASSWORD}@proxy.example:3128/path"),
        format!("http://alice:{PROXY_PASSWORD}@proxy.example:3128?q=1"),
        format!("http://alice:{PROXY_PASSWORD}%FF@proxy.example:3128"),
        format!("http://alice:{PROXY_PASSWORD}%0A@proxy.example:3128"),
        format!("http://al%3Aice:{PROXY_PASSWORD}@proxy.example:3128"),
        format!("http://:{PROXY_PASSWORD}@proxy.example:3128"),
        format!("http://alice:{PROXY_PASSWORD}@:3128"),
        format!("http://alice:p@ss:{PROXY_PASSWORD}/x@proxy.example:3128"),
        format!("alice:{PROXY_PASSWORD}@proxy.example:3128"),
    ];
    for url in urls {
        let error = Proxy::parse(&url).unwrap_err();
        assert_error_hidden(&format!("Proxy::parse({url})"), &error);
    }

    let builders = [
        Proxy::builder()
            .port(1)
            .credentials("alice", PROXY_PASSWORD),
        Proxy::builder()
            .host("h")
            .credentials("alice", PROXY_PASSWORD),
        Proxy::builder()
            .host("h")
            .port(0)
            .credentials("alice", PROXY_PASSWORD),
        Proxy::builder()
            .host("h/x")
            .port(1)
            .credentials("alice", PROXY_PASSWORD),
        Proxy::builder().host("h").port(1).password(PROXY_PASSWORD),
        Proxy::builder()
            .host("h")
            .port(1)
            .credentials("a:b", PROXY_PASSWORD),
        Proxy::builder()
            .host("h")
            .port(1)
            .credentials("", PROXY_PASSWORD),
        Proxy::builder()
            .host("h")
            .port(1)
            .credentials("alice", format!("{PROXY_PASSWORD}\n")),
    ];
    for builder in builders {
        let error = builder.build().unwrap_err();
        assert_error_hidden("ProxyBuilder::build", &error);
    }
}

#[test]
fn config_errors_never_show_the_proxy_password() {
    let endpoints = [
        format!("https://alice:{PROXY_PASSWORD}@example.com/"),
        format!("https://alice:{PROXY_PASSWORD}"),
        format!("ftp://alice:{PROXY_PASSWORD}@example.com/"),
        format!("https://alice:{PROXY_PASSWORD}@example.com/?q=1"),
    ];
    for endpoint in endpoints {
        let error = Config::builder()
            .proxy(sentinel_proxy())
            .endpoint(endpoint.as_str())
            .build()
            .unwrap_err();
        assert_error_hidden(&format!("Config endpoint {endpoint}"), &error);
    }

    let zero_timeout = Config::builder()
        .proxy(sentinel_proxy())
        .timeout(std::time::Duration::ZERO)
        .build()
        .unwrap_err();
    assert_error_hidden("Config timeout", &zero_timeout);
}
