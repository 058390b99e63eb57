//! The client: typed FFIEC operations over a session that changes only as a
//! whole.
//!
//! A [`Client`] is cheap to clone; clones share one session cell and so see
//! every update. Updates ([`set_proxy`](Client::set_proxy),
//! [`set_credentials`](Client::set_credentials),
//! [`update`](Client::update), ...) each build exactly one new
//! [`Session`] from a copy of the current one and publish it in one step;
//! concurrent updates are serialised, and readers never wait for a build.
//! Each operation takes one session snapshot when it starts and uses it to
//! its end, so an update made while a call is in flight affects the next
//! call, never half of this one.
//!
//! The operations work the same over SOAP and REST; the configuration's
//! protocol decides.

use std::cell::RefCell;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::config::{Config, ConfigBuilder};
use crate::credentials::Credentials;
use crate::error::{Error, Result};
use crate::model::{
    DataSeries, Facsimile, FacsimileFormat, FiId, FiIdType, FilerSubmission, Institution,
    rssd_from_wire,
};
use crate::period::{ReportingPeriod, SinceDate};
use crate::proxy::ProxySetting;
use crate::rate_limit::RateLimiterRegistry;
use crate::session::{LimiterSource, Session};
use crate::session_cell::SessionCell;
use crate::soap::{Arguments, Operation, Param};
use crate::transport;

/// A thread-safe client of the FFIEC CDR public data service.
///
/// # Waiting for the rate limit
///
/// Every call, and every retry of a call, first books a slot with the
/// account's rate limiter (2,500 calls per hour by default, shared by all
/// clients of the account in the process) and waits for it when the
/// window is full. That wait can last up to the limiter's window (an hour
/// by default), and it is *not* covered by the configuration's timeouts,
/// which only bound the HTTP exchange that follows. To bound the whole
/// call, wrap it, for example in `tokio::time::timeout`. A call cancelled
/// while waiting (its future dropped) keeps its booked slot until the
/// window passes: the limiter cannot know whether a cancelled request had
/// already reached the service, so it counts it.
///
/// # Example
///
/// ```
/// use ffiec_core::Client;
/// use ffiec_core::config::Config;
/// use ffiec_core::credentials::RestCredentials;
///
/// // {"alg":"none"} . {"exp":1774915200} . (no signature)
/// let token = "eyJhbGciOiJub25lIn0.eyJleHAiOjE3NzQ5MTUyMDB9.";
/// let client = Client::new(Config::default(), RestCredentials::new("alice", token)?)?;
///
/// let other = client.clone();
/// other.set_endpoint("http://127.0.0.1:8080/public")?;
/// assert_eq!(client.session().config().endpoint().as_str(), "http://127.0.0.1:8080/public/");
/// assert_eq!(client.session().generation(), 1);
/// # Ok::<(), ffiec_core::Error>(())
/// ```
#[derive(Clone)]
pub struct Client {
    cell: Arc<SessionCell<Session>>,
    limiters: LimiterSource,
}

impl Client {
    /// A client for `config` and `credentials`.
    ///
    /// The account's rate limiter comes from a process-wide registry keyed
    /// by the configuration's rate limit, so every client of the same
    /// account (and limit) in the process shares one quota.
    ///
    /// # Errors
    ///
    /// A validation error when the credentials are not of the
    /// configuration's protocol; a transport error when the HTTP client
    /// cannot be built.
    pub fn new(config: Config, credentials: impl Into<Credentials>) -> Result<Client> {
        Client::build(config, credentials.into(), LimiterSource::Shared)
    }

    /// Like [`new`](Self::new), but takes the account's rate limiter from
    /// `registry`, whose policy then applies instead of the configuration's
    /// rate limit.
    ///
    /// # Errors
    ///
    /// As [`new`](Self::new).
    pub fn with_registry(
        config: Config,
        credentials: impl Into<Credentials>,
        registry: Arc<RateLimiterRegistry>,
    ) -> Result<Client> {
        Client::build(
            config,
            credentials.into(),
            LimiterSource::Registry(registry),
        )
    }

    fn build(config: Config, credentials: Credentials, limiters: LimiterSource) -> Result<Client> {
        let session = Session::build(Arc::new(config), credentials, &limiters, 0)?;
        Ok(Client {
            cell: Arc::new(SessionCell::new(session)),
            limiters,
        })
    }

    /// The current session. Has no side effect; the snapshot stays valid
    /// (and unchanged) for as long as it is held.
    pub fn session(&self) -> Arc<Session> {
        self.cell.load()
    }

