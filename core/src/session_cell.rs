//! One published value that many requests read and few writers replace whole.
//!
//! The legacy client kept its session in mutable fields that setters rebuilt
//! one field at a time (F1, F8), that requests read while a rebuild was half
//! done (F7), and that getters rebuilt as a side effect (N2). Even with an
//! atomic pointer swap, per-field setters let two writers mix their
//! intentions (N7). A [`SessionCell`] closes all of these by construction:
//!
//! - a request [`load`](SessionCell::load)s one `Arc` snapshot and holds it
//!   for its whole life, so nothing it sees can change under it;
//! - an [`update`](SessionCell::update) builds one whole new value from the
//!   current one and publishes it in one step;
//! - writers take turns, so no update is built from a value another writer
//!   is about to replace.
//!
//! ```
//! use ffiec_core::session_cell::SessionCell;
//!
//! #[derive(Debug, Clone)]
//! struct Session {
//!     user: String,
//!     proxy: Option<String>,
//! }
//!
//! let cell: SessionCell<Session> = SessionCell::new(Session { user: "alice".into(), proxy: None });
//! let before = cell.load();
//!
//! // One logical change, one build, one publication.
//! cell.update(|current| {
//!     Ok::<_, std::convert::Infallible>(Session {
//!         proxy: Some("http://proxy.example:3128".into()),
//!         ..current.clone()
//!     })
//! })?;
//!
//! assert_eq!(before.proxy, None); // an old snapshot never changes
//! assert_eq!(cell.load().proxy.as_deref(), Some("http://proxy.example:3128"));
//! assert_eq!(cell.generation(), 1);
//! # Ok::<(), std::convert::Infallible>(())
//! ```

use std::fmt;
use std::sync::Arc;

use crate::sync::{Backend, Mutex, RwLock, StdBackend};

/// A value published whole, loaded as a snapshot, replaced by whole-value
/// updates.
///
/// Generic over the synchronisation [`Backend`] so the loom proofs run this
/// very code; users keep the default, [`StdBackend`].
///
/// # Invariants
///
/// These are the properties the loom proofs check; every other guarantee of
/// the client's session handling rests on them.
///
/// 1. **Whole values.** Every value [`load`](Self::load) returns is either
///    the initial value or exactly a value that one successful
///    [`update`](Self::update) closure returned, never a mix of two.
/// 2. **No lost update.** Successful updates happen one after another in a
///    single order; each closure is given the value the previous successful
///    update published (or the initial value), never an older one.
/// 3. **One build per update.** Each `update` call runs its closure exactly
///    once. A closure that fails (or panics) publishes nothing and leaves the
///    generation unchanged.
/// 4. **Readers never wait for a build.** The closure runs while no lock that
///    `load` takes is held; a reader waits at most for one pointer
///    assignment.
/// 5. **Generation counts publications.** [`generation`](Self::generation)
///    is the number of successful updates so far; it only grows, and it is
///    stored under the same lock as the value, so the two always agree.
/// 6. **Snapshots are stable.** An `Arc` returned by `load` or `update` keeps
///    its value unchanged for as long as it is held; a replaced value is
///    dropped when its last holder lets go (no orphaned sessions, N3).
/// 7. **No side effects in getters.** `load`, `generation` and `Debug` change
///    nothing (N2).
pub struct SessionCell<T: Send + Sync, B: Backend = StdBackend> {
    /// The current value and its generation; write-locked only for the one
    /// assignment that publishes.
    published: B::RwLock<Published<T>>,
    /// Held for a whole update (read, build, publish), so writers take turns.
    writer: B::Mutex<()>,
}

/// What readers see: a value and how many publications produced it.
struct Published<T> {
    value: Arc<T>,
    generation: u64,
}

impl<T: Send + Sync, B: Backend> SessionCell<T, B> {
    /// A cell whose first published value is `initial`, at generation 0.
    pub fn new(initial: T) -> Self {
        SessionCell {
            published: RwLock::new(Published {
                value: Arc::new(initial),
                generation: 0,
            }),
            writer: Mutex::new(()),
        }
    }

    /// A snapshot of the current value.
    ///
    /// Hold it for the whole of one request: later updates publish new
    /// values and never change this one. Takes a read lock only for the time
    /// of an `Arc` clone.
    pub fn load(&self) -> Arc<T> {
        Arc::clone(&self.published.read().value)
    }

