//! Account credentials for the two protocols, as immutable validated values.
//!
//! - [`SoapCredentials`]: the user name and the account's *security token*
//!   (not the login password), sent in a WS-Security `UsernameToken`.
//! - [`RestCredentials`]: the user id and the bearer token, sent as the
//!   `UserID` and `Authentication: Bearer …` headers. The token is an
//!   unsigned JWT; its `exp` claim is read so a caller can warn before it
//!   runs out (FFIEC tokens last about 90 days).
//! - [`Credentials`]: either of the two, as a session holds them.
//!
//! # Secrets
//!
//! Tokens live in [`SecretString`]: zeroed when dropped, and shown as
//! `[redacted]` by `Debug`. No error of this module quotes a token, not even
//! a malformed one. The only way to read a token is the explicitly named
//! `expose_token`, which the transports call when they write a request.
//!
//! # Validation
//!
//! Every user name, user id and token must be:
//!
//! - non-empty: an empty value can only be a configuration mistake, and the
//!   service would answer it with an authentication error that hides that;
//! - free of control characters: CR and LF would split the HTTP header the
//!   value is written into, and other control characters are not allowed in
//!   the SOAP XML body;
//! - free of surrounding whitespace: a trailing newline or space is the usual
//!   trace of a copy and paste, and the service would reject the value as a
//!   wrong credential.
//!
//! A REST user id must also be printable ASCII: it travels as the value of
//! the `UserID` HTTP header, which cannot carry other characters (a SOAP
//! user name travels in XML and may be any text).
//!
//! # Example
//!
//! ```
//! use ffiec_core::credentials::{Credentials, SoapCredentials};
//!
//! let soap = SoapCredentials::new("alice", "security-token-from-the-cdr-account")?;
//! assert_eq!(soap.user_name(), "alice");
//! assert!(!format!("{soap:?}").contains("security-token"));
//!
//! let credentials = Credentials::from(soap);
//! assert!(credentials.is_soap());
//! # Ok::<(), ffiec_core::Error>(())
//! ```

use std::fmt;
use std::time::Duration;

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use jiff::Timestamp;
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::model::quote_input;

/// JWT segments are base64url; padding is optional in practice, so accept
/// it either way rather than reject a token over a `=`.
const BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// What a bearer token must look like, for error messages.
const JWT_SHAPE: &str = "expected a JWT: three dot-separated base64url parts, \
                         header.payload.signature (FFIEC tokens start with \"ey\" and end with \".\")";

/// Credentials for the SOAP service: a user name and the account's security
/// token.
///
/// `Debug` shows the user name and `[redacted]` for the token.
///
/// # Example
///
/// ```
/// use ffiec_core::credentials::SoapCredentials;
///
/// let credentials = SoapCredentials::new("alice", "a-security-token")?;
/// assert_eq!(
///     format!("{credentials:?}"),
///     r#"SoapCredentials { user_name: "alice", token: [redacted] }"#
/// );
/// # Ok::<(), ffiec_core::Error>(())
/// ```
#[derive(Clone)]
pub struct SoapCredentials {
    user_name: String,
    token: SecretString,
}

impl SoapCredentials {
    /// The environment variable [`from_env`](Self::from_env) reads the user
    /// name from.
    pub const USER_NAME_VAR: &'static str = "FFIEC_USERNAME";

    /// The environment variable [`from_env`](Self::from_env) reads the
    /// security token from.
    pub const TOKEN_VAR: &'static str = "FFIEC_TOKEN";

    /// Validated credentials (see the [module docs](self) for the rules).
    ///
    /// # Errors
    ///
    /// A validation error naming the field that broke a rule. The user name
    /// is quoted; the token never is.
    pub fn new(user_name: impl Into<String>, token: impl Into<SecretString>) -> Result<Self> {
        let user_name = user_name.into();
        let token = token.into();

        check_user("user name", &user_name).map_err(Error::validation)?;
        check_secret("security token", token.expose_secret()).map_err(Error::validation)?;

        Ok(SoapCredentials { user_name, token })
    }

    /// Reads `FFIEC_USERNAME` and `FFIEC_TOKEN` from the environment.
    ///
    /// Nothing else in this crate reads these variables: credentials come
    /// from the environment only when this is called.
    ///
    /// # Errors
    ///
    /// A validation error naming the variable that is missing, not UTF-8 or
    /// breaks a rule. No value is ever quoted.
    pub fn from_env() -> Result<Self> {
        Self::from_lookup(env_var)
    }

