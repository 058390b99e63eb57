//! The 2.x SOAP client cache (N5).
//!
//! Version 2 caches one SOAP client per credentials, so repeated calls skip the WSDL
//! download. Two flaws: the key is the credentials alone, so a client keeps the session it
//! was built with after the connection has moved on to another; and the cache lock is held
//! while a missing client downloads its WSDL, so every other caller waits for that network
//! fetch.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use ffiec_core::sync::{Backend, Mutex};

use super::secret::SecretLabel;
use super::service::ModelService;
use super::session::{LiveSession, SessionFactory};
use super::v2_connection::LockedConnection;
use crate::trace::{Action, Trace};

/// A cached SOAP client: bound to the session it was built with.
pub struct CachedClient<S> {
    /// The session every call through this client uses.
    pub session: Arc<LiveSession<S>>,
}

impl<S> fmt::Debug for CachedClient<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CachedClient")
            .field("session", &self.session)
            .finish()
    }
}

type Entry<S> = ((String, SecretLabel), Arc<CachedClient<S>>);

/// The cache: credentials -> client, behind one lock held across the WSDL fetch.
pub struct SoapClientCache<B: Backend, F: SessionFactory> {
    clients: B::Mutex<Vec<Entry<F::Session>>>,
    fetching: AtomicBool,
    waits: AtomicU64,
    trace: Trace,
}

impl<B: Backend, F: SessionFactory> SoapClientCache<B, F> {
    /// An empty cache.
    pub fn new(trace: &Trace) -> Self {
        SoapClientCache {
            clients: B::Mutex::new(Vec::new()),
            fetching: AtomicBool::new(false),
            waits: AtomicU64::new(0),
            trace: trace.clone(),
        }
    }

    /// `get_client(creds, session)`: under the cache lock, return the client cached for
    /// these credentials, or download the WSDL and build one bound to the connection's
    /// session of the moment.
    pub fn get_client(
        &self,
        user: &str,
        token: &SecretLabel,
        connection: &LockedConnection<B, F>,
        service: &ModelService,
    ) -> Arc<CachedClient<F::Session>> {
        // Evidence of the convoy: arriving while another caller fetches under the lock.
        if self.fetching.load(Ordering::SeqCst) {
            self.waits.fetch_add(1, Ordering::SeqCst);
            self.trace
                .record(Action::Wait, "cache_lock", "held by a WSDL download");
        }
        let mut clients = self.clients.lock();
        self.trace.record(Action::Note, "cache_lock", "acquired");

        // The key is the credentials only: the session is not part of it.
        let key = (user.to_owned(), token.clone());
        let cached = clients.iter().find(|(cached, _)| *cached == key);
        let client = match cached {
            Some((_, client)) => {
                self.trace
                    .record(Action::Read, "client_cache", format!("hit {client:?}"));
                Arc::clone(client)
            }
            None => {
                // A miss: the WSDL download runs with the cache lock held.
                self.fetching.store(true, Ordering::SeqCst);
                service.download_wsdl();
                let client = Arc::new(CachedClient {
                    session: connection.session(),
                });
                self.fetching.store(false, Ordering::SeqCst);

                self.trace
                    .record(Action::Write, "client_cache", format!("{client:?}"));
                clients.push((key, Arc::clone(&client)));
                client
            }
        };

        self.trace.record(Action::Note, "cache_lock", "released");
        client
    }

    /// Callers that found the cache lock held by a WSDL download.
    pub fn convoy_waits(&self) -> u64 {
        self.waits.load(Ordering::SeqCst)
    }
}

impl<B: Backend, F: SessionFactory> fmt::Debug for SoapClientCache<B, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SoapClientCache")
            .field("convoy_waits", &self.convoy_waits())
            .finish_non_exhaustive()
    }
}
