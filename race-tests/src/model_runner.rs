//! Runs a loom model from code and captures its verdict as a value.
//!
//! `#[should_panic]` tests are the loom-native way to state that a model fails. The
//! `race-audit` report needs more: did it fail, after how many interleavings, with which
//! message, and what did the failing interleaving do. [`run_model`] answers all four:
//!
//! 1. it builds a `loom::model::Builder` whose every setting is chosen here, so that
//!    `LOOM_MAX_PREEMPTIONS`, `LOOM_MAX_PERMUTATIONS`, `LOOM_MAX_DURATION` or a checkpoint
//!    file in the environment cannot silently change a verdict;
//! 2. it wraps the model so that each iteration bumps a counter and clears the [`Trace`];
//! 3. it runs the model under `catch_unwind`, with panic output silenced for this thread
//!    only, and turns a panic into `violated: true` with its message;
//! 4. it returns the trace of the failing iteration as the counterexample.
//!
//! ```
//! use race_tests::findings::FindingId;
//! use race_tests::model_runner::{ModelConfig, run_model};
//! use race_tests::trace::Action;
//!
//! // A model whose invariant always fails on its first iteration.
//! let outcome = run_model(FindingId::F1, &ModelConfig::counterexample(), |trace| {
//!     move || {
//!         trace.record(Action::Write, "proxy_host", "'a'");
//!         panic!("F1 violated: example");
//!     }
//! });
//! assert!(outcome.violated);
//! assert_eq!(outcome.iterations, 1);
//! assert_eq!(outcome.message.as_deref(), Some("F1 violated: example"));
//! assert_eq!(outcome.counterexample[0].field, "proxy_host");
//! ```

use std::any::Any;
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe, PanicHookInfo};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Once, PoisonError};

use serde::Serialize;

use crate::findings::FindingId;
use crate::trace::{Event, Trace};

/// The exploration settings of one model run. Every field is applied to loom explicitly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ModelConfig {
    /// The most preemptions (involuntary thread switches) per interleaving, or `None` for
    /// an exhaustive search.
    pub preemption_bound: Option<usize>,
    /// Stop after this many interleavings even if some are unexplored, or `None` for no cap.
    /// A capped run that found no violation is not a proof.
    pub max_permutations: Option<usize>,
    /// The most scheduling decisions in one interleaving; loom fails the model beyond it.
    pub max_branches: usize,
    /// The most threads, including the model's main thread (loom allows at most 5).
    pub max_threads: usize,
}

impl ModelConfig {
    /// Settings for a model expected to fail: preemption bound 2, no permutation cap,
    /// 1,000 branches, 5 threads.
    ///
    /// Why a bound of 2: every legacy model of the review fails with a single preemption
    /// (measured: each one also fails with a bound of 1), and a small bound keeps the
    /// counterexample short and stops a model that unexpectedly holds from exploring for
    /// minutes; 2 leaves a margin of one.
    pub fn counterexample() -> Self {
        ModelConfig {
            preemption_bound: Some(2),
            max_permutations: None,
            max_branches: 1_000,
            max_threads: 5,
        }
    }

    /// Settings for a proof: no preemption bound, no permutation cap, 1,000 branches,
    /// 5 threads. Only an unbounded, uncapped run that finds nothing is a proof.
    pub fn proof() -> Self {
        ModelConfig {
            preemption_bound: None,
            ..ModelConfig::counterexample()
        }
    }

    /// Whether a run with these settings explores every interleaving.
    pub fn is_exhaustive(&self) -> bool {
        self.preemption_bound.is_none() && self.max_permutations.is_none()
    }

    fn to_builder(self) -> loom::model::Builder {
        // Builder::new reads LOOM_* variables; every one of them is overwritten below.
        let mut builder = loom::model::Builder::new();
        builder.preemption_bound = self.preemption_bound;
        builder.max_permutations = self.max_permutations;
        builder.max_branches = self.max_branches;
        builder.max_threads = self.max_threads;
        builder.max_duration = None;
        builder.checkpoint_file = None;
        builder.checkpoint_interval = 20_000;
        builder.expect_explicit_explore = false;
        builder.location = false;
        builder.log = false;
        builder
    }
}

