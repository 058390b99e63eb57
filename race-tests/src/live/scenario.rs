//! The threads of a stress run, the same for every client design.
//!
//! Rotators set account A, B, A, ... through the design's own way of changing credentials;
//! switchers move the proxy between P and Q the same way; requesters issue a bounded number
//! of requests each and record what happened. Everyone starts together at a barrier; the
//! updaters stop when the requesters are done, at their own bound, or at the deadline.
//!
//! Two rules keep the run a real race on a small machine whatever a design's update costs:
//! a requester sends its next request only once some update was attempted after its
//! previous one (a hardened update builds an HTTP client, thousands of times slower than a
//! legacy assignment), and a writer whose update took long yields before it updates again
//! (so writers that queue on one lock all get their turn).

use std::sync::Barrier;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use super::plan::StressPlan;
use super::record::{LocalRecord, StressCall};
use super::world::{Account, ProxyRoute};

/// How often a requester looks whether a fresh update has been attempted.
const UPDATE_POLL: Duration = Duration::from_micros(200);

/// An update that takes this long is followed by a yield (see [`updater`]).
const LONG_UPDATE: Duration = Duration::from_millis(1);

/// A client design under stress: how it changes credentials and proxy, and how it sends one
/// request.
pub trait StressTarget: Sync {
    /// Makes `account` the credentials of the next requests, the way this design does it.
    ///
    /// # Errors
    ///
    /// Why the update was refused; the run counts it.
    fn use_account(&self, account: &Account) -> Result<(), String>;

    /// Makes `route` the proxy of the next requests, the way this design does it.
    ///
    /// # Errors
    ///
    /// Why the update was refused; the run counts it.
    fn use_route(&self, route: &ProxyRoute) -> Result<(), String>;

    /// Sends request `index` of requester `thread`, calling `call`, and records it.
    fn request(&self, thread: usize, index: usize, call: StressCall) -> LocalRecord;
}

/// What the threads of a run did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioRun {
    /// One record per request, in no particular order.
    pub records: Vec<LocalRecord>,
    /// Whole updates made (credentials and proxy).
    pub updates: u64,
    /// Updates the design refused.
    pub update_failures: u64,
    /// Whether the deadline stopped the run before every request was sent.
    pub stopped_at_deadline: bool,
    /// Wall time from starting the threads to the end of the last one.
    pub elapsed: Duration,
}

/// Runs `plan` against `target`, rotating between `accounts` and `routes` (each list starts
/// with the value the target already holds, so updates begin with the second).
///
/// # Panics
///
/// When `accounts` or `routes` is empty, or a thread of the run panicked.
pub fn run_scenario(
    plan: &StressPlan,
    target: &dyn StressTarget,
    accounts: &[Account],
    routes: &[ProxyRoute],
) -> ScenarioRun {
    assert!(
        !accounts.is_empty() && !routes.is_empty(),
        "nothing to rotate between"
    );

    let shared = Shared {
        barrier: Barrier::new(plan.threads()),
        requesters_left: AtomicUsize::new(plan.requesters),
        stopped_at_deadline: AtomicBool::new(false),
        updates: AtomicU64::new(0),
        update_failures: AtomicU64::new(0),
        deadline: plan.deadline,
    };
    let shared = &shared;
    let started = Instant::now();

    let records = thread::scope(|scope| {
        for _ in 0..plan.credential_rotators {
            scope.spawn(move || {
                updater(plan, shared, accounts, |account| {
                    target.use_account(account)
                });
            });
        }
        for _ in 0..plan.proxy_switchers {
            scope.spawn(move || updater(plan, shared, routes, |route| target.use_route(route)));
        }
        let requesters: Vec<_> = (0..plan.requesters)
            .map(|thread| scope.spawn(move || requester(plan, shared, target, thread)))
            .collect();

        requesters
            .into_iter()
            .flat_map(|handle| handle.join().expect("a requester thread panicked"))
            .collect()
    });

    ScenarioRun {
        records,
        updates: shared.updates.load(Ordering::SeqCst),
        update_failures: shared.update_failures.load(Ordering::SeqCst),
        stopped_at_deadline: shared.stopped_at_deadline.load(Ordering::SeqCst),
        elapsed: started.elapsed(),
    }
}

