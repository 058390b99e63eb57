//! The account's call quota, enforced on the client side.
//!
//! FFIEC allows each account a fixed number of calls per hour (2,500 at the
//! time of writing) and answers with a quota error after that. The 2.x and
//! 3.x Python clients gave each call its own limiter and checked the budget
//! in one step and spent it in another, without a lock, so the limit was not
//! enforced at all (N6). Here:
//!
//! - one [`RateLimiter`] serves an account, held in an `Arc` by every clone of
//!   every client of that account ([`RateLimiterRegistry`] hands it out);
//! - the check and the reservation happen in one critical section, so two
//!   callers can never both take the last slot.
//!
//! The limiter keeps a ring of the last `calls` reservation times. A new
//! call is booked no earlier than `per` after the call `calls` places before
//! it, so every window of length `per` (fixed hourly windows as well as
//! sliding ones) holds at most `calls` calls.
//!
//! ```
//! use std::sync::Arc;
//! use std::time::Duration;
//! use ffiec_core::clock::ManualClock;
//! use ffiec_core::rate_limit::{RateLimiter, RatePolicy};
//!
//! let clock: Arc<ManualClock> = Arc::new(ManualClock::new());
//! let policy = RatePolicy::new(2, Duration::from_secs(60))?;
//! let limiter: RateLimiter = RateLimiter::with_clock(policy, clock.clone());
//!
//! assert_eq!(limiter.reserve(), Duration::ZERO);
//! assert_eq!(limiter.try_acquire(), Ok(()));
//! // The window is full: the third call may go a minute after the first.
//! assert_eq!(limiter.try_acquire(), Err(Duration::from_secs(60)));
//!
//! clock.advance(Duration::from_secs(60));
//! assert_eq!(limiter.try_acquire(), Ok(()));
//! # Ok::<(), ffiec_core::Error>(())
//! ```

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use crate::clock::{Clock, MonotonicClock};
use crate::sync::{Backend, Mutex, StdBackend};
use crate::{Error, Result};

/// How many calls FFIEC allows one account per hour.
pub const FFIEC_CALLS_PER_HOUR: u32 = 2_500;

/// [`FFIEC_CALLS_PER_HOUR`], checked non-zero when the crate compiles.
const FFIEC_QUOTA: NonZeroU32 =
    NonZeroU32::new(FFIEC_CALLS_PER_HOUR).expect("the quota is not zero");

/// What a [`RateLimiter`] enforces: at most `calls` calls in any window of
/// length `per`, and optionally a minimum spacing between two calls.
///
/// The default is FFIEC's quota: 2,500 calls per hour, no spacing.
///
/// ```
/// use std::time::Duration;
/// use ffiec_core::rate_limit::RatePolicy;
///
/// // 2,500 an hour, but never more than one call every 1.44 s.
/// let policy = RatePolicy::default().with_min_spacing(Duration::from_millis(1_440));
/// assert_eq!(policy.calls(), 2_500);
/// assert_eq!(policy.per(), Duration::from_secs(3_600));
/// assert_eq!(policy.min_spacing(), Some(Duration::from_millis(1_440)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RatePolicy {
    calls: NonZeroU32,
    per: Duration,
    min_spacing: Duration,
}

impl RatePolicy {
    /// At most `calls` calls in any window of length `per`, no spacing.
    ///
    /// # Errors
    ///
    /// A validation error naming the field if `calls` is zero or `per` is
    /// zero: such a policy could never let a call through.
    pub fn new(calls: u32, per: Duration) -> Result<Self> {
        let calls = NonZeroU32::new(calls)
            .ok_or_else(|| Error::validation("rate policy `calls`: must be at least 1, got 0"))?;

        if per.is_zero() {
            return Err(Error::validation(
                "rate policy `per`: the window must be longer than zero, got 0s",
            ));
        }

        Ok(RatePolicy {
            calls,
            per,
            min_spacing: Duration::ZERO,
        })
    }