    /// Like [`from_env`](Self::from_env), but reads each variable through
    /// `lookup` (`None` for "not set"), for callers that keep their settings
    /// elsewhere, and for tests.
    ///
    /// # Errors
    ///
    /// As [`from_env`](Self::from_env).
    ///
    /// # Example
    ///
    /// ```
    /// use ffiec_core::credentials::SoapCredentials;
    ///
    /// let error = SoapCredentials::from_vars(|name| {
    ///     (name == "FFIEC_USERNAME").then(|| "alice".to_owned())
    /// })
    /// .unwrap_err();
    /// assert_eq!(error.context(), "environment variable FFIEC_TOKEN is not set");
    /// ```
    pub fn from_vars(lookup: impl Fn(&str) -> Option<String>) -> Result<Self> {
        Self::from_lookup(|name| Ok(lookup(name)))
    }

    fn from_lookup(lookup: impl Fn(&str) -> Result<Option<String>>) -> Result<Self> {
        let user_name = required_var(Self::USER_NAME_VAR, &lookup)?;
        let token = SecretString::from(required_var(Self::TOKEN_VAR, &lookup)?);

        check_user("user name", &user_name)
            .map_err(|reason| var_error(Self::USER_NAME_VAR, reason))?;
        check_secret("security token", token.expose_secret())
            .map_err(|reason| var_error(Self::TOKEN_VAR, reason))?;

        Ok(SoapCredentials { user_name, token })
    }

    /// The user name.
    pub fn user_name(&self) -> &str {
        &self.user_name
    }

    /// The security token in clear, for writing the WS-Security header.
    ///
    /// Never log, format or store what this returns.
    pub fn expose_token(&self) -> &str {
        self.token.expose_secret()
    }
}

impl fmt::Debug for SoapCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SoapCredentials")
            .field("user_name", &self.user_name)
            .field("token", &Redacted)
            .finish()
    }
}

/// Credentials for the REST service: a user id and a bearer token (an
/// unsigned JWT whose `exp` claim says when it stops working).
///
/// The token's signature is never checked: FFIEC issues it unsigned
/// (`{"alg":"none"}`), and only the service can judge it. Its payload is
/// read for `exp` (required) and `nbf` (optional).
///
/// `Debug` shows the user id, `[redacted]` for the token, and the expiry.
///
/// # Example
///
/// ```
/// use ffiec_core::credentials::RestCredentials;
///
/// // {"alg":"none"} . {"nbf":1767225600,"exp":1774915200} . (no signature)
/// let token = "eyJhbGciOiJub25lIn0.eyJuYmYiOjE3NjcyMjU2MDAsImV4cCI6MTc3NDkxNTIwMH0.";
/// let credentials = RestCredentials::new("alice", token)?;
/// assert_eq!(credentials.expires_at().to_string(), "2026-03-31T00:00:00Z");
/// assert!(!format!("{credentials:?}").contains("eyJ"));
/// # Ok::<(), ffiec_core::Error>(())
/// ```
#[derive(Clone)]
pub struct RestCredentials {
    user_id: String,
    token: SecretString,
    expires_at: Timestamp,
    not_before: Option<Timestamp>,
}

impl RestCredentials {
    /// The environment variable [`from_env`](Self::from_env) reads the user
    /// id from.
    pub const USER_ID_VAR: &'static str = "FFIEC_USER_ID";

    /// The environment variable [`from_env`](Self::from_env) reads the
    /// bearer token from.
    pub const TOKEN_VAR: &'static str = "FFIEC_BEARER_TOKEN";

    /// Validated credentials (see the [module docs](self) for the rules);
    /// the token must also have the shape of a JWT whose payload carries a
    /// numeric `exp`.
    ///
    /// An expired token is accepted: whether to use it is the caller's call
    /// (see [`is_expired_at`](Self::is_expired_at)).
    ///
    /// # Errors
    ///
    /// A validation error naming the field that broke a rule, or saying
    /// which part of the JWT is wrong. The user id is quoted; the token never
    /// is. A user id that looks like a JWT is refused without being quoted,
    /// since it is most likely the token passed in the wrong place; one with
    /// a character that is not printable ASCII is refused because the
    /// `UserID` header cannot carry it.
    pub fn new(user_id: impl Into<String>, token: impl Into<SecretString>) -> Result<Self> {
        let user_id = user_id.into();
        let token = token.into();

        check_user_id(&user_id).map_err(Error::validation)?;
        let claims = check_bearer_token(token.expose_secret()).map_err(Error::validation)?;

        Ok(RestCredentials::from_parts(user_id, token, claims))
    }

