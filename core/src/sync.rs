//! The synchronisation primitives of the concurrency-critical code, behind
//! one small seam so the loom model checker can run that code as shipped.
//!
//! The session cell and the rate limiter are generic over a [`Backend`].
//! Users get [`StdBackend`] (the default type parameter everywhere), which is
//! `std::sync` and costs nothing extra. With the `loom` feature,
//! `LoomBackend` swaps in `loom::sync`, and the race harness model-checks
//! the very same source.
//!
//! Why a generic backend rather than a `cfg(loom)` module: a feature is
//! additive, so plain `cargo test --workspace` runs the proofs, one process
//! can run both the proofs and the live stress (the `race-audit` command),
//! and no second target directory or special `RUSTFLAGS` build is needed.
//! See `docs/design/loom-seam.md`.
//!
//! Poisoning is recovered from on purpose: every critical section in this
//! crate publishes its result in a single assignment at its end, so a panic
//! inside one cannot leave a half-written value behind.

use std::fmt::Debug;
use std::ops::{Deref, DerefMut};

/// A family of synchronisation primitives: `std::sync` or `loom::sync`.
pub trait Backend: Debug + Send + Sync + 'static {
    /// A mutual-exclusion lock.
    type Mutex<T: Send>: Mutex<T>;
    /// A reader-writer lock.
    type RwLock<T: Send + Sync>: RwLock<T>;
}

/// The operations of a mutex that this crate uses.
pub trait Mutex<T>: Send + Sync {
    /// The guard that releases the lock when dropped.
    type Guard<'a>: DerefMut<Target = T>
    where
        Self: 'a;

    /// A new, unlocked mutex holding `value`.
    fn new(value: T) -> Self;

    /// Blocks until the lock is held.
    fn lock(&self) -> Self::Guard<'_>;
}

/// The operations of a reader-writer lock that this crate uses.
pub trait RwLock<T>: Send + Sync {
    /// Shared access; released on drop.
    type ReadGuard<'a>: Deref<Target = T>
    where
        Self: 'a;
    /// Exclusive access; released on drop.
    type WriteGuard<'a>: DerefMut<Target = T>
    where
        Self: 'a;

    /// A new, unlocked lock holding `value`.
    fn new(value: T) -> Self;

    /// Blocks until shared access is held.
    fn read(&self) -> Self::ReadGuard<'_>;

    /// Blocks until exclusive access is held.
    fn write(&self) -> Self::WriteGuard<'_>;
}

/// `std::sync`: what users of the crate run.
#[derive(Debug, Clone, Copy, Default)]
pub struct StdBackend;

impl Backend for StdBackend {
    type Mutex<T: Send> = std::sync::Mutex<T>;
    type RwLock<T: Send + Sync> = std::sync::RwLock<T>;
}

impl<T: Send> Mutex<T> for std::sync::Mutex<T> {
    type Guard<'a>
        = std::sync::MutexGuard<'a, T>
    where
        T: 'a;

    fn new(value: T) -> Self {
        std::sync::Mutex::new(value)
    }

    fn lock(&self) -> Self::Guard<'_> {
        std::sync::Mutex::lock(self).unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl<T: Send + Sync> RwLock<T> for std::sync::RwLock<T> {
    type ReadGuard<'a>
        = std::sync::RwLockReadGuard<'a, T>
    where
        T: 'a;
    type WriteGuard<'a>
        = std::sync::RwLockWriteGuard<'a, T>
    where
        T: 'a;

    fn new(value: T) -> Self {
        std::sync::RwLock::new(value)
    }

    fn read(&self) -> Self::ReadGuard<'_> {
        std::sync::RwLock::read(self).unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn write(&self) -> Self::WriteGuard<'_> {
        std::sync::RwLock::write(self).unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// `loom::sync`: every lock operation becomes a point where the model
/// checker may switch threads. Only usable inside `loom::model`.
#[cfg(feature = "loom")]
#[derive(Debug, Clone, Copy, Default)]
pub struct LoomBackend;

#[cfg(feature = "loom")]
impl Backend for LoomBackend {
    type Mutex<T: Send> = loom::sync::Mutex<T>;
    type RwLock<T: Send + Sync> = loom::sync::RwLock<T>;
}

#[cfg(feature = "loom")]
impl<T: Send> Mutex<T> for loom::sync::Mutex<T> {
    type Guard<'a>
        = loom::sync::MutexGuard<'a, T>
    where
        T: 'a;

    fn new(value: T) -> Self {
        loom::sync::Mutex::new(value)
    }

    fn lock(&self) -> Self::Guard<'_> {
        loom::sync::Mutex::lock(self).unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(feature = "loom")]
impl<T: Send + Sync> RwLock<T> for loom::sync::RwLock<T> {
    type ReadGuard<'a>
        = loom::sync::RwLockReadGuard<'a, T>
    where
        T: 'a;
    type WriteGuard<'a>
        = loom::sync::RwLockWriteGuard<'a, T>
    where
        T: 'a;

    fn new(value: T) -> Self {
        loom::sync::RwLock::new(value)
    }

    fn read(&self) -> Self::ReadGuard<'_> {
        loom::sync::RwLock::read(self).unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn write(&self) -> Self::WriteGuard<'_> {
        loom::sync::RwLock::write(self).unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bump<B: Backend>(lock: &B::Mutex<u32>) -> u32 {
        let mut guard = lock.lock();
        *guard += 1;
        *guard
    }

    #[test]
    fn std_backend_mutex_and_rwlock_work_through_the_traits() {
        let mutex = <StdBackend as Backend>::Mutex::new(1_u32);
        assert_eq!(bump::<StdBackend>(&mutex), 2);

        let rw: <StdBackend as Backend>::RwLock<String> = RwLock::new("a".to_owned());
        RwLock::write(&rw).push('b');
        assert_eq!(&*RwLock::read(&rw), "ab");
    }
}
