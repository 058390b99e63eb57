//! The locked 2.x `FFIECConnection` (N4).
//!
//! Version 2 puts one lock around the connection's state. Setters assign under it and mark
//! the configuration changed; the `session` property builds a session under it, but only
//! when none exists yet. Nothing ever acts on the "changed" mark, so a proxy change made
//! after the first request never reaches a session: the connection keeps sending through
//! the proxy it was first built with, and says nothing.

use std::fmt;
use std::sync::Arc;

use ffiec_core::sync::{Backend, Mutex};

use super::attr::PyRepr;
use super::session::{
    InertSessions, LiveSession, ProxyFields, ProxyProtocol, SessionCounts, SessionFactory,
    SessionLedger,
};
use crate::trace::{Action, Trace};

struct State<S> {
    proxy_host: Option<String>,
    proxy_port: Option<u16>,
    /// `_config_hash = None` marks a change; only a build that already runs looks at it.
    config_changed: bool,
    session: Option<Arc<LiveSession<S>>>,
}

/// The 2.x connection: all state behind one lock, the session built once.
pub struct LockedConnection<B: Backend, F: SessionFactory = InertSessions> {
    state: B::Mutex<State<F::Session>>,
    factory: F,
    ledger: SessionLedger,
    trace: Trace,
}

impl<B: Backend, F: SessionFactory> LockedConnection<B, F> {
    /// A connection with the proxy `host:port` enabled and no session built yet.
    pub fn with_proxy(factory: F, host: &str, port: u16, trace: &Trace) -> Self {
        LockedConnection {
            state: B::Mutex::new(State {
                proxy_host: Some(host.to_owned()),
                proxy_port: Some(port),
                config_changed: false,
                session: None,
            }),
            factory,
            ledger: SessionLedger::default(),
            trace: trace.clone(),
        }
    }

    /// The `session` property: under the lock, build a session if there is none, and
    /// return the stored one. A change marked since is ignored (N4).
    pub fn session(&self) -> Arc<LiveSession<F::Session>> {
        let mut state = self.state.lock();
        if let Some(session) = &state.session {
            self.trace
                .record(Action::Read, "_session", format!("{session:?}"));
            return Arc::clone(session);
        }

        let proxy = state.proxy_host.clone().map(|host| ProxyFields {
            protocol: Some(ProxyProtocol::Http),
            host,
            port: state.proxy_port,
            user_name: None,
            password: None,
        });
        let session = Arc::new(self.ledger.build(&self.factory, proxy));
        self.trace
            .record(Action::Build, "_session", format!("{session:?}"));
        state.config_changed = false;
        state.session = Some(Arc::clone(&session));
        session
    }

    /// `proxy_host` setter: under the lock, assign and mark the configuration changed.
    pub fn set_proxy_host(&self, host: &str) {
        let mut state = self.state.lock();
        self.trace
            .record(Action::Write, "_proxy_host", host.to_owned().py_repr());
        state.proxy_host = Some(host.to_owned());
        state.config_changed = true;
    }

    /// `proxy_host` getter.
    pub fn proxy_host(&self) -> Option<String> {
        let state = self.state.lock();
        self.trace
            .record(Action::Read, "_proxy_host", state.proxy_host.py_repr());
        state.proxy_host.clone()
    }

    /// `close()`: under the lock, close the session and forget it; the next `session`
    /// access builds a new one from the current fields.
    pub fn close(&self) {
        let mut state = self.state.lock();
        if let Some(session) = state.session.take() {
            self.ledger.close(&session);
            self.trace
                .record(Action::Close, "_session", format!("{session:?}"));
        }
    }

    /// Sessions built and closed so far.
    pub fn session_counts(&self) -> SessionCounts {
        self.ledger.counts()
    }
}

impl<B: Backend, F: SessionFactory> fmt::Debug for LockedConnection<B, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LockedConnection")
            .field("sessions", &self.ledger.counts())
            .finish_non_exhaustive()
    }
}
