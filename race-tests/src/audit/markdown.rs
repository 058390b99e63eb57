//! The report as people read it: the verdict table for the terminal, and `report.md`.

use std::fmt::Write as _;

use super::live::LiveStatus;
use super::report::{AuditReport, FindingReport, ModelRun};
use super::verdict::Verdict;
use crate::findings::{FindingId, FindingKind};

/// The widest the terminal table may be; report.md has no such limit.
pub const TERMINAL_WIDTH: usize = 120;

/// The cells of one finding's row, shared by the terminal table and the Markdown table.
struct Row {
    id: String,
    expected: String,
    actual: String,
    ok: &'static str,
    legacy: String,
    hardened: String,
    live: String,
    real_client: String,
}

const HEADERS: [&str; 8] = [
    "id",
    "expected",
    "actual",
    "ok",
    "legacy (reproduced / count)",
    "hardened (excluded / count)",
    "live violations legacy / hardened",
    "real client",
];

impl Row {
    fn of(finding: &FindingReport) -> Row {
        let (legacy, hardened) = evidence_cells(finding);
        Row {
            id: finding.id.to_string(),
            expected: finding.expected.to_string(),
            actual: finding.actual.to_string(),
            ok: if finding.matches() { "yes" } else { "NO" },
            legacy,
            hardened,
            live: live_cell(finding),
            real_client: finding.real_client.clone(),
        }
    }

    fn cells(&self) -> [&str; 8] {
        [
            &self.id,
            &self.expected,
            &self.actual,
            self.ok,
            &self.legacy,
            &self.hardened,
            &self.live,
            &self.real_client,
        ]
    }
}

/// The legacy and hardened cells: models and proofs with their interleavings, a count, or
/// the by-construction mark.
fn evidence_cells(finding: &FindingReport) -> (String, String) {
    let legacy = match finding.legacy_reproduced() {
        Some(true) => format!(
            "yes, counterexample after {}",
            interleavings(finding.legacy_models.iter().map(|model| model.iterations))
        ),
        Some(false) => "NO counterexample".to_owned(),
        None => match (&finding.cost, finding.kind) {
            (Some(cost), _) => cost.legacy.to_string(),
            (None, FindingKind::NotARace) => "-".to_owned(),
            (None, _) => "not run".to_owned(),
        },
    };

    let proved = match finding.hardened_excluded() {
        Some(true) => Some(format!(
            "yes, {}",
            interleavings(finding.hardened_proofs.iter().map(|proof| proof.iterations))
        )),
        Some(false) => Some("NO".to_owned()),
        None => None,
    };
    let hardened = match (&finding.cost, proved) {
        (Some(cost), Some(proved)) => format!("{}; proof: {proved}", cost.hardened),
        (Some(cost), None) => cost.hardened.to_string(),
        (None, Some(proved)) => proved,
        (None, None) if finding.kind == FindingKind::NotARace => "by construction".to_owned(),
        (None, None) => "not run".to_owned(),
    };
    (legacy, hardened)
}

/// `"7 interleavings"`, or `"1 + 2 interleavings"` for a finding with two models.
fn interleavings(counts: impl Iterator<Item = u64>) -> String {
    let counts: Vec<u64> = counts.collect();
    let total: u64 = counts.iter().sum();
    let noun = if total == 1 {
        "interleaving"
    } else {
        "interleavings"
    };
    let terms: Vec<String> = counts.iter().map(|count| thousands(*count)).collect();
    format!("{} {noun}", terms.join(" + "))
}

