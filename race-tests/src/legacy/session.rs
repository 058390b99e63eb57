//! What the legacy builder produces: sessions, their proxy fields, and a ledger of them.
//!
//! The Python code builds a `requests.Session` and sets its `proxies` map. The model asks a
//! pluggable [`SessionFactory`] for the session instead, so the loom models use an inert one
//! ([`InertSessions`]) and a live stress run can plug in a real HTTP client built from the
//! same [`ProxyFields`]. Either way the connection wraps each session in a [`LiveSession`]
//! that carries a number, the proxy it was built from and whether it was ever closed, and
//! counts builds and closes in a [`SessionLedger`].

use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use serde::Serialize;

use super::attr::PyRepr;
use super::secret::SecretLabel;

/// The legacy `ProxyProtocol` enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ProxyProtocol {
    /// `ProxyProtocol.HTTP`
    Http,
    /// `ProxyProtocol.HTTPS`
    Https,
}

impl ProxyProtocol {
    /// The URL scheme: `http` or `https`.
    pub fn scheme(self) -> &'static str {
        match self {
            ProxyProtocol::Http => "http",
            ProxyProtocol::Https => "https",
        }
    }
}

impl PyRepr for ProxyProtocol {
    fn py_repr(&self) -> String {
        match self {
            ProxyProtocol::Http => "ProxyProtocol.HTTP".to_owned(),
            ProxyProtocol::Https => "ProxyProtocol.HTTPS".to_owned(),
        }
    }
}

/// The proxy values a build actually used, each as read at the moment of use.
///
/// `host` is always present: the Python builder concatenates it into the URL, which raises
/// when it is `None`. `port` may be `None`: `str(None)` is the text `"None"`, so the Python
/// builder silently produces `http://host:None`.
#[derive(Clone, PartialEq, Eq)]
pub struct ProxyFields {
    /// `proxy_protocol`, or `None` (the builder then falls back to `http`).
    pub protocol: Option<ProxyProtocol>,
    /// `proxy_host`.
    pub host: String,
    /// `proxy_port`.
    pub port: Option<u16>,
    /// `proxy_user_name`.
    pub user_name: Option<String>,
    /// `proxy_password`.
    pub password: Option<SecretLabel>,
}

impl ProxyFields {
    /// The proxy URL the legacy code builds, with the password replaced by its fingerprint.
    /// Safe to log.
    pub fn redacted_url(&self) -> String {
        self.url_with(|password| password.fingerprint())
    }

    /// The proxy URL the legacy code builds, password included: only for handing to a real
    /// HTTP client in a live run. Never log it.
    pub fn url_exposing_password(&self) -> String {
        self.url_with(|password| password.expose().to_owned())
    }

    fn url_with(&self, show_password: impl Fn(&SecretLabel) -> String) -> String {
        let scheme = self.protocol.map_or("http", ProxyProtocol::scheme);
        let port = self
            .port
            .map_or_else(|| "None".to_owned(), |port| port.to_string());

        match (&self.user_name, &self.password) {
            (Some(user), Some(password)) => {
                format!(
                    "{scheme}://{user}:{}@{}:{port}",
                    show_password(password),
                    self.host
                )
            }
            _ => format!("{scheme}://{}:{port}", self.host),
        }
    }
}

impl fmt::Debug for ProxyFields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted_url())
    }
}

/// Builds the session the legacy code would get from `requests.Session()` plus its proxies.
pub trait SessionFactory: Send + Sync + 'static {
    /// The session type: `()` in the models, a real HTTP client in a live run.
    type Session: Send + Sync + 'static;

    /// Builds one session, going through `proxy` when it is `Some`.
    fn build(&self, proxy: Option<&ProxyFields>) -> Self::Session;
}

/// A factory that builds nothing: the [`LiveSession`] wrapper already records everything the
/// models assert on (its number and the proxy it was built from).
#[derive(Debug, Clone, Copy, Default)]
pub struct InertSessions;

impl SessionFactory for InertSessions {
    type Session = ();

    fn build(&self, _proxy: Option<&ProxyFields>) {}
}

/// A session as the connection holds it: numbered, with the proxy it was built from.
pub struct LiveSession<S> {
    /// 1 for the first session a connection built, 2 for the next, ...
    pub id: u64,
    /// The proxy it goes through, or `None` for a direct connection.
    pub proxy: Option<ProxyFields>,
    /// What the factory built.
    pub inner: S,
    closed: AtomicBool,
}

