//! The cost findings counted on the hardened design, with real (std) locks, to set next to
//! the legacy counts of [`crate::legacy::models`]: F5, F8 and N3.

use ffiec_core::sync::StdBackend;

use super::credential_proofs::send_with_session;
use super::fixtures::{accounts, connection, proxy_setting};
use crate::legacy::models::{F5Counts, proxy_a, proxy_b};
use crate::legacy::{ModelService, SessionCounts};
use crate::trace::Trace;

/// F5: makes `requests` sequential data calls on one connection and counts the HTTP clients
/// built (the one the connection started with, shared by every call) and the WSDL
/// downloads (none: the hardened SOAP transport writes its envelopes from the operation
/// table and never fetches the WSDL).
pub fn f5_client_builds_hardened(requests: u64) -> F5Counts {
    let trace = Trace::off();
    let connection = connection::<StdBackend>(None, &trace);
    let service = ModelService::new(accounts(), &trace);

    for _ in 0..requests {
        let sent = send_with_session(&connection.session(), "RetrieveReportingPeriods", &service);
        assert!(sent.accepted, "a single-threaded call sends a whole pair");
    }

    F5Counts {
        requests: service.received().len() as u64,
        client_builds: connection.ledger().builds(),
        wsdl_downloads: service.wsdl_downloads(),
    }
}

/// F8: the session builds caused by one logical proxy change (host, port, user and
/// password in one value). The hardened design builds once.
pub fn f8_builds_per_proxy_change_hardened() -> u64 {
    let connection = connection::<StdBackend>(Some(&proxy_a()), &Trace::off());
    let before = connection.ledger().builds();

    connection
        .set_proxy(proxy_setting(&proxy_b()))
        .expect("the fixture proxies validate");
    connection.ledger().builds() - before
}

/// N3: the sessions built and released by a connection after `proxy_changes` logical
/// proxy changes, alternating between two proxies, with no request holding a session.
/// `live()` of the result is the number of open connection pools: always one.
pub fn n3_live_sessions_after_hardened(proxy_changes: u32) -> SessionCounts {
    let connection = connection::<StdBackend>(Some(&proxy_a()), &Trace::off());

    for change in 0..proxy_changes {
        let proxy = if change % 2 == 0 {
            proxy_b()
        } else {
            proxy_a()
        };
        connection
            .set_proxy(proxy_setting(&proxy))
            .expect("the fixture proxies validate");
    }

    let ledger = connection.ledger();
    SessionCounts {
        builds: ledger.builds(),
        closes: ledger.releases(),
    }
}
