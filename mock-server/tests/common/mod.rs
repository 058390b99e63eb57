//! Helpers shared by the integration tests: a plain HTTP client, SOAP
//! envelopes written by hand, and small XML readers. Nothing here uses the
//! mock's own protocol code, so a mistake there cannot hide in a helper.
#![allow(
    dead_code,
    reason = "each test file uses a different subset of the helpers"
)]

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use ffiec_mock::{MockConfig, MockServer, MockUser};

pub const SERVICES_NS: &str = "http://cdr.ffiec.gov/public/services";
pub const WSSE_NS: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
pub const WSU_NS: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
pub const PASSWORD_TEXT: &str = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText";
pub const PASSWORD_DIGEST: &str = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest";

/// The account most tests use.
pub fn alice() -> MockUser {
    MockUser::with_jwt("alice", 1_700_000_000, 4_000_000_000)
}

/// Starts a mock with `alice` as its only account.
pub async fn start() -> MockServer {
    start_with(MockConfig::default()).await
}

/// Starts a mock with `config` plus `alice`.
pub async fn start_with(config: MockConfig) -> MockServer {
    MockServer::start(config.user(alice()))
        .await
        .expect("the mock starts")
}

/// A client that ignores proxy variables and gives up after 20 s.
pub fn client() -> reqwest::Client {
    client_builder().build().expect("a reqwest client")
}

pub fn client_builder() -> reqwest::ClientBuilder {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(20))
}

/// SOAP versions, as the tests write them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Soap {
    V11,
    V12,
}

impl Soap {
    pub fn envelope_ns(self) -> &'static str {
        match self {
            Soap::V11 => "http://schemas.xmlsoap.org/soap/envelope/",
            Soap::V12 => "http://www.w3.org/2003/05/soap-envelope",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Soap::V11 => "text/xml; charset=utf-8",
            Soap::V12 => "application/soap+xml; charset=utf-8",
        }
    }
}

/// How a request authenticates.
#[derive(Debug, Clone)]
pub enum Auth {
    None,
    Text {
        user: String,
        password: String,
    },
    Digest {
        user: String,
        token: String,
        nonce: Vec<u8>,
        created: String,
    },
}

impl Auth {
    pub fn text(user: &MockUser) -> Self {
        Auth::Text {
            user: user.name().into(),
            password: user.token().into(),
        }
    }

    pub fn digest(user: &MockUser) -> Self {
        Auth::Digest {
            user: user.name().into(),
            token: user.token().into(),
            nonce: b"sixteen byte nce".to_vec(),
            created: "2026-07-01T12:00:00Z".into(),
        }
    }

    fn header(&self) -> String {
        let token = match self {
            Auth::None => return String::new(),
            Auth::Text { user, password } => format!(
                "<wsse:Username>{user}</wsse:Username>\
                 <wsse:Password Type=\"{PASSWORD_TEXT}\">{password}</wsse:Password>"
            ),
            Auth::Digest {
                user,
                token,
                nonce,
                created,
            } => {
                let digest = digest(nonce, created, token);
                format!(
                    "<wsse:Username>{user}</wsse:Username>\
                     <wsse:Password Type=\"{PASSWORD_DIGEST}\">{digest}</wsse:Password>\
                     <wsse:Nonce>{}</wsse:Nonce><wsu:Created>{created}</wsu:Created>",
                    STANDARD.encode(nonce)
                )
            }
        };
        format!(
            "<soap:Header><wsse:Security xmlns:wsse=\"{WSSE_NS}\" xmlns:wsu=\"{WSU_NS}\">\
             <wsse:UsernameToken>{token}</wsse:UsernameToken></wsse:Security></soap:Header>"
        )
    }
}

/// Base64(SHA-1(nonce + created + token)), computed here independently.
pub fn digest(nonce: &[u8], created: &str, token: &str) -> String {
    use sha1::{Digest as _, Sha1};
    let mut hasher = Sha1::new();
    hasher.update(nonce);
    hasher.update(created.as_bytes());
    hasher.update(token.as_bytes());
    STANDARD.encode(hasher.finalize())
}

/// An envelope calling `operation` with `params` (name, value) as
/// namespace-qualified children.
pub fn envelope(version: Soap, auth: &Auth, operation: &str, params: &[(&str, &str)]) -> String {
    let children: String = params
        .iter()
        .map(|(name, value)| format!("<{name}>{value}</{name}>"))
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"{}\">{}<soap:Body>\
         <{operation} xmlns=\"{SERVICES_NS}\">{children}</{operation}></soap:Body></soap:Envelope>",
        version.envelope_ns(),
        auth.header()
    )
}

/// What a test looks at in an HTTP answer.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub request_id: Option<String>,
    pub body: String,
}