    /// Reads `FFIEC_USER_ID` and `FFIEC_BEARER_TOKEN` from the environment.
    ///
    /// Nothing else in this crate reads these variables: credentials come
    /// from the environment only when this is called.
    ///
    /// # Errors
    ///
    /// A validation error naming the variable that is missing, not UTF-8 or
    /// breaks a rule. No value is ever quoted.
    pub fn from_env() -> Result<Self> {
        Self::from_lookup(env_var)
    }

    /// Like [`from_env`](Self::from_env), but reads each variable through
    /// `lookup` (`None` for "not set").
    ///
    /// # Errors
    ///
    /// As [`from_env`](Self::from_env).
    pub fn from_vars(lookup: impl Fn(&str) -> Option<String>) -> Result<Self> {
        Self::from_lookup(|name| Ok(lookup(name)))
    }

    fn from_lookup(lookup: impl Fn(&str) -> Result<Option<String>>) -> Result<Self> {
        let user_id = required_var(Self::USER_ID_VAR, &lookup)?;
        let token = SecretString::from(required_var(Self::TOKEN_VAR, &lookup)?);

        check_user_id(&user_id).map_err(|reason| var_error(Self::USER_ID_VAR, reason))?;
        let claims = check_bearer_token(token.expose_secret())
            .map_err(|reason| var_error(Self::TOKEN_VAR, reason))?;

        Ok(RestCredentials::from_parts(user_id, token, claims))
    }

    fn from_parts(user_id: String, token: SecretString, claims: TokenClaims) -> Self {
        RestCredentials {
            user_id,
            token,
            expires_at: claims.expires_at,
            not_before: claims.not_before,
        }
    }

    /// The user id.
    pub fn user_id(&self) -> &str {
        &self.user_id
    }

    /// The bearer token in clear, for writing the `Authentication` header.
    ///
    /// Never log, format or store what this returns.
    pub fn expose_token(&self) -> &str {
        self.token.expose_secret()
    }

    /// When the token stops working (its `exp` claim).
    pub fn expires_at(&self) -> Timestamp {
        self.expires_at
    }

    /// When the token starts working (its `nbf` claim), if it says.
    pub fn not_before(&self) -> Option<Timestamp> {
        self.not_before
    }

    /// True when the token has expired at `now`.
    pub fn is_expired_at(&self, now: Timestamp) -> bool {
        now >= self.expires_at
    }

    /// True when the token expires within `window` from now (or already
    /// has), for a warning such as "renew your token within 7 days".
    ///
    /// # Example
    ///
    /// ```
    /// use std::time::Duration;
    /// use ffiec_core::credentials::RestCredentials;
    ///
    /// // {"alg":"none"} . {"exp":946684800} (1 January 2000) .
    /// let old = RestCredentials::new("alice", "eyJhbGciOiJub25lIn0.eyJleHAiOjk0NjY4NDgwMH0.")?;
    /// assert!(old.expires_within(Duration::ZERO));
    /// # Ok::<(), ffiec_core::Error>(())
    /// ```
    pub fn expires_within(&self, window: Duration) -> bool {
        let now = Timestamp::now();
        match now.checked_add(window) {
            Ok(horizon) => horizon >= self.expires_at,
            // A window past the end of representable time contains every expiry.
            Err(_) => true,
        }
    }
}

impl fmt::Debug for RestCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RestCredentials")
            .field("user_id", &self.user_id)
            .field("token", &Redacted)
            .field("expires_at", &self.expires_at)
            .field("not_before", &self.not_before)
            .finish()
    }
}

/// The credentials of one account, for one of the two protocols.
///
/// `Debug` redacts the token, as each variant does.
#[derive(Debug, Clone)]
pub enum Credentials {
    /// A user name and security token for the SOAP service.
    Soap(SoapCredentials),
    /// A user id and bearer token for the REST service.
    Rest(RestCredentials),
}

