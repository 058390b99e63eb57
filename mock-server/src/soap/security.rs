//! Checking a WS-Security `UsernameToken` against the user table.

use std::collections::HashMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use sha1::{Digest, Sha1};

use super::envelope::UsernameToken;
use crate::journal::PasswordType;

/// The result of checking a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Verdict {
    pub(crate) password_type: PasswordType,
    pub(crate) passed: bool,
}

/// Checks `token`: PasswordText compares the password with the user's
/// security token; PasswordDigest compares it with
/// Base64(SHA-1(nonce bytes + created + security token)).
pub(crate) fn verify(token: &UsernameToken, users: &HashMap<String, String>) -> Verdict {
    let digest = token
        .password_type
        .as_deref()
        .is_some_and(|kind| kind.ends_with("#PasswordDigest"));
    let password_type = if digest {
        PasswordType::Digest
    } else {
        PasswordType::Text
    };

    let expected = token.username.as_deref().and_then(|user| users.get(user));
    let passed = match (expected, token.password.as_deref()) {
        (Some(secret), Some(sent)) if digest => digest_matches(token, secret, sent),
        (Some(secret), Some(sent)) => constant_time_eq(secret.as_bytes(), sent.as_bytes()),
        _ => false,
    };
    Verdict {
        password_type,
        passed,
    }
}

fn digest_matches(token: &UsernameToken, secret: &str, sent: &str) -> bool {
    let (Some(nonce), Some(created)) = (token.nonce.as_deref(), token.created.as_deref()) else {
        return false;
    };
    let Ok(nonce) = STANDARD.decode(nonce) else {
        return false;
    };
    let expected = password_digest(&nonce, created, secret);
    constant_time_eq(expected.as_bytes(), sent.as_bytes())
}

/// Base64(SHA-1(nonce + created + secret)), the PasswordDigest of the
/// WS-Security UsernameToken profile.
pub fn password_digest(nonce: &[u8], created: &str, secret: &str) -> String {
    let mut hasher = Sha1::new();
    hasher.update(nonce);
    hasher.update(created.as_bytes());
    hasher.update(secret.as_bytes());
    STANDARD.encode(hasher.finalize())
}

/// Compares without stopping at the first difference.
fn constant_time_eq(left: &[u8], right: &[u8]) -> bool {
    left.len() == right.len()
        && left
            .iter()
            .zip(right)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn users() -> HashMap<String, String> {
        HashMap::from([("demo".to_owned(), "tok".to_owned())])
    }

    fn token(password: &str, kind: Option<&str>) -> UsernameToken {
        UsernameToken {
            username: Some("demo".into()),
            password: Some(password.into()),
            password_type: kind.map(Into::into),
            nonce: Some(STANDARD.encode(b"0123456789abcdef")),
            created: Some("2026-07-01T12:00:00Z".into()),
        }
    }

    #[test]
    fn text_passwords_compare_with_the_token() {
        assert!(verify(&token("tok", None), &users()).passed);
        assert!(!verify(&token("tok2", None), &users()).passed);
    }

    #[test]
    fn digests_cover_nonce_created_and_token() {
        let digest = password_digest(b"0123456789abcdef", "2026-07-01T12:00:00Z", "tok");
        let kind = Some("...username-token-profile-1.0#PasswordDigest");
        let verdict = verify(&token(&digest, kind), &users());
        assert_eq!(
            verdict,
            Verdict {
                password_type: PasswordType::Digest,
                passed: true
            }
        );

        let wrong = password_digest(b"0123456789abcdef", "2026-07-01T12:00:01Z", "tok");
        assert!(!verify(&token(&wrong, kind), &users()).passed);
        assert!(
            !verify(&token("tok", kind), &users()).passed,
            "a digest is not the token"
        );
    }
}
