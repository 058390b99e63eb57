//! The mock's clock: real time, or a time the test controls.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};

/// The clock behind quota windows, token expiry and journal times.
///
/// Cloning shares the clock: advancing one clone advances every clone and the
/// server that holds it. [`MockClock::system`] follows real time plus any
/// offset added with [`advance`](Self::advance); [`MockClock::frozen`] stands
/// still until advanced, so a test can cross a quota window without waiting.
///
/// ```
/// use std::time::Duration;
/// use ffiec_mock::MockClock;
///
/// let clock = MockClock::frozen("2026-07-01T12:00:00Z".parse()?);
/// clock.advance(Duration::from_secs(90));
/// assert_eq!(clock.now().to_string(), "2026-07-01T12:01:30Z");
/// # Ok::<(), jiff::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct MockClock {
    state: Arc<Mutex<ClockState>>,
}

#[derive(Debug)]
struct ClockState {
    /// `Some` for a frozen clock: the time it shows before the offset.
    frozen_at: Option<Timestamp>,
    /// Added to the base time by `advance`.
    offset: SignedDuration,
}

impl MockClock {
    /// A clock that follows the system's real time.
    pub fn system() -> Self {
        Self::with_state(ClockState {
            frozen_at: None,
            offset: SignedDuration::ZERO,
        })
    }

    /// A clock that shows `at` until it is advanced.
    pub fn frozen(at: Timestamp) -> Self {
        Self::with_state(ClockState {
            frozen_at: Some(at),
            offset: SignedDuration::ZERO,
        })
    }

    fn with_state(state: ClockState) -> Self {
        Self {
            state: Arc::new(Mutex::new(state)),
        }
    }

    /// The current time of this clock.
    pub fn now(&self) -> Timestamp {
        let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let base = state.frozen_at.unwrap_or_else(Timestamp::now);
        base.saturating_add(state.offset).unwrap_or(base)
    }

    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: Duration) {
        let by = SignedDuration::try_from(by).unwrap_or(SignedDuration::MAX);
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.offset = state.offset.saturating_add(by);
    }

    /// Sets a frozen clock to `at` (and clears the offset); a system clock
    /// becomes frozen at `at`.
    pub fn set(&self, at: Timestamp) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.frozen_at = Some(at);
        state.offset = SignedDuration::ZERO;
    }
}

impl Default for MockClock {
    /// The system clock.
    fn default() -> Self {
        Self::system()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frozen_clock_moves_only_when_advanced() {
        let start: Timestamp = "2026-07-01T00:00:00Z".parse().unwrap();
        let clock = MockClock::frozen(start);
        assert_eq!(clock.now(), start);

        clock.clone().advance(Duration::from_secs(3600));
        assert_eq!(clock.now().as_second(), start.as_second() + 3600);
    }

    #[test]
    fn system_clock_keeps_its_offset() {
        let clock = MockClock::system();
        clock.advance(Duration::from_secs(86_400));
        let ahead = clock.now().as_second() - Timestamp::now().as_second();
        assert!((86_399..=86_401).contains(&ahead), "offset was {ahead} s");
    }
}