    /// Also keeps at least `spacing` between the start of two calls.
    /// Default: no spacing. `Duration::ZERO` turns spacing off.
    #[must_use]
    pub fn with_min_spacing(mut self, spacing: Duration) -> Self {
        self.min_spacing = spacing;
        self
    }

    /// The most calls allowed in one window.
    pub fn calls(&self) -> u32 {
        self.calls.get()
    }

    /// The length of the window.
    pub fn per(&self) -> Duration {
        self.per
    }

    /// The minimum time between two calls, if any.
    pub fn min_spacing(&self) -> Option<Duration> {
        (!self.min_spacing.is_zero()).then_some(self.min_spacing)
    }
}

impl Default for RatePolicy {
    /// FFIEC's quota: 2,500 calls per hour, no spacing.
    fn default() -> Self {
        RatePolicy {
            calls: FFIEC_QUOTA,
            per: Duration::from_secs(3_600),
            min_spacing: Duration::ZERO,
        }
    }
}

/// The times, on the limiter's clock, of the bookings that can still
/// constrain a new call: oldest first, never more than the policy's `calls`.
#[derive(Debug, Default)]
struct Bookings {
    slots: VecDeque<Duration>,
}

impl Bookings {
    /// Forgets bookings a whole window older than `now`: no later call can
    /// share a window with them. The newest stays, since it carries the
    /// spacing. Keeps memory to one window's worth of bookings.
    fn forget_expired(&mut self, now: Duration, policy: &RatePolicy) {
        while self.slots.len() > 1
            && self
                .slots
                .front()
                .is_some_and(|&oldest| oldest.saturating_add(policy.per) <= now)
        {
            self.slots.pop_front();
        }
    }

    /// The earliest time at or after `now` that a new call may start.
    fn earliest_slot(&self, now: Duration, policy: &RatePolicy) -> Duration {
        let mut slot = now;

        // Slots are booked in time order; the newest also carries the spacing.
        if let Some(&newest) = self.slots.back() {
            slot = slot.max(newest.saturating_add(policy.min_spacing));
        }

        // A full ring: the window that starts at the oldest booking is full
        // until `per` after it.
        if self.slots.len() >= ring_capacity(policy)
            && let Some(&oldest) = self.slots.front()
        {
            slot = slot.max(oldest.saturating_add(policy.per));
        }

        slot
    }

    /// Records a call at `slot`, forgetting the booking that no longer
    /// constrains anything.
    fn book(&mut self, slot: Duration, policy: &RatePolicy) {
        if self.slots.len() >= ring_capacity(policy) {
            self.slots.pop_front();
        }
        self.slots.push_back(slot);
    }
}

fn ring_capacity(policy: &RatePolicy) -> usize {
    usize::try_from(policy.calls.get()).unwrap_or(usize::MAX)
}

/// Enforces one [`RatePolicy`] for every caller that shares it.
///
/// Share one limiter per account (`Arc<RateLimiter>`); a limiter per call or
/// per client clone enforces nothing (N6). Generic over the synchronisation
/// [`Backend`] so the loom proofs run this very code.
///
/// # Invariants
///
/// 1. **Check and book are one step.** Reading the clock, finding the
///    earliest allowed slot and booking it happen under one lock, so no two
///    callers are granted the same last place in a window.
/// 2. **The policy holds.** Among all granted slots (those booked by
///    [`reserve`](Self::reserve) or a successful
///    [`try_acquire`](Self::try_acquire)), any window `[t, t + per)` holds at
///    most `calls`, and two slots are at least `min_spacing` apart.
/// 3. **First come, first served.** Slots are granted in the order callers
///    take the lock, each no earlier than the one before.
///
/// A booked slot stays booked even if its caller never sends (for example
/// if an [`acquire`](Self::acquire) future is dropped while it sleeps): the
/// limiter may then be stricter than needed, never looser.
pub struct RateLimiter<B: Backend = StdBackend> {
    policy: RatePolicy,
    clock: Arc<dyn Clock>,
    bookings: B::Mutex<Bookings>,
}

impl<B: Backend> RateLimiter<B> {
    /// A limiter for `policy` on real, monotonic time.
    pub fn new(policy: RatePolicy) -> Self {
        Self::with_clock(policy, Arc::new(MonotonicClock::new()))
    }

