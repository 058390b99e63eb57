//! One Python attribute, modelled as its own lock.
//!
//! Under CPython's GIL a single attribute read or assignment is atomic, and nothing more:
//! between two of them any other thread may run. Giving every attribute its own lock
//! reproduces exactly that, and under loom every read and write becomes a point where the
//! model checker may switch threads.

use std::fmt;

use ffiec_core::sync::{Backend, Mutex};

use crate::trace::{Action, Trace};

/// How a value is shown in a trace: Python's notation (`None`, `True`, `'proxy-a'`), so the
/// trace reads like the code it models. Secrets show only a fingerprint.
pub trait PyRepr {
    /// The value in Python-like notation.
    fn py_repr(&self) -> String;
}

impl PyRepr for bool {
    fn py_repr(&self) -> String {
        if *self { "True" } else { "False" }.to_owned()
    }
}

impl PyRepr for u16 {
    fn py_repr(&self) -> String {
        self.to_string()
    }
}

impl PyRepr for u32 {
    fn py_repr(&self) -> String {
        self.to_string()
    }
}

impl PyRepr for String {
    fn py_repr(&self) -> String {
        format!("'{self}'")
    }
}

impl<T: PyRepr> PyRepr for Option<T> {
    fn py_repr(&self) -> String {
        match self {
            Some(value) => value.py_repr(),
            None => "None".to_owned(),
        }
    }
}

impl<T: PyRepr> PyRepr for std::sync::Arc<T> {
    fn py_repr(&self) -> String {
        (**self).py_repr()
    }
}

/// One attribute of a Python object: atomic to read, atomic to assign, nothing else.
///
/// Every [`get`](Attr::get) and [`set`](Attr::set) is recorded in the trace with the
/// attribute's name and the value read or written.
pub struct Attr<B: Backend, T: Send> {
    name: &'static str,
    cell: B::Mutex<T>,
    trace: Trace,
}

impl<B: Backend, T: Clone + Send + PyRepr> Attr<B, T> {
    /// An attribute called `name` holding `value`. Creating it records nothing.
    pub fn new(name: &'static str, value: T, trace: &Trace) -> Self {
        Attr {
            name,
            cell: B::Mutex::new(value),
            trace: trace.clone(),
        }
    }

    /// Reads the attribute (`self.name`).
    pub fn get(&self) -> T {
        let guard = self.cell.lock();
        let value = T::clone(&guard);
        self.trace.record(Action::Read, self.name, value.py_repr());
        value
    }

    /// Assigns the attribute (`self.name = value`).
    pub fn set(&self, value: T) {
        let mut guard = self.cell.lock();
        self.trace.record(Action::Write, self.name, value.py_repr());
        *guard = value;
    }

    /// Assigns the attribute and returns the value it replaced, in one atomic step.
    pub fn replace(&self, value: T) -> T {
        let mut guard = self.cell.lock();
        self.trace.record(Action::Write, self.name, value.py_repr());
        std::mem::replace(&mut *guard, value)
    }

    /// The attribute's name, as in the Python source.
    pub fn name(&self) -> &'static str {
        self.name
    }
}

impl<B: Backend, T: Send> fmt::Debug for Attr<B, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The value is left out on purpose: it may be a secret, and reading it would lock.
        f.debug_struct("Attr")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ffiec_core::sync::StdBackend;

    #[test]
    fn reads_and_writes_are_traced_in_python_notation() {
        let trace = Trace::std();
        let host: Attr<StdBackend, Option<String>> = Attr::new("proxy_host", None, &trace);

        assert_eq!(host.get(), None);
        host.set(Some("proxy-a".to_owned()));
        assert_eq!(host.replace(None), Some("proxy-a".to_owned()));

        let values: Vec<String> = trace
            .events()
            .into_iter()
            .map(|event| event.value)
            .collect();
        assert_eq!(values, ["None", "'proxy-a'", "None"]);
        assert_eq!(trace.events()[1].action, Action::Write);
        assert_eq!(format!("{host:?}"), "Attr { name: \"proxy_host\", .. }");
    }
}
