//! Every hardened proof holds: the loom-native way (plain `loom::model`, which panics on
//! any violation), and through the model runner, which must report an exhaustive run with
//! no violation and a positive number of interleavings. The counted findings (F5, F8, N3)
//! are checked against the legacy counts.

use race_tests::findings::FindingId;
use race_tests::hardened::{
    self, HARDENED_PROOFS, ProofScale, n3_live_sessions_after_hardened, run_hardened_proof,
};
use race_tests::legacy::models::{self, F5Counts};
use race_tests::trace::Trace;

fn loom_model(proof: impl Fn() + Send + Sync + 'static) {
    // No preemption bound, whatever LOOM_MAX_PREEMPTIONS says: a bounded run is no proof.
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = None;
    builder.max_permutations = None;
    builder.check(proof);
}

#[test]
fn f1_setter_order_hardened_holds() {
    loom_model(hardened::f1_setter_order_hardened(Trace::loom()));
}

#[test]
fn f2_toctou_hardened_holds() {
    loom_model(hardened::f2_toctou_hardened(Trace::loom()));
}

#[test]
fn f3_torn_test_credentials_hardened_holds() {
    loom_model(hardened::f3_torn_test_credentials_hardened(Trace::loom()));
}

#[test]
fn f7_request_during_rebuild_hardened_holds() {
    loom_model(hardened::f7_request_during_rebuild_hardened(Trace::loom()));
}

#[test]
fn s1_concurrent_proxy_config_hardened_holds() {
    loom_model(hardened::s1_concurrent_proxy_config_hardened(
        Trace::loom(),
        ProofScale::TEST,
    ));
}

#[test]
fn s2_authenticate_during_swap_hardened_holds() {
    loom_model(hardened::s2_authenticate_during_swap_hardened(Trace::loom()));
}

#[test]
fn n1_torn_data_call_hardened_holds() {
    loom_model(hardened::n1_torn_data_call_hardened(Trace::loom()));
}

#[test]
fn n2_logging_rebuilds_hardened_holds() {
    loom_model(hardened::n2_logging_rebuilds_hardened(Trace::loom()));
}

#[test]
fn n3_released_sessions_hardened_holds() {
    loom_model(hardened::n3_released_sessions_hardened(Trace::loom()));
}

#[test]
fn n4_stale_session_hardened_holds() {
    loom_model(hardened::n4_stale_session_hardened(Trace::loom()));
}

#[test]
fn n5_stale_client_cache_hardened_holds() {
    loom_model(hardened::n5_stale_client_cache_hardened(Trace::loom()));
}

#[test]
fn n5_fetch_convoy_hardened_holds() {
    loom_model(hardened::n5_fetch_convoy_hardened(Trace::loom()));
}

#[test]
fn n6_limiter_check_then_act_hardened_holds() {
    loom_model(hardened::n6_limiter_check_then_act_hardened(Trace::loom()));
}

#[test]
fn n7_whole_value_swap_hardened_holds() {
    loom_model(hardened::n7_whole_value_swap_hardened(
        Trace::loom(),
        ProofScale::TEST,
    ));
}

#[test]
fn every_hardened_proof_reports_no_violation_through_the_runner() {
    for proof in &HARDENED_PROOFS {
        let outcome = run_hardened_proof(proof, ProofScale::TEST);

        assert_eq!(outcome.finding, proof.finding);
        assert!(
            !outcome.violated,
            "{} violated: {:?}\n{}",
            proof.name,
            outcome.message,
            race_tests::trace::render_table(&outcome.counterexample),
        );
        assert!(outcome.config.is_exhaustive(), "{} ran bounded", proof.name);
        assert!(outcome.iterations > 0, "{} explored nothing", proof.name);
        assert!(outcome.counterexample.is_empty());
        eprintln!(
            "{} {}: {} interleavings",
            proof.finding, proof.name, outcome.iterations
        );
    }
}

#[test]
fn every_legacy_model_has_a_hardened_proof_of_the_same_finding() {
    for model in &models::LEGACY_MODELS {
        assert!(
            hardened::proofs_for(model.finding).next().is_some(),
            "{} has no hardened proof",
            model.finding
        );
    }
    assert_eq!(
        hardened::proofs_for(FindingId::N5).count(),
        2,
        "stale client and convoy"
    );
    assert!(hardened::proofs_for(FindingId::N3).next().is_some());
    assert!(
        hardened::proofs_for(FindingId::F4).next().is_none(),
        "F4 is not a race"
    );
}

/// A broken variant of the N7 scenario, run through the same runner, must be caught: the
/// proofs' checks can fail.
#[test]
fn the_runner_reports_a_violation_when_a_hardened_style_check_fails() {
    let n7 = hardened::proofs_for(FindingId::N7).next().unwrap();
    let outcome = race_tests::model_runner::run_model(
        FindingId::N7,
        &race_tests::model_runner::ModelConfig::proof(),
        |trace| {
            let proof = (n7.build)(trace, ProofScale::TEST);
            move || {
                proof();
                panic!("N7 violated: deliberately, after the proof's own checks passed");
            }
        },
    );
    assert!(outcome.violated);
    assert_eq!(outcome.iterations, 1);
}

#[test]
fn f5_hardened_calls_share_one_client_and_fetch_no_wsdl() {
    for requests in [1, 7, 25] {
        let legacy = models::f5_client_builds(requests);
        let hardened = hardened::f5_client_builds_hardened(requests);

        assert_eq!(
            hardened,
            F5Counts {
                requests,
                client_builds: 1,
                wsdl_downloads: 0
            }
        );
        assert_eq!(legacy.client_builds, requests);
    }
}

#[test]
fn f8_hardened_proxy_change_costs_one_build() {
    assert_eq!(hardened::f8_builds_per_proxy_change_hardened(), 1);
    assert_eq!(models::f8_builds_per_proxy_change(), 4);
}

#[test]
fn n3_hardened_keeps_exactly_one_session_open() {
    for changes in [0, 1, 3, 10] {
        let counts = n3_live_sessions_after_hardened(changes);

        assert_eq!(
            counts.builds,
            1 + u64::from(changes),
            "one build per change"
        );
        assert_eq!(
            counts.closes,
            u64::from(changes),
            "every replaced session released"
        );
        assert_eq!(counts.live(), 1);
    }
}
