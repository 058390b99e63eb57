//! Trying a call again after a transient failure.
//!
//! Only errors for which [`Error::is_transient`] holds are retried:
//! timeouts, connection failures and server errors, but not the REST
//! server errors 5001 and 5003, which blame the request. Authentication,
//! validation, not-found and quota errors are returned at once, since
//! sending the same request again cannot change their answer (and a quota
//! error retried would only burn more of the quota).
//!
//! The wait before retry `n` is drawn uniformly from zero to
//! [`RetryPolicy::delay_before`]`(n)` ("full jitter"), so clients that
//! failed together do not come back together.

use std::future::Future;
use std::time::Duration;

use crate::config::RetryPolicy;
use crate::error::{Error, Result};
use crate::soap::Operation;

/// Runs `attempt` (given the attempt number, 0 first) until it succeeds,
/// fails with a non-transient error, or `policy` allows no more retries.
///
/// # Errors
///
/// The error of the last attempt; when there was more than one attempt,
/// its context ends with `(n attempts)`.
pub(crate) async fn with_retries<T, F, Fut>(
    policy: RetryPolicy,
    operation: Operation,
    mut attempt: F,
) -> Result<T>
where
    F: FnMut(u32) -> Fut,
    Fut: Future<Output = Result<T>>,
{
    let mut number = 0;
    loop {
        let error = match attempt(number).await {
            Ok(value) => return Ok(value),
            Err(error) => error,
        };
        if !should_retry(&error, number, policy) {
            return Err(with_attempts(error, number + 1));
        }

        let wait = full_jitter(policy.delay_before(number));
        tracing::debug!(
            operation = operation.name(),
            attempt = number,
            wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
            error = %error,
            "transient failure; retrying"
        );
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
        number += 1;
    }
}

/// The last error, saying how many attempts were made when there was more
/// than one: a failure that survived retries reads differently from a
/// first one.
fn with_attempts(error: Error, attempts: u32) -> Error {
    if attempts <= 1 {
        return error;
    }
    error.map_context(|context| format!("{context} ({attempts} attempts)"))
}

fn should_retry(error: &Error, attempt: u32, policy: RetryPolicy) -> bool {
    error.is_transient() && attempt < policy.max_retries
}

/// A wait drawn uniformly from `[0, cap]`, to the millisecond.
pub(crate) fn full_jitter(cap: Duration) -> Duration {
    let cap_ms = u64::try_from(cap.as_millis()).unwrap_or(u64::MAX);
    Duration::from_millis(fastrand::u64(0..=cap_ms))
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;
    use crate::error::ErrorKind;

    fn instant_policy(max_retries: u32) -> RetryPolicy {
        RetryPolicy {
            max_retries,
            base_delay: Duration::ZERO,
            max_delay: Duration::ZERO,
        }
    }

    fn server_error() -> Error {
        Error::new(
            ErrorKind::Server {
                status: Some(503),
                code: None,
            },
            "busy",
        )
    }

    #[tokio::test]
    async fn a_transient_failure_is_retried_until_success() {
        let calls = Cell::new(0);
        let result = with_retries(instant_policy(3), Operation::TestUserAccess, |attempt| {
            calls.set(calls.get() + 1);
            async move {
                if attempt < 2 {
                    Err(server_error())
                } else {
                    Ok(attempt)
                }
            }
        })
        .await;
        assert_eq!(result.unwrap(), 2);
        assert_eq!(calls.get(), 3);
    }

    #[tokio::test]
    async fn retries_stop_at_the_policy_bound() {
        let calls = Cell::new(0);
        let result: Result<()> = with_retries(instant_policy(2), Operation::TestUserAccess, |_| {
            calls.set(calls.get() + 1);
            async { Err(server_error()) }
        })
        .await;
        let error = result.unwrap_err();
        assert!(error.is_server());
        assert_eq!(error.context(), "busy (3 attempts)");
        assert_eq!(calls.get(), 3, "one try and two retries");
    }

    #[tokio::test]
    async fn permanent_failures_are_not_retried() {
        for error in [
            Error::new(ErrorKind::Authentication, "bad token"),
            Error::validation("bad date"),
            Error::new(ErrorKind::NotFound, "no report"),
            Error::new(ErrorKind::Quota { wait: None }, "quota"),
            Error::new(
                ErrorKind::Server {
                    status: Some(500),
                    code: Some(ErrorKind::MISSING_OR_INVALID_HEADER),
                },
                "Error Code 5001: Missing or invalid header: dataSeries",
            ),
            Error::new(
                ErrorKind::Server {
                    status: Some(500),
                    code: Some(ErrorKind::ACCESS_DENIED),
                },
                "Error Code 5003: access denied",
            ),
        ] {
            let kind = error.kind().clone();
            let mut pending = Some(error);
            let calls = Cell::new(0);
            let result: Result<()> =
                with_retries(instant_policy(5), Operation::TestUserAccess, |_| {
                    calls.set(calls.get() + 1);
                    let error = pending.take().expect("called once");
                    async move { Err(error) }
                })
                .await;
            let error = result.unwrap_err();
            assert_eq!(error.kind(), &kind);
            assert!(!error.context().contains("attempts"), "{error}");
            assert_eq!(calls.get(), 1, "{kind:?}");
        }
    }

    #[test]
    fn full_jitter_stays_within_its_cap() {
        assert_eq!(full_jitter(Duration::ZERO), Duration::ZERO);
        for _ in 0..1000 {
            assert!(full_jitter(Duration::from_millis(250)) <= Duration::from_millis(250));
        }
    }
}
