//! The findings that are costs, counted on the legacy model with real (std) locks:
//! F5, F8 and N3. No interleaving is involved, so no loom.

use serde::Serialize;

use ffiec_core::sync::StdBackend;

use super::fixtures::{ACCOUNT_ALICE, accounts, proxy_a, proxy_b};
use crate::legacy::{
    InertSessions, LegacyConnection, LegacyCredentials, ModelService, SecretLabel, SessionCounts,
    collect_reporting_periods,
};
use crate::trace::Trace;

type Connection = LegacyConnection<StdBackend, InertSessions>;

/// What `requests` legacy data calls cost (F5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct F5Counts {
    /// Data calls made.
    pub requests: u64,
    /// SOAP clients built: one per call in the legacy design.
    pub client_builds: u64,
    /// WSDL documents downloaded: one per client.
    pub wsdl_downloads: u64,
}

/// F5: makes `requests` sequential data calls and counts the clients built and the WSDL
/// downloads. The legacy design builds a client, and downloads the WSDL, for every call.
pub fn f5_client_builds(requests: u64) -> F5Counts {
    let trace = Trace::off();
    let connection = Connection::new(InertSessions, &trace);
    let (alice, alice_token) = ACCOUNT_ALICE;
    let credentials =
        LegacyCredentials::<StdBackend>::new(alice, SecretLabel::new(alice_token), &trace);
    let service = ModelService::new(accounts(), &trace);

    let session = connection.current_session();
    let mut client_builds = 0;
    for _ in 0..requests {
        let sent = collect_reporting_periods(&session, &credentials, &service);
        assert!(sent.accepted, "a single-threaded call sends a whole pair");
        client_builds += 1;
    }

    F5Counts {
        requests: service.received().len() as u64,
        client_builds,
        wsdl_downloads: service.wsdl_downloads(),
    }
}

/// F8: the session builds caused by one logical proxy change (host, port, user and
/// password set through their setters). The legacy design rebuilds once per setter.
pub fn f8_builds_per_proxy_change() -> u64 {
    let trace = Trace::off();
    let connection = Connection::with_proxy(InertSessions, &proxy_a(), &trace);
    let before = connection.session_counts().builds;

    connection
        .apply_proxy(&proxy_b())
        .expect("every proxy field stays set");
    connection.session_counts().builds - before
}

/// N3: the sessions built and closed by a connection after `proxy_changes` logical proxy
/// changes, alternating between two proxies. The legacy design never closes a replaced
/// session, so every one stays live.
pub fn n3_live_sessions_after(proxy_changes: u32) -> SessionCounts {
    let trace = Trace::off();
    let connection = Connection::with_proxy(InertSessions, &proxy_a(), &trace);

    for change in 0..proxy_changes {
        let proxy = if change % 2 == 0 {
            proxy_b()
        } else {
            proxy_a()
        };
        connection
            .apply_proxy(&proxy)
            .expect("every proxy field stays set");
    }
    connection.session_counts()
}
