//! The 0.2.7 `WebserviceCredentials` and the data calls that read it.
//!
//! The credentials object keeps the user name and the token in two attributes with plain,
//! unsynchronised setters. Everything that authenticates reads them one after the other:
//! `test_credentials` (F3, S2) and every data call, through the SOAP client factory (N1).
//! Each of those also builds a new SOAP client and downloads the WSDL again (F5).

use std::fmt;

use ffiec_core::sync::Backend;

use super::attr::Attr;
use super::secret::SecretLabel;
use super::service::{ModelService, ReceivedRequest};
use super::session::LiveSession;

/// `WebserviceCredentials(username, password)`: two independent attributes.
pub struct LegacyCredentials<B: Backend> {
    username: Attr<B, String>,
    password: Attr<B, SecretLabel>,
}

/// The user and token one request carried, as the client read them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentPair {
    /// The user name read.
    pub user: String,
    /// The token read.
    pub token: SecretLabel,
    /// Whether the service accepted the pair.
    pub accepted: bool,
}

impl<B: Backend> LegacyCredentials<B> {
    /// Credentials holding `username` and `password` (the token).
    pub fn new(username: &str, password: SecretLabel, trace: &crate::trace::Trace) -> Self {
        LegacyCredentials {
            username: Attr::new("username", username.to_owned(), trace),
            password: Attr::new("password", password, trace),
        }
    }

    /// `creds.username = value`: a plain assignment, no lock.
    pub fn set_username(&self, username: &str) {
        self.username.set(username.to_owned());
    }

    /// `creds.password = value`: a plain assignment, no lock.
    pub fn set_password(&self, password: SecretLabel) {
        self.password.set(password);
    }

    /// `creds.username`.
    pub fn username(&self) -> String {
        self.username.get()
    }

    /// `creds.password`.
    pub fn password(&self) -> SecretLabel {
        self.password.get()
    }

    /// The user, then the token, read one after the other as every legacy call does
    /// (`UsernameToken(creds.username, creds.password)`): another thread can run between
    /// the two reads. A live stress run sends what this returns.
    pub fn read_for_request(&self) -> (String, SecretLabel) {
        let user = self.username();
        let token = self.password();
        (user, token)
    }

    /// `test_credentials(session)`: reads the user, then the token, builds a SOAP client
    /// (downloading the WSDL), and calls `TestUserAccess` with the pair it read.
    pub fn test_credentials<S>(
        &self,
        session: &LiveSession<S>,
        service: &ModelService,
    ) -> SentPair {
        // `UsernameToken(self.username, self.password)`: two separate reads.
        let (user, token) = self.read_for_request();

        // `Client(wsdl, wsse=..., transport=Transport(session=session))` fetches the WSDL.
        service.download_wsdl();

        send(service, "TestUserAccess", user, token, session)
    }
}

impl<B: Backend> fmt::Debug for LegacyCredentials<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Neither attribute is read: the token must never reach a Debug line.
        f.debug_struct("LegacyCredentials").finish_non_exhaustive()
    }
}

/// `methods.collect_reporting_periods(session, creds)`: the client factory reads the user,
/// then the token, builds a new SOAP client (downloading the WSDL, F5), and the call goes
/// out with the pair it read (N1).
///
/// The legacy function also accepts an `FFIECConnection`; it then reads its `session`
/// property, which rebuilds (N2). Pass [`LegacyConnection::session`] to model that.
///
/// [`LegacyConnection::session`]: super::LegacyConnection::session
pub fn collect_reporting_periods<B: Backend, S>(
    session: &LiveSession<S>,
    creds: &LegacyCredentials<B>,
    service: &ModelService,
) -> SentPair {
    // `_client_factory(session, creds)`: `UsernameToken(creds.username, creds.password)`.
    let (user, token) = creds.read_for_request();
    service.download_wsdl();

    // `client.service.RetrieveReportingPeriods(dataSeries="Call")`
    send(service, "RetrieveReportingPeriods", user, token, session)
}

fn send<S>(
    service: &ModelService,
    operation: &'static str,
    user: String,
    token: SecretLabel,
    session: &LiveSession<S>,
) -> SentPair {
    let accepted = service.receive(ReceivedRequest {
        operation,
        user: user.clone(),
        token: token.clone(),
        session_id: session.id,
        proxy_host: session.proxy_host().map(str::to_owned),
        accepted: false,
    });
    SentPair {
        user,
        token,
        accepted,
    }
}
