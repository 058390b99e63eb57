//! Proofs for the proxy findings on the shipping session cell: F1, F2, F7, S1, N2, N7.
//!
//! Each proof runs the scenario of the legacy model of the same finding
//! ([`crate::legacy::models`]) and asserts the same invariant, with the same panic message
//! prefix, on [`HardenedConnection`]: proxies change only through whole-value updates.

use std::sync::Arc;

use ffiec_core::ProxySetting;
use ffiec_core::sync::LoomBackend;

use super::fixtures::{address, connection, proxy_passwords, proxy_setting, writer_proxies};
use super::session::{HardenedSession, proxy_address};
use super::{ProofScale, spawn_named};
use crate::legacy::models::{proxy_a, proxy_b, proxy_old};
use crate::trace::Trace;

/// Fails unless `session`'s client was built from the configuration published with it.
fn assert_client_matches_config(finding: &str, session: &HardenedSession<LoomBackend>) {
    let configured = proxy_address(session.config.proxy());
    assert!(
        session.client.built_from == session.config && session.client.proxy() == configured,
        "{finding} violated: session with proxy {configured:?} holds client #{} built for {:?}",
        session.client.build_number,
        session.client.proxy(),
    );
}

/// Fails unless the proxy `session` sends through received its own password.
fn assert_own_password(finding: &str, session: &HardenedSession<LoomBackend>) {
    let Some((host, _)) = session.client.proxy() else {
        panic!("{finding} violated: a writer's proxy was lost, the session goes direct");
    };
    let passwords = proxy_passwords();
    let owner = session
        .client
        .proxy_password_owner(&passwords)
        .unwrap_or("no known proxy");
    assert!(
        owner == host,
        "{finding} violated: requests go to proxy '{host}' with the password set for '{owner}'",
    );
}

/// F1: two threads each set the proxy; each setter's session, and the live one once both
/// returned, must be built from the value stored.
///
/// Invariant: once a proxy setter returns, the live session was built from the value it
/// stored.
pub fn f1_setter_order_hardened(trace: Trace) -> impl Fn() + Send + Sync + 'static {
    move || {
        let connection = Arc::new(connection::<LoomBackend>(Some(&proxy_a()), &trace));
        let writers: Vec<_> = [("writer-a", proxy_a()), ("writer-b", proxy_b())]
            .into_iter()
            .map(|(name, proxy)| {
                let connection = Arc::clone(&connection);
                spawn_named(name, move || {
                    let stored = connection.set_proxy(proxy_setting(&proxy));
                    (
                        address(&proxy),
                        stored.expect("the fixture proxies validate"),
                    )
                })
            })
            .collect();

        for writer in writers {
            let (stored, published) = writer.join().unwrap();
            assert!(
                published.client.proxy().as_ref() == Some(&stored),
                "F1 violated: the setter stored {stored:?} but its session #{} goes through {:?}",
                published.client.build_number,
                published.client.proxy(),
            );
        }

        let live = connection.session();
        assert_client_matches_config("F1", &live);
    }
}

/// F2: a request takes the session while another thread clears the proxy.
///
/// Invariant: a session build uses the very proxy values it checked were set. In the
/// hardened design a build reads one immutable configuration, so the check and the use
/// see the same value whatever the clearer does.
pub fn f2_toctou_hardened(trace: Trace) -> impl Fn() + Send + Sync + 'static {
    move || {
        let connection = Arc::new(connection::<LoomBackend>(Some(&proxy_a()), &trace));
        let clearer = {
            let connection = Arc::clone(&connection);
            spawn_named("clearer", move || connection.set_proxy(ProxySetting::None))
        };

        let request = connection.session();
        let cleared = clearer.join().unwrap().expect("no proxy always validates");

        for session in [&request, &cleared] {
            let client = &session.client;
            assert!(
                client.checked_proxy == client.used_proxy,
                "F2 violated: built a proxy map from {:?} after checking {:?}",
                client.used_proxy,
                client.checked_proxy,
            );
            assert_client_matches_config("F2", session);
        }
        assert_eq!(
            cleared.client.proxy(),
            None,
            "the clearer's session goes direct"
        );
    }
}