    /// How many updates have published a value since the cell was created.
    pub fn generation(&self) -> u64 {
        self.published.read().generation
    }

    /// Replaces the value with the one `build` makes from the current value,
    /// and returns the newly published snapshot.
    ///
    /// The steps, in order:
    ///
    /// 1. take the writer lock, so no other update runs until this one ends;
    /// 2. load the current value;
    /// 3. run `build` on it, exactly once, with no reader lock held (building
    ///    an HTTP client is slow; readers keep loading the old value);
    /// 4. publish the result and bump the generation in one short write lock.
    ///
    /// Readers that loaded before step 4 keep their old snapshot.
    ///
    /// # Errors
    ///
    /// Returns `build`'s error unchanged; nothing is published and the
    /// generation stays as it was.
    ///
    /// # Panics
    ///
    /// If `build` panics the panic propagates and nothing is published; the
    /// cell stays usable. Calling `update` on the same cell from inside
    /// `build` deadlocks, since writers take turns; `load` inside `build`
    /// is fine (it returns the value `build` was given).
    pub fn update<E>(&self, build: impl FnOnce(&T) -> Result<T, E>) -> Result<Arc<T>, E> {
        let _turn = self.writer.lock();

        let current = self.load();

        let next = Arc::new(build(&current)?);

        let mut published = self.published.write();
        published.value = Arc::clone(&next);
        published.generation += 1;
        Ok(next)
    }
}

