//! Accounts the mock accepts, and the unsigned JWT tokens FFIEC hands out.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::fingerprint::debug_fingerprint;

/// The user name of the account every mock has unless configured otherwise.
pub const DEMO_USER: &str = "demo";

/// Not before (2026-01-01T00:00:00Z) of every minted token.
const MINTED_NOT_BEFORE: i64 = 1_767_225_600;

/// Expiry (2100-01-01T00:00:00Z) of every minted token: far enough that a
/// mock clock moved forward by a test never reaches it.
const MINTED_EXPIRY: i64 = 4_102_444_800;

/// One account: a user name and its security token.
///
/// On SOAP the token is the WS-Security password; on REST it is the bearer
/// token next to the `UserID` header. Debug output shows a fingerprint of
/// the token, never the token.
///
/// ```
/// use ffiec_mock::MockUser;
///
/// let user = MockUser::demo();
/// assert_eq!(user.name(), "demo");
/// assert!(user.token().starts_with("ey") && user.token().ends_with('.'));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct MockUser {
    name: String,
    token: String,
}

impl MockUser {
    /// An account with the given name and token, taken as they are.
    pub fn new(name: impl Into<String>, token: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            token: token.into(),
        }
    }

    /// An account whose token is an unsigned JWT for `name`, valid from
    /// `not_before` to `expires` (Unix seconds).
    pub fn with_jwt(name: impl Into<String>, not_before: i64, expires: i64) -> Self {
        let name = name.into();
        let token = unsigned_jwt(&name, not_before, expires);
        Self { name, token }
    }

    /// An account for `name` with the mock's minted token: an unsigned JWT
    /// valid from 2026 to 2100. The token depends only on the name, so the
    /// same name always gets the same token (the binary's `--user NAME` and
    /// `--print-token NAME` rely on that). Works over both SOAP and REST.
    ///
    /// ```
    /// use ffiec_mock::{MockUser, jwt_expiry};
    ///
    /// let alice = MockUser::minted("alice");
    /// assert_eq!(alice, MockUser::minted("alice"));
    /// assert_eq!(jwt_expiry(alice.token()), Ok(4_102_444_800));
    /// ```
    pub fn minted(name: impl Into<String>) -> Self {
        Self::with_jwt(name, MINTED_NOT_BEFORE, MINTED_EXPIRY)
    }

    /// The demo account: [`DEMO_USER`] with its [minted](Self::minted) token.
    pub fn demo() -> Self {
        Self::minted(DEMO_USER)
    }

    /// Whether the REST interface can accept this account's token: REST
    /// takes only JWT-shaped bearer tokens with an `exp` claim, while SOAP
    /// takes any token.
    ///
    /// ```
    /// use ffiec_mock::MockUser;
    ///
    /// assert!(MockUser::minted("alice").works_over_rest());
    /// assert!(!MockUser::new("alice", "plain-token").works_over_rest());
    /// ```
    pub fn works_over_rest(&self) -> bool {
        jwt_expiry(&self.token).is_ok()
    }

    /// The user name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The security token.
    pub fn token(&self) -> &str {
        &self.token
    }
}

impl fmt::Debug for MockUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockUser")
            .field("name", &self.name)
            .field("token_fingerprint", &debug_fingerprint(&self.token))
            .finish()
    }
}

/// Builds an unsigned JWT (`{"alg":"none"}`) in the shape FFIEC issues:
/// it starts with `ey` and ends with `.` (an empty signature).
///
/// ```
/// let token = ffiec_mock::unsigned_jwt("alice", 0, 2_000_000_000);
/// assert_eq!(ffiec_mock::jwt_expiry(&token), Ok(2_000_000_000));
/// ```
pub fn unsigned_jwt(subject: &str, not_before: i64, expires: i64) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let claims = serde_json::json!({ "sub": subject, "nbf": not_before, "exp": expires });
    let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    format!("{header}.{payload}.")
}

/// Why a bearer token is not a readable JWT.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JwtError {
    /// Not three dot-separated parts, or a part is not base64url.
    Shape,
    /// The payload is not a JSON object with a numeric `exp` claim.
    NoExpiry,
}

/// Reads the `exp` claim (Unix seconds) of a JWT without checking any
/// signature, as FFIEC's clients and service do with these unsigned tokens.
///
/// # Errors
///
/// [`JwtError::Shape`] if `token` is not `header.payload.signature` in
/// base64url, [`JwtError::NoExpiry`] if the payload has no numeric `exp`.
pub fn jwt_expiry(token: &str) -> Result<i64, JwtError> {
    let parts: Vec<&str> = token.split('.').collect();
    if parts.len() != 3 || parts[0].is_empty() || parts[1].is_empty() {
        return Err(JwtError::Shape);
    }

    let payload = URL_SAFE_NO_PAD
        .decode(parts[1].trim_end_matches('='))
        .map_err(|_| JwtError::Shape)?;
    let claims: serde_json::Value =
        serde_json::from_slice(&payload).map_err(|_| JwtError::NoExpiry)?;
    claims
        .get("exp")
        .and_then(serde_json::Value::as_i64)
        .ok_or(JwtError::NoExpiry)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_token_has_the_ffiec_shape_and_a_far_expiry() {
        let demo = MockUser::demo();
        assert!(demo.token().starts_with("ey"));
        assert!(demo.token().ends_with('.'));
        assert_eq!(jwt_expiry(demo.token()), Ok(MINTED_EXPIRY));
    }

    #[test]
    fn rejects_tokens_that_are_not_jwts() {
        assert_eq!(jwt_expiry("not-a-jwt"), Err(JwtError::Shape));
        assert_eq!(jwt_expiry("eyJ.!!!."), Err(JwtError::Shape));
        let no_exp = format!("eyJhbGciOiJub25lIn0.{}.", URL_SAFE_NO_PAD.encode("{}"));
        assert_eq!(jwt_expiry(&no_exp), Err(JwtError::NoExpiry));
    }

    #[test]
    fn debug_hides_the_token() {
        let user = MockUser::new("alice", "s3cret-token");
        let shown = format!("{user:?}");
        assert!(!shown.contains("s3cret-token"), "{shown}");
        assert!(shown.contains(&debug_fingerprint("s3cret-token")));
    }
}
