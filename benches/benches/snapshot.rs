//! The cost of the two shared pieces every call touches: the session
//! snapshot and the account's rate limiter.
//!
//! - `session_cell`: `SessionCell::load` alone, and while another thread
//!   publishes whole new credential values without pause, against a plain
//!   `Arc::clone` (what a lock-free design would pay at best).
//! - `rate_limiter`: `reserve` and `try_acquire` from 1, 2, 4 and 8 threads
//!   at once, under a policy that never throttles, so the figures are the
//!   cost of the shared critical section, not of waiting.

use std::convert::Infallible;
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use ffiec_benches::ids::snapshot::{
    ARC_CLONE, DURING_ROTATION, LOAD, RATE_LIMITER_GROUP, RESERVE, SESSION_CELL_GROUP, THREADS,
    TRY_ACQUIRE, UNCONTENDED, threads_parameter,
};
use ffiec_core::rate_limit::{RateLimiter, RatePolicy};
use ffiec_core::session_cell::SessionCell;

/// What a session holds that a rotation replaces: a credential pair and the
/// proxy, published together.
#[derive(Debug, Clone, PartialEq)]
struct Credentials {
    user: String,
    token: String,
    proxy: Option<String>,
    rotation: u64,
}

impl Credentials {
    fn rotation(rotation: u64) -> Self {
        Credentials {
            user: format!("user-{rotation}"),
            token: format!("token-of-user-{rotation}"),
            proxy: Some("http://proxy.example:3128".to_owned()),
            rotation,
        }
    }

    /// True when user and token belong to the same rotation.
    fn is_whole(&self) -> bool {
        self.token == format!("token-of-{}", self.user)
    }
}

fn session_cell(c: &mut Criterion) {
    let mut group = c.benchmark_group(SESSION_CELL_GROUP);
    group
        .sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));

    let cell: SessionCell<Credentials> = SessionCell::new(Credentials::rotation(0));
    assert_eq!(*cell.load(), Credentials::rotation(0));
    group.bench_function(BenchmarkId::new(LOAD, UNCONTENDED), |b| {
        b.iter(|| cell.load())
    });

    let plain = Arc::new(Credentials::rotation(0));
    group.bench_function(BenchmarkId::new(ARC_CLONE, UNCONTENDED), |b| {
        b.iter(|| Arc::clone(black_box(&plain)))
    });

    let rotating = Rotation::start();
    let before = rotating.cell.generation();
    group.bench_function(BenchmarkId::new(LOAD, DURING_ROTATION), |b| {
        b.iter(|| rotating.cell.load())
    });
    let rotations = rotating.stop();
    assert!(
        rotations > before,
        "the rotation thread published nothing while loads were measured"
    );
    group.finish();
}

/// A cell and a thread that keeps publishing whole new values into it.
struct Rotation {
    cell: Arc<SessionCell<Credentials>>,
    stop: Arc<AtomicBool>,
    writer: thread::JoinHandle<()>,
}

impl Rotation {
    fn start() -> Rotation {
        let cell = Arc::new(SessionCell::new(Credentials::rotation(0)));
        let stop = Arc::new(AtomicBool::new(false));
        let writer = {
            let (cell, stop) = (Arc::clone(&cell), Arc::clone(&stop));
            thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    cell.update(|current| {
                        Ok::<_, Infallible>(Credentials::rotation(current.rotation + 1))
                    })
                    .expect("a rotation cannot fail");
                }
            })
        };

        // Before anything is timed: the writer runs and readers see whole
        // values only.
        while cell.generation() < 100 {
            thread::yield_now();
        }
        for _ in 0..10_000 {
            let snapshot = cell.load();
            assert!(snapshot.is_whole(), "torn value loaded: {snapshot:?}");
        }
        Rotation { cell, stop, writer }
    }

    /// Stops the writer and returns how many values were published.
    fn stop(self) -> u64 {
        self.stop.store(true, Ordering::Relaxed);
        self.writer.join().expect("the rotation thread panicked");
        self.cell.generation()
    }
}

fn rate_limiter(c: &mut Criterion) {
    let mut group = c.benchmark_group(RATE_LIMITER_GROUP);
    group
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));

    for threads in THREADS {
        group.throughput(Throughput::Elements(threads as u64));
        let parameter = threads_parameter(threads);

        group.bench_function(BenchmarkId::new(RESERVE, &parameter), |b| {
            b.iter_custom(|rounds| {
                let limiter = never_throttling_limiter();
                let (elapsed, throttled) =
                    run_rounds(threads, rounds, || !limiter.reserve().is_zero());
                assert_eq!(throttled, 0, "reserve asked callers to wait");
                elapsed
            })
        });

        group.bench_function(BenchmarkId::new(TRY_ACQUIRE, &parameter), |b| {
            b.iter_custom(|rounds| {
                let limiter = never_throttling_limiter();
                let (elapsed, throttled) =
                    run_rounds(threads, rounds, || limiter.try_acquire().is_err());
                assert_eq!(throttled, 0, "try_acquire refused a call");
                elapsed
            })
        });
    }
    group.finish();
}

/// A million calls per millisecond: far more than any thread here can make,
/// so no call waits, yet every call goes through the whole booking path
/// (forgetting old bookings, finding the slot, booking it).
fn never_throttling_limiter() -> RateLimiter {
    let policy = RatePolicy::new(1_000_000, Duration::from_millis(1)).expect("a valid policy");
    RateLimiter::new(policy)
}

/// Runs `rounds` calls of `call` on each of `threads` threads, all started
/// together; returns the time from the start to the last thread's end and
/// how many calls `call` reported as throttled.
fn run_rounds(threads: usize, rounds: u64, call: impl Fn() -> bool + Sync) -> (Duration, u64) {
    let start_line = Barrier::new(threads + 1);
    thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    start_line.wait();
                    (0..rounds).filter(|_| call()).count() as u64
                })
            })
            .collect();

        start_line.wait();
        let started = Instant::now();
        let throttled = workers
            .into_iter()
            .map(|worker| worker.join().expect("a limiter thread panicked"))
            .sum();
        (started.elapsed(), throttled)
    })
}

criterion_group!(benches, session_cell, rate_limiter);
criterion_main!(benches);
