//! Fingerprints: how the journal names a secret without holding it.

use sha2::{Digest, Sha256};

/// The first 12 hex digits of the SHA-256 of `secret`.
///
/// Enough to tell two tokens or two proxy passwords apart in a journal, and
/// useless for recovering either.
///
/// ```
/// assert_eq!(ffiec_mock::fingerprint("secret"), "2bb80d537b1d");
/// ```
pub fn fingerprint(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest[..6]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}
