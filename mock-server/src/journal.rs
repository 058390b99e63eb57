//! The journal: one entry per request the mock received, including the
//! requests a recording proxy refused for their proxy credentials.

use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use jiff::Timestamp;
use serde::Serialize;

use crate::faults::FaultKind;
use crate::operation::Operation;

/// How a request reached the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Protocol {
    /// A SOAP 1.1 envelope (`text/xml`, `SOAPAction` header).
    Soap11,
    /// A SOAP 1.2 envelope (`application/soap+xml`).
    Soap12,
    /// A REST call, `GET /public/<Method>`.
    Rest,
    /// A download of the WSDL.
    Wsdl,
    /// Anything else (an unknown path or method).
    Other,
}

/// How the client presented its credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum PasswordType {
    /// WS-Security `PasswordText`: the token itself.
    Text,
    /// WS-Security `PasswordDigest`: Base64(SHA-1(nonce + created + token)).
    Digest,
    /// REST `Authentication: Bearer <token>`.
    Bearer,
}

/// The recording proxy a request came through.
///
/// On an entry the proxy refused ([`JournalEntry::proxy_refused`]), `user`
/// and `password_fingerprint` describe the credentials presented, and both
/// are empty when no readable `Basic` credentials were sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProxyTag {
    /// The proxy's configured name.
    pub name: String,
    /// The user of its `Proxy-Authorization`.
    pub user: String,
    /// Keyed fingerprint of the proxy password (see
    /// [`MockServer::fingerprint`](crate::MockServer::fingerprint)).
    pub password_fingerprint: String,
}

/// What the mock knows about one request, as recorded when it finished.
///
/// Holds no secret: tokens and proxy passwords appear only as fingerprints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JournalEntry {
    /// 1 for the first request the server received, then one more per request.
    pub seq: u64,
    /// The id sent back in the `X-Mock-Request-Id` response header.
    pub request_id: String,
    /// When the request arrived, by the mock clock.
    #[serde(serialize_with = "display")]
    pub at: Timestamp,
    /// The HTTP method.
    pub method: String,
    /// The request path (without the query).
    pub path: String,
    /// SOAP 1.1, SOAP 1.2, REST, WSDL or other.
    pub protocol: Protocol,
    /// The operation called, once known.
    pub operation: Option<Operation>,
    /// The user name the client sent.
    pub user: Option<String>,
    /// Keyed fingerprint of the token sent, never the token (see
    /// [`MockServer::fingerprint`](crate::MockServer::fingerprint)).
    pub token_fingerprint: Option<String>,
    /// Whether authentication passed; `None` if it was not attempted.
    pub authenticated: Option<bool>,
    /// How the credentials were presented.
    pub password_type: Option<PasswordType>,
    /// The recording proxy the request came through, if any. When
    /// [`proxy_refused`](Self::proxy_refused) is set, its user and password
    /// fingerprint are what the client presented, not the proxy's own.
    pub proxy: Option<ProxyTag>,
    /// `true` when the recording proxy named in [`proxy`](Self::proxy) refused
    /// the request's `Proxy-Authorization` with HTTP 407: the request never
    /// reached the service, so it has no operation, user or authentication.
    pub proxy_refused: bool,
    /// The operation's parameters as sent (names as on the wire).
    pub params: BTreeMap<String, String>,
    /// The HTTP status sent; `None` if the connection was closed without one.
    pub http_status: Option<u16>,
    /// The SOAP fault code or REST error code sent, if any.
    pub fault_code: Option<String>,
    /// The injected fault applied to this request, if any.
    pub injected: Option<FaultKind>,
}

fn display<S: serde::Serializer>(value: &Timestamp, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}

/// The list of requests a server received, shared with its handle.
///
/// ```no_run
/// # async fn demo() {
/// let mock = ffiec_mock::MockServer::start(Default::default()).await.unwrap();
/// // ... let a client call the mock ...
/// for entry in mock.journal().entries() {
///     println!("{} {:?} {:?}", entry.seq, entry.operation, entry.http_status);
/// }
/// mock.journal().clear();
/// # }
/// ```
///
/// A journal keeps at most its capacity
/// ([`MockConfig::journal_capacity`](crate::MockConfig::journal_capacity)),
/// dropping the oldest entries first, so a long benchmark cannot exhaust
/// memory; a gap in [`JournalEntry::seq`] shows that entries were dropped.
#[derive(Debug, Clone)]
pub struct Journal {
    inner: Arc<JournalInner>,
}

