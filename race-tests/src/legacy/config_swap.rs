//! An atomic pointer swap driven by per-field setters (N7).
//!
//! The tempting fix for F1/F2 is to keep the whole proxy configuration behind one pointer
//! and swap it atomically. Every store then publishes a whole value, and readers can no
//! longer see a half-written one. But if the setters stay per field, each one loads the
//! current value, copies it with one field changed and stores the copy: two writers
//! applying two configurations field by field still interleave, and the stored value ends
//! up with one writer's host and the other's password. Only an update that replaces the
//! whole value at once keeps writers' intentions apart.

use std::fmt;
use std::sync::Arc;

use ffiec_core::sync::{Backend, Mutex};

use super::connection::ProxySettings;
use super::secret::SecretLabel;
use crate::trace::{Action, Trace};

/// One configuration value behind an atomically swapped pointer.
pub struct SwappedConfig<B: Backend> {
    current: B::Mutex<Arc<ProxySettings>>,
    trace: Trace,
}

impl<B: Backend> SwappedConfig<B> {
    /// A pointer to `initial`.
    pub fn new(initial: ProxySettings, trace: &Trace) -> Self {
        SwappedConfig {
            current: B::Mutex::new(Arc::new(initial)),
            trace: trace.clone(),
        }
    }

    /// Atomic load: the whole current value.
    pub fn load(&self) -> Arc<ProxySettings> {
        let value = Arc::clone(&self.current.lock());
        self.trace.record(Action::Read, "config", describe(&value));
        value
    }

    /// Atomic store of a whole value.
    pub fn store(&self, value: ProxySettings) {
        let mut current = self.current.lock();
        self.trace.record(Action::Write, "config", describe(&value));
        *current = Arc::new(value);
    }

    /// Per-field setter: load, copy with the host changed, store.
    pub fn set_host(&self, host: &str) {
        let mut copy = ProxySettings::clone(&self.load());
        copy.host = host.to_owned();
        self.store(copy);
    }

    /// Per-field setter: load, copy with the password changed, store.
    pub fn set_password(&self, password: SecretLabel) {
        let mut copy = ProxySettings::clone(&self.load());
        copy.password = password;
        self.store(copy);
    }
}

impl<B: Backend> fmt::Debug for SwappedConfig<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SwappedConfig").finish_non_exhaustive()
    }
}

fn describe(settings: &ProxySettings) -> String {
    format!("host='{}' password={}", settings.host, settings.password)
}
