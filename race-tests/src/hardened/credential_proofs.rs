//! Proofs for the credential findings on the shipping session cell: F3, S2, N1.
//!
//! As in the legacy models, the connection starts with alice's pair and a `swapper` thread
//! switches it to bob's, here the only way the hardened client allows: one whole
//! [`Credentials`](ffiec_core::Credentials) value through `set_credentials`. Each request
//! takes one session snapshot and sends the pair it holds.

use std::sync::Arc;

use ffiec_core::Credentials;
use ffiec_core::sync::{Backend, LoomBackend};

use super::fixtures::{accounts, connection, credentials};
use super::session::{HardenedConnection, HardenedSession};
use super::spawn_named;
use crate::legacy::models::ACCOUNT_BOB;
use crate::legacy::{ModelService, ReceivedRequest, SecretLabel, SentPair};
use crate::trace::Trace;

type Connection = HardenedConnection<LoomBackend>;

/// Sends `operation` with the pair `session` holds, as the hardened transports do: the
/// user and the token come from one snapshot, read once. The service model is the legacy
/// one, so both designs are judged by the same far side.
pub fn send_with_session<B: Backend>(
    session: &HardenedSession<B>,
    operation: &'static str,
    service: &ModelService,
) -> SentPair {
    let (user, token) = match &session.credentials {
        Credentials::Soap(soap) => (soap.user_name(), soap.expose_token()),
        Credentials::Rest(rest) => (rest.user_id(), rest.expose_token()),
    };
    let (user, token) = (user.to_owned(), SecretLabel::new(token));

    let accepted = service.receive(ReceivedRequest {
        operation,
        user: user.clone(),
        token: token.clone(),
        session_id: session.client.build_number,
        proxy_host: session.client.proxy().map(|(host, _)| host),
        accepted: false,
    });
    SentPair {
        user,
        token,
        accepted,
    }
}

/// Alice's connection, the service, and the swapper running.
fn start(trace: &Trace) -> (Arc<Connection>, ModelService, loom::thread::JoinHandle<()>) {
    let connection = Arc::new(connection::<LoomBackend>(None, trace));
    let service = ModelService::new(accounts(), trace);

    let swapper = {
        let connection = Arc::clone(&connection);
        spawn_named("swapper", move || {
            connection
                .set_credentials(credentials(ACCOUNT_BOB))
                .expect("a credential swap cannot fail");
        })
    };
    (connection, service, swapper)
}

fn token_owner(service: &ModelService, sent: &SentPair) -> String {
    service.owner_of(&sent.token).unwrap_or("nobody").to_owned()
}

/// F3: `TestUserAccess` goes out while the swapper changes the pair.
///
/// Invariant: test_credentials sends a user and token that were set together.
pub fn f3_torn_test_credentials_hardened(trace: Trace) -> impl Fn() + Send + Sync + 'static {
    move || {
        let (connection, service, swapper) = start(&trace);

        let sent = send_with_session(&connection.session(), "TestUserAccess", &service);
        swapper.join().unwrap();

        assert!(
            service.is_valid(&sent.user, &sent.token),
            "F3 violated: test_credentials sent user='{}' with the token of '{}'",
            sent.user,
            token_owner(&service, &sent),
        );
    }
}

/// S2: a user authenticates while another thread switches the account.
///
/// Invariant: authenticating while the credentials are swapped between two valid pairs
/// succeeds with one of them.
pub fn s2_authenticate_during_swap_hardened(trace: Trace) -> impl Fn() + Send + Sync + 'static {
    move || {
        let (connection, service, swapper) = start(&trace);

        let verdict = send_with_session(&connection.session(), "TestUserAccess", &service);
        swapper.join().unwrap();

        assert!(
            verdict.accepted,
            "S2 violated: authentication was rejected although both pairs are valid; the \
             service saw user='{}' with the token of '{}'",
            verdict.user,
            token_owner(&service, &verdict),
        );
    }
}

/// N1: a data call goes out while the swapper changes the pair.
///
/// Invariant: every data call sends a user and token that were set together.
pub fn n1_torn_data_call_hardened(trace: Trace) -> impl Fn() + Send + Sync + 'static {
    move || {
        let (connection, service, swapper) = start(&trace);

        let sent = send_with_session(&connection.session(), "RetrieveReportingPeriods", &service);
        swapper.join().unwrap();

        assert!(
            service.is_valid(&sent.user, &sent.token),
            "N1 violated: collect_reporting_periods sent user='{}' with the token of '{}'",
            sent.user,
            token_owner(&service, &sent),
        );
    }
}