    /// A limiter for `policy` that reads time from `clock`; tests pass a
    /// [`ManualClock`](crate::clock::ManualClock).
    pub fn with_clock(policy: RatePolicy, clock: Arc<dyn Clock>) -> Self {
        RateLimiter {
            policy,
            clock,
            bookings: Mutex::new(Bookings::default()),
        }
    }

    /// The policy this limiter enforces.
    pub fn policy(&self) -> &RatePolicy {
        &self.policy
    }

    /// Books the earliest slot the policy allows and returns how long the
    /// caller must wait before sending ([`Duration::ZERO`] to go now).
    ///
    /// The slot is the caller's: it must send once the wait is over, and no
    /// other caller will be given it.
    pub fn reserve(&self) -> Duration {
        let mut bookings = self.bookings.lock();
        let now = self.clock.now();
        bookings.forget_expired(now, &self.policy);

        let slot = bookings.earliest_slot(now, &self.policy);
        bookings.book(slot, &self.policy);

        slot.saturating_sub(now)
    }

    /// Books a slot only if the caller may send right now.
    ///
    /// # Errors
    ///
    /// If the policy does not allow a call now, books nothing and returns how
    /// long until the earliest slot (which another caller may take first).
    pub fn try_acquire(&self) -> Result<(), Duration> {
        let mut bookings = self.bookings.lock();
        let now = self.clock.now();
        bookings.forget_expired(now, &self.policy);

        let slot = bookings.earliest_slot(now, &self.policy);
        if slot > now {
            return Err(slot - now);
        }

        bookings.book(slot, &self.policy);
        Ok(())
    }

    /// Books the earliest allowed slot and sleeps until it comes.
    ///
    /// If the future is dropped before it completes, the slot stays booked.
    ///
    /// # Panics
    ///
    /// When it has to wait outside a tokio runtime whose time driver is
    /// enabled (as `tokio::time::sleep` does). A call that may go at once
    /// does not touch the runtime.
    pub async fn acquire(&self) {
        let wait = self.reserve();
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }
}

impl<B: Backend> fmt::Debug for RateLimiter<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RateLimiter")
            .field("policy", &self.policy)
            .field("clock", &self.clock)
            .finish_non_exhaustive()
    }
}

/// Hands out one shared [`RateLimiter`] per account, so every client of the
/// same account draws from the same quota.
///
/// All limiters of a registry enforce the same policy on the same clock.
/// Account names are compared exactly, as given.
///
/// ```
/// use std::sync::Arc;
/// use ffiec_core::rate_limit::{RateLimiterRegistry, RatePolicy};
///
/// let registry: RateLimiterRegistry = RateLimiterRegistry::new(RatePolicy::default());
/// let first = registry.for_account("alice");
/// let second = registry.for_account("alice");
/// assert!(Arc::ptr_eq(&first, &second));
/// assert!(!Arc::ptr_eq(&first, &registry.for_account("bob")));
/// ```
pub struct RateLimiterRegistry<B: Backend = StdBackend> {
    policy: RatePolicy,
    clock: Arc<dyn Clock>,
    limiters: B::Mutex<HashMap<String, Arc<RateLimiter<B>>>>,
}

impl<B: Backend> RateLimiterRegistry<B> {
    /// A registry whose limiters enforce `policy` on real, monotonic time.
    pub fn new(policy: RatePolicy) -> Self {
        Self::with_clock(policy, Arc::new(MonotonicClock::new()))
    }

    /// A registry whose limiters enforce `policy` on `clock`.
    pub fn with_clock(policy: RatePolicy, clock: Arc<dyn Clock>) -> Self {
        RateLimiterRegistry {
            policy,
            clock,
            limiters: Mutex::new(HashMap::new()),
        }
    }

