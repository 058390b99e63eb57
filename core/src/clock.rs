//! The time source of the rate limiter, pluggable so tests control time.
//!
//! A [`Clock`] answers one question: how much time has passed since some
//! fixed, arbitrary epoch. Only differences between its readings mean
//! anything, and a clock never goes backwards.
//!
//! - [`MonotonicClock`] reads [`std::time::Instant`]; it is what a client uses.
//! - [`ManualClock`] only moves when a test calls [`ManualClock::advance`],
//!   so a test (or a loom model) can reason about exact instants.
//!
//! ```
//! use std::time::Duration;
//! use ffiec_core::clock::{Clock, ManualClock};
//!
//! let clock: ManualClock = ManualClock::new();
//! assert_eq!(clock.now(), Duration::ZERO);
//! clock.advance(Duration::from_secs(90));
//! assert_eq!(clock.now(), Duration::from_secs(90));
//! ```

use std::fmt;
use std::time::{Duration, Instant};

use crate::sync::{Backend, Mutex, StdBackend};

/// A source of monotonic time, measured from an arbitrary epoch.
///
/// Implementations must never return a smaller value than an earlier call
/// returned: the rate limiter books slots in the order of its readings.
pub trait Clock: fmt::Debug + Send + Sync {
    /// The time elapsed since this clock's epoch.
    fn now(&self) -> Duration;
}

/// Real, monotonic time: the epoch is the moment the clock was created.
///
/// ```
/// use ffiec_core::clock::{Clock, MonotonicClock};
///
/// let clock = MonotonicClock::new();
/// let earlier = clock.now();
/// assert!(clock.now() >= earlier);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct MonotonicClock {
    epoch: Instant,
}

impl MonotonicClock {
    /// A clock whose epoch is now.
    pub fn new() -> Self {
        MonotonicClock {
            epoch: Instant::now(),
        }
    }
}

impl Default for MonotonicClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for MonotonicClock {
    fn now(&self) -> Duration {
        self.epoch.elapsed()
    }
}

/// A clock that stands still until it is advanced by hand; for tests.
///
/// It is generic over the synchronisation [`Backend`] so that, under loom,
/// reading and advancing it are scheduling points the model checker explores.
pub struct ManualClock<B: Backend = StdBackend> {
    now: B::Mutex<Duration>,
}

impl<B: Backend> ManualClock<B> {
    /// A clock that reads [`Duration::ZERO`] until advanced.
    pub fn new() -> Self {
        Self::starting_at(Duration::ZERO)
    }

    /// A clock that reads `start` until advanced.
    pub fn starting_at(start: Duration) -> Self {
        ManualClock {
            now: Mutex::new(start),
        }
    }

    /// Moves the clock forward by `by`. Saturates at [`Duration::MAX`]
    /// rather than wrapping, so the clock can never go backwards.
    pub fn advance(&self, by: Duration) {
        let mut now = self.now.lock();
        *now = now.saturating_add(by);
    }
}

impl<B: Backend> Default for ManualClock<B> {
    fn default() -> Self {
        Self::new()
    }
}

impl<B: Backend> Clock for ManualClock<B> {
    fn now(&self) -> Duration {
        *self.now.lock()
    }
}

impl<B: Backend> fmt::Debug for ManualClock<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ManualClock")
            .field("now", &self.now())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_moves_only_when_advanced() {
        let clock: ManualClock = ManualClock::starting_at(Duration::from_secs(5));
        assert_eq!(clock.now(), Duration::from_secs(5));
        assert_eq!(clock.now(), Duration::from_secs(5));

        clock.advance(Duration::from_millis(250));
        assert_eq!(clock.now(), Duration::from_millis(5_250));
    }

    #[test]
    fn manual_clock_saturates_instead_of_wrapping() {
        let clock: ManualClock = ManualClock::starting_at(Duration::MAX - Duration::from_secs(1));
        clock.advance(Duration::from_secs(10));
        assert_eq!(clock.now(), Duration::MAX);
    }

    #[test]
    fn manual_clock_debug_shows_its_reading() {
        let clock: ManualClock = ManualClock::starting_at(Duration::from_secs(2));
        assert_eq!(format!("{clock:?}"), "ManualClock { now: 2s }");
    }

    #[test]
    fn monotonic_clock_never_goes_backwards() {
        let clock = MonotonicClock::new();
        let mut previous = clock.now();
        for _ in 0..1_000 {
            let reading = clock.now();
            assert!(reading >= previous, "{reading:?} < {previous:?}");
            previous = reading;
        }
    }
}