impl Credentials {
    /// The account's user name (SOAP) or user id (REST).
    pub fn user(&self) -> &str {
        match self {
            Credentials::Soap(soap) => soap.user_name(),
            Credentials::Rest(rest) => rest.user_id(),
        }
    }

    /// True for SOAP credentials.
    pub fn is_soap(&self) -> bool {
        matches!(self, Credentials::Soap(_))
    }

    /// True for REST credentials.
    pub fn is_rest(&self) -> bool {
        matches!(self, Credentials::Rest(_))
    }

    /// When the token stops working, for REST credentials; SOAP security
    /// tokens carry no expiry.
    pub fn expires_at(&self) -> Option<Timestamp> {
        match self {
            Credentials::Soap(_) => None,
            Credentials::Rest(rest) => Some(rest.expires_at()),
        }
    }
}

impl From<SoapCredentials> for Credentials {
    fn from(credentials: SoapCredentials) -> Self {
        Credentials::Soap(credentials)
    }
}

impl From<RestCredentials> for Credentials {
    fn from(credentials: RestCredentials) -> Self {
        Credentials::Rest(credentials)
    }
}

/// Formats as `[redacted]`, in place of a secret.
struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// The claims of a bearer token this crate uses.
struct TokenClaims {
    expires_at: Timestamp,
    not_before: Option<Timestamp>,
}

/// The reason `value` breaks a rule shared by every credential field, if it
/// does. Never includes the value.
fn common_rule_broken(value: &str) -> Option<&'static str> {
    if value.is_empty() {
        Some("is empty")
    } else if value.chars().any(char::is_control) {
        Some("contains a control character")
    } else if value.trim() != value {
        Some("has leading or trailing whitespace")
    } else {
        None
    }
}

/// Checks a non-secret field; the message quotes it.
fn check_user(field: &str, value: &str) -> std::result::Result<(), String> {
    match common_rule_broken(value) {
        Some(reason) => Err(format!("{field} {} {reason}", quote_input(value))),
        None => Ok(()),
    }
}

/// Checks a secret field; the message names the field only.
fn check_secret(field: &str, value: &str) -> std::result::Result<(), String> {
    match common_rule_broken(value) {
        Some(reason) => Err(format!("{field} {reason}")),
        None => Ok(()),
    }
}

fn check_user_id(user_id: &str) -> std::result::Result<(), String> {
    if looks_like_jwt(user_id) {
        return Err(
            "user id looks like a bearer token; were the user id and the token \
                    swapped?"
                .into(),
        );
    }
    check_user("user id", user_id)?;

    // `HeaderValue::from_str` takes visible ASCII and spaces only; refusing
    // anything else here turns a failure of every call into one error at
    // the start.
    if !user_id.chars().all(|c| matches!(c, ' '..='~')) {
        return Err(format!(
            "user id {} cannot be sent in the {} HTTP header; expected printable ASCII \
             characters only",
            quote_input(user_id),
            crate::rest::USER_ID_HEADER
        ));
    }
    Ok(())
}

fn looks_like_jwt(value: &str) -> bool {
    value.starts_with("ey") && value.matches('.').count() == 2
}

/// Validates a bearer token and reads its claims. Messages never include
/// any part of the token.
fn check_bearer_token(token: &str) -> std::result::Result<TokenClaims, String> {
    check_secret("bearer token", token)?;

    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(_signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(format!("bearer token is not a JWT; {JWT_SHAPE}"));
    };

    decode_json_object(header).map_err(|reason| format!("bearer token header {reason}"))?;
    let claims =
        decode_json_object(payload).map_err(|reason| format!("bearer token payload {reason}"))?;

    let expires_at = match claims.get("exp") {
        Some(exp) => {
            claim_time(exp).map_err(|reason| format!("bearer token claim exp {reason}"))?
        }
        None => return Err("bearer token payload has no exp claim".into()),
    };
    let not_before = match claims.get("nbf") {
        Some(nbf) => {
            Some(claim_time(nbf).map_err(|reason| format!("bearer token claim nbf {reason}"))?)
        }
        None => None,
    };

    Ok(TokenClaims {
        expires_at,
        not_before,
    })
}