    /// Replaces the proxy setting: one rebuild.
    ///
    /// # Errors
    ///
    /// As [`update`](Self::update); nothing is published on error.
    pub fn set_proxy(&self, proxy: impl Into<ProxySetting>) -> Result<Arc<Session>> {
        let proxy = proxy.into();
        self.update(move |builder| builder.proxy(proxy))
    }

    /// Replaces the connect and total timeouts together: one rebuild.
    ///
    /// # Errors
    ///
    /// As [`update`](Self::update); nothing is published on error.
    pub fn set_timeouts(&self, connect: Duration, total: Duration) -> Result<Arc<Session>> {
        self.update(move |builder| builder.connect_timeout(connect).timeout(total))
    }

    /// Replaces the endpoint: one rebuild.
    ///
    /// # Errors
    ///
    /// As [`update`](Self::update); nothing is published on error.
    pub fn set_endpoint(&self, endpoint: impl Into<String>) -> Result<Arc<Session>> {
        let endpoint = endpoint.into();
        self.update(move |builder| builder.endpoint(endpoint))
    }

    /// Replaces the credentials (user and token together): one rebuild.
    /// The new user's rate limiter applies from the next call.
    ///
    /// # Errors
    ///
    /// A validation error when the credentials are not of the current
    /// protocol, or when called from inside the closure of an
    /// [`update`](Self::update) of this client; nothing is published on
    /// error.
    pub fn set_credentials(&self, credentials: impl Into<Credentials>) -> Result<Arc<Session>> {
        let credentials = credentials.into();
        self.publish(move |current| Ok((Arc::clone(current.config()), credentials)))
    }

    /// Derives a new configuration from the current one with `change` and
    /// publishes it: one rebuild, whatever `change` sets.
    ///
    /// ```
    /// # use ffiec_core::Client;
    /// # use ffiec_core::config::Config;
    /// # use ffiec_core::credentials::RestCredentials;
    /// use std::time::Duration;
    ///
    /// # let token = "eyJhbGciOiJub25lIn0.eyJleHAiOjE3NzQ5MTUyMDB9.";
    /// # let client = Client::new(Config::default(), RestCredentials::new("alice", token)?)?;
    /// client.update(|config| {
    ///     config
    ///         .endpoint("http://127.0.0.1:9000/public")
    ///         .timeout(Duration::from_secs(30))
    /// })?;
    /// assert_eq!(client.session().config().timeout(), Duration::from_secs(30));
    /// # Ok::<(), ffiec_core::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// A validation error from [`ConfigBuilder::build`] or when the
    /// credentials do not fit the new protocol (switch both at once with
    /// [`reconfigure`](Self::reconfigure)); a transport error when the HTTP
    /// client cannot be built. Nothing is published on error.
    ///
    /// A validation error, too, for an update of this client (`update` or
    /// any setter, on any clone) called from inside `change`: the closure is
    /// only given a [`ConfigBuilder`], but it can capture a clone of the
    /// client, and updates hold the client's writer lock while `change`
    /// runs, so the nested update would wait for itself forever. Make both
    /// changes in one `update` instead. The outer update goes on unaffected.
    ///
    /// # Deadlocks
    ///
    /// The nested call is only detected on the thread running `change`. A
    /// `change` that waits for another thread which updates the same client
    /// deadlocks; keep `change` to building the configuration.
    pub fn update(
        &self,
        change: impl FnOnce(ConfigBuilder) -> ConfigBuilder,
    ) -> Result<Arc<Session>> {
        self.publish(move |current| {
            let config = change(current.config().to_builder()).build()?;
            Ok((Arc::new(config), current.credentials().clone()))
        })
    }

    /// Replaces configuration and credentials together, for example to
    /// switch protocol: one rebuild.
    ///
    /// # Errors
    ///
    /// As [`update`](Self::update).
    pub fn reconfigure(
        &self,
        config: Config,
        credentials: impl Into<Credentials>,
    ) -> Result<Arc<Session>> {
        let credentials = credentials.into();
        self.publish(move |_| Ok((Arc::new(config), credentials)))
    }

