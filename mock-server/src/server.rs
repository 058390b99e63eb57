//! Starting, reaching and stopping a mock server.

use std::collections::HashMap;
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::clock::MockClock;
use crate::config::{MockConfig, ProxyConfig, check_quota};
use crate::data::DataSet;
use crate::faults::FaultControls;
use crate::fingerprint::FingerprintKey;
use crate::http::router::{REST_PREFIX, router};
use crate::http::{proxy, serve};
use crate::journal::Journal;
use crate::quota::QuotaBook;
use crate::state::{Shared, SharedState};
use crate::wsdl::SOAP_PATH;

/// A running mock server. Dropping it stops the server (and its proxies)
/// without waiting; [`shutdown`](Self::shutdown) stops it and waits.
///
/// ```no_run
/// use ffiec_mock::{MockConfig, MockServer};
///
/// # async fn demo() -> std::io::Result<()> {
/// let mock = MockServer::start(MockConfig::default()).await?;
/// println!("SOAP at {}, REST at {}", mock.soap_url(), mock.rest_url());
/// // ... point a client at it, then look at what it received:
/// assert!(mock.journal().entries().iter().all(|entry| entry.authenticated != Some(false)));
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct MockServer {
    address: SocketAddr,
    shared: SharedState,
    /// Name to address of each running proxy; behind a lock so proxies can
    /// be added through a shared handle.
    proxies: Mutex<HashMap<String, SocketAddr>>,
    stop: watch::Sender<bool>,
    tasks: Mutex<Vec<JoinHandle<()>>>,
}

impl MockServer {
    /// Binds the listener (and every configured proxy) and starts serving
    /// on the current tokio runtime. Returns once the ports are bound.
    ///
    /// # Errors
    ///
    /// [`io::ErrorKind::InvalidInput`] if the quota is 0 calls or its
    /// window shorter than a second (see [`MockConfig::quota`]); otherwise
    /// the error of binding the address or a proxy port.
    pub async fn start(config: MockConfig) -> io::Result<Self> {
        check_quota(&config)?;
        let listener = TcpListener::bind(config.listen).await?;
        let address = listener.local_addr()?;
        let (stop, stopping) = watch::channel(false);

        let faults = FaultControls::default();
        config
            .faults
            .iter()
            .cloned()
            .for_each(|rule| faults.inject(rule));
        let users = config
            .effective_users()
            .into_iter()
            .map(|user| (user.name().to_owned(), user.token().to_owned()))
            .collect();
        let shared = Arc::new(Shared {
            users,
            quota: QuotaBook::new(config.quota_limit, config.quota_window.as_secs()),
            clock: config.clock.clone(),
            data: Arc::new(DataSet::new(config.data.clone())),
            journal: Journal::with_capacity(config.journal_capacity),
            fingerprint_key: config
                .fingerprint_key
                .clone()
                .unwrap_or_else(FingerprintKey::random),
            faults,
            rest_raw_facsimile: config.rest_raw_facsimile,
            max_stall: config.max_stall,
            stopping: stopping.clone(),
        });

        let app = router(shared.clone());
        let serve_one =
            move |stream, stopping| serve::serve_connection(stream, app.clone(), stopping);
        let main = tokio::spawn(serve::accept_loop(listener, stopping, serve_one));

        let server = Self {
            address,
            shared,
            proxies: Mutex::new(HashMap::new()),
            stop,
            tasks: Mutex::new(vec![main]),
        };
        for proxy in config.proxies {
            server.add_proxy(proxy).await?;
        }
        Ok(server)
    }

