//! A per-model, per-iteration event log that reads well in a report.
//!
//! loom's own trace names internal object ids and branch points. An auditor wants to read
//! "writer-b wrote proxy_host = None while main had checked it", so the legacy model records
//! every attribute read and write, every session build and every request it sends into a
//! [`Trace`], with the thread that did it and the value involved.
//!
//! A trace belongs to one model: it is created by the caller and moved into the model
//! closure (never a global, since cargo runs tests in parallel). The model runner clears it
//! at the start of every loom iteration, so when an invariant fails the trace holds exactly
//! the failing interleaving: the counterexample.
//!
//! Recording goes through a `std::sync::Mutex`, which loom does not instrument, so tracing
//! adds no interleavings to the model. Because loom runs one thread at a time, the order of
//! the events is the order in which the model's steps really ran.
//!
//! ```
//! use race_tests::trace::{Action, Trace};
//!
//! let trace = Trace::std();
//! trace.record(Action::Write, "proxy_host", "'proxy-a'");
//! trace.record(Action::Read, "proxy_host", "'proxy-a'");
//!
//! let events = trace.events();
//! assert_eq!(events.len(), 2);
//! assert_eq!(events[1].step, 2);
//! assert!(trace.render().contains("proxy_host"));
//! ```

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use serde::Serialize;

/// What a step of the model did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Read one attribute.
    Read,
    /// Assigned one attribute.
    Write,
    /// Checked a condition (the "check" of a check-then-act).
    Check,
    /// Built a session or a client.
    Build,
    /// Closed a session.
    Close,
    /// Downloaded a document (the WSDL).
    Download,
    /// Sent a request.
    Send,
    /// Received a verdict or a response.
    Receive,
    /// Waited for a lock another thread held.
    Wait,
    /// Anything else worth a line; the field says what.
    Note,
}

impl Action {
    /// The lower-case name shown in the table.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Read => "read",
            Action::Write => "write",
            Action::Check => "check",
            Action::Build => "build",
            Action::Close => "close",
            Action::Download => "download",
            Action::Send => "send",
            Action::Receive => "receive",
            Action::Wait => "wait",
            Action::Note => "note",
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `pad`, not `write_str`, so the table's column widths apply.
        f.pad(self.as_str())
    }
}

/// One recorded step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    /// 1-based position in the iteration, across all threads.
    pub step: usize,
    /// The thread that took the step (`main` for the model's own thread).
    pub thread: String,
    /// What it did.
    pub action: Action,
    /// The attribute, object or request involved (`proxy_host`, `session`, `GetReportingPeriods`).
    pub field: String,
    /// The value read, written, built or sent, in Python-like notation; secrets appear only as
    /// a fingerprint (see `legacy::SecretLabel`).
    pub value: String,
}

/// Where a trace takes the name of the thread that records an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ThreadNames {
    /// `loom::thread::current()`: only valid inside `loom::model`.
    Loom,
    /// `std::thread::current()`.
    Std,
}

/// A shared, append-only event log for one model.
///
/// Cloning a `Trace` gives another handle to the same log, so a model can hand one to each
/// of its threads and objects.
#[derive(Debug, Clone)]
pub struct Trace {
    events: Option<Arc<Mutex<Vec<Event>>>>,
    names: ThreadNames,
}

impl Trace {
    /// A trace for a loom model: thread names come from `loom::thread::current()`.
    ///
    /// Record into it only from inside `loom::model` (or the model runner).
    pub fn loom() -> Self {
        Trace {
            events: Some(Arc::default()),
            names: ThreadNames::Loom,
        }
    }

    /// A trace for real threads: thread names come from `std::thread::current()`.
    pub fn std() -> Self {
        Trace {
            events: Some(Arc::default()),
            names: ThreadNames::Std,
        }
    }

    /// A trace that records nothing, for live stress runs where a shared log would
    /// serialise the threads and hide the races being measured.
    pub fn off() -> Self {
        Trace {
            events: None,
            names: ThreadNames::Std,
        }
    }

    /// Whether this trace keeps events (false for [`Trace::off`]).
    pub fn is_recording(&self) -> bool {
        self.events.is_some()
    }

    /// Appends one event, numbered after the ones already recorded.
    pub fn record(&self, action: Action, field: &str, value: impl fmt::Display) {
        let Some(events) = &self.events else {
            return;
        };
        let thread = self.current_thread_name();

        let mut events = events.lock().unwrap_or_else(PoisonError::into_inner);
        let step = events.len() + 1;
        events.push(Event {
            step,
            thread,
            action,
            field: field.to_owned(),
            value: value.to_string(),
        });
    }