impl Default for ModelConfig {
    /// [`ModelConfig::counterexample`].
    fn default() -> Self {
        ModelConfig::counterexample()
    }
}

/// The verdict of one model run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModelOutcome {
    /// The finding the model reproduces or excludes.
    pub finding: FindingId,
    /// Whether some interleaving broke the model's invariant (the model panicked).
    pub violated: bool,
    /// Interleavings run, including the failing one.
    pub iterations: u64,
    /// The panic message of the failing interleaving.
    pub message: Option<String>,
    /// The trace of the failing interleaving; empty when nothing failed.
    pub counterexample: Vec<Event>,
    /// The settings the run used.
    pub config: ModelConfig,
}

impl ModelOutcome {
    /// The counterexample as a numbered table, for a report; empty when nothing failed.
    pub fn counterexample_table(&self) -> String {
        if self.counterexample.is_empty() {
            String::new()
        } else {
            crate::trace::render_table(&self.counterexample)
        }
    }
}

/// Runs the model that `make` builds, under loom, and captures its verdict.
///
/// `make` receives a fresh [`Trace::loom`] and returns the model closure; the runner clears
/// the trace and bumps its iteration counter before each interleaving. A panic anywhere in
/// the model counts as a violation: models express their invariants as panics whose message
/// starts with `"<finding> violated"`.
pub fn run_model<M, F>(finding: FindingId, config: &ModelConfig, make: M) -> ModelOutcome
where
    M: FnOnce(Trace) -> F,
    F: Fn() + Send + Sync + 'static,
{
    let trace = Trace::loom();
    let model = make(trace.clone());
    let iterations = Arc::new(AtomicU64::new(0));

    let counted_model = {
        let trace = trace.clone();
        let iterations = Arc::clone(&iterations);
        move || {
            iterations.fetch_add(1, Ordering::Relaxed);
            trace.clear();
            model();
        }
    };

    let builder = config.to_builder();
    let result = {
        let _quiet = QuietPanics::enter();
        panic::catch_unwind(AssertUnwindSafe(|| builder.check(counted_model)))
    };

    let iterations = iterations.load(Ordering::Relaxed);
    match result {
        Ok(()) => ModelOutcome {
            finding,
            violated: false,
            iterations,
            message: None,
            counterexample: Vec::new(),
            config: *config,
        },
        Err(payload) => ModelOutcome {
            finding,
            violated: true,
            iterations,
            message: Some(panic_message(payload.as_ref())),
            counterexample: trace.events(),
            config: *config,
        },
    }
}

/// The text of a panic payload (`panic!` gives a `String` or a `&str`).
fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(message) = payload.downcast_ref::<String>() {
        message.clone()
    } else if let Some(message) = payload.downcast_ref::<&str>() {
        (*message).to_owned()
    } else {
        "the model panicked with a non-text payload".to_owned()
    }
}