/// F7: a request takes the session while another thread moves the connection from proxy
/// A to proxy B.
///
/// Invariant: a request goes out through a session built from one whole proxy
/// configuration the user set, A or B.
pub fn f7_request_during_rebuild_hardened(trace: Trace) -> impl Fn() + Send + Sync + 'static {
    move || {
        let connection = Arc::new(connection::<LoomBackend>(Some(&proxy_a()), &trace));
        let writer = {
            let connection = Arc::clone(&connection);
            spawn_named("writer", move || {
                connection.set_proxy(proxy_setting(&proxy_b()))
            })
        };

        let session = connection.session();
        writer
            .join()
            .unwrap()
            .expect("the fixture proxies validate");

        let proxy = session.client.proxy();
        let whole = [address(&proxy_a()), address(&proxy_b())]
            .iter()
            .any(|configured| proxy.as_ref() == Some(configured));
        assert!(
            whole,
            "F7 violated: a request went out through session #{} built for {proxy:?}, half of \
             each configuration",
            session.client.build_number,
        );
        assert_client_matches_config("F7", &session);
    }
}

/// S1: several threads each configure a whole proxy at once, then a request goes out. The
/// `cargo test` scale has two writers, as the legacy model; `race-audit` adds a third.
///
/// Invariant: after two threads each apply a whole proxy configuration, each proxy
/// receives only its own password.
pub fn s1_concurrent_proxy_config_hardened(
    trace: Trace,
    scale: ProofScale,
) -> impl Fn() + Send + Sync + 'static {
    move || {
        let connection = Arc::new(connection::<LoomBackend>(None, &trace));
        let writers: Vec<_> = writer_proxies(scale.writers)
            .into_iter()
            .map(|(name, proxy)| {
                let connection = Arc::clone(&connection);
                spawn_named(name, move || connection.set_proxy(proxy_setting(&proxy)))
            })
            .collect();
        for writer in writers {
            let published = writer
                .join()
                .unwrap()
                .expect("the fixture proxies validate");
            assert_own_password("S1", &published);
        }

        let session = connection.session();
        assert_own_password("S1", &session);
        assert_client_matches_config("S1", &session);
    }
}

/// N2: a request uses the session while another thread formats the connection for a log
/// line.
///
/// Invariant: reading the session or formatting the connection for a log line does not
/// replace the session a request is using.
pub fn n2_logging_rebuilds_hardened(trace: Trace) -> impl Fn() + Send + Sync + 'static {
    move || {
        let connection = Arc::new(connection::<LoomBackend>(Some(&proxy_a()), &trace));
        let logger = {
            let connection = Arc::clone(&connection);
            spawn_named("logger", move || connection.describe())
        };

        let session = connection.session();
        let live = connection.session();
        let line = logger.join().unwrap();

        assert!(
            Arc::ptr_eq(&live, &session) && connection.generation() == 0,
            "N2 violated: while a request was using session #{}, formatting the connection for \
             a log line replaced it with #{}",
            session.client.build_number,
            live.client.build_number,
        );
        assert_eq!(
            connection.ledger().builds(),
            1,
            "N2 violated: a getter built a client"
        );
        assert!(
            !line.contains("pass-a"),
            "the log line shows no proxy password: {line}"
        );
    }
}

/// N7: writers apply whole proxy configurations at once while a reader loads; the cell
/// starts at the old proxy. The `cargo test` scale has two writers and a reader;
/// `race-audit` runs three writers and a reader (306,191 interleavings in our run; DESIGN's
/// planning estimate of ~109,000 was for a smaller model, see `hardened/mod.rs`).
///
/// Invariant: after two writers each apply a whole configuration, the stored
/// configuration is one of the two.
pub fn n7_whole_value_swap_hardened(
    trace: Trace,
    scale: ProofScale,
) -> impl Fn() + Send + Sync + 'static {
    move || {
        let connection = Arc::new(connection::<LoomBackend>(Some(&proxy_old()), &trace));
        let writers: Vec<_> = writer_proxies(scale.writers)
            .into_iter()
            .map(|(name, proxy)| {
                let connection = Arc::clone(&connection);
                spawn_named(name, move || {
                    connection
                        .set_proxy(proxy_setting(&proxy))
                        .expect("the fixture proxies validate");
                })
            })
            .collect();
        let reader = {
            let connection = Arc::clone(&connection);
            spawn_named("reader", move || {
                let seen = connection.session();
                assert_own_password("N7", &seen);
                assert_client_matches_config("N7", &seen);
            })
        };
        for writer in writers {
            writer.join().unwrap();
        }
        reader.join().unwrap();

        let stored = connection.session();
        assert_own_password("N7", &stored);
        assert_client_matches_config("N7", &stored);
        let applied = writer_proxies(scale.writers);
        assert!(
            applied
                .iter()
                .any(|(_, proxy)| stored.client.proxy() == Some(address(proxy))),
            "N7 violated: the stored configuration {:?} is none of the writers'",
            stored.client.proxy(),
        );
        let expected_builds = 1 + scale.writers as u64;
        assert_eq!(
            connection.ledger().builds(),
            expected_builds,
            "one build per whole-value update"
        );
    }
}