#[derive(Debug)]
struct JournalInner {
    next_seq: AtomicU64,
    capacity: usize,
    entries: Mutex<VecDeque<JournalEntry>>,
}

impl Default for Journal {
    /// A journal of [`Journal::DEFAULT_CAPACITY`] entries.
    fn default() -> Self {
        Self::with_capacity(Self::DEFAULT_CAPACITY)
    }
}

impl Journal {
    /// The capacity unless configured otherwise.
    pub const DEFAULT_CAPACITY: usize = 100_000;

    /// An empty journal that keeps at most `capacity` entries (at least one).
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            inner: Arc::new(JournalInner {
                next_seq: AtomicU64::new(0),
                capacity: capacity.max(1),
                entries: Mutex::new(VecDeque::new()),
            }),
        }
    }

    /// Every entry recorded since the start or the last [`clear`](Self::clear),
    /// in the order the requests finished.
    pub fn entries(&self) -> Vec<JournalEntry> {
        self.lock().iter().cloned().collect()
    }

    /// The entry of the request that got `request_id`.
    pub fn find(&self, request_id: &str) -> Option<JournalEntry> {
        self.lock()
            .iter()
            .find(|entry| entry.request_id == request_id)
            .cloned()
    }

    /// How many entries there are.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }

    /// Removes every entry. Sequence numbers keep counting.
    pub fn clear(&self) {
        self.lock().clear();
    }

    /// Takes the next sequence number (1, 2, ...).
    pub(crate) fn next_seq(&self) -> u64 {
        self.inner.next_seq.fetch_add(1, Ordering::Relaxed) + 1
    }

    pub(crate) fn push(&self, entry: JournalEntry) {
        let mut entries = self.lock();
        if entries.len() == self.inner.capacity {
            entries.pop_front();
        }
        entries.push_back(entry);
    }

    fn lock(&self) -> MutexGuard<'_, VecDeque<JournalEntry>> {
        self.inner
            .entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// The entry of one request in progress, filled in by the handlers and
/// committed to the journal exactly once: when the response is ready, or
/// when the request is dropped unanswered (a stall the client gave up on).
#[derive(Debug, Clone)]
pub(crate) struct Recorder {
    entry: Arc<Mutex<JournalEntry>>,
}

impl Recorder {
    pub(crate) fn new(entry: JournalEntry) -> Self {
        Self {
            entry: Arc::new(Mutex::new(entry)),
        }
    }

    /// Changes the entry in progress.
    pub(crate) fn update(&self, change: impl FnOnce(&mut JournalEntry)) {
        change(&mut self.entry.lock().unwrap_or_else(PoisonError::into_inner));
    }

    /// A copy of the entry in progress.
    pub(crate) fn snapshot(&self) -> JournalEntry {
        self.entry
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// Commits a recorder's entry when dropped, whatever happened before.
#[derive(Debug)]
pub(crate) struct CommitOnDrop {
    pub(crate) recorder: Recorder,
    pub(crate) journal: Journal,
}

impl Drop for CommitOnDrop {
    fn drop(&mut self) {
        self.journal.push(self.recorder.snapshot());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(seq: u64) -> JournalEntry {
        JournalEntry {
            seq,
            request_id: format!("mock-{seq:06}"),
            at: Timestamp::UNIX_EPOCH,
            method: "GET".into(),
            path: "/".into(),
            protocol: Protocol::Other,
            operation: None,
            user: None,
            token_fingerprint: None,
            authenticated: None,
            password_type: None,
            proxy: None,
            proxy_refused: false,
            params: BTreeMap::new(),
            http_status: Some(404),
            fault_code: None,
            injected: None,
        }
    }

    #[test]
    fn keeps_the_newest_entries_up_to_its_capacity() {
        let journal = Journal::with_capacity(2);
        for _ in 0..3 {
            let seq = journal.next_seq();
            journal.push(entry(seq));
        }
        let kept: Vec<u64> = journal.entries().iter().map(|entry| entry.seq).collect();
        assert_eq!(kept, [2, 3]);
        assert!(journal.find("mock-000001").is_none());
        assert_eq!(journal.find("mock-000003").map(|entry| entry.seq), Some(3));
    }
}