impl<T: Send + Sync + fmt::Debug, B: Backend> fmt::Debug for SessionCell<T, B> {
    /// Shows the current value through its own `Debug`, which is responsible
    /// for redacting any secret it holds.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (value, generation) = {
            let published = self.published.read();
            (Arc::clone(&published.value), published.generation)
        };
        f.debug_struct("SessionCell")
            .field("generation", &generation)
            .field("value", &value)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use std::convert::Infallible;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::mpsc;
    use std::thread;
    use std::time::Duration;

    use super::*;

    /// Two fields a legacy setter would have changed one at a time.
    #[derive(Debug, Clone, PartialEq)]
    struct Credentials {
        user: String,
        token: String,
        changes: u32,
    }

    impl Credentials {
        fn of(user: &str, changes: u32) -> Self {
            Credentials {
                user: user.to_owned(),
                token: format!("{user}-token"),
                changes,
            }
        }

        fn is_whole(&self) -> bool {
            self.token == format!("{}-token", self.user)
        }
    }

    fn switch_to(user: &str) -> impl FnOnce(&Credentials) -> Result<Credentials, Infallible> {
        move |current| Ok(Credentials::of(user, current.changes + 1))
    }

    #[test]
    fn new_cell_publishes_the_initial_value_at_generation_zero() {
        let cell: SessionCell<Credentials> = SessionCell::new(Credentials::of("alice", 0));

        assert_eq!(*cell.load(), Credentials::of("alice", 0));
        assert_eq!(cell.generation(), 0);
    }

    #[test]
    fn update_publishes_the_built_value_and_returns_it() {
        let cell: SessionCell<Credentials> = SessionCell::new(Credentials::of("alice", 0));

        let published = cell.update(switch_to("bob")).unwrap();

        assert_eq!(*published, Credentials::of("bob", 1));
        assert!(Arc::ptr_eq(&published, &cell.load()));
        assert_eq!(cell.generation(), 1);
    }

    #[test]
    fn a_held_snapshot_survives_later_updates_unchanged() {
        let cell: SessionCell<Credentials> = SessionCell::new(Credentials::of("alice", 0));
        let snapshot = cell.load();

        cell.update(switch_to("bob")).unwrap();
        cell.update(switch_to("carol")).unwrap();

        assert_eq!(*snapshot, Credentials::of("alice", 0));
        assert_eq!(*cell.load(), Credentials::of("carol", 2));
    }

    #[test]
    fn a_replaced_value_is_dropped_when_its_last_holder_lets_go() {
        let cell: SessionCell<Credentials> = SessionCell::new(Credentials::of("alice", 0));
        let snapshot = cell.load();
        let watcher = Arc::downgrade(&snapshot);

        cell.update(switch_to("bob")).unwrap();
        assert!(watcher.upgrade().is_some(), "still held by the snapshot");

        drop(snapshot);
        assert!(
            watcher.upgrade().is_none(),
            "the cell must not keep old values"
        );
    }

    #[test]
    fn a_failed_update_publishes_nothing() {
        let cell: SessionCell<Credentials> = SessionCell::new(Credentials::of("alice", 0));
        let before = cell.load();

        let result = cell.update(|_| Err::<Credentials, _>("proxy port 0 rejected"));

        assert_eq!(result.unwrap_err(), "proxy port 0 rejected");
        assert!(Arc::ptr_eq(&before, &cell.load()));
        assert_eq!(cell.generation(), 0);
    }

    #[test]
    fn a_panicking_update_publishes_nothing_and_the_cell_stays_usable() {
        let cell: SessionCell<Credentials> = SessionCell::new(Credentials::of("alice", 0));

        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            cell.update(|_| -> Result<Credentials, Infallible> { panic!("build failed") })
        }));

        assert!(outcome.is_err());
        assert_eq!(*cell.load(), Credentials::of("alice", 0));
        assert_eq!(cell.generation(), 0);
        cell.update(switch_to("bob")).unwrap();
        assert_eq!(cell.generation(), 1);
    }

    #[test]
    fn load_inside_build_sees_the_value_being_built_from() {
        let cell: SessionCell<Credentials> = SessionCell::new(Credentials::of("alice", 0));

        cell.update(|current| {
            assert_eq!(*cell.load(), *current);
            Ok::<_, Infallible>(Credentials::of("bob", current.changes + 1))
        })
        .unwrap();

        assert_eq!(cell.load().user, "bob");
    }

    #[test]
    fn concurrent_writers_lose_no_update_and_build_once_each() {
        const WRITERS: u32 = 8;
        const UPDATES_PER_WRITER: u32 = 50;
        let cell: SessionCell<Credentials> = SessionCell::new(Credentials::of("start", 0));
        let builds = AtomicUsize::new(0);

        thread::scope(|scope| {
            for writer in 0..WRITERS {
                let (cell, builds) = (&cell, &builds);
                scope.spawn(move || {
                    let user = format!("writer{writer}");
                    for _ in 0..UPDATES_PER_WRITER {
                        cell.update(|current| {
                            builds.fetch_add(1, Ordering::Relaxed);
                            Ok::<_, Infallible>(Credentials::of(&user, current.changes + 1))
                        })
                        .unwrap();
                    }
                });
            }
            scope.spawn(|| {
                let mut last_seen = 0;
                for _ in 0..2_000 {
                    let snapshot = cell.load();
                    assert!(snapshot.is_whole(), "torn pair loaded: {snapshot:?}");
                    assert!(snapshot.changes >= last_seen, "went back in time");
                    last_seen = snapshot.changes;
                }
            });
        });

        let total = WRITERS * UPDATES_PER_WRITER;
        assert_eq!(cell.load().changes, total);
        assert_eq!(cell.generation(), u64::from(total));
        assert_eq!(builds.load(Ordering::Relaxed), total as usize);
    }

    #[test]
    fn a_reader_loads_while_a_build_is_in_progress() {
        let cell: SessionCell<Credentials> = SessionCell::new(Credentials::of("alice", 0));
        let (building_tx, building_rx) = mpsc::channel();
        let (loaded_tx, loaded_rx) = mpsc::channel::<()>();

        thread::scope(|scope| {
            let cell = &cell;
            let writer = scope.spawn(move || {
                cell.update(|current| -> Result<Credentials, &str> {
                    building_tx.send(()).unwrap();
                    // Finish only once the reader has loaded. If `load` waited
                    // for builds, it would never return and this bound ends
                    // the test with a failure instead of a hang.
                    loaded_rx
                        .recv_timeout(Duration::from_secs(60))
                        .map_err(|_| "reader blocked by a build")?;
                    Ok(Credentials::of("bob", current.changes + 1))
                })
            });

            building_rx.recv().unwrap();
            assert_eq!(*cell.load(), Credentials::of("alice", 0));
            loaded_tx.send(()).unwrap();

            assert_eq!(*writer.join().unwrap().unwrap(), Credentials::of("bob", 1));
        });
    }

    #[test]
    fn debug_shows_generation_and_value() {
        let cell: SessionCell<u32> = SessionCell::new(7);
        cell.update(|n| Ok::<_, Infallible>(n + 1)).unwrap();

        assert_eq!(
            format!("{cell:?}"),
            "SessionCell { generation: 1, value: 8 }"
        );
    }
}