/// What the threads of one run share.
struct Shared {
    barrier: Barrier,
    requesters_left: AtomicUsize,
    stopped_at_deadline: AtomicBool,
    updates: AtomicU64,
    update_failures: AtomicU64,
    deadline: Duration,
}

impl Shared {
    /// Updates attempted so far, refused ones included.
    fn attempted(&self) -> u64 {
        self.updates.load(Ordering::SeqCst) + self.update_failures.load(Ordering::SeqCst)
    }

    /// Whether the deadline has passed since `started`; records that it stopped the run.
    fn past_deadline(&self, started: Instant) -> bool {
        let past = started.elapsed() >= self.deadline;
        if past {
            self.stopped_at_deadline.store(true, Ordering::SeqCst);
        }
        past
    }
}

/// Applies `values[1]`, `values[0]`, `values[1]`, ... until the requesters are done, the
/// bound is reached or the deadline passes.
fn updater<T>(
    plan: &StressPlan,
    shared: &Shared,
    values: &[T],
    apply: impl Fn(&T) -> Result<(), String>,
) {
    shared.barrier.wait();
    let started = Instant::now();

    for step in 1..=plan.max_updates_per_updater {
        if shared.requesters_left.load(Ordering::SeqCst) == 0 || shared.past_deadline(started) {
            break;
        }

        let update_started = Instant::now();
        let counter = match apply(&values[step % values.len()]) {
            Ok(()) => &shared.updates,
            Err(_) => &shared.update_failures,
        };
        counter.fetch_add(1, Ordering::SeqCst);

        // A writer that held a lock for a long update (the hardened core serialises its
        // writers while one builds) lets the others run before it locks again; without
        // this, one writer re-locks at once and the others starve. Quick updates (a legacy
        // credential rotation takes well under a microsecond) never yield.
        if update_started.elapsed() >= LONG_UPDATE {
            thread::yield_now();
        }
    }
}

/// Issues the requests of requester `thread` and returns their records.
fn requester(
    plan: &StressPlan,
    shared: &Shared,
    target: &dyn StressTarget,
    thread: usize,
) -> Vec<LocalRecord> {
    shared.barrier.wait();
    let started = Instant::now();

    let mut records = Vec::with_capacity(plan.requests_per_requester);
    let mut updates_seen = 0;
    for index in 0..plan.requests_per_requester {
        updates_seen = wait_for_an_update(plan, shared, started, updates_seen);
        if shared.past_deadline(started) {
            break;
        }
        let every = plan.test_user_access_every;
        let call = if every > 0 && index % every == every - 1 {
            StressCall::TestUserAccess
        } else {
            StressCall::Data
        };
        records.push(target.request(thread, index, call));
    }

    shared.requesters_left.fetch_sub(1, Ordering::SeqCst);
    records
}

/// Waits until some update was attempted after `seen` (the count this requester saw before
/// its previous request), so that every request races at least one fresh update even when
/// updates are slow to build. Returns the count now seen. Does not wait when the plan has
/// no updaters, and gives up at the deadline.
fn wait_for_an_update(plan: &StressPlan, shared: &Shared, started: Instant, seen: u64) -> u64 {
    if plan.credential_rotators + plan.proxy_switchers == 0 {
        return seen;
    }
    loop {
        let attempted = shared.attempted();
        if attempted > seen || shared.past_deadline(started) {
            return attempted;
        }
        // Sleep rather than spin: spinning requesters would starve the updaters they wait
        // for on a two-core machine.
        thread::sleep(UPDATE_POLL);
    }
}
