//! Whole SOAP calls over loopback to the embedded mock, at 1, 8 and 64
//! calls in flight.
//!
//! - F5: the reviewed design (a new HTTP client and a WSDL download per
//!   call) against the hardened client, which shares one connection pool.
//! - Overhead: the hardened client (snapshot, rate limiter, envelope,
//!   parsing) against bare reqwest posting the same bytes to the same mock.
//!
//! One iteration is N concurrent calls, all finished; throughput is
//! requests per second. Every call must succeed (and the hardened one must
//! parse every period) or the benchmark panics, so an error path is never
//! measured. The three ways are checked to get the same answer first.
//!
//! `soap_codec` times the hardened client's own steps without the network
//! (writing the envelope, decoding the answer), to show where its overhead
//! over bare reqwest goes.

use std::sync::Arc;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use ffiec_benches::ids::client::{
    BARE_REQWEST, CODEC_GROUP, CONCURRENCY, DECODE_ANSWER, GROUP, HARDENED_CLIENT,
    NEW_CLIENT_PER_CALL, WRITE_ENVELOPE,
};
use ffiec_benches::soap_rig::{RigError, SoapRig, decode_periods, periods_in, write_envelope};
use tokio::runtime::Runtime;
use tokio::task::JoinSet;

fn soap_calls(c: &mut Criterion) {
    let rig = Arc::new(SoapRig::start().expect("the mock and clients start"));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    check_the_three_agree(&rig, &runtime);

    let mut group = c.benchmark_group(GROUP);
    group
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));

    // Bare and hardened run first and back to back, so the sockets the F5
    // design leaves closing do not burden one of them more than the other.
    for concurrency in CONCURRENCY {
        group.throughput(Throughput::Elements(concurrency as u64));
        let expected = rig.expected_periods();

        group.bench_function(BenchmarkId::new(BARE_REQWEST, concurrency), |b| {
            b.to_async(&runtime).iter(|| {
                in_flight(&rig, concurrency, |rig| async move {
                    rig.bare_call().await.map(|_| ())
                })
            })
        });
        rig.clear_journal();

        group.bench_function(BenchmarkId::new(HARDENED_CLIENT, concurrency), |b| {
            b.to_async(&runtime).iter(|| {
                in_flight(&rig, concurrency, move |rig| async move {
                    let periods = rig.hardened_call().await?;
                    if periods == expected {
                        Ok(())
                    } else {
                        Err(format!("parsed {periods} periods, expected {expected}").into())
                    }
                })
            })
        });
        rig.clear_journal();

        group.bench_function(BenchmarkId::new(NEW_CLIENT_PER_CALL, concurrency), |b| {
            b.to_async(&runtime).iter(|| {
                in_flight(&rig, concurrency, |rig| async move {
                    rig.new_client_call().await.map(|_| ())
                })
            })
        });
        rig.clear_journal();
    }
    group.finish();
}

fn soap_codec(c: &mut Criterion) {
    let rig = SoapRig::start().expect("the mock and clients start");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let answer = runtime
        .block_on(rig.bare_call())
        .expect("the bare call succeeds");
    let expected = rig.expected_periods();
    assert_eq!(
        decode_periods(&answer).expect("the answer decodes"),
        expected
    );
    drop(rig);

    let mut group = c.benchmark_group(CODEC_GROUP);
    group
        .sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    group.bench_function(WRITE_ENVELOPE, |b| {
        b.iter(|| write_envelope().expect("the envelope is valid"))
    });
    group.bench_function(DECODE_ANSWER, |b| {
        b.iter(|| decode_periods(&answer).expect("checked above"))
    });
    group.finish();
}

/// Before anything is timed, each way must get the full answer.
fn check_the_three_agree(rig: &SoapRig, runtime: &Runtime) {
    let expected = rig.expected_periods();
    runtime.block_on(async {
        let parsed = rig
            .hardened_call()
            .await
            .expect("the hardened call succeeds");
        assert_eq!(parsed, expected, "periods parsed by the hardened client");

        let bare = rig.bare_call().await.expect("the bare call succeeds");
        assert_eq!(periods_in(&bare), expected, "periods in the bare answer");

        let fresh = rig.new_client_call().await.expect("the F5 call succeeds");
        assert_eq!(fresh, bare, "the F5 design gets the same answer");
    });
    rig.clear_journal();
}

/// Starts `concurrency` calls at once and waits for all of them; panics on
/// the first that failed.
async fn in_flight<F, Fut>(rig: &Arc<SoapRig>, concurrency: usize, call: F)
where
    F: Fn(Arc<SoapRig>) -> Fut,
    Fut: Future<Output = Result<(), RigError>> + Send + 'static,
{
    let mut calls = JoinSet::new();
    for _ in 0..concurrency {
        calls.spawn(call(Arc::clone(rig)));
    }
    while let Some(finished) = calls.join_next().await {
        finished
            .expect("a call task panicked")
            .unwrap_or_else(|error| panic!("a call failed while measured: {error}"));
    }
}

criterion_group!(benches, soap_calls, soap_codec);
criterion_main!(benches);