/// Decodes one base64url JWT segment holding a JSON object.
fn decode_json_object(
    segment: &str,
) -> std::result::Result<serde_json::Map<String, Value>, String> {
    // The decoder's and parser's own messages are not kept: they can quote
    // bytes of the token.
    let bytes = BASE64URL
        .decode(segment)
        .map_err(|_| format!("is not base64url; {JWT_SHAPE}"))?;

    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(object)) => Ok(object),
        _ => Err(format!("is not a JSON object; {JWT_SHAPE}")),
    }
}

/// A JWT NumericDate: seconds since the Unix epoch, possibly fractional.
fn claim_time(value: &Value) -> std::result::Result<Timestamp, String> {
    let seconds = match value {
        Value::Number(number) => number.as_i64().or_else(|| {
            number
                .as_f64()
                .filter(|s| s.is_finite())
                .map(|s| s.floor() as i64)
        }),
        _ => None,
    };
    let seconds = seconds.ok_or("is not a number of seconds")?;

    Timestamp::from_second(seconds).map_err(|_| "is out of range".to_owned())
}

/// Reads one environment variable; `Ok(None)` when it is not set.
fn env_var(name: &str) -> Result<Option<String>> {
    match std::env::var(name) {
        Ok(value) => Ok(Some(value)),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(Error::validation(format!(
            "environment variable {name} is not valid UTF-8"
        ))),
    }
}

fn required_var(name: &str, lookup: &impl Fn(&str) -> Result<Option<String>>) -> Result<String> {
    lookup(name)?
        .ok_or_else(|| Error::validation(format!("environment variable {name} is not set")))
}

/// An error about the value of variable `name`. `reason` never quotes a
/// secret (the check functions guarantee it).
fn var_error(name: &str, reason: String) -> Error {
    Error::validation(format!("environment variable {name}: {reason}"))
}

#[cfg(test)]
mod tests {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    use super::*;

