//! The report as people read it: the verdict table for the terminal, and `report.md`.

use std::fmt::Write as _;

use super::live::LiveStatus;
use super::report::{AuditReport, FindingReport, ModelRun};
use crate::findings::FindingKind;

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

/// The verdict table for the terminal: fixed-width columns, one finding per line, then
/// the live and mismatch summary.
pub fn render_verdict_table(report: &AuditReport) -> String {
    let rows: Vec<Row> = report.findings.iter().map(Row::of).collect();
    let mut widths = HEADERS.map(str::len);
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row.cells()) {
            *width = (*width).max(cell.len());
        }
    }

    let mut table = String::new();
    let mut push_line = |cells: [&str; 8]| {
        let line: Vec<String> = cells
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        table.push_str(line.join("  ").trim_end());
        table.push('\n');
    };
    push_line(HEADERS);
    for row in &rows {
        push_line(row.cells());
    }

    table.push('\n');
    table.push_str(&report.live.summary());
    table.push('\n');
    table.push_str(&mismatch_line(report));
    table.push('\n');
    table
}

fn mismatch_line(report: &AuditReport) -> String {
    let mismatches = report.mismatches();
    if mismatches.is_empty() {
        format!("all {} verdicts as expected", report.findings.len())
    } else {
        let ids: Vec<String> = mismatches.iter().map(ToString::to_string).collect();
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
        "Report schema {}; scalable proofs with {} writers. {}. {}. Benchmarks: \
         [{}]({root}{}).\n",
        report.schema_version,
        report.proof_scale.writers,
        capitalise(&report.live.summary()),
        capitalise(&report.interop.note),
        report.benchmarks,
        report.benchmarks,
    );
    let _ = writeln!(md, "{}\n", mismatch_line(report));
    render_live_examples(&mut md, &report.live);

    md.push_str(&markdown_row(&HEADERS.map(str::to_owned)));
    md.push_str(&markdown_row(&HEADERS.map(|_| "---".to_owned())));
    for finding in &report.findings {
        let row = Row::of(finding);
        md.push_str(&markdown_row(&row.cells().map(str::to_owned)));
    }

    for finding in &report.findings {
        md.push('\n');
        render_section(&mut md, finding, root);
    }
    md
}

/// A few violating journal entries per design, when the live stress ran.
fn render_live_examples(md: &mut String, live: &LiveStatus) {
    const SHOWN: usize = 5;

    let LiveStatus::Ran { outcomes } = live else {
        return;
    };
    for outcome in outcomes
        .iter()
        .filter(|outcome| !outcome.examples.is_empty())
    {
        let _ = writeln!(
            md,
            "Live examples, {} design ({} of {}):\n",
            format!("{:?}", outcome.client).to_lowercase(),
            outcome.examples.len().min(SHOWN),
            outcome.examples.len(),
        );
        for example in outcome.examples.iter().take(SHOWN) {
            let _ = writeln!(md, "- {example}");
        }
        md.push('\n');
    }
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
    let _ = writeln!(
        md,
        "Live stress (legacy / hardened violations): {}.\n",
        live_cell(finding)
    );
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
