//! Proofs for the findings of the later Python versions: N4, N5 (stale state) on the
//! shipping session cell, N6 on the shipping rate limiter, and N3 (orphaned sessions).

use std::sync::Arc;
use std::time::Duration;

use ffiec_core::sync::LoomBackend;

use loom::sync::atomic::{AtomicBool, Ordering};

use super::credential_proofs::send_with_session;
use super::fixtures::{
    accounts, address, connection, connection_sharing, limiter_registry, proxy_setting,
    writer_proxies,
};
use super::session::{HardenedConnection, proxy_address};
use super::spawn_named;
use crate::legacy::ModelService;
use crate::legacy::models::{proxy_a, proxy_b};
use crate::trace::{Action, Trace};

/// N4: a request and a proxy change race; afterwards a new request goes out.
///
/// Invariant: a request made after a proxy change returned uses the new proxy. There is
/// no build-once session to go stale: every change publishes a session of its own.
pub fn n4_stale_session_hardened(trace: Trace) -> impl Fn() + Send + Sync + 'static {
    move || {
        let connection = Arc::new(connection::<LoomBackend>(Some(&proxy_a()), &trace));
        let request = {
            let connection = Arc::clone(&connection);
            spawn_named("request", move || connection.session().client.build_number)
        };
        let reconfigure = {
            let connection = Arc::clone(&connection);
            spawn_named("reconfigure", move || {
                connection.set_proxy(proxy_setting(&proxy_b()))
            })
        };
        request.join().unwrap();
        reconfigure
            .join()
            .unwrap()
            .expect("the fixture proxies validate");

        let session = connection.session();
        let configured = proxy_address(session.config.proxy());
        assert!(
            session.client.proxy() == configured && configured == Some(address(&proxy_b())),
            "N4 violated: set_proxy({configured:?}) returned, yet requests still go through {:?}",
            session.client.proxy(),
        );
    }
}

/// N5: a data call takes the session (and so its client) while another thread moves the
/// connection to another proxy; then alice calls again.
///
/// Invariant: a data call goes through the connection's current session. There is no
/// credential-keyed client cache: the client is part of the session and is built from the
/// whole configuration, so the next snapshot's client carries the new proxy. (The other
/// half, that no caller waits for another's build, is core's
/// `f7_reader_never_waits_for_a_build_hardened_holds` model.)
pub fn n5_stale_client_cache_hardened(trace: Trace) -> impl Fn() + Send + Sync + 'static {
    move || {
        let connection = Arc::new(connection::<LoomBackend>(Some(&proxy_a()), &trace));
        let first_call = {
            let connection = Arc::clone(&connection);
            spawn_named("first-call", move || {
                connection.session().client.build_number
            })
        };
        let reconfigure = {
            let connection = Arc::clone(&connection);
            spawn_named("reconfigure", move || {
                connection.set_proxy(proxy_setting(&proxy_b()))
            })
        };
        first_call.join().unwrap();
        let reconfigured = reconfigure
            .join()
            .unwrap()
            .expect("the fixture proxies validate");

        let second_call = connection.session();
        assert!(
            Arc::ptr_eq(&second_call, &reconfigured)
                && second_call.client.proxy() == Some(address(&proxy_b())),
            "N5 violated: alice's next call sends through client #{} ({:?}); the connection's \
             session is #{} ({:?})",
            second_call.client.build_number,
            second_call.client.proxy(),
            reconfigured.client.build_number,
            reconfigured.client.proxy(),
        );
    }
}

