//! How big a stress run is: its threads, its bounded counts and its deadline.

use std::time::Duration;

/// The shape of one stress run, the same for every client design.
///
/// ```
/// use race_tests::live::StressPlan;
///
/// let plan = StressPlan::audit();
/// assert!(plan.threads() >= 16);
/// assert_eq!(plan.total_requests(), 12 * 25);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StressPlan {
    /// Threads that set account A, then B, then A, ... Default: 2.
    pub credential_rotators: usize,
    /// Threads that switch the proxy configuration P, Q, P, ... Default: 2.
    pub proxy_switchers: usize,
    /// Threads that issue requests. Default: 12.
    pub requesters: usize,
    /// Requests each requester issues. Default: 25.
    pub requests_per_requester: usize,
    /// Every this-many-th request of a thread is `TestUserAccess`, the others data calls;
    /// 0 for data calls only. Default: 4.
    pub test_user_access_every: usize,
    /// The most whole updates one rotator or switcher makes; it also stops when the
    /// requesters are done. Default: 100,000,000: in practice the requesters and the deadline end
    /// an updater first (a legacy credential rotation takes well under a microsecond).
    pub max_updates_per_updater: usize,
    /// Wall time after which every thread stops early; the outcome says so. Default: 60 s.
    pub deadline: Duration,
}

impl StressPlan {
    /// The audit's run: 16 threads, 300 requests, 60 s at most.
    pub fn audit() -> Self {
        StressPlan {
            credential_rotators: 2,
            proxy_switchers: 2,
            requesters: 12,
            requests_per_requester: 25,
            test_user_access_every: 4,
            max_updates_per_updater: 100_000_000,
            deadline: Duration::from_secs(60),
        }
    }

    /// A shorter run for `cargo test`: still 16 threads, 8 requests each.
    pub fn quick() -> Self {
        StressPlan {
            requests_per_requester: 8,
            deadline: Duration::from_secs(45),
            ..StressPlan::audit()
        }
    }

    /// Every thread of the run.
    pub fn threads(&self) -> usize {
        self.credential_rotators + self.proxy_switchers + self.requesters
    }

    /// Requests the run issues when it is not stopped early.
    pub fn total_requests(&self) -> usize {
        self.requesters * self.requests_per_requester
    }
}

impl Default for StressPlan {
    fn default() -> Self {
        StressPlan::audit()
    }
}