    /// The limiter of `account`, created on first use and the same `Arc`
    /// on every later call.
    pub fn for_account(&self, account: &str) -> Arc<RateLimiter<B>> {
        let mut limiters = self.limiters.lock();

        if let Some(limiter) = limiters.get(account) {
            return Arc::clone(limiter);
        }

        let limiter = Arc::new(RateLimiter::with_clock(
            self.policy,
            Arc::clone(&self.clock),
        ));
        limiters.insert(account.to_owned(), Arc::clone(&limiter));
        limiter
    }
}

impl<B: Backend> fmt::Debug for RateLimiterRegistry<B> {
    /// Shows the policy and how many accounts have a limiter; not the
    /// account names.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let accounts = self.limiters.lock().len();
        f.debug_struct("RateLimiterRegistry")
            .field("policy", &self.policy)
            .field("accounts", &accounts)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use std::thread;

    use super::*;
    use crate::clock::ManualClock;

    const MINUTE: Duration = Duration::from_secs(60);

    fn limiter(policy: RatePolicy) -> (RateLimiter, Arc<ManualClock>) {
        let clock = Arc::new(ManualClock::new());
        (RateLimiter::with_clock(policy, clock.clone()), clock)
    }

    /// Fails if any window `[t, t + per)` holds more than `calls` of `slots`.
    fn assert_policy_holds(slots: &mut [Duration], policy: &RatePolicy) {
        slots.sort();
        let calls = ring_capacity(policy);
        for window in slots.windows(calls + 1) {
            let span = window[calls] - window[0];
            assert!(span >= policy.per(), "{} calls within {span:?}", calls + 1);
        }
        for pair in slots.windows(2) {
            assert!(pair[1] - pair[0] >= policy.min_spacing);
        }
    }

    /// One step of a caller sequence in the property test.
    #[derive(Debug, Clone)]
    enum Step {
        Advance(Duration),
        Reserve,
        TryAcquire,
    }

    fn step() -> impl proptest::strategy::Strategy<Value = Step> {
        use proptest::prelude::*;
        prop_oneof![
            (0_u64..90_000).prop_map(|ms| Step::Advance(Duration::from_millis(ms))),
            Just(Step::Reserve),
            Just(Step::TryAcquire),
        ]
    }

    proptest::proptest! {
        /// Whatever callers do and however time moves, the granted slots keep
        /// the policy, and a caller that may go now is never refused.
        #[test]
        fn granted_slots_always_keep_the_policy(
            calls in 1_u32..6,
            per_ms in 1_u64..120_000,
            spacing_ms in 0_u64..5_000,
            steps in proptest::collection::vec(step(), 1..80),
        ) {
            let policy = RatePolicy::new(calls, Duration::from_millis(per_ms))
                .unwrap()
                .with_min_spacing(Duration::from_millis(spacing_ms));
            let (limiter, clock) = limiter(policy);
            let mut granted = Vec::new();

            for step in steps {
                match step {
                    Step::Advance(by) => clock.advance(by),
                    Step::Reserve => granted.push(clock.now() + limiter.reserve()),
                    Step::TryAcquire => match limiter.try_acquire() {
                        Ok(()) => granted.push(clock.now()),
                        Err(wait) => proptest::prop_assert!(!wait.is_zero()),
                    },
                }
            }

            assert_policy_holds(&mut granted, &policy);
        }
    }

    #[test]
    fn policy_rejects_zero_calls_naming_the_field() {
        let error = RatePolicy::new(0, MINUTE).unwrap_err();

        assert!(error.is_validation());
        assert!(error.to_string().contains("`calls`"), "{error}");
    }

    #[test]
    fn policy_rejects_an_empty_window_naming_the_field() {
        let error = RatePolicy::new(5, Duration::ZERO).unwrap_err();

        assert!(error.is_validation());
        assert!(error.to_string().contains("`per`"), "{error}");
    }

    #[test]
    fn default_policy_is_ffiec_quota_without_spacing() {
        let policy = RatePolicy::default();

        assert_eq!(policy.calls(), 2_500);
        assert_eq!(policy.per(), Duration::from_secs(3_600));
        assert_eq!(policy.min_spacing(), None);
        assert_eq!(policy.with_min_spacing(Duration::ZERO).min_spacing(), None);
    }

