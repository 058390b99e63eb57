#![cfg(feature = "loom")]
//! Loom models of the shipping [`SessionCell`], run with the loom backend.
//!
//! Each model checks, over every interleaving loom can produce, one or more
//! of the invariants documented on `SessionCell`. The value is a credential
//! pair that a legacy client changed one field at a time (F3, S2, N7); here
//! each writer replaces the pair whole.
//!
//! Run with `cargo test -p ffiec-core --features loom --release`. No model
//! sets a preemption bound: each is small enough to explore exhaustively.

use std::convert::Infallible;

use ffiec_core::session_cell::SessionCell;
use ffiec_core::sync::LoomBackend;
use loom::sync::Arc;
use loom::sync::atomic::{AtomicBool, Ordering};
use loom::thread;

type Cell = SessionCell<Login, LoomBackend>;
type Snapshot = std::sync::Arc<Login>;

/// A user and the token issued to that user, plus how many updates led here.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Login {
    user: &'static str,
    token: &'static str,
    updates: u64,
}

impl Login {
    fn first() -> Self {
        Login {
            user: "nobody",
            token: "nobody-token",
            updates: 0,
        }
    }
}

/// Replaces the pair with `(user, token)` and counts the update, through the
/// cell's whole-value update. Returns the published snapshot and how many
/// times the closure ran.
fn switch_to(cell: &Cell, user: &'static str, token: &'static str) -> (Snapshot, u32) {
    let mut builds = 0;
    let published = cell
        .update(|current| {
            builds += 1;
            Ok::<_, Infallible>(Login {
                user,
                token,
                updates: current.updates + 1,
            })
        })
        .unwrap_or_else(|never| match never {});
    (published, builds)
}

/// Loads twice, after reading the generation, and checks the order rules a
/// single reader can see: the value is at least as new as the generation
/// read before it, and a later load is never older than an earlier one.
fn read_twice(cell: &Cell) -> [Snapshot; 2] {
    let generation = cell.generation();
    let first = cell.load();
    let second = cell.load();

    assert!(
        first.updates >= generation,
        "loaded {first:?} after generation {generation}"
    );
    assert!(
        second.updates >= first.updates,
        "went back in time: {first:?} then {second:?}"
    );
    [first, second]
}

fn assert_one_of(loaded: &Snapshot, published: &[&Snapshot]) {
    assert!(
        published
            .iter()
            .any(|whole| Snapshot::ptr_eq(whole, loaded)),
        "loaded {loaded:?}, which no writer published whole"
    );
}

/// N7 / S2 / F3: two writers replace the pair at once while a reader loads.
/// Every load is a value some writer published whole, both updates are
/// kept, and each update built exactly once.
#[test]
fn n7_whole_value_updates_hardened_holds() {
    loom::model(|| {
        let cell = Arc::new(Cell::new(Login::first()));
        let initial = cell.load();

        let alice = {
            let cell = Arc::clone(&cell);
            thread::spawn(move || switch_to(&cell, "alice", "alice-token"))
        };
        let bob = {
            let cell = Arc::clone(&cell);
            thread::spawn(move || switch_to(&cell, "bob", "bob-token"))
        };
        let reader = {
            let cell = Arc::clone(&cell);
            thread::spawn(move || read_twice(&cell))
        };

        let (alice, alice_builds) = alice.join().unwrap();
        let (bob, bob_builds) = bob.join().unwrap();
        let loaded = reader.join().unwrap();

        for snapshot in &loaded {
            assert_one_of(snapshot, &[&initial, &alice, &bob]);
        }

        assert_eq!((alice_builds, bob_builds), (1, 1), "one build per update");
        assert_eq!(cell.generation(), 2);

        // No lost update: the later writer built on the earlier one's value.
        let mut updates = [alice.updates, bob.updates];
        updates.sort_unstable();
        assert_eq!(updates, [1, 2]);
        let last = if alice.updates == 2 { &alice } else { &bob };
        assert!(Snapshot::ptr_eq(&cell.load(), last));
    });
}

/// Invariant 3: a failed update publishes nothing, even while another
/// writer's update and a reader run alongside it.
#[test]
fn failed_update_publishes_nothing_hardened_holds() {
    loom::model(|| {
        let cell = Arc::new(Cell::new(Login::first()));
        let initial = cell.load();

        let alice = {
            let cell = Arc::clone(&cell);
            thread::spawn(move || switch_to(&cell, "alice", "alice-token"))
        };
        let failing = {
            let cell = Arc::clone(&cell);
            thread::spawn(move || {
                let mut builds = 0;
                let outcome = cell.update(|_| {
                    builds += 1;
                    Err::<Login, _>("proxy port 0 rejected")
                });
                (outcome.map(|_| ()), builds)
            })
        };
        let reader = {
            let cell = Arc::clone(&cell);
            thread::spawn(move || read_twice(&cell))
        };

        let (alice, _) = alice.join().unwrap();
        let (outcome, failed_builds) = failing.join().unwrap();
        let loaded = reader.join().unwrap();

        assert_eq!(outcome, Err("proxy port 0 rejected"));
        assert_eq!(failed_builds, 1);
        for snapshot in &loaded {
            assert_one_of(snapshot, &[&initial, &alice]);
        }
        assert_eq!(cell.generation(), 1);
        assert_eq!(alice.updates, 1);
        assert!(Snapshot::ptr_eq(&cell.load(), &alice));
    });
}

/// Invariant 4 (F7): a reader is never made to wait for a build. The build
/// cannot finish until the reader has loaded; were `load` to wait for the
/// build, no thread could progress and loom would fail the model.
#[test]
fn f7_reader_never_waits_for_a_build_hardened_holds() {
    loom::model(|| {
        let cell = Arc::new(Cell::new(Login::first()));
        let reader_done = Arc::new(AtomicBool::new(false));

        let writer = {
            let (cell, reader_done) = (Arc::clone(&cell), Arc::clone(&reader_done));
            thread::spawn(move || {
                cell.update(|current| {
                    while !reader_done.load(Ordering::Acquire) {
                        thread::yield_now();
                    }
                    Ok::<_, Infallible>(Login {
                        user: "alice",
                        token: "alice-token",
                        updates: current.updates + 1,
                    })
                })
            })
        };

        let loaded = cell.load();
        reader_done.store(true, Ordering::Release);

        // The load ran while the build was pending, so it saw the old value.
        assert_eq!(*loaded, Login::first());
        let published = writer
            .join()
            .unwrap()
            .unwrap_or_else(|never| match never {});
        assert!(Snapshot::ptr_eq(&cell.load(), &published));
    });
}