type PanicHook = Box<dyn Fn(&PanicHookInfo<'_>) + Sync + Send + 'static>;

thread_local! {
    /// Whether this OS thread is running a captured model. loom runs the model's threads as
    /// coroutines on the calling OS thread, so their panics see this flag too.
    static CAPTURING: Cell<bool> = const { Cell::new(false) };
}

/// The hook that was installed before the first capture began, and how many captures run.
/// A process-wide count, because tests run captures on several threads at once: the first
/// one in installs the filtering hook, the last one out puts the original back.
static HOOK: Mutex<HookState> = Mutex::new(HookState {
    captures: 0,
    original: None,
});

struct HookState {
    captures: usize,
    original: Option<Arc<PanicHook>>,
}

/// Silences panic output from the current thread while it lives; other threads' panics
/// still reach the original hook.
struct QuietPanics;

impl QuietPanics {
    fn enter() -> Self {
        // loom's coroutine library installs, on first use, a hook that hides the panics
        // ending each coroutine. Were that first use inside a capture, the restore in `drop`
        // would remove it and every later model thread would print a backtrace; an empty
        // model run first puts it underneath the filter, where it survives.
        static LOOM_HOOK: Once = Once::new();
        LOOM_HOOK.call_once(|| loom::model(|| {}));

        let mut state = HOOK.lock().unwrap_or_else(PoisonError::into_inner);
        if state.captures == 0 {
            let original: Arc<PanicHook> = Arc::new(panic::take_hook());
            let delegate = Arc::clone(&original);
            panic::set_hook(Box::new(move |info| {
                if !CAPTURING.with(Cell::get) {
                    delegate(info);
                }
            }));
            state.original = Some(original);
        }
        state.captures += 1;
        CAPTURING.with(|capturing| capturing.set(true));
        QuietPanics
    }
}

impl Drop for QuietPanics {
    fn drop(&mut self) {
        CAPTURING.with(|capturing| capturing.set(false));

        let mut state = HOOK.lock().unwrap_or_else(PoisonError::into_inner);
        state.captures -= 1;
        if state.captures == 0 {
            // Dropping the filter releases its handle on the original hook.
            drop(panic::take_hook());
            if let Some(original) = state.original.take() {
                match Arc::try_unwrap(original) {
                    Ok(original) => panic::set_hook(original),
                    Err(shared) => panic::set_hook(Box::new(move |info| shared(info))),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::Action;

    #[test]
    fn a_model_that_holds_reports_every_iteration_and_no_counterexample() {
        let outcome = run_model(FindingId::N7, &ModelConfig::proof(), |trace| {
            move || {
                let cell = Arc::new(loom::sync::Mutex::new(0_u32));
                let other = Arc::clone(&cell);
                let handle = loom::thread::spawn(move || *other.lock().unwrap() += 1);
                *cell.lock().unwrap() += 1;
                handle.join().unwrap();
                trace.record(Action::Read, "cell", *cell.lock().unwrap());
                assert_eq!(*cell.lock().unwrap(), 2);
            }
        });

        assert!(!outcome.violated);
        assert!(
            outcome.iterations >= 2,
            "two lock orders, got {}",
            outcome.iterations
        );
        assert!(outcome.counterexample.is_empty());
        assert_eq!(outcome.counterexample_table(), "");
        assert_eq!(outcome.message, None);
    }

    #[test]
    fn a_failing_interleaving_is_captured_with_its_own_trace_only() {
        let outcome = run_model(FindingId::N6, &ModelConfig::counterexample(), |trace| {
            move || {
                let cell = Arc::new(loom::sync::Mutex::new(0_u32));
                let other = Arc::clone(&cell);
                let writer = loom::thread::Builder::new()
                    .name("writer".to_owned())
                    .spawn(move || *other.lock().unwrap() = 7)
                    .unwrap();
                let seen = *cell.lock().unwrap();
                trace.record(Action::Read, "cell", seen);
                writer.join().unwrap();
                assert!(seen == 0, "N6 violated: read {seen} after the write");
            }
        });

        assert!(outcome.violated);
        assert_eq!(
            outcome.message.as_deref(),
            Some("N6 violated: read 7 after the write")
        );
        assert_eq!(
            outcome.counterexample.len(),
            1,
            "only the failing iteration's events"
        );
        assert_eq!(outcome.counterexample[0].value, "7");
        assert!(outcome.counterexample_table().contains("main"));
        assert!(outcome.iterations >= 2);
    }

    #[test]
    fn this_thread_stops_silencing_panics_after_a_capture() {
        let outcome = run_model(FindingId::F1, &ModelConfig::counterexample(), |_| {
            || panic!("F1 violated")
        });

        assert!(outcome.violated);
        assert!(
            !CAPTURING.with(Cell::get),
            "panics on this thread reach the hook again"
        );
    }

    #[test]
    fn builder_ignores_loom_environment_variables() {
        let builder = ModelConfig::counterexample().to_builder();
        assert_eq!(builder.preemption_bound, Some(2));
        assert_eq!(builder.max_permutations, None);
        assert_eq!(builder.max_duration, None);
        assert_eq!(builder.checkpoint_file, None);
        assert!(ModelConfig::proof().is_exhaustive());
        assert!(!ModelConfig::counterexample().is_exhaustive());
    }
}