/// `306191` as `306,191`.
fn thousands(number: u64) -> String {
    let digits = number.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

fn live_cell(finding: &FindingReport) -> String {
    match (
        finding.live_legacy_violations,
        finding.live_hardened_violations,
    ) {
        (None, None) => "not run".to_owned(),
        (legacy, hardened) => format!(
            "{} / {}",
            legacy.map_or("-".to_owned(), |count| count.to_string()),
            hardened.map_or("-".to_owned(), |count| count.to_string()),
        ),
    }
}

/// The terminal table's headers: shorter than report.md's, explained by [`LEGEND`].
const TERMINAL_HEADERS: [&str; 7] = [
    "id",
    "verdict",
    "ok",
    "legacy",
    "hardened",
    "live L / H",
    "real client",
];

/// The terminal table's key, printed under it.
const LEGEND: &str = "\
verdict: the audit's conclusion; ok: whether it is the one expected (report.md shows both)
legacy: every legacy model found a counterexample (yes/NO), after this many interleavings,
  one term per model; for a cost, the legacy count
hardened: every proof explored all interleavings and found no violation (yes/NO), and how
  many it explored; for a cost, the hardened count
live L / H: live stress violations, legacy / hardened; one event counts under several
  findings (a mixed route under F1 and S1, a torn TestUserAccess pair under F3 and S2)
";

/// One finding's cells in the terminal table.
fn terminal_cells(finding: &FindingReport) -> [String; 7] {
    let verdict = match finding.actual {
        Verdict::NotARaceByConstruction => "not a race".to_owned(),
        other => other.to_string(),
    };
    let legacy = match finding.legacy_reproduced() {
        Some(true) => format!(
            "yes, {}",
            counts(finding.legacy_models.iter().map(|model| model.iterations))
        ),
        Some(false) => "NO".to_owned(),
        None => evidence_cells(finding).0,
    };
    let proved = finding.hardened_excluded().map(|excluded| {
        if excluded {
            format!(
                "yes, {}",
                counts(finding.hardened_proofs.iter().map(|proof| proof.iterations))
            )
        } else {
            "NO".to_owned()
        }
    });
    let hardened = match (&finding.cost, proved) {
        (Some(cost), Some(proved)) => format!("{}; proof {proved}", cost.hardened),
        (None, Some(proved)) => proved,
        (_, None) => evidence_cells(finding).1,
    };

    [
        finding.id.to_string(),
        verdict,
        (if finding.matches() { "yes" } else { "NO" }).to_owned(),
        legacy,
        hardened,
        live_cell(finding),
        finding.real_client.clone(),
    ]
}

/// `1 + 2` for two models' counts, grouped by thousands.
fn counts(counts: impl Iterator<Item = u64>) -> String {
    counts.map(thousands).collect::<Vec<_>>().join(" + ")
}

/// The verdict table for the terminal, at most [`TERMINAL_WIDTH`] columns: one finding per
/// line, a legend, where the live requests went, and the mismatch summary. report.md has
/// the full table.
pub fn render_verdict_table(report: &AuditReport) -> String {
    let rows: Vec<[String; 7]> = report.findings.iter().map(terminal_cells).collect();
    let mut widths = TERMINAL_HEADERS.map(str::len);
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.len());
        }
    }

    let mut table = String::new();
    let mut push_line = |cells: [&str; 7]| {
        let line: Vec<String> = cells
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        table.push_str(line.join("  ").trim_end());
        table.push('\n');
    };
    push_line(TERMINAL_HEADERS);
    for row in &rows {
        push_line(row.each_ref().map(String::as_str));
    }

    table.push('\n');
    table.push_str(LEGEND);
    table.push('\n');
    table.push_str(&report.live.summary());
    table.push('\n');
    for outcome in report.live.outcomes() {
        let line = format!("  {}", outcome.accounting());
        match line.split_once("; ") {
            // Large counts: the journal half goes on a line of its own.
            Some((requests, journal)) if line.len() > TERMINAL_WIDTH => {
                let _ = writeln!(table, "{requests};\n    {journal}");
            }
            _ => {
                let _ = writeln!(table, "{line}");
            }
        }
        if let Some(kinds) = outcome.client_error_kinds() {
            let _ = writeln!(table, "    failed in the client: {kinds}");
        }
    }
    table.push_str(&mismatch_line(report));
    table.push('\n');
    table
}

fn mismatch_line(report: &AuditReport) -> String {
    let mismatches = report.mismatches();
    if mismatches.is_empty() {
        format!("all {} verdicts as expected", report.findings.len())
    } else {
        let ids: Vec<String> = mismatches
            .iter()
            .filter_map(|id| report.finding(*id))
            .map(|finding| format!("{} (expected {})", finding.id, finding.expected))
            .collect();
        format!(
            "verdicts differing from their expectation: {}",
            ids.join(", ")
        )
    }
}

/// `report.md`: the verdict table, then one section per finding with its invariant, the
/// counterexample as a numbered event table, the proofs' interleaving counts, and a link
/// to its page. `root` is the way from the report's folder back to the repository root
/// (`../../` for `target/race-audit`), for the links.
pub fn render_markdown(report: &AuditReport, root: &str) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "# Race audit\n");
    let _ = writeln!(
        md,
        "Report schema {}. {} {}. Benchmarks: [{}]({root}{}).\n",
        report.schema_version,
        proof_scale_sentence(report.proof_scale.writers),
        capitalise(&report.interop.note),
        report.benchmarks,
        report.benchmarks,
    );
    let _ = writeln!(md, "{}\n", mismatch_line(report));

    md.push_str(&markdown_row(&HEADERS.map(str::to_owned)));
    md.push_str(&markdown_row(&HEADERS.map(|_| "---".to_owned())));
    for finding in &report.findings {
        let row = Row::of(finding);
        md.push_str(&markdown_row(&row.cells().map(str::to_owned)));
    }
    md.push('\n');
    md.push_str(TABLE_KEY);

    render_live(&mut md, &report.live);
    md.push_str(&render_sections(report, root));
    md
}

