//! The hardened core under the same stress: `ffiec_core::Client` over SOAP.
//!
//! Credentials change only through [`Client::set_credentials`] and the proxy only through
//! [`Client::set_proxy`], whole values both. The client does not show response headers, so
//! its data calls are `RetrieveFilersSinceDate` with a `lastUpdateDateTime` unique to the
//! request: the checker finds the journal entry by that marker, and compares the answer
//! with what the mock's data set gives for the request's own parameters.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use ffiec_core::config::{RetryPolicy, SoapOptions};
use ffiec_core::proxy::Proxy;
use ffiec_core::rate_limit::{RateLimiterRegistry, RatePolicy};
use ffiec_core::{
    Client, Config, DataSeries, ErrorKind, ReportingPeriod, SinceDate, SoapCredentials,
};
use ffiec_mock::DataSet;
use jiff::SignedDuration;
use jiff::civil::DateTime;
use tokio::runtime::Handle;

use super::record::{JournalKey, LocalRecord, RequestOutcome, StressCall};
use super::scenario::StressTarget;
use super::world::{Account, ProxyRoute};

/// The period every data call asks about: the mock's newest, whose filings spread over the
/// 110 days after its end.
const PERIOD: (i16, u8) = (2026, 2);

/// The wire name of the marker parameter.
const MARKER_PARAM: &str = "lastUpdateDateTime";

/// How long one call may take before it counts as a client-side timeout.
const CALL_TIMEOUT: Duration = Duration::from_secs(20);

/// The hardened client, sending to the mock.
pub struct HardenedTarget<'m> {
    client: Client,
    data: &'m DataSet,
    runtime: Handle,
    requests_per_thread: usize,
}

impl<'m> HardenedTarget<'m> {
    /// A client for `account` through `route`, calling `soap_url` on `runtime`, with no
    /// retries (one call, one request) and a rate limit no run reaches. `data` is the
    /// mock's data set, to check answers against; `requests_per_thread` spaces the markers.
    ///
    /// # Errors
    ///
    /// The client's own error when it refuses the configuration.
    pub fn new(
        account: &Account,
        route: &ProxyRoute,
        soap_url: &str,
        data: &'m DataSet,
        runtime: Handle,
        requests_per_thread: usize,
    ) -> Result<Self, String> {
        let config = Config::builder()
            .protocol(SoapOptions::default())
            .endpoint(soap_url)
            .proxy(core_proxy(route)?)
            .retry(RetryPolicy::NONE)
            .timeout(CALL_TIMEOUT)
            .build()
            .map_err(|error| format!("hardened configuration refused: {error}"))?;
        let policy = RatePolicy::new(1_000_000, Duration::from_secs(1))
            .map_err(|error| format!("rate policy refused: {error}"))?;
        let client = Client::with_registry(
            config,
            soap_credentials(account)?,
            Arc::new(RateLimiterRegistry::new(policy)),
        )
        .map_err(|error| format!("hardened client refused: {error}"))?;

        Ok(HardenedTarget {
            client,
            data,
            runtime,
            requests_per_thread: requests_per_thread.max(1),
        })
    }

    /// The generation of the current session: how many whole updates were published.
    pub fn generation(&self) -> u64 {
        self.client.session().generation()
    }

    /// The marker of request `index` of `thread`: six hours apart, one second past the
    /// hour (never midnight, whose wire form drops the time).
    fn marker(&self, thread: usize, index: usize) -> Result<DateTime, String> {
        let ordinal = i64::try_from(thread * self.requests_per_thread + index)
            .map_err(|_| "too many requests for a marker".to_owned())?;
        let first = DateTime::constant(2026, 7, 1, 0, 0, 1, 0);
        first
            .checked_add(SignedDuration::from_hours(6 * ordinal))
            .map_err(|error| format!("marker out of range: {error}"))
    }

