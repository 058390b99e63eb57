//! One stress run per client design, from starting the mock to the checker's verdict.

use std::fmt;
use std::time::Duration;

use tokio::runtime::Runtime;

use super::checker::{LiveCheck, check};
use super::hardened_client::HardenedTarget;
use super::legacy_client::LegacyTarget;
use super::plan::StressPlan;
use super::scenario::{ScenarioRun, StressTarget, run_scenario};
use super::world::{StressMock, StressWorld};
use crate::audit::{ClientDesign, LiveOutcome};

/// Everything one design's run measured: the checker's verdict and how the run went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DesignRun {
    /// The design driven.
    pub client: ClientDesign,
    /// The checker's verdict over the journal and the local records.
    pub check: LiveCheck,
    /// Whole credential and proxy updates made.
    pub updates: u64,
    /// Updates the design refused.
    pub update_failures: u64,
    /// Whether the deadline stopped the run early.
    pub stopped_at_deadline: bool,
    /// Wall time of the threads.
    pub elapsed: Duration,
}

impl DesignRun {
    /// The outcome in the audit's terms.
    pub fn to_live_outcome(&self) -> LiveOutcome {
        LiveOutcome {
            client: self.client,
            requests: self.check.requests,
            answered: self.check.answered,
            proxy_refusals: self.check.proxy_refusals,
            client_errors: self.check.client_errors.clone(),
            journal_entries: self.check.journal_entries,
            journaled_refusals: self.check.journaled_refusals,
            violations_by_finding: self.check.violations.clone(),
            examples: self.check.examples.clone(),
        }
    }
}

impl fmt::Display for DesignRun {
    /// One paragraph: counts, violations per finding, client-side errors, time.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let violations: Vec<String> = self
            .check
            .violations
            .iter()
            .map(|(finding, count)| format!("{} {count}", finding.as_str()))
            .collect();
        let errors: Vec<String> = self
            .check
            .client_errors
            .iter()
            .map(|(kind, count)| format!("{kind}: {count}"))
            .collect();
        let spread = |counts: &std::collections::BTreeMap<String, u64>| {
            counts
                .iter()
                .map(|(name, count)| format!("{name} {count}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        write!(
            f,
            "{:?}: {} requests ({} answered, {} refused by a proxy), {} journal entries \
             ({} of them proxy refusals; {}; {}), {} updates ({} refused); violations {}; \
             client errors [{}]; {:.1} s{}",
            self.client,
            self.check.requests,
            self.check.answered,
            self.check.proxy_refusals,
            self.check.journal_entries,
            self.check.journaled_refusals,
            spread(&self.check.users_seen),
            spread(&self.check.proxies_seen),
            self.updates,
            self.update_failures,
            violations.join(", "),
            errors.join("; "),
            self.elapsed.as_secs_f64(),
            if self.stopped_at_deadline {
                ", stopped at the deadline"
            } else {
                ""
            }
        )
    }
}

/// Runs `plan` against one design: starts a mock with its proxies, builds the client set
/// to account A through proxy P, runs the threads, then checks the journal.
///
/// # Errors
///
/// Why the run could not happen: the mock or the runtime did not start, or the hardened
/// client refused its first configuration.
pub fn run_design(client: ClientDesign, plan: &StressPlan) -> Result<DesignRun, String> {
    let world = StressWorld::standard();
    let mock = world.start_mock()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|error| format!("the client runtime did not start: {error}"))?;

    let scenario = match client {
        ClientDesign::Legacy => {
            let target = LegacyTarget::new(
                &world.accounts[0],
                &mock.routes[0],
                mock.server.soap_url(),
                runtime.handle().clone(),
            );
            drive(plan, &target, &world, &mock)
        }
        ClientDesign::Hardened => {
            let target = HardenedTarget::new(
                &world.accounts[0],
                &mock.routes[0],
                &mock.server.soap_url(),
                mock.server.data(),
                runtime.handle().clone(),
                plan.requests_per_requester,
            )?;
            drive(plan, &target, &world, &mock)
        }
    };
    shut_down(runtime);

    let journal = mock.server.journal().entries();
    let verdict = check(&journal, &scenario.records, &world.published(&mock.routes));
    let run = DesignRun {
        client,
        check: verdict,
        updates: scenario.updates,
        update_failures: scenario.update_failures,
        stopped_at_deadline: scenario.stopped_at_deadline,
        elapsed: scenario.elapsed,
    };
    tracing::info!("live stress: {run}");
    Ok(run)
}

fn drive(
    plan: &StressPlan,
    target: &dyn StressTarget,
    world: &StressWorld,
    mock: &StressMock,
) -> ScenarioRun {
    run_scenario(plan, target, &world.accounts, &mock.routes)
}

/// Stops the client runtime without waiting long for idle pooled connections.
fn shut_down(runtime: Runtime) {
    runtime.shutdown_timeout(Duration::from_secs(2));
}

/// Runs `plan` against the legacy design, then the hardened one.
///
/// # Errors
///
/// As [`run_design`], for whichever design failed first.
pub fn run_both(plan: &StressPlan) -> Result<Vec<DesignRun>, String> {
    [ClientDesign::Legacy, ClientDesign::Hardened]
        .into_iter()
        .map(|client| run_design(client, plan))
        .collect()
}

/// The live phase in the audit's terms: one [`LiveOutcome`] per design for `plan`.
///
/// # Errors
///
/// As [`run_design`].
pub fn run(plan: &StressPlan) -> Result<Vec<LiveOutcome>, String> {
    Ok(run_both(plan)?
        .iter()
        .map(DesignRun::to_live_outcome)
        .collect())
}

/// [`run`] with [`StressPlan::audit`]; fits the audit's
/// [`LiveRunner`](crate::audit::LiveRunner).
///
/// # Errors
///
/// As [`run_design`].
pub fn run_for_audit() -> Result<Vec<LiveOutcome>, String> {
    run(&StressPlan::audit())
}
