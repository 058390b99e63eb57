//! The state every request handler shares.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use crate::clock::MockClock;
use crate::data::DataSet;
use crate::faults::FaultControls;
use crate::fingerprint::FingerprintKey;
use crate::journal::Journal;
use crate::quota::QuotaBook;

/// Everything a handler needs, behind one `Arc`.
#[derive(Debug)]
pub(crate) struct Shared {
    /// User name to token.
    pub(crate) users: HashMap<String, String>,
    pub(crate) quota: QuotaBook,
    pub(crate) clock: MockClock,
    pub(crate) data: Arc<DataSet>,
    pub(crate) journal: Journal,
    /// The key of every fingerprint this server journals.
    pub(crate) fingerprint_key: FingerprintKey,
    pub(crate) faults: FaultControls,
    pub(crate) rest_raw_facsimile: bool,
    pub(crate) max_stall: Duration,
    /// `true` once the server is stopping; stalled requests watch it.
    pub(crate) stopping: watch::Receiver<bool>,
}

pub(crate) type SharedState = Arc<Shared>;