/// N5, the convoy: a proxy change builds its session (the slow step, where the 2.x cache
/// fetched the WSDL under its lock) while alice makes a data call; the build cannot end
/// until alice's call has gone out.
///
/// Invariant: no caller waits for another caller's network fetch. Were alice's call to
/// wait for the build, no thread could move and loom would fail the proof as a deadlock.
pub fn n5_fetch_convoy_hardened(trace: Trace) -> impl Fn() + Send + Sync + 'static {
    move || {
        let connection = Arc::new(connection::<LoomBackend>(Some(&proxy_a()), &trace));
        let service = Arc::new(ModelService::new(accounts(), &trace));
        let alice_sent = Arc::new(AtomicBool::new(false));

        let reconfigure = {
            let (connection, alice_sent) = (Arc::clone(&connection), Arc::clone(&alice_sent));
            spawn_named("reconfigure", move || {
                connection.set_proxy_with_slow_build(proxy_setting(&proxy_b()), || {
                    while !alice_sent.load(Ordering::Acquire) {
                        loom::thread::yield_now();
                    }
                })
            })
        };

        let sent = send_with_session(&connection.session(), "RetrieveReportingPeriods", &service);
        alice_sent.store(true, Ordering::Release);
        let reconfigured = reconfigure
            .join()
            .unwrap()
            .expect("the fixture proxies validate");

        let received = service.received();
        assert!(
            sent.accepted && received[0].proxy_host.as_deref() == Some(proxy_a().host.as_str()),
            "N5 violated: alice's call went out as {:?}, not through the session it held",
            received[0],
        );
        assert_eq!(reconfigured.client.proxy(), Some(address(&proxy_b())));
    }
}

/// N6: two clients of one account (connections sharing one limiter registry, as every
/// clone of the shipping client does) each make a call at once. A call waits for its slot
/// the way the shipping transport does, `session.limiter().acquire()`, whose booking step
/// is `reserve`; the limit is one call per hour, and the clock stands still.
///
/// Invariant: no more calls pass the limiter than its limit allows.
pub fn n6_limiter_check_then_act_hardened(trace: Trace) -> impl Fn() + Send + Sync + 'static {
    const LIMIT: u32 = 1;

    move || {
        let limiters = limiter_registry::<LoomBackend>(LIMIT);
        let call = |connection: &HardenedConnection<LoomBackend>, trace: &Trace| {
            let wait = connection.session().limiter.reserve();
            trace.record(Action::Check, "rate_limiter", format!("wait {wait:?}"));
            wait
        };

        let other = {
            let connection = connection_sharing(Some(&proxy_a()), Arc::clone(&limiters), &trace);
            let trace = trace.clone();
            spawn_named("caller-b", move || call(&connection, &trace))
        };
        let connection = connection_sharing(Some(&proxy_a()), limiters, &trace);
        let waits = [call(&connection, &trace), other.join().unwrap()];

        let passed = waits.iter().filter(|wait| wait.is_zero()).count() as u32;
        assert!(
            passed <= LIMIT,
            "N6 violated: {passed} calls passed a limiter that allows {LIMIT}",
        );
        assert_eq!(passed, LIMIT, "the first call goes at once: {waits:?}");
        assert!(
            waits.contains(&Duration::from_secs(3_600)),
            "the second call waits a whole window: {waits:?}"
        );
    }
}

/// N3: writers replace the session while a request holds an older one; when every holder
/// has let go, only the published session's client is alive.
///
/// Invariant: at most one session per connection is open at a time, once no request holds
/// an older one. A replaced session is released when its last holder lets go.
pub fn n3_released_sessions_hardened(trace: Trace) -> impl Fn() + Send + Sync + 'static {
    move || {
        let connection = Arc::new(connection::<LoomBackend>(Some(&proxy_a()), &trace));
        let ledger = Arc::clone(connection.ledger());
        let writers: Vec<_> = writer_proxies(2)
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
        let request = {
            let connection = Arc::clone(&connection);
            spawn_named("request", move || {
                let held = connection.session();
                // The snapshot stays whole while held, whatever the writers publish.
                assert_eq!(held.client.built_from, held.config);
            })
        };
        for writer in writers {
            writer.join().unwrap();
        }
        request.join().unwrap();

        assert!(
            ledger.live() == 1,
            "N3 violated: {} sessions built, {} released: {} still open with one published",
            ledger.builds(),
            ledger.releases(),
            ledger.live(),
        );
        drop(connection);
        assert_eq!(
            ledger.live(),
            0,
            "dropping the connection releases its last session"
        );
    }
}
