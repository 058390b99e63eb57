//! Models of the 0.2.7 credentials races: F3, S2 and N1.
//!
//! In each, the credentials start as alice's pair and a `swapper` thread changes them to
//! bob's pair the only way the legacy class allows: user name first, then token. Both
//! pairs are valid accounts at the service.

use std::sync::Arc;

use ffiec_core::sync::LoomBackend;

use super::fixtures::{ACCOUNT_ALICE, ACCOUNT_BOB, accounts};
use super::spawn_named;
use crate::legacy::{
    InertSessions, LegacyConnection, LegacyCredentials, ModelService, SecretLabel, SentPair,
    collect_reporting_periods,
};
use crate::trace::Trace;

type Credentials = LegacyCredentials<LoomBackend>;

struct Scenario {
    credentials: Arc<Credentials>,
    connection: LegacyConnection<LoomBackend, InertSessions>,
    service: ModelService,
    swapper: loom::thread::JoinHandle<()>,
}

/// Alice's credentials, a connection without proxy, the service, and the swapper running.
fn start(trace: &Trace) -> Scenario {
    let (alice, alice_token) = ACCOUNT_ALICE;
    let credentials = Arc::new(Credentials::new(
        alice,
        SecretLabel::new(alice_token),
        trace,
    ));
    let connection = LegacyConnection::new(InertSessions, trace);
    let service = ModelService::new(accounts(), trace);

    let swapper = {
        let credentials = Arc::clone(&credentials);
        spawn_named("swapper", move || {
            let (bob, bob_token) = ACCOUNT_BOB;
            credentials.set_username(bob);
            credentials.set_password(SecretLabel::new(bob_token));
        })
    };
    Scenario {
        credentials,
        connection,
        service,
        swapper,
    }
}

/// Whose token `sent` carried, for the violation message.
fn token_owner(service: &ModelService, sent: &SentPair) -> String {
    service.owner_of(&sent.token).unwrap_or("nobody").to_owned()
}

/// F3: `test_credentials` runs while the swapper changes the pair.
///
/// Invariant: `test_credentials` sends a user and token that were set together.
pub fn f3_torn_test_credentials_legacy(trace: Trace) -> impl Fn() + Send + Sync + 'static {
    move || {
        let scenario = start(&trace);
        let session = scenario.connection.current_session();

        let sent = scenario
            .credentials
            .test_credentials(&session, &scenario.service);
        scenario.swapper.join().unwrap();

        assert!(
            scenario.service.is_valid(&sent.user, &sent.token),
            "F3 violated: test_credentials sent user='{}' with the token of '{}'",
            sent.user,
            token_owner(&scenario.service, &sent),
        );
    }
}

/// S2: a user authenticates while another thread switches the account.
///
/// Invariant: authenticating while the credentials are swapped between two valid pairs
/// succeeds with one of them. The legacy client can report valid credentials as rejected.
pub fn s2_authenticate_during_swap_legacy(trace: Trace) -> impl Fn() + Send + Sync + 'static {
    move || {
        let scenario = start(&trace);
        let session = scenario.connection.current_session();

        let verdict = scenario
            .credentials
            .test_credentials(&session, &scenario.service);
        scenario.swapper.join().unwrap();

        assert!(
            verdict.accepted,
            "S2 violated: authentication was rejected although both pairs are valid; the \
             service saw user='{}' with the token of '{}'",
            verdict.user,
            token_owner(&scenario.service, &verdict),
        );
    }
}

/// N1: a data call runs while the swapper changes the pair.
///
/// Invariant: every data call sends a user and token that were set together. The SOAP
/// client factory reads them one by one, just like `test_credentials`.
pub fn n1_torn_data_call_legacy(trace: Trace) -> impl Fn() + Send + Sync + 'static {
    move || {
        let scenario = start(&trace);
        let session = scenario.connection.current_session();

        let sent = collect_reporting_periods(&session, &scenario.credentials, &scenario.service);
        scenario.swapper.join().unwrap();

        assert!(
            scenario.service.is_valid(&sent.user, &sent.token),
            "N1 violated: collect_reporting_periods sent user='{}' with the token of '{}'",
            sent.user,
            token_owner(&scenario.service, &sent),
        );
    }
}
