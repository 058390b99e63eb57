//! The 0.2.7 `FFIECConnection`, one Python line per Rust step.
//!
//! The reviewed class keeps each proxy setting in its own attribute and has no lock. Every
//! proxy setter calls the session builder first and assigns its own attribute after (F1),
//! so the session it leaves behind was built from the previous value. The builder checks
//! that host and port are set and then reads both again to build the proxy URL (F2). The
//! `session` property and the string form rebuild too (N2), and a replaced session is
//! dropped without being closed (N3).

use std::fmt;
use std::sync::Arc;

use ffiec_core::sync::Backend;

use super::attr::Attr;
use super::error::LegacyError;
use super::secret::SecretLabel;
use super::session::{
    InertSessions, LiveSession, ProxyFields, ProxyProtocol, SessionCounts, SessionFactory,
    SessionLedger,
};
use crate::trace::{Action, Trace};

/// A whole proxy configuration, as a scenario applies it through the four setters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxySettings {
    /// Host name.
    pub host: String,
    /// Port.
    pub port: u16,
    /// User name for the proxy.
    pub user_name: String,
    /// Password for the proxy.
    pub password: SecretLabel,
}

/// The legacy connection: six independent proxy attributes and a session attribute.
pub struct LegacyConnection<B: Backend, F: SessionFactory = InertSessions> {
    use_proxy: Attr<B, bool>,
    proxy_protocol: Attr<B, Option<ProxyProtocol>>,
    proxy_host: Attr<B, Option<String>>,
    proxy_port: Attr<B, Option<u16>>,
    proxy_user_name: Attr<B, Option<String>>,
    proxy_password: Attr<B, Option<SecretLabel>>,
    session: Attr<B, Option<Arc<LiveSession<F::Session>>>>,
    factory: F,
    ledger: SessionLedger,
    trace: Trace,
}

impl<B: Backend, F: SessionFactory> LegacyConnection<B, F> {
    /// `FFIECConnection()`: no proxy, then one session built by the constructor.
    pub fn new(factory: F, trace: &Trace) -> Self {
        let connection = LegacyConnection {
            use_proxy: Attr::new("use_proxy", false, trace),
            proxy_protocol: Attr::new("proxy_protocol", None, trace),
            proxy_host: Attr::new("proxy_host", None, trace),
            proxy_port: Attr::new("proxy_port", None, trace),
            proxy_user_name: Attr::new("proxy_user_name", None, trace),
            proxy_password: Attr::new("proxy_password", None, trace),
            session: Attr::new("session", None, trace),
            factory,
            ledger: SessionLedger::default(),
            trace: trace.clone(),
        };
        connection
            .generate_session()
            .expect("a build without a proxy cannot fail");
        connection
    }

    /// A connection already configured with `proxy` and enabled, as if a user had run the
    /// setters one after the other before any thread started; its session goes through
    /// `proxy`. Scenarios start from here.
    pub fn with_proxy(factory: F, proxy: &ProxySettings, trace: &Trace) -> Self {
        let connection = Self::new(factory, trace);
        connection.proxy_protocol.set(Some(ProxyProtocol::Http));
        connection.proxy_host.set(Some(proxy.host.clone()));
        connection.proxy_port.set(Some(proxy.port));
        connection
            .proxy_user_name
            .set(Some(proxy.user_name.clone()));
        connection.proxy_password.set(Some(proxy.password.clone()));
        connection.use_proxy.set(true);
        connection
            .generate_session()
            .expect("the proxy fields were all set above");
        connection
    }

    /// `_generate_session()`: build a session from the fields and store it.
    ///
    /// # Errors
    ///
    /// [`LegacyError::ProxyIncomplete`] when the check finds host or port unset;
    /// [`LegacyError::NoneConcatenation`] when the host is `None` at the second read (F2).
    pub fn generate_session(&self) -> Result<(), LegacyError> {
        // `if self.use_proxy:`
        let proxy = if self.use_proxy.get() {
            // The check: raise unless host and port are both set.
            if self.proxy_host.get().is_none() {
                return Err(LegacyError::ProxyIncomplete {
                    missing: "proxy_host",
                });
            }
            if self.proxy_port.get().is_none() {
                return Err(LegacyError::ProxyIncomplete {
                    missing: "proxy_port",
                });
            }
            self.trace
                .record(Action::Check, "proxy_host and proxy_port", "both set");

            // The act: every field is read again to build the URL. Concatenating a host
            // that became None raises TypeError; str() of a None port gives "None".
            let protocol = self.proxy_protocol.get();
            let host = self.proxy_host.get();
            let port = self.proxy_port.get();
            let Some(host) = host else {
                return Err(LegacyError::NoneConcatenation {
                    field: "proxy_host",
                });
            };

            // `if self.proxy_user_name and self.proxy_password:` add them to the URL.
            let user_name = self.proxy_user_name.get();
            let password = self.proxy_password.get();
            Some(ProxyFields {
                protocol,
                host,
                port,
                user_name,
                password,
            })
        } else {
            None
        };

        // `session = requests.Session(); session.proxies = {...}`
        let session = Arc::new(self.ledger.build(&self.factory, proxy));
        self.trace
            .record(Action::Build, "session", format!("{session:?}"));

        // `self._session = session`: the previous session is dropped, never closed (N3).
        self.session.set(Some(session));
        Ok(())
    }