    /// Forgets every event: called at the start of each model iteration.
    pub fn clear(&self) {
        if let Some(events) = &self.events {
            events
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clear();
        }
    }

    /// A copy of the events recorded so far, in order.
    pub fn events(&self) -> Vec<Event> {
        match &self.events {
            Some(events) => events
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone(),
            None => Vec::new(),
        }
    }

    /// The events as a numbered table (see [`render_table`]).
    pub fn render(&self) -> String {
        render_table(&self.events())
    }

    fn current_thread_name(&self) -> String {
        match self.names {
            ThreadNames::Loom => {
                let thread = loom::thread::current();
                thread
                    .name()
                    .map_or_else(|| "main".to_owned(), str::to_owned)
            }
            ThreadNames::Std => {
                let thread = std::thread::current();
                thread
                    .name()
                    .map_or_else(|| format!("{:?}", thread.id()), str::to_owned)
            }
        }
    }
}

/// Whether any event names `field` (exactly).
pub fn mentions(events: &[Event], field: &str) -> bool {
    events.iter().any(|event| event.field == field)
}

/// Renders events as a fixed-width numbered table, one step per line:
///
/// ```text
///  step  thread     action    field          value
///     1  writer-b   read      use_proxy      True
///     2  main       check     proxy_host     'proxy-a'
/// ```
pub fn render_table(events: &[Event]) -> String {
    let thread_width = column_width(events.iter().map(|event| event.thread.as_str()), "thread");
    let field_width = column_width(events.iter().map(|event| event.field.as_str()), "field");

    let mut table = format!(
        "{:>5}  {:<thread_width$}  {:<8}  {:<field_width$}  value\n",
        "step", "thread", "action", "field"
    );
    for event in events {
        let line = format!(
            "{:>5}  {:<thread_width$}  {:<8}  {:<field_width$}  {}",
            event.step, event.thread, event.action, event.field, event.value
        );
        table.push_str(line.trim_end());
        table.push('\n');
    }
    table
}

fn column_width<'a>(cells: impl Iterator<Item = &'a str>, header: &str) -> usize {
    cells.map(str::len).chain([header.len()]).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_numbered_across_threads_in_recording_order() {
        let trace = Trace::std();
        trace.record(Action::Write, "proxy_host", "'a'");

        let other = trace.clone();
        std::thread::Builder::new()
            .name("writer-b".to_owned())
            .spawn(move || other.record(Action::Write, "proxy_host", "'b'"))
            .unwrap()
            .join()
            .unwrap();

        let events = trace.events();
        assert_eq!(events.len(), 2);
        assert_eq!((events[0].step, events[1].step), (1, 2));
        assert_eq!(events[1].thread, "writer-b");
        assert_eq!(events[1].value, "'b'");
    }

    #[test]
    fn clear_restarts_numbering_and_off_records_nothing() {
        let trace = Trace::std();
        trace.record(Action::Read, "use_proxy", "True");
        trace.clear();
        trace.record(Action::Read, "proxy_port", 8080);
        assert_eq!(trace.events()[0].step, 1);
        assert_eq!(trace.events()[0].field, "proxy_port");

        let off = Trace::off();
        off.record(Action::Read, "use_proxy", "True");
        assert!(!off.is_recording());
        assert!(off.events().is_empty());
    }

    #[test]
    fn table_aligns_columns_and_json_names_actions_in_lower_case() {
        let trace = Trace::std();
        trace.record(Action::Check, "proxy_host", "'proxy-a'");
        trace.record(Action::Build, "session", "#2");

        let table = trace.render();
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with(" step"));
        assert!(lines[1].contains("check") && lines[1].ends_with("'proxy-a'"));
        assert_eq!(lines[1].find("check"), lines[2].find("build"));

        let json = serde_json::to_value(trace.events()).unwrap();
        assert_eq!(json[0]["action"], "check");
        assert_eq!(json[1]["field"], "session");
        assert_eq!(json[1]["step"], 2);
    }

    #[test]
    fn mentions_matches_whole_field_names() {
        let trace = Trace::std();
        trace.record(Action::Read, "proxy_password", "secret#1234");
        assert!(mentions(&trace.events(), "proxy_password"));
        assert!(!mentions(&trace.events(), "password"));
    }
}
