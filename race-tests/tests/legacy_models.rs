//! Every legacy model fails, the loom-native way (`#[should_panic]` under `loom::model`)
//! and through the model runner, whose counterexample must name the fields involved.

use race_tests::findings::FindingId;
use race_tests::legacy::models::{self, LEGACY_MODELS, LegacyModel};
use race_tests::model_runner::ModelConfig;
use race_tests::trace::{Action, Trace, mentions, render_table};

#[test]
#[should_panic(expected = "F1 violated")]
fn f1_setter_order_legacy_races() {
    loom::model(models::f1_setter_order_legacy(Trace::loom()));
}

#[test]
#[should_panic(expected = "F2 violated: built a proxy map from proxy_host=None")]
fn f2_toctou_legacy_races() {
    loom::model(models::f2_toctou_legacy(Trace::loom()));
}

#[test]
#[should_panic(expected = "F3 violated: test_credentials sent user=")]
fn f3_torn_test_credentials_legacy_races() {
    loom::model(models::f3_torn_test_credentials_legacy(Trace::loom()));
}

#[test]
#[should_panic(expected = "F7 violated")]
fn f7_request_during_rebuild_legacy_races() {
    loom::model(models::f7_request_during_rebuild_legacy(Trace::loom()));
}

#[test]
#[should_panic(expected = "S1 violated")]
fn s1_concurrent_proxy_config_legacy_races() {
    loom::model(models::s1_concurrent_proxy_config_legacy(Trace::loom()));
}

#[test]
#[should_panic(expected = "S2 violated")]
fn s2_authenticate_during_swap_legacy_races() {
    loom::model(models::s2_authenticate_during_swap_legacy(Trace::loom()));
}

#[test]
#[should_panic(expected = "N1 violated: collect_reporting_periods sent user=")]
fn n1_torn_data_call_legacy_races() {
    loom::model(models::n1_torn_data_call_legacy(Trace::loom()));
}

#[test]
#[should_panic(expected = "N2 violated")]
fn n2_logging_rebuilds_legacy_races() {
    loom::model(models::n2_logging_rebuilds_legacy(Trace::loom()));
}

#[test]
#[should_panic(expected = "N4 violated")]
fn n4_stale_session_v2_goes_stale() {
    loom::model(models::n4_stale_session_v2(Trace::loom()));
}

#[test]
#[should_panic(expected = "N5 violated")]
fn n5_stale_client_cache_v2_goes_stale() {
    loom::model(models::n5_stale_client_cache_v2(Trace::loom()));
}

#[test]
#[should_panic(expected = "N5 violated: a data call waited for the cache lock")]
fn n5_fetch_convoy_v2_queues_behind_a_download() {
    loom::model(models::n5_fetch_convoy_v2(Trace::loom()));
}

#[test]
#[should_panic(expected = "N6 violated: 2 calls passed a limiter that allows 1")]
fn n6_limiter_check_then_act_v3_races() {
    loom::model(models::n6_limiter_check_then_act_v3(Trace::loom()));
}

#[test]
#[should_panic(expected = "N7 violated")]
fn n7_per_field_swap_races() {
    loom::model(models::n7_per_field_swap(Trace::loom()));
}

/// The fields whose reads and writes each counterexample must show.
fn fields_involved(model: &LegacyModel) -> &'static [&'static str] {
    if model.name == "n5_fetch_convoy_v2" {
        return &["cache_lock", "wsdl"];
    }
    match model.finding {
        FindingId::F1 => &["proxy_host", "session"],
        FindingId::F2 => &["proxy_host", "proxy_host and proxy_port"],
        FindingId::F3 | FindingId::S2 => &["username", "password", "TestUserAccess"],
        FindingId::F7 => &["proxy_host", "proxy_port", "session"],
        FindingId::S1 => &["proxy_host", "proxy_password", "session"],
        FindingId::N1 => &["username", "password", "RetrieveReportingPeriods"],
        FindingId::N2 => &["session"],
        FindingId::N4 => &["_session", "_proxy_host"],
        FindingId::N5 => &["client_cache", "_session", "wsdl"],
        FindingId::N6 => &["calls_in_window"],
        FindingId::N7 => &["config"],
        other => panic!("{other} has no loom model"),
    }
}

#[test]
fn every_legacy_model_yields_a_counterexample_through_the_runner() {
    let config = ModelConfig::counterexample();

    for model in &LEGACY_MODELS {
        let outcome = models::run_legacy_model(model, &config);

        assert!(outcome.violated, "{} held on the legacy design", model.name);
        assert_eq!(outcome.finding, model.finding);
        let message = outcome.message.as_deref().unwrap_or_default();
        assert!(
            message.starts_with(&format!("{} violated", model.finding)),
            "{}: unexpected panic {message:?}",
            model.name
        );
        assert!(outcome.iterations >= 1);
        assert!(
            !outcome.counterexample.is_empty(),
            "{}: empty counterexample",
            model.name
        );
        for field in fields_involved(model) {
            assert!(
                mentions(&outcome.counterexample, field),
                "{}: counterexample never mentions {field}",
                model.name
            );
        }
        let steps: Vec<usize> = outcome
            .counterexample
            .iter()
            .map(|event| event.step)
            .collect();
        assert_eq!(
            steps,
            (1..=steps.len()).collect::<Vec<_>>(),
            "one numbering per iteration"
        );

        eprintln!(
            "{} {}: {} iterations",
            model.finding, model.name, outcome.iterations
        );
    }
}

#[test]
fn the_f2_counterexample_shows_the_clear_between_check_and_use() {
    let model = LEGACY_MODELS
        .iter()
        .find(|model| model.finding == FindingId::F2)
        .unwrap();
    let outcome = models::run_legacy_model(model, &ModelConfig::counterexample());
    let events = &outcome.counterexample;

    let failed_read = events
        .iter()
        .rposition(|event| {
            event.thread == "main" && event.field == "proxy_host" && event.value == "None"
        })
        .expect("main read the cleared host");
    let check = events[..failed_read]
        .iter()
        .rposition(|event| event.thread == "main" && event.action == Action::Check)
        .expect("main checked host and port before using them");
    let clear = events
        .iter()
        .position(|event| {
            event.thread == "clearer" && event.action == Action::Write && event.value == "None"
        })
        .expect("the clearer's write of None is in the counterexample");

    let table = render_table(events);
    assert!(
        check < clear && clear < failed_read,
        "check, then clear, then use:\n{table}"
    );
    assert_eq!(events[check].value, "both set");
    assert!(
        !events.iter().any(|event| event.value.contains("pass-a")),
        "no proxy password shown"
    );
}
