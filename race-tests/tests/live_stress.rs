//! Live stress against the mock server and its recording proxies, with 16 threads: the
//! hardened core shows no violation and loses nothing; the legacy design tears credential
//! pairs.

use race_tests::audit::ClientDesign;
use race_tests::findings::FindingId;
use race_tests::live::{DesignRun, StressPlan, StressWorld, run_design};

/// The most legacy runs tried before concluding that no torn pair shows on this machine.
const MAX_LEGACY_ROUNDS: u32 = 8;

/// No token or proxy password of the scenario appears in what a run reports.
fn assert_no_secret_shown(run: &DesignRun) {
    let world = StressWorld::standard();
    let secrets = world
        .accounts
        .iter()
        .map(|account| account.token.expose())
        .chain(world.proxies.iter().map(|proxy| proxy.password.expose()));
    let shown = format!("{run}\n{}", run.check.examples.join("\n"));
    for secret in secrets {
        assert!(!shown.contains(secret), "a secret is shown in: {shown}");
    }
}

fn requests_answered_or_refused(run: &DesignRun) -> u64 {
    run.check.requests - run.check.client_errors.values().sum::<u64>()
}

#[test]
fn hardened_client_under_stress_shows_no_violation_and_loses_nothing() {
    let plan = StressPlan::quick();
    assert!(plan.threads() >= 16);

    let run = run_design(ClientDesign::Hardened, &plan).expect("the run starts");
    println!("{run}");

    assert!(!run.stopped_at_deadline, "{run}");
    assert_eq!(run.check.requests, plan.total_requests() as u64);
    assert_eq!(
        run.check.violations.len(),
        6,
        "every checked finding is reported"
    );
    for (finding, count) in &run.check.violations {
        assert_eq!(*count, 0, "{finding:?}: {:?}", run.check.examples);
    }
    assert!(run.check.examples.is_empty());
    assert_no_secret_shown(&run);

    // Nothing failed in the client, no proxy saw the other's password, and every request
    // has its journal entry: the journal holds exactly one entry per request.
    assert!(run.check.client_errors.is_empty(), "{run}");
    assert_eq!(run.check.proxy_refusals, 0);
    assert_eq!(requests_answered_or_refused(&run), run.check.requests);
    assert_eq!(run.check.journal_entries, run.check.requests);

    // The updates took effect while the requests ran: both accounts and both proxies
    // carried requests.
    assert!(run.updates > 0, "the updaters ran: {run}");
    let users: Vec<&str> = run.check.users_seen.keys().map(String::as_str).collect();
    assert_eq!(
        users,
        ["stress-a", "stress-b"],
        "{:?}",
        run.check.users_seen
    );
    let proxies: Vec<&str> = run.check.proxies_seen.keys().map(String::as_str).collect();
    assert_eq!(
        proxies,
        ["proxy-p", "proxy-q"],
        "{:?}",
        run.check.proxies_seen
    );
}

#[test]
fn legacy_client_under_stress_tears_credential_pairs() {
    let plan = StressPlan::quick();
    assert!(plan.threads() >= 16);

    let mut torn_runs = Vec::new();
    for round in 1..=MAX_LEGACY_ROUNDS {
        let run = run_design(ClientDesign::Legacy, &plan).expect("the run starts");
        println!("round {round}: {run}");
        assert_eq!(run.check.requests, plan.total_requests() as u64, "{run}");

        let torn = run.check.violations_of(FindingId::N1) + run.check.violations_of(FindingId::F3);
        if torn > 0 {
            torn_runs.push(run);
            break;
        }
    }

    let run = torn_runs
        .pop()
        .unwrap_or_else(|| panic!("no torn pair in {MAX_LEGACY_ROUNDS} legacy runs"));
    let torn_example = run
        .check
        .examples
        .iter()
        .find(|example| example.contains("a torn pair"))
        .expect("a torn pair is shown as an example");
    assert!(torn_example.starts_with("N1: ") || torn_example.starts_with("F3/S2: "));
    // Secrets appear as fingerprints only.
    assert_no_secret_shown(&run);
    assert_eq!(
        run.check.violations_of(FindingId::S2),
        run.check.violations_of(FindingId::F3)
    );

    // Every request is accounted for: answered (and journaled), refused by a recording
    // proxy (journaled too, marked as refused), or failed in the client (no entry). Each
    // refusal is a mixed route.
    let failed: u64 = run.check.client_errors.values().sum();
    assert_eq!(
        run.check.requests,
        run.check.answered + run.check.proxy_refusals + failed,
        "{run}"
    );
    assert_eq!(
        run.check.journaled_refusals, run.check.proxy_refusals,
        "{run}"
    );
    assert_eq!(
        run.check.journal_entries,
        run.check.answered + run.check.journaled_refusals,
        "{run}"
    );
    assert!(run.check.violations_of(FindingId::S1) >= run.check.proxy_refusals);
}

/// The audit's size (300 requests per design); run with `--ignored` to see its figures.
#[test]
#[ignore = "the audit's size: about a minute in a debug build"]
fn audit_sized_run_keeps_the_hardened_client_clean() {
    let plan = StressPlan::audit();
    let runs = race_tests::live::run_both(&plan).expect("the runs start");
    for run in &runs {
        println!("{run}");
        for example in &run.check.examples {
            println!("  {example}");
        }
    }

    let [legacy, hardened] = runs.as_slice() else {
        panic!("one run per design, got {}", runs.len());
    };
    assert_eq!(legacy.client, ClientDesign::Legacy);
    assert_eq!(hardened.check.total_violations(), 0, "{hardened}");
    assert_eq!(hardened.check.journal_entries, hardened.check.requests);
}
