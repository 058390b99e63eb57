//! Per-user call quotas over fixed windows of the mock clock.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use jiff::Timestamp;

/// A refused call: the quota of the current window is spent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuotaExceeded {
    /// Whole seconds until the current window ends and the quota refills.
    pub wait_seconds: u64,
}

/// Counts calls per user in fixed windows aligned to the Unix epoch, so a
/// one-hour window ends at the top of each hour, as on the real service.
#[derive(Debug)]
pub(crate) struct QuotaBook {
    limit: u32,
    window_seconds: u64,
    used: Mutex<HashMap<String, WindowUse>>,
}

#[derive(Debug, Clone, Copy)]
struct WindowUse {
    window: i64,
    calls: u32,
}

impl QuotaBook {
    pub(crate) fn new(limit: u32, window_seconds: u64) -> Self {
        Self {
            limit,
            window_seconds: window_seconds.max(1),
            used: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one call of `user` at `now`, or refuses it with the wait to
    /// the end of the window. The check and the count happen under one lock.
    pub(crate) fn charge(&self, user: &str, now: Timestamp) -> Result<(), QuotaExceeded> {
        let window = self.window_of(now);
        let mut used = self.used.lock().unwrap_or_else(PoisonError::into_inner);
        let entry = used
            .entry(user.to_owned())
            .or_insert(WindowUse { window, calls: 0 });
        if entry.window != window {
            *entry = WindowUse { window, calls: 0 };
        }

        if entry.calls >= self.limit {
            return Err(self.exceeded(now));
        }
        entry.calls += 1;
        Ok(())
    }

    /// The refusal a call at `now` gets when the quota is spent.
    pub(crate) fn exceeded(&self, now: Timestamp) -> QuotaExceeded {
        let window_seconds = self.window_seconds_i64();
        let next_window_start = (self.window_of(now) + 1) * window_seconds;
        let wait = next_window_start.saturating_sub(now.as_second()).max(1);
        QuotaExceeded {
            wait_seconds: u64::try_from(wait).unwrap_or(1),
        }
    }

    /// Calls `user` has made in the window that contains `now`.
    pub(crate) fn used(&self, user: &str, now: Timestamp) -> u32 {
        let window = self.window_of(now);
        let used = self.used.lock().unwrap_or_else(PoisonError::into_inner);
        used.get(user)
            .filter(|entry| entry.window == window)
            .map_or(0, |entry| entry.calls)
    }

    /// Forgets every count.
    pub(crate) fn reset(&self) {
        self.used
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    fn window_of(&self, now: Timestamp) -> i64 {
        now.as_second().div_euclid(self.window_seconds_i64())
    }

    fn window_seconds_i64(&self) -> i64 {
        i64::try_from(self.window_seconds).unwrap_or(i64::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> Timestamp {
        Timestamp::from_second(seconds).unwrap()
    }

    #[test]
    fn refuses_the_call_after_the_limit_until_the_window_ends() {
        let book = QuotaBook::new(2, 3600);
        let top_of_an_hour = 495_000 * 3600;
        let start = top_of_an_hour + 60;
        assert!(book.charge("u", at(start)).is_ok());
        assert!(book.charge("u", at(start + 1)).is_ok());
        assert_eq!(
            book.charge("u", at(start + 2)),
            Err(QuotaExceeded {
                wait_seconds: 3600 - 62
            })
        );

        assert!(
            book.charge("other", at(start + 2)).is_ok(),
            "quotas are per user"
        );
        assert!(
            book.charge("u", at(start + 3540)).is_ok(),
            "a new window refills the quota"
        );
        assert_eq!(book.used("u", at(start + 3540)), 1);
    }
}
