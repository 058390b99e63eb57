#![cfg(feature = "loom")]
//! Loom models of the shipping [`RateLimiter`], run with the loom backend.
//!
//! N6 is a limiter that checks the budget in one step and spends it in
//! another, so two callers can both take the last slot. These models let
//! three callers race for a budget of two calls per window on a clock that
//! stands still, so each granted slot's time is known exactly: the time a
//! caller was told to wait (the clock reads zero throughout).
//!
//! Run with `cargo test -p ffiec-core --features loom --release`. No model
//! sets a preemption bound: each is small enough to explore exhaustively.

use std::time::Duration;

use ffiec_core::clock::{Clock, ManualClock};
use ffiec_core::rate_limit::{RateLimiter, RateLimiterRegistry, RatePolicy};
use ffiec_core::sync::LoomBackend;
use loom::sync::Arc;
use loom::thread;

const WINDOW: Duration = Duration::from_secs(60);

type Limiter = RateLimiter<LoomBackend>;

/// A limiter of two calls per [`WINDOW`] on a manual clock at zero.
fn two_per_window() -> (Arc<Limiter>, std::sync::Arc<ManualClock<LoomBackend>>) {
    let clock = std::sync::Arc::new(ManualClock::<LoomBackend>::new());
    let policy = RatePolicy::new(2, WINDOW).unwrap();
    let limiter = Limiter::with_clock(policy, clock.clone());
    (Arc::new(limiter), clock)
}

/// Runs `call` on three threads at once and returns their results.
fn three_callers<T: Send + 'static>(limiter: &Arc<Limiter>, call: fn(&Limiter) -> T) -> Vec<T> {
    let callers: Vec<_> = (0..3)
        .map(|_| {
            let limiter = Arc::clone(limiter);
            thread::spawn(move || call(&limiter))
        })
        .collect();
    callers
        .into_iter()
        .map(|caller| caller.join().unwrap())
        .collect()
}

/// Fails if any window `[t, t + WINDOW)` holds more than two of `slots`.
fn assert_at_most_two_per_window(mut slots: Vec<Duration>) {
    slots.sort_unstable();
    for three in slots.windows(3) {
        assert!(
            three[2] - three[0] >= WINDOW,
            "three calls granted within one window: {slots:?}"
        );
    }
}

/// N6: three callers reserve at once. The window at zero holds exactly
/// two of them and the third is booked one window later.
#[test]
fn n6_reserve_hardened_holds() {
    loom::model(|| {
        let (limiter, clock) = two_per_window();

        let waits = three_callers(&limiter, Limiter::reserve);

        assert_eq!(clock.now(), Duration::ZERO, "the clock stood still");
        assert_at_most_two_per_window(waits.clone());
        let mut slots = waits;
        slots.sort_unstable();
        assert_eq!(slots, [Duration::ZERO, Duration::ZERO, WINDOW]);
    });
}

/// N6: three callers try to acquire at once. Exactly two are let through;
/// the third is refused, told to wait one window, and books nothing.
#[test]
fn n6_try_acquire_hardened_holds() {
    loom::model(|| {
        let (limiter, clock) = two_per_window();

        let outcomes = three_callers(&limiter, Limiter::try_acquire);

        let granted = outcomes.iter().filter(|outcome| outcome.is_ok()).count();
        assert_eq!(granted, 2, "outcomes: {outcomes:?}");
        assert!(outcomes.contains(&Err(WINDOW)), "outcomes: {outcomes:?}");

        // The refusal booked nothing: one window later, two calls fit again.
        clock.advance(WINDOW);
        assert_eq!(limiter.try_acquire(), Ok(()));
        assert_eq!(limiter.try_acquire(), Ok(()));
        assert_eq!(limiter.try_acquire(), Err(WINDOW));
    });
}

/// N6: one caller reserves while two try to acquire. Whatever the order,
/// exactly two calls are granted at zero, and a reservation that finds the
/// window full is booked one window later.
#[test]
fn n6_reserve_and_try_acquire_mixed_hardened_holds() {
    loom::model(|| {
        let (limiter, _clock) = two_per_window();

        let reserving = {
            let limiter = Arc::clone(&limiter);
            thread::spawn(move || limiter.reserve())
        };
        let trying: Vec<_> = (0..2)
            .map(|_| {
                let limiter = Arc::clone(&limiter);
                thread::spawn(move || limiter.try_acquire())
            })
            .collect();

        let reserved_wait = reserving.join().unwrap();
        let tried: Vec<_> = trying.into_iter().map(|t| t.join().unwrap()).collect();

        let mut slots = vec![reserved_wait];
        slots.extend(tried.iter().filter(|t| t.is_ok()).map(|_| Duration::ZERO));
        assert_at_most_two_per_window(slots.clone());

        let granted_now = slots.iter().filter(|slot| slot.is_zero()).count();
        assert_eq!(
            granted_now, 2,
            "reserve: {reserved_wait:?}, tried: {tried:?}"
        );
        assert!(
            reserved_wait == Duration::ZERO || reserved_wait == WINDOW,
            "reserve waited {reserved_wait:?}"
        );
    });
}

/// Principle 6: clients of one account that start at the same time share
/// one limiter, never two.
#[test]
fn registry_one_limiter_per_account_hardened_holds() {
    loom::model(|| {
        let registry = Arc::new(RateLimiterRegistry::<LoomBackend>::with_clock(
            RatePolicy::new(2, WINDOW).unwrap(),
            std::sync::Arc::new(ManualClock::<LoomBackend>::new()),
        ));

        let clients: Vec<_> = (0..2)
            .map(|_| {
                let registry = Arc::clone(&registry);
                thread::spawn(move || registry.for_account("alice"))
            })
            .collect();
        let limiters: Vec<_> = clients.into_iter().map(|c| c.join().unwrap()).collect();

        assert!(std::sync::Arc::ptr_eq(&limiters[0], &limiters[1]));
    });
}
