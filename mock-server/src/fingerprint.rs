//! Fingerprints: how the journal names a secret without holding it.
//!
//! A fingerprint is keyed (HMAC-SHA256 under a key drawn per server), so
//! the fingerprints of one server can be compared with each other, but a
//! journal that leaks cannot be matched against a list of guessed tokens or
//! passwords offline: without the key, a guess has nothing to be hashed with.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use sha2::{Digest, Sha256};

/// How many bytes a key has.
const KEY_LEN: usize = 32;

/// SHA-256's block size, the HMAC pad length.
const BLOCK_LEN: usize = 64;

/// How many leading bytes of the HMAC a fingerprint shows (12 hex digits):
/// enough to tell secrets apart in a journal.
const SHOWN_BYTES: usize = 6;

/// The key fingerprints are computed with.
///
/// Each [`MockServer`](crate::MockServer) draws a random key unless
/// [`MockConfig::fingerprint_key`](crate::MockConfig::fingerprint_key) fixes
/// one; [`MockServer::fingerprint`](crate::MockServer::fingerprint) computes
/// with the server's key. A fixed key is for tools outside the process (a
/// script reading `GET /__journal`) that must compute the same values:
/// a fingerprint is the first 12 hex digits of HMAC-SHA256(key, secret).
///
/// Debug output never shows the key.
///
/// ```
/// use ffiec_mock::FingerprintKey;
///
/// let key: FingerprintKey =
///     "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f".parse()?;
/// assert_eq!(key.fingerprint("alice-token"), "b96543ed01f6");
/// assert_ne!(FingerprintKey::random().fingerprint("alice-token"), "b96543ed01f6");
/// # Ok::<(), ffiec_mock::FingerprintKeyError>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct FingerprintKey([u8; KEY_LEN]);

impl FingerprintKey {
    /// A key of 32 bytes from the operating system's random source.
    ///
    /// # Panics
    ///
    /// If the operating system has no random source to give, which leaves
    /// no sound way to key fingerprints.
    pub fn random() -> Self {
        let mut key = [0; KEY_LEN];
        getrandom::fill(&mut key).expect("the operating system gives random bytes");
        Self(key)
    }

    /// The key made of these 32 bytes.
    pub const fn from_bytes(bytes: [u8; KEY_LEN]) -> Self {
        Self(bytes)
    }

    /// The first 12 hex digits of HMAC-SHA256 of `secret` under this key.
    pub fn fingerprint(&self, secret: &str) -> String {
        hmac_sha256(&self.0, secret.as_bytes())[..SHOWN_BYTES]
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect()
    }
}

impl fmt::Debug for FingerprintKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("FingerprintKey(..)")
    }
}

/// Why a text is not a fingerprint key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FingerprintKeyError {
    length: usize,
}

impl fmt::Display for FingerprintKeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a fingerprint key is {} hex digits; the text given ({} bytes) is not",
            KEY_LEN * 2,
            self.length
        )
    }
}

impl std::error::Error for FingerprintKeyError {}

impl FromStr for FingerprintKey {
    type Err = FingerprintKeyError;

    /// Reads 64 hex digits (either case). The error shows only the length
    /// of the text, since the text is a key.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = FingerprintKeyError { length: text.len() };
        if text.len() != KEY_LEN * 2 || !text.is_ascii() {
            return Err(error);
        }

        let mut key = [0; KEY_LEN];
        for (byte, pair) in key.iter_mut().zip(text.as_bytes().chunks(2)) {
            let pair = std::str::from_utf8(pair).map_err(|_| error.clone())?;
            *byte = u8::from_str_radix(pair, 16).map_err(|_| error.clone())?;
        }
        Ok(Self(key))
    }
}

/// Fingerprints in Debug output of configuration values ([`MockUser`],
/// [`ProxyConfig`]), which belong to no server: keyed by one random key per
/// process, so they are comparable within a process and nowhere else.
///
/// [`MockUser`]: crate::MockUser
/// [`ProxyConfig`]: crate::ProxyConfig
pub(crate) fn debug_fingerprint(secret: &str) -> String {
    static PROCESS_KEY: OnceLock<FingerprintKey> = OnceLock::new();
    PROCESS_KEY
        .get_or_init(FingerprintKey::random)
        .fingerprint(secret)
}

/// HMAC-SHA256 (RFC 2104) with a key no longer than one block.
fn hmac_sha256(key: &[u8; KEY_LEN], message: &[u8]) -> [u8; 32] {
    let mut padded = [0; BLOCK_LEN];
    padded[..KEY_LEN].copy_from_slice(key);
    let inner_pad = padded.map(|byte| byte ^ 0x36);
    let outer_pad = padded.map(|byte| byte ^ 0x5c);

    let inner = Sha256::new()
        .chain_update(inner_pad)
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(outer_pad)
        .chain_update(inner)
        .finalize()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|byte| format!("{byte:02x}")).collect()
    }

    #[test]
    fn hmac_matches_rfc_4231_case_2() {
        // RFC 4231 test case 2, key "Jefe" zero-padded (as HMAC pads it).
        let mut key = [0; KEY_LEN];
        key[..4].copy_from_slice(b"Jefe");
        assert_eq!(
            hex(&hmac_sha256(&key, b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn random_keys_differ_and_parse_round_trips() {
        assert_ne!(FingerprintKey::random(), FingerprintKey::random());
        let key = FingerprintKey::from_bytes([0xab; KEY_LEN]);
        assert_eq!("AB".repeat(KEY_LEN).parse(), Ok(key));
        let error = "k"
            .repeat(KEY_LEN * 2)
            .parse::<FingerprintKey>()
            .unwrap_err();
        assert!(!error.to_string().contains("kkkk"), "{error}");
        assert!("é".repeat(KEY_LEN).parse::<FingerprintKey>().is_err());
    }

    #[test]
    fn debug_fingerprints_are_stable_within_the_process() {
        assert_eq!(debug_fingerprint("x"), debug_fingerprint("x"));
        assert_ne!(debug_fingerprint("x"), debug_fingerprint("y"));
    }
}