    /// The one place that publishes: `next` picks the new configuration and
    /// credentials from the current session, and the session cell
    /// serialises writers and runs this closure exactly once.
    ///
    /// The cell's writer lock is held while `next` runs, so an update of the
    /// same client from inside it would wait for itself forever; that is
    /// refused instead (see [`UpdateInProgress`]).
    fn publish(
        &self,
        next: impl FnOnce(&Session) -> Result<(Arc<Config>, Credentials)>,
    ) -> Result<Arc<Session>> {
        let _in_progress = UpdateInProgress::enter(&self.cell)?;
        self.cell.update(|current| {
            let (config, credentials) = next(current)?;
            Session::build(
                config,
                credentials,
                &self.limiters,
                current.generation() + 1,
            )
        })
    }

    /// Checks that the service accepts the credentials.
    ///
    /// Over SOAP this is `TestUserAccess`. REST has no such method, so the
    /// cheapest authenticated call (`RetrieveUBPRReportingPeriods`) stands
    /// in, and success means `true`.
    ///
    /// # Errors
    ///
    /// An authentication error when the service refuses the credentials;
    /// otherwise as any call (timeout, transport, quota, server, malformed).
    pub async fn test_user_access(&self) -> Result<bool> {
        let session = self.session();
        if session.config().protocol().is_rest() {
            let operation = Operation::RetrieveUbprReportingPeriods;
            transport::call(&session, operation, &Arguments::new()).await?;
            return Ok(true);
        }

        let operation = Operation::TestUserAccess;
        transport::call(&session, operation, &Arguments::new())
            .await?
            .into_bool(operation)
    }

    /// The reporting periods of `series`, in the order the service sent
    /// them (Call came newest first).
    ///
    /// # Errors
    ///
    /// As any call; a malformed-response error naming the operation when a
    /// period is not a quarter end.
    pub async fn reporting_periods(&self, series: DataSeries) -> Result<Vec<ReportingPeriod>> {
        let operation = Operation::RetrieveReportingPeriods;
        let arguments = Arguments::new().with(Param::DataSeries, series.as_wire());
        let periods = self
            .call(operation, &arguments)
            .await?
            .into_strings(operation)?;
        convert_all(operation, periods, |text| ReportingPeriod::from_wire(&text))
    }

    /// The UBPR reporting periods, in the order the service sent them (they
    /// came oldest first).
    ///
    /// # Errors
    ///
    /// As [`reporting_periods`](Self::reporting_periods).
    pub async fn ubpr_reporting_periods(&self) -> Result<Vec<ReportingPeriod>> {
        let operation = Operation::RetrieveUbprReportingPeriods;
        let periods = self
            .call(operation, &Arguments::new())
            .await?
            .into_strings(operation)?;
        convert_all(operation, periods, |text| ReportingPeriod::from_wire(&text))
    }

    /// The institutions expected to file for `period`, normalised.
    ///
    /// # Errors
    ///
    /// As any call; a malformed-response error naming the operation when a
    /// row cannot be normalised.
    pub async fn panel_of_reporters(
        &self,
        series: DataSeries,
        period: ReportingPeriod,
    ) -> Result<Vec<Institution>> {
        let operation = Operation::RetrievePanelOfReporters;
        let arguments = Arguments::new()
            .with(Param::DataSeries, series.as_wire())
            .with(Param::ReportingPeriodEndDate, period.to_wire());
        let rows = self
            .call(operation, &arguments)
            .await?
            .into_institutions(operation)?;
        convert_all(operation, rows, Institution::from_wire)
    }

    /// The RSSD ids of institutions that filed for `period` since `since`.
    ///
    /// # Errors
    ///
    /// As any call; a malformed-response error when an id is not positive.
    pub async fn filers_since_date(
        &self,
        series: DataSeries,
        period: ReportingPeriod,
        since: SinceDate,
    ) -> Result<Vec<u32>> {
        let operation = Operation::RetrieveFilersSinceDate;
        let ids = self
            .call(operation, &filers_arguments(series, period, since))
            .await?
            .into_ints(operation)?;
        convert_all(operation, ids, |id| rssd_from_wire(id.into()))
    }

    /// The institutions that filed for `period` since `since`, each with
    /// the time of its latest submission.
    ///
    /// # Errors
    ///
    /// As any call; a malformed-response error when a row has no time or
    /// one that does not read as `2/20/2024 3:23:30 PM`.
    pub async fn filers_submission_times(
        &self,
        series: DataSeries,
        period: ReportingPeriod,
        since: SinceDate,
    ) -> Result<Vec<FilerSubmission>> {
        let operation = Operation::RetrieveFilersSubmissionDateTime;
        let rows = self
            .call(operation, &filers_arguments(series, period, since))
            .await?
            .into_submissions(operation)?;
        convert_all(operation, rows, |row| {
            let time = row.date_time.as_deref().ok_or_else(|| {
                Error::malformed(format!(
                    "submission of ID_RSSD {} has no DateTime",
                    row.id_rssd
                ))
            })?;
            FilerSubmission::from_wire(row.id_rssd.into(), time)
        })
    }