    fn data_call(&self, thread: usize, index: usize) -> (Option<JournalKey>, RequestOutcome) {
        let prepared = self.marker(thread, index).and_then(|marker| {
            let since = SinceDate::new(marker).map_err(|error| error.to_string())?;
            let period = ReportingPeriod::from_quarter(PERIOD.0, PERIOD.1)
                .map_err(|error| error.to_string())?;
            Ok((marker, since, period))
        });
        let (marker, since, period) = match prepared {
            Ok(prepared) => prepared,
            Err(reason) => return (None, RequestOutcome::ClientError(reason)),
        };
        let key = JournalKey::Marker {
            param: MARKER_PARAM,
            value: since.to_wire(),
        };

        let answer = self.runtime.block_on(self.client.filers_since_date(
            DataSeries::Call,
            period,
            since,
        ));
        let outcome = match answer {
            Ok(mut ids) => {
                let mock_period = ffiec_mock::ReportingPeriod::new(PERIOD.0, PERIOD.1);
                let mut expected = self.data.filers_since(mock_period, Some(marker));
                ids.sort_unstable();
                expected.sort_unstable();
                RequestOutcome::Answered {
                    accepted: true,
                    answer_matches: Some(ids == expected),
                }
            }
            Err(error) => outcome_of_error(&error),
        };
        (Some(key), outcome)
    }
}

impl fmt::Debug for HardenedTarget<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The client redacts its secrets; the data set is left out, being large.
        f.debug_struct("HardenedTarget")
            .field("client", &self.client)
            .finish_non_exhaustive()
    }
}

impl StressTarget for HardenedTarget<'_> {
    fn use_account(&self, account: &Account) -> Result<(), String> {
        self.client
            .set_credentials(soap_credentials(account)?)
            .map(drop)
            .map_err(|error| error.to_string())
    }

    fn use_route(&self, route: &ProxyRoute) -> Result<(), String> {
        self.client
            .set_proxy(core_proxy(route)?)
            .map(drop)
            .map_err(|error| error.to_string())
    }

    fn request(&self, thread: usize, index: usize, call: StressCall) -> LocalRecord {
        let (key, outcome) = match call {
            StressCall::TestUserAccess => {
                let answer = self.runtime.block_on(self.client.test_user_access());
                let outcome = match answer {
                    Ok(accepted) => RequestOutcome::Answered {
                        accepted,
                        answer_matches: None,
                    },
                    Err(error) => outcome_of_error(&error),
                };
                (None, outcome)
            }
            StressCall::Data => self.data_call(thread, index),
        };
        LocalRecord {
            thread,
            index,
            call,
            key,
            sent: None,
            outcome,
        }
    }
}

/// Sorts a failed call: the service answered it (a fault or an error status), a recording
/// proxy refused it, or it failed in the client.
fn outcome_of_error(error: &ffiec_core::Error) -> RequestOutcome {
    let answered = RequestOutcome::Answered {
        accepted: false,
        answer_matches: None,
    };
    match error.kind() {
        // The core reports an unexpected HTTP status as "HTTP <status>" in its context.
        _ if error.context().contains("HTTP 407") => RequestOutcome::ProxyRefused,
        ErrorKind::Timeout | ErrorKind::Transport => {
            RequestOutcome::ClientError(format!("{}", error.kind()))
        }
        ErrorKind::Validation if !error.context().contains("HTTP ") => {
            RequestOutcome::ClientError(format!("{}", error.kind()))
        }
        _ => answered,
    }
}

fn soap_credentials(account: &Account) -> Result<SoapCredentials, String> {
    SoapCredentials::new(account.user.as_str(), account.token.expose())
        .map_err(|error| format!("credentials of '{}' refused: {error}", account.user))
}

fn core_proxy(route: &ProxyRoute) -> Result<Proxy, String> {
    Proxy::builder()
        .host(route.host.as_str())
        .port(route.port)
        .credentials(route.proxy.user.as_str(), route.proxy.password.expose())
        .build()
        .map_err(|error| format!("proxy '{}' refused: {error}", route.proxy.name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_distinct_and_never_midnight() {
        let data = DataSet::new(ffiec_mock::DataOptions::default());
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let world = super::super::world::StressWorld::standard();
        let route = ProxyRoute {
            proxy: world.proxies[0].clone(),
            host: "127.0.0.1".to_owned(),
            port: 9,
        };
        let target = HardenedTarget::new(
            &world.accounts[0],
            &route,
            "http://127.0.0.1:9/soap",
            &data,
            runtime.handle().clone(),
            3,
        )
        .unwrap();

        let first = target.marker(0, 0).unwrap();
        let next = target.marker(0, 1).unwrap();
        let next_thread = target.marker(1, 0).unwrap();
        assert_eq!(
            first.checked_add(SignedDuration::from_hours(6)).unwrap(),
            next
        );
        assert_eq!(
            first.checked_add(SignedDuration::from_hours(18)).unwrap(),
            next_thread
        );
        assert_eq!(first.second(), 1);
        assert_ne!(
            SinceDate::new(first).unwrap().to_wire(),
            SinceDate::new(next).unwrap().to_wire()
        );
    }
}