/// What "scalable proofs with N writers" means, for the report's header.
fn proof_scale_sentence(writers: usize) -> String {
    format!(
        "The scalable proofs, S1 and N7, ran with {writers} writers: {writers} threads that \
         each apply a whole proxy configuration at once (N7 adds a reader). Their \
         interleavings grow steeply with the writers, so `cargo test` and `race-audit \
         --quick` run 2, the size of the legacy models; every other proof has a fixed size."
    )
}

/// How to read report.md's table, under it.
const TABLE_KEY: &str = "\
How to read the table:

- **legacy**: for a race, whether every legacy model found a counterexample, and after how \
many interleavings loom found it (one term per model); for a cost, the legacy count.
- **hardened**: for a race, whether every hardened proof explored all interleavings without \
a violation, and how many it explored; for a cost, the hardened count.
- **live violations legacy / hardened**: requests of the live stress (below) that broke the \
finding's invariant, per design; \"not run\" for a finding the live stress does not check.
- **One observed event is evidence for several findings, so the live counts must not be \
summed.** A mixed proxy route (a request that presented one configuration's proxy \
credentials to another proxy, or was built from two configurations) counts under both F1 \
and S1; a torn credential pair sent to `TestUserAccess` counts under both F3 and S2. Equal \
counts in those rows are the same events, not twice as many.
- **F7 in the live run** counts what a client sees of a request that raced a rebuild: a \
lost response (an answered request with no journal entry of its own, or one with two) or a \
crossed one (a response that names another request's entry, or answers another request's \
parameters). 0 means every answered request found exactly its own entry. The other outcome \
of F7's model, a request sent through a session built half from each proxy configuration, \
is a mixed route: the live run counts it under F1 and S1, not under F7.
";

/// The live stress: where every request went, and a few violations, when it ran.
fn render_live(md: &mut String, live: &LiveStatus) {
    const SHOWN: usize = 5;

    let _ = writeln!(md, "\n## Live stress\n");
    let LiveStatus::Ran { outcomes } = live else {
        let _ = writeln!(md, "{}.", capitalise(&live.summary()));
        return;
    };

    let _ = writeln!(
        md,
        "Both designs ran against the mock server and its two recording proxies, from many \
         threads at once, while other threads switched the credentials and the proxy:\n"
    );
    for outcome in outcomes {
        match outcome.client_error_kinds() {
            Some(kinds) => {
                let _ = writeln!(
                    md,
                    "- {}; failed in the client: {kinds}",
                    outcome.accounting()
                );
            }
            None => {
                let _ = writeln!(md, "- {}", outcome.accounting());
            }
        }
    }
    let _ = writeln!(
        md,
        "\nEvery request ends one of three ways. The service answers it, and the mock \
         journals it. A recording proxy refuses it with HTTP 407, because it presented \
         another configuration's proxy credentials (a mixed route, counted under F1 and S1); \
         the mock journals the refusal too, marked as one. Or it fails in the client before \
         any answer, and leaves no journal entry. So the journal holds one entry per answered \
         or refused request, and requests that failed in the client are the difference.\n"
    );

    for outcome in outcomes
        .iter()
        .filter(|outcome| !outcome.examples.is_empty())
    {
        let kept = outcome.examples.len();
        let shown = kept.min(SHOWN);
        let _ = writeln!(
            md,
            "Live examples, {} design ({shown} of {kept}): the checker keeps a description of \
             the first few violating requests of each finding; it kept {kept} for this design, \
             shown here up to {SHOWN}, all in report.json. Secrets appear as fingerprints.\n",
            outcome.client.as_str(),
        );
        for example in outcome.examples.iter().take(SHOWN) {
            let _ = writeln!(md, "- {example}");
        }
        md.push('\n');
    }
}

/// One section per finding, as in report.md: the invariant, every legacy model's
/// counterexample as a numbered event table, the proofs' interleaving counts, the counts,
/// and a link to the finding's page (`root` as in [`render_markdown`]). `race-audit --only`
/// prints these on standard output too.
pub fn render_sections(report: &AuditReport, root: &str) -> String {
    let mut md = String::new();
    for finding in &report.findings {
        md.push('\n');
        render_section(&mut md, finding, root);
    }
    md
}

fn render_section(md: &mut String, finding: &FindingReport, root: &str) {
    let _ = writeln!(md, "## {}: {}\n", finding.id, finding.title);
    let _ = writeln!(
        md,
        "Expected: {}. Actual: **{}**{}.\n",
        finding.expected,
        finding.actual,
        if finding.matches() { "" } else { " (differs)" },
    );
    let label = if finding.kind == FindingKind::NotARace {
        "Why it is not a race"
    } else {
        "Invariant"
    };
    let _ = writeln!(md, "{label}: {}.\n", finding.invariant);

    for model in &finding.legacy_models {
        render_legacy_model(md, model);
    }
    for proof in &finding.hardened_proofs {
        let _ = writeln!(
            md,
            "Hardened proof `{}`: {}, {} explored{}.\n",
            proof.name,
            if proof.violated {
                "VIOLATED"
            } else {
                "no violation"
            },
            interleavings([proof.iterations].into_iter()),
            if proof.exhaustive {
                ", exhaustively"
            } else {
                ", bounded (not a proof)"
            },
        );
        if let Some(message) = &proof.message {
            let _ = writeln!(md, "> {message}\n");
            md.push_str(&event_table(&proof.counterexample));
        }
    }
    if let Some(cost) = &finding.cost {
        let _ = writeln!(
            md,
            "Counted, {}: legacy {}, hardened {} (target: at most {}).\n",
            cost.measure, cost.legacy, cost.hardened, cost.hardened_target,
        );
    }
    let live = live_cell(finding);
    match live_note(finding.id) {
        Some(note) if finding.live_legacy_violations.is_some() => {
            let _ = writeln!(
                md,
                "Live stress (legacy / hardened violations): {live}. {note}\n"
            );
        }
        _ => {
            let _ = writeln!(md, "Live stress (legacy / hardened violations): {live}.\n");
        }
    }
    match &finding.real_client_detail {
        Some(detail) => {
            let _ = writeln!(md, "Real client: {} ({detail}).\n", finding.real_client);
        }
        None => {
            let _ = writeln!(md, "Real client: {}.\n", finding.real_client);
        }
    }
    let _ = writeln!(md, "See [{}]({root}{}).", finding.doc, finding.doc);
}

/// What a finding's live count is, where it shares its events with another finding's or
/// counts something other than its model's violation.
fn live_note(finding: FindingId) -> Option<&'static str> {
    let note = match finding {
        FindingId::F1 => "The same mixed routes as S1's count: one event, evidence for both.",
        FindingId::S1 => "The same mixed routes as F1's count: one event, evidence for both.",
        FindingId::F3 => {
            "The same torn `TestUserAccess` pairs as S2's count: one event, evidence for both."
        }
        FindingId::S2 => {
            "The same torn `TestUserAccess` pairs as F3's count: one event, evidence for both."
        }
        FindingId::F7 => {
            "Live, F7 counts lost or crossed responses; the mixed route its model shows is \
             counted under F1 and S1."
        }
        _ => return None,
    };
    Some(note)
}

