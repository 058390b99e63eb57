//! Models of the locked 2.x/3.x designs and of the per-field atomic swap: N4, N5, N6, N7.

use std::sync::Arc;

use ffiec_core::sync::LoomBackend;

use super::fixtures::{
    ACCOUNT_ALICE, ACCOUNT_BOB, accounts, proxy_a, proxy_b, proxy_old, proxy_owning,
};
use super::spawn_named;
use crate::legacy::{
    CheckThenActLimiter, InertSessions, LockedConnection, ModelService, PyRepr, SecretLabel,
    SoapClientCache, SwappedConfig,
};
use crate::trace::Trace;

type Connection = LockedConnection<LoomBackend, InertSessions>;

/// N4: a request and a proxy change race on the 2.x connection; afterwards a new request
/// goes out.
///
/// Invariant: a request made after a proxy change returned uses the new proxy. When the
/// first request built the session first, the change is ignored for good.
pub fn n4_stale_session_v2(trace: Trace) -> impl Fn() + Send + Sync + 'static {
    move || {
        let proxy = proxy_a();
        let connection = Arc::new(Connection::with_proxy(
            InertSessions,
            &proxy.host,
            proxy.port,
            &trace,
        ));
        let request = {
            let connection = Arc::clone(&connection);
            spawn_named("request", move || connection.session().id)
        };
        let reconfigure = {
            let connection = Arc::clone(&connection);
            spawn_named("reconfigure", move || {
                connection.set_proxy_host(&proxy_b().host)
            })
        };
        request.join().unwrap();
        reconfigure.join().unwrap();

        let session = connection.session();
        let configured = connection.proxy_host();
        assert!(
            session.proxy_host() == configured.as_deref(),
            "N4 violated: set_proxy_host({}) returned, yet requests still go through {:?}",
            configured.py_repr(),
            session,
        );
    }
}

/// N5: a data call fills the 2.x SOAP client cache while another thread moves the
/// connection to another proxy (set the host, close the session); then alice calls again.
///
/// Invariant: a data call goes through the connection's current session. The cache is
/// keyed by credentials only, so alice keeps the client bound to the closed session.
pub fn n5_stale_client_cache_v2(trace: Trace) -> impl Fn() + Send + Sync + 'static {
    move || {
        let proxy = proxy_a();
        let connection = Arc::new(Connection::with_proxy(
            InertSessions,
            &proxy.host,
            proxy.port,
            &trace,
        ));
        let cache = Arc::new(SoapClientCache::<LoomBackend, InertSessions>::new(&trace));
        let service = Arc::new(ModelService::new(accounts(), &trace));
        let (alice, alice_token) = ACCOUNT_ALICE;
        let token = SecretLabel::new(alice_token);

        let first_call = {
            let (connection, cache, service, token) = (
                Arc::clone(&connection),
                Arc::clone(&cache),
                Arc::clone(&service),
                token.clone(),
            );
            spawn_named("first-call", move || {
                cache
                    .get_client(alice, &token, &connection, &service)
                    .session
                    .id
            })
        };
        let reconfigure = {
            let connection = Arc::clone(&connection);
            spawn_named("reconfigure", move || {
                connection.set_proxy_host(&proxy_b().host);
                connection.close();
            })
        };
        first_call.join().unwrap();
        reconfigure.join().unwrap();

        let client = cache.get_client(alice, &token, &connection, &service);
        let current = connection.session();
        assert!(
            client.session.id == current.id && !client.session.is_closed(),
            "N5 violated: the cached SOAP client for '{alice}' sends through {:?}; the \
             connection's session is {:?}",
            client.session,
            current,
        );
    }
}

/// N5, the convoy: alice's and bob's first data calls both miss the 2.x SOAP client cache.
///
/// Invariant: no caller waits for another caller's network fetch. The cache holds its lock
/// while a missing client downloads the WSDL, so the second caller queues behind it.
pub fn n5_fetch_convoy_v2(trace: Trace) -> impl Fn() + Send + Sync + 'static {
    move || {
        let proxy = proxy_a();
        let connection = Arc::new(Connection::with_proxy(
            InertSessions,
            &proxy.host,
            proxy.port,
            &trace,
        ));
        let cache = Arc::new(SoapClientCache::<LoomBackend, InertSessions>::new(&trace));
        let service = Arc::new(ModelService::new(accounts(), &trace));

        let bob_call = {
            let (connection, cache, service) = (
                Arc::clone(&connection),
                Arc::clone(&cache),
                Arc::clone(&service),
            );
            spawn_named("bob-call", move || {
                let (bob, bob_token) = ACCOUNT_BOB;
                cache.get_client(bob, &SecretLabel::new(bob_token), &connection, &service);
            })
        };
        let (alice, alice_token) = ACCOUNT_ALICE;
        cache.get_client(alice, &SecretLabel::new(alice_token), &connection, &service);
        bob_call.join().unwrap();

        assert!(
            cache.convoy_waits() == 0,
            "N5 violated: a data call waited for the cache lock while another caller's WSDL \
             download held it ({} wait)",
            cache.convoy_waits(),
        );
    }
}

/// N6: two calls pass the same async limiter, which allows one call in the window.
///
/// Invariant: no more calls pass the limiter than its limit allows. The limiter reads its
/// counter, compares, then writes: both callers can read the last free slot.
pub fn n6_limiter_check_then_act_v3(trace: Trace) -> impl Fn() + Send + Sync + 'static {
    move || {
        let limiter = Arc::new(CheckThenActLimiter::<LoomBackend>::new(1, &trace));
        let other = {
            let limiter = Arc::clone(&limiter);
            spawn_named("caller-b", move || limiter.try_acquire())
        };

        let passed = u32::from(limiter.try_acquire()) + u32::from(other.join().unwrap());
        assert!(
            passed <= limiter.limit(),
            "N6 violated: {passed} calls passed a limiter that allows {}",
            limiter.limit(),
        );
    }
}

/// N7: two writers apply two proxy configurations through per-field setters on a config
/// kept behind an atomically swapped pointer.
///
/// Invariant: after two writers each apply a whole configuration, the stored configuration
/// is one of the two. Each store is atomic, yet the load-copy-store setters interleave.
pub fn n7_per_field_swap(trace: Trace) -> impl Fn() + Send + Sync + 'static {
    move || {
        let config = Arc::new(SwappedConfig::<LoomBackend>::new(proxy_old(), &trace));
        let writers: Vec<_> = [("writer-a", proxy_a()), ("writer-b", proxy_b())]
            .into_iter()
            .map(|(name, proxy)| {
                let config = Arc::clone(&config);
                spawn_named(name, move || {
                    config.set_host(&proxy.host);
                    config.set_password(proxy.password);
                })
            })
            .collect();
        for writer in writers {
            writer.join().unwrap();
        }

        let stored = config.load();
        let owner = proxy_owning(&stored.password);
        assert!(
            owner == stored.host,
            "N7 violated: every store swapped a whole value, yet the stored configuration \
             sends the password of '{owner}' to '{}'",
            stored.host,
        );
    }
}