    /// Starts one more recording proxy on a free loopback port and returns
    /// its URL (`http://127.0.0.1:PORT`).
    ///
    /// # Errors
    ///
    /// If no port can be bound, or a proxy of that name already runs.
    pub async fn add_proxy(&self, proxy: ProxyConfig) -> io::Result<String> {
        let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await?;
        let address = listener.local_addr()?;
        {
            let mut proxies = lock(&self.proxies);
            if proxies.contains_key(&proxy.name) {
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    format!("a proxy named '{}' already runs", proxy.name),
                ));
            }
            proxies.insert(proxy.name.clone(), address);
        }

        let app = router(self.shared.clone());
        let shared = self.shared.clone();
        let serve_one = move |stream, stopping| {
            proxy::serve_connection(stream, proxy.clone(), app.clone(), shared.clone(), stopping)
        };
        let stopping = self.stop.subscribe();
        let task = tokio::spawn(serve::accept_loop(listener, stopping, serve_one));
        lock(&self.tasks).push(task);
        Ok(format!("http://{address}"))
    }

    /// The bound address.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The SOAP endpoint, at the live service's path
    /// (`…/public/pws/webservices/retrievalservice.asmx`).
    pub fn soap_url(&self) -> String {
        format!("{}{SOAP_PATH}", self.base_url())
    }

    /// The WSDL's URL (the SOAP endpoint with `?WSDL`).
    pub fn wsdl_url(&self) -> String {
        format!("{}?WSDL", self.soap_url())
    }

    /// The REST base, ending in `/public/`; methods are appended to it.
    pub fn rest_url(&self) -> String {
        format!("{}{REST_PREFIX}", self.base_url())
    }

    /// The URL of the recording proxy named `name`, if it runs.
    pub fn proxy_url(&self, name: &str) -> Option<String> {
        lock(&self.proxies)
            .get(name)
            .map(|address| format!("http://{address}"))
    }

    /// The journal of every request received.
    pub fn journal(&self) -> &Journal {
        &self.shared.journal
    }

    /// The fingerprint this server's journal gives `secret` (a token or a
    /// proxy password): the first 12 hex digits of HMAC-SHA256 under the
    /// server's [`FingerprintKey`]. Compare journal entries with it.
    ///
    /// ```no_run
    /// # async fn demo() -> std::io::Result<()> {
    /// use ffiec_mock::{MockConfig, MockServer, MockUser};
    ///
    /// let alice = MockUser::minted("alice");
    /// let mock = MockServer::start(MockConfig::default().user(alice.clone())).await?;
    /// // ... a client calls as alice ...
    /// let expected = mock.fingerprint(alice.token());
    /// assert!(mock.journal().entries().iter().all(|entry| {
    ///     entry.token_fingerprint.as_deref() == Some(expected.as_str())
    /// }));
    /// # Ok(())
    /// # }
    /// ```
    pub fn fingerprint(&self, secret: &str) -> String {
        self.shared.fingerprint_key.fingerprint(secret)
    }

    /// The fault rules, changeable while the server runs.
    pub fn faults(&self) -> &FaultControls {
        &self.shared.faults
    }

    /// The server's clock; advance it to cross quota windows or expire tokens.
    pub fn clock(&self) -> &MockClock {
        &self.shared.clock
    }

    /// The data the server answers from, to compare with what a client got.
    pub fn data(&self) -> &DataSet {
        &self.shared.data
    }

    /// Calls `user` has made in the current quota window.
    pub fn quota_used(&self, user: &str) -> u32 {
        self.shared.quota.used(user, self.shared.clock.now())
    }

    /// Refills every user's quota.
    pub fn reset_quota(&self) {
        self.shared.quota.reset();
    }

    /// Stops accepting, lets open connections finish for up to two seconds
    /// (stalled requests end at once), and waits for that.
    pub async fn shutdown(self) {
        self.stop.send_replace(true);
        let tasks = std::mem::take(&mut *lock(&self.tasks));
        for task in tasks {
            let _ = task.await;
        }
    }
}

impl Drop for MockServer {
    /// Signals the stop and returns at once; the tasks end on their own
    /// within the drain time.
    fn drop(&mut self) {
        self.stop.send_replace(true);
    }
}

/// Locks a mutex whose data stays valid even if a holder panicked.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