fn render_legacy_model(md: &mut String, model: &ModelRun) {
    let bound = model.preemption_bound.map_or_else(
        || "no preemption bound".to_owned(),
        |bound| format!("preemption bound {bound}"),
    );
    if !model.violated {
        let _ = writeln!(
            md,
            "Legacy model `{}`: NO counterexample in {} ({bound}).\n",
            model.name,
            interleavings([model.iterations].into_iter()),
        );
        return;
    }

    let _ = writeln!(
        md,
        "Legacy model `{}`: counterexample after {} ({bound}).\n",
        model.name,
        interleavings([model.iterations].into_iter()),
    );
    if let Some(message) = &model.message {
        let _ = writeln!(md, "> {message}\n");
    }
    md.push_str(&event_table(&model.counterexample));
}

fn event_table(events: &[crate::trace::Event]) -> String {
    if events.is_empty() {
        return String::new();
    }
    let mut table =
        markdown_row(&["step", "thread", "action", "field", "value"].map(str::to_owned));
    table.push_str(&markdown_row(
        &["---:", "---", "---", "---", "---"].map(str::to_owned),
    ));
    for event in events {
        table.push_str(&markdown_row(&[
            event.step.to_string(),
            event.thread.clone(),
            event.action.to_string(),
            format!("`{}`", event.field),
            event.value.clone(),
        ]));
    }
    table.push('\n');
    table
}

fn markdown_row<const N: usize>(cells: &[String; N]) -> String {
    let escaped: Vec<String> = cells.iter().map(|cell| cell.replace('|', "\\|")).collect();
    format!("| {} |\n", escaped.join(" | "))
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_by_thousands_and_summed_models_keep_their_terms() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(1_238), "1,238");
        assert_eq!(thousands(306_191), "306,191");
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(interleavings([1].into_iter()), "1 interleaving");
        assert_eq!(interleavings([1, 2].into_iter()), "1 + 2 interleavings");
    }
}