impl Answer {
    pub async fn read(response: reqwest::Response) -> Answer {
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned)
        };
        let content_type = header("content-type").unwrap_or_default();
        let request_id = header("x-mock-request-id");
        let status = response.status().as_u16();
        let body = response.text().await.expect("a complete body");
        Answer {
            status,
            content_type,
            request_id,
            body,
        }
    }

    /// The texts of every element with this local name.
    pub fn texts(&self, local: &str) -> Vec<String> {
        texts(&self.body, local)
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).expect("a JSON body")
    }
}

/// Alice's `TestUserAccess` over SOAP 1.1 with a PasswordText token: the
/// cheapest authenticated call, which the quota, fault and journal tests use
/// as their probe.
pub async fn alice_tests_access(mock: &MockServer) -> Answer {
    soap_call(
        mock,
        Soap::V11,
        &Auth::text(&alice()),
        "TestUserAccess",
        &[],
    )
    .await
}

/// Posts a SOAP envelope with the action header of `version`.
pub async fn soap_call(
    mock: &MockServer,
    version: Soap,
    auth: &Auth,
    operation: &str,
    params: &[(&str, &str)],
) -> Answer {
    let body = envelope(version, auth, operation, params);
    let action = format!("{SERVICES_NS}/{operation}");
    soap_post(mock, version, Some(&action), body).await
}

/// Posts `body`, with `action` as a quoted SOAPAction (1.1) or content
/// type parameter (1.2) when given.
pub async fn soap_post(
    mock: &MockServer,
    version: Soap,
    action: Option<&str>,
    body: String,
) -> Answer {
    let mut request = client().post(mock.soap_url()).body(body);
    request = match (version, action) {
        (Soap::V11, Some(action)) => request
            .header("Content-Type", version.content_type())
            .header("SOAPAction", format!("\"{action}\"")),
        (Soap::V12, Some(action)) => request.header(
            "Content-Type",
            format!("{}; action=\"{action}\"", version.content_type()),
        ),
        (_, None) => request.header("Content-Type", version.content_type()),
    };
    Answer::read(request.send().await.expect("the mock answers")).await
}

/// A REST GET of `method` with the auth pair of `user` and `headers`.
pub async fn rest_call(
    mock: &MockServer,
    user: &MockUser,
    method: &str,
    headers: &[(&str, &str)],
) -> Answer {
    let mut request = client()
        .get(format!("{}{method}", mock.rest_url()))
        .header("UserID", user.name())
        .header("Authentication", format!("Bearer {}", user.token()));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    Answer::read(request.send().await.expect("the mock answers")).await
}

/// A REST GET with exactly `headers` (no auth added).
pub async fn rest_raw(mock: &MockServer, path_and_query: &str, headers: &[(&str, &str)]) -> Answer {
    let mut request = client().get(format!("{}{path_and_query}", mock.rest_url()));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    Answer::read(request.send().await.expect("the mock answers")).await
}

/// The texts of every element named `local` (any prefix) in `xml`.
pub fn texts(xml: &str, local: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = xml;
    while let Some(start) = find_open(rest, local) {
        let after_open = &rest[start..];
        let Some(close_of_open) = after_open.find('>') else {
            break;
        };
        let open_tag = &after_open[..close_of_open];
        let content = &after_open[close_of_open + 1..];
        if open_tag.ends_with('/') {
            found.push(String::new());
            rest = content;
            continue;
        }
        let Some(end) = find_close(content, local) else {
            break;
        };
        found.push(content[..end].to_owned());
        rest = &content[end..];
    }
    found
}

fn find_open(xml: &str, local: &str) -> Option<usize> {
    let mut offset = 0;
    while let Some(at) = xml[offset..].find('<') {
        let start = offset + at;
        let name: String = xml[start + 1..]
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/')
            .collect();
        if !name.starts_with('/') && name.rsplit(':').next() == Some(local) {
            return Some(start);
        }
        offset = start + 1;
    }
    None
}

fn find_close(xml: &str, local: &str) -> Option<usize> {
    let mut offset = 0;
    while let Some(at) = xml[offset..].find("</") {
        let start = offset + at;
        let name: String = xml[start + 2..].chars().take_while(|c| *c != '>').collect();
        if name.rsplit(':').next() == Some(local) {
            return Some(start);
        }
        offset = start + 2;
    }
    None
}

/// The value of attribute `name` on the first element named `local`.
pub fn attribute(xml: &str, local: &str, name: &str) -> Option<String> {
    let start = find_open(xml, local)?;
    let tag = &xml[start..start + xml[start..].find('>')?];
    let marker = format!("{name}=\"");
    let value_start = tag.find(&marker)? + marker.len();
    let value_len = tag[value_start..].find('"')?;
    Some(tag[value_start..value_start + value_len].to_owned())
}

/// Decodes base64 text.
pub fn base64(text: &str) -> Vec<u8> {
    STANDARD.decode(text.trim()).expect("valid base64")
}
