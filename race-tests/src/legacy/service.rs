//! A stand-in for the FFIEC service as the models need it: it knows which user and token
//! pairs are valid, counts WSDL downloads, and keeps every request it received.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use super::secret::SecretLabel;
use crate::trace::{Action, Trace};

/// One request as the service received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedRequest {
    /// The SOAP operation: `TestUserAccess`, `RetrieveReportingPeriods`.
    pub operation: &'static str,
    /// The user name the request carried.
    pub user: String,
    /// The token the request carried.
    pub token: SecretLabel,
    /// The session that carried it.
    pub session_id: u64,
    /// The proxy it went through, if any.
    pub proxy_host: Option<String>,
    /// Whether the service accepted the pair.
    pub accepted: bool,
}

/// The modelled FFIEC service. Uses std types only: it stands for the far side of the
/// network, not for code under test, so it adds no loom interleavings.
pub struct ModelService {
    accounts: Vec<(String, SecretLabel)>,
    received: Mutex<Vec<ReceivedRequest>>,
    wsdl_downloads: AtomicU64,
    trace: Trace,
}

impl ModelService {
    /// A service that accepts exactly the given user and token pairs.
    pub fn new(accounts: Vec<(String, SecretLabel)>, trace: &Trace) -> Self {
        ModelService {
            accounts,
            received: Mutex::default(),
            wsdl_downloads: AtomicU64::new(0),
            trace: trace.clone(),
        }
    }

    /// Serves the WSDL (every legacy data call fetches it again, F5).
    pub fn download_wsdl(&self) {
        let count = self.wsdl_downloads.fetch_add(1, Ordering::SeqCst) + 1;
        self.trace
            .record(Action::Download, "wsdl", format!("download #{count}"));
    }

    /// Receives one request and says whether its pair is a valid account.
    pub fn receive(&self, mut request: ReceivedRequest) -> bool {
        request.accepted = self.is_valid(&request.user, &request.token);
        self.trace.record(
            Action::Send,
            request.operation,
            format!(
                "user='{}' token={} via session #{}",
                request.user, request.token, request.session_id
            ),
        );
        let accepted = request.accepted;
        self.received
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(request);
        accepted
    }

    /// Whether `user` and `token` belong together.
    pub fn is_valid(&self, user: &str, token: &SecretLabel) -> bool {
        self.accounts
            .iter()
            .any(|(known, secret)| known == user && secret == token)
    }

    /// The user whose token `token` is, if any: for naming the owner in a violation.
    pub fn owner_of(&self, token: &SecretLabel) -> Option<&str> {
        self.accounts
            .iter()
            .find(|(_, secret)| secret == token)
            .map(|(user, _)| user.as_str())
    }

    /// Every request received so far, in order.
    pub fn received(&self) -> Vec<ReceivedRequest> {
        self.received
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// WSDL downloads so far.
    pub fn wsdl_downloads(&self) -> u64 {
        self.wsdl_downloads.load(Ordering::SeqCst)
    }
}

impl fmt::Debug for ModelService {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ModelService")
            .field("accounts", &self.accounts.len())
            .field("wsdl_downloads", &self.wsdl_downloads())
            .finish_non_exhaustive()
    }
}
