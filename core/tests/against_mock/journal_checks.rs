//! What the mock's journal must say about a request the client sent.

use ffiec_mock::{JournalEntry, MockServer, MockUser, Operation};

use crate::harness::{Wire, fingerprint};

/// Checks that `entry` is a call of `operation` over `wire` by `user`,
/// with `user`'s token, that authenticated and came straight (no proxy).
pub fn assert_authenticated_call(
    entry: &JournalEntry,
    wire: Wire,
    operation: Operation,
    user: &MockUser,
) {
    assert_eq!(entry.protocol, wire.journal_protocol(), "{entry:#?}");
    assert_eq!(entry.operation, Some(operation), "{entry:#?}");
    assert_eq!(entry.user.as_deref(), Some(user.name()), "{entry:#?}");
    assert_eq!(
        entry.token_fingerprint,
        Some(fingerprint(user.token())),
        "{entry:#?}"
    );
    assert_eq!(entry.password_type, Some(wire.journal_password_type()));
    assert_eq!(entry.authenticated, Some(true), "{entry:#?}");
    assert_eq!(entry.proxy, None, "{entry:#?}");
    assert_eq!(entry.http_status, Some(200), "{entry:#?}");
    assert_eq!(entry.injected, None, "{entry:#?}");
}

/// The parameter `name` as the request carried it. Matched without case,
/// since SOAP writes `fiIDType` where REST writes `fiIdType`.
pub fn param<'a>(entry: &'a JournalEntry, name: &str) -> Option<&'a str> {
    entry
        .params
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_str())
}

/// The journal once it holds at least `count` entries.
///
/// The mock records a request when it finishes, and a request the client
/// abandoned (a stall) finishes on the server a moment after the client
/// returned; this waits for that, for at most ten seconds.
pub async fn entries_once_recorded(mock: &MockServer, count: usize) -> Vec<JournalEntry> {
    for _ in 0..200 {
        if mock.journal().len() >= count {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let entries = mock.journal().entries();
    assert!(
        entries.len() >= count,
        "expected {count} journal entries, found {entries:#?}"
    );
    entries
}
