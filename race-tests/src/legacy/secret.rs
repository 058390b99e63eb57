//! A password or token as the models carry it: comparable, never printed.

use std::fmt;

use super::attr::PyRepr;

/// A password, token or proxy password inside the models.
///
/// The models must show *which* secret went where (proxy B received proxy A's password)
/// without ever showing a secret. So `Debug`, `Display` and the trace show a short
/// fingerprint, `secret#1a2b`: equal secrets share it, different ones almost surely do not,
/// and 16 bits say nothing useful about the value. [`SecretLabel::expose`] is the one way to
/// the text, for a session factory that must hand it to a real HTTP client.
///
/// ```
/// use race_tests::legacy::SecretLabel;
///
/// let token = SecretLabel::new("hunter2");
/// assert!(!format!("{token:?} {token}").contains("hunter2"));
/// assert_eq!(token, SecretLabel::new("hunter2"));
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct SecretLabel(String);

impl SecretLabel {
    /// Wraps a secret.
    pub fn new(secret: impl Into<String>) -> Self {
        SecretLabel(secret.into())
    }

    /// The secret itself. Only for handing it to a client that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `secret#` and four hex digits of an FNV-1a hash of the secret.
    pub fn fingerprint(&self) -> String {
        let hash = self.0.bytes().fold(0x811c_9dc5_u32, |hash, byte| {
            (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
        });
        format!("secret#{:04x}", (hash >> 16) ^ (hash & 0xffff))
    }
}

impl fmt::Debug for SecretLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.fingerprint())
    }
}

impl fmt::Display for SecretLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.fingerprint())
    }
}

impl PyRepr for SecretLabel {
    fn py_repr(&self) -> String {
        self.fingerprint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_tell_the_model_secrets_apart_without_showing_them() {
        let a = SecretLabel::new("pass-a");
        let b = SecretLabel::new("pass-b");

        assert_ne!(a.fingerprint(), b.fingerprint());
        assert_eq!(a.fingerprint(), SecretLabel::new("pass-a").fingerprint());
        assert_eq!(a.fingerprint().len(), "secret#".len() + 4);
        assert!(!a.py_repr().contains("pass-a"));
        assert_eq!(a.expose(), "pass-a");
    }
}