    #[test]
    fn reserve_books_later_slots_once_the_window_is_full() {
        let (limiter, _clock) = limiter(RatePolicy::new(3, MINUTE).unwrap());

        let waits: Vec<Duration> = (0..7).map(|_| limiter.reserve()).collect();

        let zero = Duration::ZERO;
        assert_eq!(
            waits,
            [zero, zero, zero, MINUTE, MINUTE, MINUTE, 2 * MINUTE]
        );
    }

    #[test]
    fn reserve_counts_waits_from_the_current_time() {
        let (limiter, clock) = limiter(RatePolicy::new(1, MINUTE).unwrap());

        assert_eq!(limiter.reserve(), Duration::ZERO);
        clock.advance(Duration::from_secs(45));

        assert_eq!(limiter.reserve(), Duration::from_secs(15));
        assert_eq!(limiter.reserve(), Duration::from_secs(75));
    }

    #[test]
    fn min_spacing_separates_every_pair_of_calls() {
        let spacing = Duration::from_millis(1_440);
        let policy = RatePolicy::new(100, MINUTE)
            .unwrap()
            .with_min_spacing(spacing);
        let (limiter, clock) = limiter(policy);

        assert_eq!(limiter.reserve(), Duration::ZERO);
        assert_eq!(limiter.reserve(), spacing);
        assert_eq!(limiter.try_acquire(), Err(2 * spacing));

        clock.advance(Duration::from_secs(10));
        assert_eq!(limiter.try_acquire(), Ok(()));
    }

    #[test]
    fn try_acquire_books_nothing_when_refused() {
        let (limiter, clock) = limiter(RatePolicy::new(2, MINUTE).unwrap());
        assert_eq!(limiter.try_acquire(), Ok(()));
        clock.advance(Duration::from_secs(20));
        assert_eq!(limiter.try_acquire(), Ok(()));

        assert_eq!(limiter.try_acquire(), Err(Duration::from_secs(40)));
        assert_eq!(limiter.try_acquire(), Err(Duration::from_secs(40)));

        clock.advance(Duration::from_secs(40));
        assert_eq!(limiter.try_acquire(), Ok(()));
        assert_eq!(limiter.try_acquire(), Err(Duration::from_secs(20)));
    }

    #[test]
    fn try_acquire_respects_slots_booked_ahead_by_reserve() {
        let (limiter, clock) = limiter(RatePolicy::new(1, MINUTE).unwrap());
        limiter.reserve();
        limiter.reserve(); // booked for one minute from now

        clock.advance(MINUTE);
        assert_eq!(limiter.try_acquire(), Err(MINUTE));
    }

    #[test]
    fn idle_time_frees_the_whole_window() {
        let (limiter, clock) = limiter(RatePolicy::new(3, MINUTE).unwrap());
        for _ in 0..3 {
            assert_eq!(limiter.try_acquire(), Ok(()));
        }

        clock.advance(Duration::from_secs(3_600));

        for _ in 0..3 {
            assert_eq!(limiter.try_acquire(), Ok(()));
        }
        assert!(limiter.try_acquire().is_err());
    }

    #[test]
    fn bookings_a_window_old_are_forgotten() {
        let policy = RatePolicy::new(1_000, MINUTE).unwrap();
        let (limiter, clock) = limiter(policy);
        for _ in 0..10 {
            assert_eq!(limiter.try_acquire(), Ok(()));
        }

        clock.advance(MINUTE);
        assert_eq!(limiter.try_acquire(), Ok(()));

        // Nine of the ten are gone; the newest stays for the spacing rule.
        let kept = Mutex::lock(&limiter.bookings).slots.clone();
        assert_eq!(kept, [Duration::ZERO, MINUTE]);
    }

    #[test]
    fn the_newest_booking_is_kept_for_a_spacing_longer_than_the_window() {
        let spacing = 2 * MINUTE;
        let policy = RatePolicy::new(5, MINUTE)
            .unwrap()
            .with_min_spacing(spacing);
        let (limiter, clock) = limiter(policy);
        assert_eq!(limiter.try_acquire(), Ok(()));

        clock.advance(MINUTE);

        assert_eq!(limiter.try_acquire(), Err(MINUTE));
    }

