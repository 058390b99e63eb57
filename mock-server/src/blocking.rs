//! A mock server for code that is not async.

use std::io;
use std::ops::Deref;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use tokio::sync::oneshot;

use crate::config::{MockConfig, ProxyConfig};
use crate::server::MockServer;

/// A [`MockServer`] on a runtime of its own, in a thread of its own.
/// Dereferences to the server; dropping it stops the server and joins the
/// thread (within about two seconds).
///
/// ```no_run
/// use ffiec_mock::{BlockingMockServer, MockConfig};
///
/// let mock = BlockingMockServer::start(MockConfig::default())?;
/// println!("{}", mock.soap_url());
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct BlockingMockServer {
    server: Option<MockServer>,
    runtime: tokio::runtime::Handle,
    release: Option<oneshot::Sender<()>>,
    thread: Option<thread::JoinHandle<()>>,
}

impl BlockingMockServer {
    /// Starts the server on a new two-worker runtime and returns when it
    /// listens.
    ///
    /// # Errors
    ///
    /// If the runtime cannot be built or the ports cannot be bound.
    pub fn start(config: MockConfig) -> io::Result<Self> {
        let (started_tx, started_rx) = mpsc::channel();
        let (release, released) = oneshot::channel::<()>();

        let thread = thread::Builder::new()
            .name("ffiec-mock".into())
            .spawn(move || {
                let runtime = match tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                {
                    Ok(runtime) => runtime,
                    Err(error) => {
                        let _ = started_tx.send(Err(error));
                        return;
                    }
                };
                runtime.block_on(async move {
                    let started = MockServer::start(config)
                        .await
                        .map(|server| (server, tokio::runtime::Handle::current()));
                    let failed = started.is_err();
                    let _ = started_tx.send(started);
                    if !failed {
                        let _ = released.await;
                    }
                });
                runtime.shutdown_timeout(Duration::from_secs(3));
            })?;

        let (server, runtime) = started_rx
            .recv()
            .map_err(|_| io::Error::other("the mock server thread ended before starting"))??;
        Ok(Self {
            server: Some(server),
            runtime,
            release: Some(release),
            thread: Some(thread),
        })
    }
}

impl BlockingMockServer {
    /// Starts one more recording proxy (see [`MockServer::add_proxy`]) and
    /// returns its URL.
    ///
    /// # Errors
    ///
    /// If no port can be bound, or a proxy of that name already runs.
    ///
    /// # Panics
    ///
    /// If called from inside an async runtime (use the async
    /// [`MockServer::add_proxy`] there).
    pub fn add_proxy(&self, proxy: ProxyConfig) -> io::Result<String> {
        self.runtime.block_on(self.deref().add_proxy(proxy))
    }
}

impl Deref for BlockingMockServer {
    type Target = MockServer;

    fn deref(&self) -> &MockServer {
        self.server.as_ref().expect("the server lives until drop")
    }
}

impl Drop for BlockingMockServer {
    fn drop(&mut self) {
        drop(self.server.take());
        if let Some(release) = self.release.take() {
            let _ = release.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