    /// One institution's report for `period` in `format`.
    ///
    /// # Errors
    ///
    /// A not-found error when the service has no such report; otherwise as
    /// any call.
    pub async fn facsimile(
        &self,
        series: DataSeries,
        period: ReportingPeriod,
        id_type: FiIdType,
        id: FiId,
        format: FacsimileFormat,
    ) -> Result<Facsimile> {
        let operation = Operation::RetrieveFacsimile;
        let arguments = Arguments::new()
            .with(Param::DataSeries, series.as_wire())
            .with(Param::ReportingPeriodEndDate, period.to_wire())
            .with(Param::FiIdType, id_type.as_wire())
            .with(Param::FiId, id.to_string())
            .with(Param::FacsimileFormat, format.as_wire());
        let bytes = self
            .call(operation, &arguments)
            .await?
            .into_document(operation)?;
        Ok(Facsimile::new(format, bytes))
    }

    /// One institution's UBPR for `period`, as XBRL.
    ///
    /// # Errors
    ///
    /// As [`facsimile`](Self::facsimile).
    pub async fn ubpr_xbrl_facsimile(
        &self,
        period: ReportingPeriod,
        id_type: FiIdType,
        id: FiId,
    ) -> Result<Facsimile> {
        let operation = Operation::RetrieveUbprXbrlFacsimile;
        let arguments = Arguments::new()
            .with(Param::ReportingPeriodEndDate, period.to_wire())
            .with(Param::FiIdType, id_type.as_wire())
            .with(Param::FiId, id.to_string());
        let bytes = self
            .call(operation, &arguments)
            .await?
            .into_document(operation)?;
        Ok(Facsimile::new(FacsimileFormat::Xbrl, bytes))
    }

    /// Runs one call on one snapshot of the session.
    async fn call(
        &self,
        operation: Operation,
        arguments: &Arguments,
    ) -> Result<crate::soap::Reply> {
        let session = self.session();
        transport::call(&session, operation, arguments).await
    }
}

thread_local! {
    /// The session cells this thread is updating right now, by address.
    static UPDATING: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
}

/// Marks a session cell as being updated by this thread, until dropped
/// (also when the update panics).
///
/// An update whose closure updates the same client again, on the same
/// thread, would otherwise deadlock on the cell's writer lock; with this
/// mark it gets a validation error. A closure that hands the nested update
/// to another thread and waits for it still deadlocks: that cannot be told
/// apart from an ordinary concurrent update.
struct UpdateInProgress {
    cell: usize,
}

impl UpdateInProgress {
    fn enter(cell: &Arc<SessionCell<Session>>) -> Result<Self> {
        // The address only identifies the cell; it is never dereferenced.
        let cell = Arc::as_ptr(cell) as usize;
        UPDATING.with_borrow_mut(|updating| {
            if updating.contains(&cell) {
                return Err(Error::validation(
                    "Client update called from inside the closure of an update of the same \
                     client, which would deadlock; make both changes in one `update`",
                ));
            }
            updating.push(cell);
            Ok(UpdateInProgress { cell })
        })
    }
}

impl Drop for UpdateInProgress {
    fn drop(&mut self) {
        UPDATING.with_borrow_mut(|updating| updating.retain(|&cell| cell != self.cell));
    }
}

impl fmt::Debug for Client {
    /// Shows the current session (secrets redacted); loading it changes
    /// nothing.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("session", &self.cell.load())
            .finish()
    }
}

fn filers_arguments(series: DataSeries, period: ReportingPeriod, since: SinceDate) -> Arguments {
    Arguments::new()
        .with(Param::DataSeries, series.as_wire())
        .with(Param::ReportingPeriodEndDate, period.to_wire())
        .with(Param::LastUpdateDateTime, since.to_wire())
}

/// Converts every wire value with `convert`, naming the operation in the
/// first error.
fn convert_all<T, U>(
    operation: Operation,
    values: Vec<T>,
    convert: impl FnMut(T) -> Result<U>,
) -> Result<Vec<U>> {
    values
        .into_iter()
        .map(convert)
        .collect::<Result<Vec<U>>>()
        .map_err(|error| {
            Error::new(
                error.kind().clone(),
                format!("{operation}: {}", error.context()),
            )
        })
}
