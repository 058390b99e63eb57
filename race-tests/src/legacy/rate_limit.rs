//! The 2.x/3.x rate limiters (N6).
//!
//! The service allows 2,500 calls an hour per account. The later versions create a rate
//! limiter inside each call, so no two calls ever share one and the limit is never reached.
//! Their async limiter, even when shared, reads its counter, compares it with the limit and
//! writes the incremented value back as separate steps with no lock: two callers can both
//! read the last free slot and both pass.

use std::fmt;

use ffiec_core::sync::Backend;

use super::attr::Attr;
use crate::trace::{Action, Trace};

/// The async limiter: a call counter and a limit, no lock.
pub struct CheckThenActLimiter<B: Backend> {
    calls: Attr<B, u32>,
    limit: u32,
    trace: Trace,
}

impl<B: Backend> CheckThenActLimiter<B> {
    /// A limiter that lets `limit` calls through per window.
    pub fn new(limit: u32, trace: &Trace) -> Self {
        CheckThenActLimiter {
            calls: Attr::new("calls_in_window", 0, trace),
            limit,
            trace: trace.clone(),
        }
    }

    /// `acquire()`: read the counter; if below the limit, write it back plus one and pass.
    /// An `await` may fall between the read and the write.
    pub fn try_acquire(&self) -> bool {
        let calls = self.calls.get();
        if calls >= self.limit {
            self.trace.record(
                Action::Check,
                "calls_in_window",
                format!("{calls} >= limit, wait"),
            );
            return false;
        }
        self.trace.record(
            Action::Check,
            "calls_in_window",
            format!("{calls} < {}, pass", self.limit),
        );

        self.calls.set(calls + 1);
        true
    }

    /// The limit it was built with.
    pub fn limit(&self) -> u32 {
        self.limit
    }
}

impl<B: Backend> fmt::Debug for CheckThenActLimiter<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CheckThenActLimiter")
            .field("limit", &self.limit)
            .finish_non_exhaustive()
    }
}

/// How many of `calls` sequential calls pass when each call builds its own limiter with
/// `limit`, as the 2.x/3.x data calls do. With a shared limiter it would be
/// `min(calls, limit)`; per call it is always `calls`.
pub fn calls_admitted_with_per_call_limiters<B: Backend>(calls: u32, limit: u32) -> u32 {
    let trace = Trace::off();
    (0..calls)
        .filter(|_| {
            // `limiter = RateLimiter(...)` inside the call: a fresh counter every time.
            let limiter = CheckThenActLimiter::<B>::new(limit, &trace);
            limiter.try_acquire()
        })
        .count() as u32
}