    /// An unsigned JWT with the given payload, shaped as FFIEC's.
    fn jwt(payload: &str) -> String {
        format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
            URL_SAFE_NO_PAD.encode(payload)
        )
    }

    #[test]
    fn soap_credentials_keep_user_and_token() {
        let credentials = SoapCredentials::new("alice", "tok-123").unwrap();
        assert_eq!(credentials.user_name(), "alice");
        assert_eq!(credentials.expose_token(), "tok-123");
    }

    #[test]
    fn each_rule_names_the_field_and_never_the_token() {
        let cases = [
            (("", "tok"), "user name \"\" is empty"),
            (
                ("al\nice", "tok"),
                "user name \"al\\nice\" contains a control character",
            ),
            (
                (" alice", "tok"),
                "user name \" alice\" has leading or trailing whitespace",
            ),
            (("alice", ""), "security token is empty"),
            (
                ("alice", "tok\r\n"),
                "security token contains a control character",
            ),
            (
                ("alice", "tok "),
                "security token has leading or trailing whitespace",
            ),
        ];
        for ((user, token), expected) in cases {
            let error = SoapCredentials::new(user, token).unwrap_err();
            assert!(error.is_validation());
            assert_eq!(error.context(), expected);
        }
    }

    #[test]
    fn rest_token_claims_are_read() {
        let token = jwt(r#"{"nbf":1767225600,"exp":1774915200,"sub":"alice"}"#);
        let credentials = RestCredentials::new("alice", token.as_str()).unwrap();

        assert_eq!(credentials.expires_at().to_string(), "2026-03-31T00:00:00Z");
        assert_eq!(
            credentials.not_before().unwrap().to_string(),
            "2026-01-01T00:00:00Z"
        );
        assert_eq!(credentials.expose_token(), token);
        assert!(credentials.is_expired_at("2026-03-31T00:00:00Z".parse().unwrap()));
        assert!(!credentials.is_expired_at("2026-03-30T23:59:59Z".parse().unwrap()));
    }

    #[test]
    fn fractional_exp_and_padded_segments_are_accepted() {
        let padded = format!(
            "{}.{}.",
            base64::engine::general_purpose::URL_SAFE.encode(r#"{"alg":"none"}"#),
            base64::engine::general_purpose::URL_SAFE.encode(r#"{"exp":1774915200.75}"#)
        );
        let credentials = RestCredentials::new("alice", padded).unwrap();
        assert_eq!(credentials.expires_at().as_second(), 1_774_915_200);
        assert_eq!(credentials.not_before(), None);
    }

    #[test]
    fn expiry_windows_compare_with_now() {
        let long_gone = RestCredentials::new("alice", jwt(r#"{"exp":946684800}"#)).unwrap();
        assert!(long_gone.expires_within(Duration::ZERO));

        let far_future = RestCredentials::new("alice", jwt(r#"{"exp":4102444800}"#)).unwrap();
        assert!(!far_future.expires_within(Duration::from_secs(90 * 24 * 3600)));
        assert!(far_future.expires_within(Duration::MAX));
    }

    #[test]
    fn malformed_tokens_say_which_part_is_wrong() {
        let cases = [
            ("not-a-jwt".to_owned(), "bearer token is not a JWT"),
            ("a.b.c.d".to_owned(), "bearer token is not a JWT"),
            (
                "@@@.e30.".to_owned(),
                "bearer token header is not base64url",
            ),
            (jwt("[1]"), "bearer token payload is not a JSON object"),
            (jwt("{}"), "bearer token payload has no exp claim"),
            (
                jwt(r#"{"exp":"tomorrow"}"#),
                "bearer token claim exp is not a number of seconds",
            ),
            (
                jwt(r#"{"exp":1e300}"#),
                "bearer token claim exp is out of range",
            ),
            (
                jwt(r#"{"exp":1,"nbf":true}"#),
                "bearer token claim nbf is not a number of seconds",
            ),
        ];
        for (token, expected) in cases {
            let error = RestCredentials::new("alice", token.as_str()).unwrap_err();
            assert!(error.context().starts_with(expected), "{token}: {error}");
        }
    }

    #[test]
    fn a_user_id_that_cannot_be_a_header_value_is_refused() {
        let token = jwt(r#"{"exp":1774915200}"#);
        for user_id in ["jos\u{e9}", "\u{4e2d}\u{6587}", "bob\u{a0}smith"] {
            let error = RestCredentials::new(user_id, token.as_str()).unwrap_err();
            assert!(error.is_validation(), "{user_id:?}");
            assert_eq!(
                error.context(),
                format!(
                    "user id {} cannot be sent in the UserID HTTP header; expected printable \
                     ASCII characters only",
                    quote_input(user_id)
                )
            );
        }
        assert!(RestCredentials::new("first.last-1_2@bank.example", token.as_str()).is_ok());
    }

    #[test]
    fn a_token_in_the_user_id_slot_is_refused_unquoted() {
        let token = jwt(r#"{"exp":1774915200}"#);
        let error = RestCredentials::new(token.as_str(), "alice").unwrap_err();
        assert!(error.context().contains("swapped"));
        assert!(!error.to_string().contains(&token));
    }

    #[test]
    fn env_errors_name_the_variable() {
        let missing = RestCredentials::from_vars(|_| None).unwrap_err();
        assert_eq!(
            missing.context(),
            "environment variable FFIEC_USER_ID is not set"
        );

        let bad_token = RestCredentials::from_vars(|name| match name {
            "FFIEC_USER_ID" => Some("alice".into()),
            _ => Some("opaque".into()),
        })
        .unwrap_err();
        assert!(
            bad_token
                .context()
                .starts_with("environment variable FFIEC_BEARER_TOKEN: bearer token is not a JWT"),
            "{bad_token}"
        );

        let soap = SoapCredentials::from_vars(|name| match name {
            "FFIEC_USERNAME" => Some("alice".into()),
            "FFIEC_TOKEN" => Some("tok".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!((soap.user_name(), soap.expose_token()), ("alice", "tok"));
    }

    #[test]
    fn credentials_enum_reports_user_and_protocol() {
        let rest = Credentials::from(RestCredentials::new("bob", jwt(r#"{"exp":1}"#)).unwrap());
        assert_eq!(rest.user(), "bob");
        assert!(rest.is_rest() && !rest.is_soap());
        assert_eq!(rest.expires_at().unwrap().as_second(), 1);

        let soap = Credentials::from(SoapCredentials::new("carol", "tok").unwrap());
        assert_eq!(soap.user(), "carol");
        assert_eq!(soap.expires_at(), None);
    }
}
