//! Models of the 0.2.7 connection's proxy races: F1, F2, F7, S1 and N2.

use std::sync::Arc;

use ffiec_core::sync::LoomBackend;

use super::fixtures::{proxy_a, proxy_b, proxy_owning};
use super::spawn_named;
use crate::legacy::{InertSessions, LegacyConnection, LegacyError, PyRepr};
use crate::trace::Trace;

type Connection = LegacyConnection<LoomBackend, InertSessions>;

/// F1: two threads each set the proxy host; when both setters have returned, the live
/// session should go through the host the connection holds.
///
/// Invariant: once a proxy setter returns, the live session was built from the value it
/// stored. The legacy setter rebuilds first and assigns after, so the session always lags
/// one value behind: even the first, sequential interleaving breaks it.
pub fn f1_setter_order_legacy(trace: Trace) -> impl Fn() + Send + Sync + 'static {
    move || {
        let connection = Arc::new(Connection::with_proxy(InertSessions, &proxy_a(), &trace));
        let writer_a = {
            let connection = Arc::clone(&connection);
            spawn_named("writer-a", move || {
                connection.set_proxy_host(Some(proxy_a().host))
            })
        };
        let writer_b = {
            let connection = Arc::clone(&connection);
            spawn_named("writer-b", move || {
                connection.set_proxy_host(Some(proxy_b().host))
            })
        };
        writer_a
            .join()
            .unwrap()
            .expect("proxy fields stay complete");
        writer_b
            .join()
            .unwrap()
            .expect("proxy fields stay complete");

        let held = connection.proxy_host();
        let live = connection.current_session();
        assert!(
            live.proxy_host() == held.as_deref(),
            "F1 violated: both setters returned, the connection holds proxy_host={} but its \
             live session #{} goes through {}",
            held.py_repr(),
            live.id,
            live.proxy_host().map(str::to_owned).py_repr(),
        );
    }
}

/// F2: a request builds a session while another thread clears the proxy host.
///
/// Invariant: a session build uses the very proxy values it checked were set. The legacy
/// builder checks host and port, then reads them again; a host cleared in between reaches
/// the URL concatenation as `None`.
pub fn f2_toctou_legacy(trace: Trace) -> impl Fn() + Send + Sync + 'static {
    move || {
        let connection = Arc::new(Connection::with_proxy(InertSessions, &proxy_a(), &trace));
        let clearer = {
            let connection = Arc::clone(&connection);
            spawn_named("clearer", move || connection.set_proxy_host(None))
        };

        let built = connection.session();
        clearer
            .join()
            .unwrap()
            .expect("the clearer rebuilds before it clears");

        if let Err(LegacyError::NoneConcatenation { field }) = built {
            panic!("F2 violated: built a proxy map from {field}=None after checking it was set");
        }
    }
}

/// F7: a request reads the session while another thread moves the connection from proxy A
/// to proxy B (host, then port).
///
/// Invariant: a request goes out through a session built from one whole proxy
/// configuration the user set, A or B. The request's own rebuild, or the writer's rebuild
/// between its two setters, can hand it B's host with A's port.
pub fn f7_request_during_rebuild_legacy(trace: Trace) -> impl Fn() + Send + Sync + 'static {
    move || {
        let connection = Arc::new(Connection::with_proxy(InertSessions, &proxy_a(), &trace));
        let writer = {
            let connection = Arc::clone(&connection);
            spawn_named("writer", move || {
                connection.set_proxy_host(Some(proxy_b().host))?;
                connection.set_proxy_port(Some(proxy_b().port))
            })
        };

        let session = connection.session().expect("proxy fields stay complete");
        writer.join().unwrap().expect("proxy fields stay complete");

        let proxy = session.proxy.as_ref().expect("the proxy stays enabled");
        let whole = [proxy_a(), proxy_b()]
            .iter()
            .any(|settings| settings.host == proxy.host && Some(settings.port) == proxy.port);
        assert!(
            whole,
            "F7 violated: a request went out through session #{} built from proxy_host='{}' \
             with proxy_port={}, half of each configuration",
            session.id,
            proxy.host,
            proxy.port.py_repr(),
        );
    }
}

/// S1: two threads each configure a whole proxy (host, port, user, password) through the
/// setters, on a connection whose proxy is not enabled yet; then the proxy is enabled and a
/// request goes out.
///
/// Invariant: each proxy receives only its own password. The eight setter calls
/// interleave, and the request can carry one proxy's password to the other.
pub fn s1_concurrent_proxy_config_legacy(trace: Trace) -> impl Fn() + Send + Sync + 'static {
    move || {
        let connection = Arc::new(Connection::new(InertSessions, &trace));
        let writers: Vec<_> = [("writer-a", proxy_a()), ("writer-b", proxy_b())]
            .into_iter()
            .map(|(name, proxy)| {
                let connection = Arc::clone(&connection);
                spawn_named(name, move || connection.apply_proxy(&proxy))
            })
            .collect();
        for writer in writers {
            writer
                .join()
                .unwrap()
                .expect("the proxy is off while configuring");
        }

        connection
            .set_use_proxy(true)
            .expect("the proxy is off until this returns");
        let session = connection.session().expect("both writers set every field");

        let proxy = session.proxy.as_ref().expect("the proxy is enabled");
        let password = proxy
            .password
            .as_ref()
            .expect("both writers set a password");
        let owner = proxy_owning(password);
        assert!(
            owner == proxy.host,
            "S1 violated: requests go to proxy '{}' with the password set for '{owner}'",
            proxy.host,
        );
    }
}

/// N2: a request uses the session while another thread logs the connection.
///
/// Invariant: formatting the connection for a log line does not replace the session a
/// request is using. The legacy `__str__` rebuilds, leaving the request on an orphan.
pub fn n2_logging_rebuilds_legacy(trace: Trace) -> impl Fn() + Send + Sync + 'static {
    move || {
        let connection = Arc::new(Connection::with_proxy(InertSessions, &proxy_a(), &trace));
        let logger = {
            let connection = Arc::clone(&connection);
            spawn_named("logger", move || connection.py_str())
        };

        let session = connection.session().expect("proxy fields stay complete");
        let live = connection.current_session();
        logger.join().unwrap().expect("proxy fields stay complete");

        assert!(
            live.id == session.id,
            "N2 violated: while a request was using session #{}, formatting the connection for \
             a log line replaced it with #{}",
            session.id,
            live.id,
        );
    }
}