impl<S> LiveSession<S> {
    /// Whether `close()` was called on it. A closed session must not carry requests.
    pub fn is_closed(&self) -> bool {
        self.closed.load(Ordering::SeqCst)
    }

    /// The proxy host, if any.
    pub fn proxy_host(&self) -> Option<&str> {
        self.proxy.as_ref().map(|proxy| proxy.host.as_str())
    }
}

impl<S> fmt::Debug for LiveSession<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.py_repr())
    }
}

impl<S> PyRepr for LiveSession<S> {
    fn py_repr(&self) -> String {
        let closed = if self.is_closed() { ", closed" } else { "" };
        match &self.proxy {
            Some(proxy) => format!(
                "<Session #{} via {}{closed}>",
                self.id,
                proxy.redacted_url()
            ),
            None => format!("<Session #{} direct{closed}>", self.id),
        }
    }
}

/// How many sessions a connection built and closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SessionCounts {
    /// Sessions built.
    pub builds: u64,
    /// Sessions closed.
    pub closes: u64,
}

impl SessionCounts {
    /// Sessions built and never closed: each holds its own connection pool.
    pub fn live(&self) -> u64 {
        self.builds - self.closes
    }
}

/// Numbers sessions and counts builds and closes. Plain atomics: the counts are evidence
/// for the report, not part of the modelled program, so they add no loom interleavings.
#[derive(Debug, Default)]
pub struct SessionLedger {
    builds: AtomicU64,
    closes: AtomicU64,
}

impl SessionLedger {
    /// Builds a session with `factory` and numbers it.
    pub fn build<F: SessionFactory>(
        &self,
        factory: &F,
        proxy: Option<ProxyFields>,
    ) -> LiveSession<F::Session> {
        let inner = factory.build(proxy.as_ref());
        let id = self.builds.fetch_add(1, Ordering::SeqCst) + 1;
        LiveSession {
            id,
            proxy,
            inner,
            closed: AtomicBool::new(false),
        }
    }

    /// Marks `session` closed (once) and counts it.
    pub fn close<S>(&self, session: &LiveSession<S>) {
        if !session.closed.swap(true, Ordering::SeqCst) {
            self.closes.fetch_add(1, Ordering::SeqCst);
        }
    }

    /// The counts so far.
    pub fn counts(&self) -> SessionCounts {
        SessionCounts {
            builds: self.builds.load(Ordering::SeqCst),
            closes: self.closes.load(Ordering::SeqCst),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(port: Option<u16>, password: Option<&str>) -> ProxyFields {
        ProxyFields {
            protocol: Some(ProxyProtocol::Http),
            host: "proxy-a.example".to_owned(),
            port,
            user_name: password.map(|_| "user-a".to_owned()),
            password: password.map(SecretLabel::new),
        }
    }

    #[test]
    fn urls_follow_the_python_concatenation_including_str_of_none() {
        assert_eq!(
            fields(Some(8080), None).redacted_url(),
            "http://proxy-a.example:8080"
        );
        assert_eq!(
            fields(None, None).redacted_url(),
            "http://proxy-a.example:None"
        );
    }

    #[test]
    fn only_the_exposing_url_carries_the_password() {
        let with_password = fields(Some(8080), Some("pass-a"));
        assert_eq!(
            with_password.url_exposing_password(),
            "http://user-a:pass-a@proxy-a.example:8080"
        );
        assert!(!with_password.redacted_url().contains("pass-a"));
        assert!(!format!("{with_password:?}").contains("pass-a"));
    }

    #[test]
    fn ledger_numbers_sessions_and_counts_each_close_once() {
        let ledger = SessionLedger::default();
        let first = ledger.build(&InertSessions, None);
        let second = ledger.build(&InertSessions, Some(fields(Some(1), None)));
        ledger.close(&first);
        ledger.close(&first);

        assert_eq!((first.id, second.id), (1, 2));
        assert!(first.is_closed() && !second.is_closed());
        assert_eq!(
            ledger.counts(),
            SessionCounts {
                builds: 2,
                closes: 1
            }
        );
        assert_eq!(ledger.counts().live(), 1);
        assert_eq!(first.py_repr(), "<Session #1 direct, closed>");
    }
}