    /// The `session` property: rebuilds, then returns the new session (N2).
    ///
    /// # Errors
    ///
    /// Whatever [`generate_session`](Self::generate_session) raises.
    pub fn session(&self) -> Result<Arc<LiveSession<F::Session>>, LegacyError> {
        self.generate_session()?;
        Ok(self
            .session
            .get()
            .expect("generate_session stored a session"))
    }

    /// The `_session` attribute itself, without a rebuild.
    pub fn current_session(&self) -> Arc<LiveSession<F::Session>> {
        self.session
            .get()
            .expect("the constructor stored a session")
    }

    /// `proxy_host` setter: rebuild from the old fields, then assign (F1).
    ///
    /// # Errors
    ///
    /// Whatever the rebuild raises; the field is then left unchanged.
    pub fn set_proxy_host(&self, host: Option<String>) -> Result<(), LegacyError> {
        self.generate_session()?;
        self.proxy_host.set(host);
        Ok(())
    }

    /// `proxy_port` setter: rebuild from the old fields, then assign (F1).
    ///
    /// # Errors
    ///
    /// Whatever the rebuild raises; the field is then left unchanged.
    pub fn set_proxy_port(&self, port: Option<u16>) -> Result<(), LegacyError> {
        self.generate_session()?;
        self.proxy_port.set(port);
        Ok(())
    }

    /// `proxy_user_name` setter: rebuild from the old fields, then assign (F1).
    ///
    /// # Errors
    ///
    /// Whatever the rebuild raises; the field is then left unchanged.
    pub fn set_proxy_user_name(&self, user_name: Option<String>) -> Result<(), LegacyError> {
        self.generate_session()?;
        self.proxy_user_name.set(user_name);
        Ok(())
    }

    /// `proxy_password` setter: rebuild from the old fields, then assign (F1).
    ///
    /// # Errors
    ///
    /// Whatever the rebuild raises; the field is then left unchanged.
    pub fn set_proxy_password(&self, password: Option<SecretLabel>) -> Result<(), LegacyError> {
        self.generate_session()?;
        self.proxy_password.set(password);
        Ok(())
    }

    /// `proxy_protocol` setter: rebuild from the old fields, then assign (F1).
    ///
    /// # Errors
    ///
    /// Whatever the rebuild raises; the field is then left unchanged.
    pub fn set_proxy_protocol(&self, protocol: Option<ProxyProtocol>) -> Result<(), LegacyError> {
        self.generate_session()?;
        self.proxy_protocol.set(protocol);
        Ok(())
    }

    /// `use_proxy` setter: rebuild from the old fields, then assign (F1).
    ///
    /// # Errors
    ///
    /// Whatever the rebuild raises; the field is then left unchanged.
    pub fn set_use_proxy(&self, use_proxy: bool) -> Result<(), LegacyError> {
        self.generate_session()?;
        self.use_proxy.set(use_proxy);
        Ok(())
    }

    /// One logical proxy change as a user writes it: four setter calls, host, port, user,
    /// password, each with its own rebuild (F8).
    ///
    /// # Errors
    ///
    /// Whatever a rebuild raises; the setters after it do not run.
    pub fn apply_proxy(&self, proxy: &ProxySettings) -> Result<(), LegacyError> {
        self.set_proxy_host(Some(proxy.host.clone()))?;
        self.set_proxy_port(Some(proxy.port))?;
        self.set_proxy_user_name(Some(proxy.user_name.clone()))?;
        self.set_proxy_password(Some(proxy.password.clone()))
    }

    /// `proxy_host` getter: a plain attribute read.
    pub fn proxy_host(&self) -> Option<String> {
        self.proxy_host.get()
    }

    /// `proxy_port` getter: a plain attribute read.
    pub fn proxy_port(&self) -> Option<u16> {
        self.proxy_port.get()
    }

    /// `proxy_password` getter: a plain attribute read.
    pub fn proxy_password(&self) -> Option<SecretLabel> {
        self.proxy_password.get()
    }

    /// `__str__`: rebuilds the session, then describes the connection (N2). The password
    /// is shown only as set or not set.
    ///
    /// # Errors
    ///
    /// Whatever the rebuild raises: in the legacy code, logging a connection can raise.
    pub fn py_str(&self) -> Result<String, LegacyError> {
        self.generate_session()?;
        let use_proxy = if self.use_proxy.get() {
            "True"
        } else {
            "False"
        };
        let host = self.proxy_host.get().unwrap_or_else(|| "None".to_owned());
        let port = self
            .proxy_port
            .get()
            .map_or_else(|| "None".to_owned(), |p| p.to_string());
        let password_set = self.proxy_password.get().is_some();
        Ok(format!(
            "FFIECConnection(use_proxy={use_proxy}, proxy_host={host}, proxy_port={port}, \
             proxy_password_set={password_set})"
        ))
    }

    /// Sessions built and closed so far. The legacy code never closes one.
    pub fn session_counts(&self) -> SessionCounts {
        self.ledger.counts()
    }
}

impl<B: Backend, F: SessionFactory> fmt::Debug for LegacyConnection<B, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Only the counters: reading an attribute here would add steps to a model.
        f.debug_struct("LegacyConnection")
            .field("sessions", &self.ledger.counts())
            .finish_non_exhaustive()
    }
}