    #[test]
    fn threads_sharing_a_limiter_never_overfill_a_window() {
        const THREADS: usize = 4;
        const CALLS_PER_THREAD: usize = 50;
        let policy = RatePolicy::new(7, MINUTE).unwrap();
        let (limiter, clock) = limiter(policy);

        let mut slots: Vec<Duration> = thread::scope(|scope| {
            let workers: Vec<_> = (0..THREADS)
                .map(|_| {
                    scope.spawn(|| {
                        (0..CALLS_PER_THREAD)
                            .map(|_| {
                                // The clock stands still, so `now` is known.
                                clock.now() + limiter.reserve()
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|worker| worker.join().unwrap())
                .collect()
        });

        assert_eq!(slots.len(), THREADS * CALLS_PER_THREAD);
        assert_policy_holds(&mut slots, &policy);
        let last = *slots.last().unwrap();
        assert_eq!(last, MINUTE * ((THREADS * CALLS_PER_THREAD - 1) / 7) as u32);
    }

    #[test]
    fn threads_racing_try_acquire_get_exactly_the_quota() {
        let policy = RatePolicy::new(5, MINUTE).unwrap();
        let (limiter, _clock) = limiter(policy);

        let granted: usize = thread::scope(|scope| {
            let workers: Vec<_> = (0..8)
                .map(|_| scope.spawn(|| (0..4).filter(|_| limiter.try_acquire().is_ok()).count()))
                .collect();
            workers
                .into_iter()
                .map(|worker| worker.join().unwrap())
                .sum()
        });

        assert_eq!(granted, 5);
    }

    #[tokio::test]
    async fn acquire_books_a_slot() {
        let (limiter, _clock) = limiter(RatePolicy::new(1, MINUTE).unwrap());

        limiter.acquire().await;

        assert_eq!(limiter.try_acquire(), Err(MINUTE));
    }

    #[tokio::test]
    async fn acquire_sleeps_out_a_wait_then_returns() {
        let spacing = Duration::from_millis(5);
        let policy = RatePolicy::new(10, MINUTE)
            .unwrap()
            .with_min_spacing(spacing);
        let (limiter, _clock) = limiter(policy);
        limiter.acquire().await;

        limiter.acquire().await;

        assert_eq!(limiter.try_acquire(), Err(2 * spacing));
    }

    #[test]
    fn registry_shares_one_limiter_per_account() {
        let clock: Arc<ManualClock> = Arc::new(ManualClock::new());
        let registry: RateLimiterRegistry =
            RateLimiterRegistry::with_clock(RatePolicy::new(1, MINUTE).unwrap(), clock);

        assert_eq!(registry.for_account("alice").try_acquire(), Ok(()));

        assert_eq!(registry.for_account("alice").try_acquire(), Err(MINUTE));
        assert_eq!(registry.for_account("bob").try_acquire(), Ok(()));
    }

    #[test]
    fn registry_hands_racing_threads_the_same_limiter() {
        let registry: RateLimiterRegistry = RateLimiterRegistry::new(RatePolicy::default());

        let limiters: Vec<Arc<RateLimiter>> = thread::scope(|scope| {
            let workers: Vec<_> = (0..4)
                .map(|_| scope.spawn(|| registry.for_account("alice")))
                .collect();
            workers
                .into_iter()
                .map(|worker| worker.join().unwrap())
                .collect()
        });

        for limiter in &limiters[1..] {
            assert!(Arc::ptr_eq(&limiters[0], limiter));
        }
    }

    #[test]
    fn registry_debug_does_not_list_account_names() {
        let registry: RateLimiterRegistry = RateLimiterRegistry::new(RatePolicy::default());
        registry.for_account("alice");

        let shown = format!("{registry:?}");

        assert!(shown.contains("accounts: 1"), "{shown}");
        assert!(!shown.contains("alice"), "{shown}");
    }
}
