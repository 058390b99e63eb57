//! The judge of a stress run: the mock's journal and the clients' own records, checked
//! against what writers published.
//!
//! [`check`] is a pure function. For every journal entry it asks whether the credential
//! pair is one account set whole (else a torn pair: N1 on a data call, F3 and S2 on
//! `TestUserAccess`) and whether the proxy it came through is one published configuration
//! (else a mixed route: S1 and F1). For every local record it asks whether the proxy
//! refused it (the proxy was sent another proxy's credentials: S1 and F1), whether the route
//! the client built mixes two configurations (S1 and F1), and whether it has exactly one
//! journal entry that says what the client sent (else F7, lost or crossed). Requests that
//! failed in the client are counted by error kind.
//!
//! A request a recording proxy refused with 407 has a journal entry of its own, marked
//! [`proxy_refused`](JournalEntry::proxy_refused), that names the credentials presented:
//! direct evidence of a mixed route. Such an entry is counted under S1 and F1, never as a
//! torn pair, a lost request or an unclaimed entry. A refusal seen both in the journal and
//! by the client is one request and counts once: the two are paired by the 407's request id
//! where the client read it, and by count otherwise.
//!
//! ```
//! use race_tests::findings::FindingId;
//! use race_tests::live::{LocalRecord, Published, check};
//!
//! let verdict = check(&[], &[] as &[LocalRecord], &Published::default());
//! assert_eq!(verdict.violations[&FindingId::N1], 0);
//! assert_eq!(verdict.total_violations(), 0);
//! ```

use std::collections::{BTreeMap, HashMap};

use ffiec_mock::{JournalEntry, Operation};

use super::record::{JournalKey, LocalRecord, RequestOutcome, StressCall};
use super::world::{Published, RouteEnd};
use crate::findings::FindingId;

/// The findings a stress run checks: each is present in a verdict, zero or not.
pub const CHECKED_FINDINGS: [FindingId; 6] = [
    FindingId::F1,
    FindingId::F3,
    FindingId::F7,
    FindingId::S1,
    FindingId::S2,
    FindingId::N1,
];

/// Examples kept per finding: enough to read, not a dump.
const EXAMPLES_PER_FINDING: usize = 3;

/// What the checker found in one run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveCheck {
    /// Requests the client made: answered, refused by a proxy, or failed in the client.
    pub requests: u64,
    /// Requests the service answered (a result or a fault); each should have one journal
    /// entry.
    pub answered: u64,
    /// Entries in the mock's journal: the answered requests' and the proxy refusals'.
    pub journal_entries: u64,
    /// Per checked finding, the entries or requests that break it.
    pub violations: BTreeMap<FindingId, u64>,
    /// Requests that failed in the client, by error kind.
    pub client_errors: BTreeMap<String, u64>,
    /// Requests a recording proxy refused (HTTP 407), as the client saw them.
    pub proxy_refusals: u64,
    /// Journal entries of requests a recording proxy refused (HTTP 407).
    pub journaled_refusals: u64,
    /// Journal entries per user name sent: shows the rotations took effect.
    pub users_seen: BTreeMap<String, u64>,
    /// Journal entries the service answered, per recording proxy (`direct` for none): shows
    /// the switches took effect.
    pub proxies_seen: BTreeMap<String, u64>,
    /// A few violations in words; secrets as fingerprints only.
    pub examples: Vec<String>,
}

impl LiveCheck {
    /// Violations over every finding; one request may count under several findings.
    pub fn total_violations(&self) -> u64 {
        self.violations.values().sum()
    }

    /// The violations of `finding` (0 for a finding the checker does not check).
    pub fn violations_of(&self, finding: FindingId) -> u64 {
        self.violations.get(&finding).copied().unwrap_or(0)
    }
}

/// Checks `journal` and `records` against `published`. See the module documentation for
/// what counts as a violation of which finding.
pub fn check(
    journal: &[JournalEntry],
    records: &[LocalRecord],
    published: &Published,
) -> LiveCheck {
    let mut tally = Tally::default();
    let (refusals, served): (Vec<&JournalEntry>, Vec<&JournalEntry>) =
        journal.iter().partition(|entry| entry.proxy_refused);

    for entry in &served {
        check_credentials(entry, published, &mut tally);
        check_journaled_route(entry, published, &mut tally);
    }
    let refusals_unseen_by_the_client = refusals_not_seen_by_the_client(&refusals, records);
    for refusal in refusals_unseen_by_the_client {
        count_journaled_refusal(refusal, &mut tally);
    }
    for record in records {
        check_local_route(record, published, &mut tally);
        if let RequestOutcome::ClientError(kind) = &record.outcome {
            *tally.client_errors.entry(kind.clone()).or_default() += 1;
        }
    }
    check_pairing(&served, records, &mut tally);

    LiveCheck {
        requests: records.len() as u64,
        answered: records
            .iter()
            .filter(|record| record.reached_service())
            .count() as u64,
        journal_entries: journal.len() as u64,
        violations: tally.violations,
        client_errors: tally.client_errors,
        proxy_refusals: records
            .iter()
            .filter(|record| record.outcome == RequestOutcome::ProxyRefused)
            .count() as u64,
        journaled_refusals: refusals.len() as u64,
        users_seen: count_by(&served, |entry| entry.user.clone()),
        proxies_seen: count_by(&served, |entry| {
            Some(
                entry
                    .proxy
                    .as_ref()
                    .map_or("direct", |tag| &tag.name)
                    .to_owned(),
            )
        }),
        examples: tally.examples,
    }
}

/// How many entries give each value of `key`; entries without one are not counted.
fn count_by(
    journal: &[&JournalEntry],
    key: impl Fn(&JournalEntry) -> Option<String>,
) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for value in journal.iter().copied().filter_map(key) {
        *counts.entry(value).or_default() += 1;
    }
    counts
}

/// Counts and examples as the checks find them.
struct Tally {
    violations: BTreeMap<FindingId, u64>,
    client_errors: BTreeMap<String, u64>,
    examples: Vec<String>,
    examples_per_finding: BTreeMap<FindingId, usize>,
}

impl Default for Tally {
    fn default() -> Self {
        Tally {
            violations: CHECKED_FINDINGS.iter().map(|id| (*id, 0)).collect(),
            client_errors: BTreeMap::new(),
            examples: Vec::new(),
            examples_per_finding: BTreeMap::new(),
        }
    }
}

impl Tally {
    /// Counts one violation of each of `findings`, described by `example`.
    fn violation(&mut self, findings: &[FindingId], example: impl FnOnce() -> String) {
        for finding in findings {
            *self.violations.entry(*finding).or_default() += 1;
        }

        // One example per violating request, under its first finding.
        let shown = self.examples_per_finding.entry(findings[0]).or_default();
        if *shown < EXAMPLES_PER_FINDING {
            *shown += 1;
            let ids: Vec<&str> = findings.iter().map(|id| id.as_str()).collect();
            self.examples
                .push(format!("{}: {}", ids.join("/"), example()));
        }
    }
}

/// The pair of every journal entry must be one account's, set whole.
fn check_credentials(entry: &JournalEntry, published: &Published, tally: &mut Tally) {
    let user = entry.user.as_deref().unwrap_or("(none)");
    let token = entry.token_fingerprint.as_deref().unwrap_or("(none)");
    if published.account(user, token).is_some() {
        return;
    }

    let findings: &[FindingId] = if entry.operation == Some(Operation::TestUserAccess) {
        &[FindingId::F3, FindingId::S2]
    } else {
        &[FindingId::N1]
    };
    let owner = published.token_owner(token).unwrap_or("no account");
    tally.violation(findings, || {
        format!(
            "{} {} sent user '{user}' with token {token} ({owner}'s): a torn pair",
            entry.request_id,
            operation_name(entry)
        )
    });
}

/// The proxy an entry came through must be one published configuration, and a request
/// must not bypass the proxies while one is configured.
fn check_journaled_route(entry: &JournalEntry, published: &Published, tally: &mut Tally) {
    match &entry.proxy {
        Some(tag)
            if !published.is_route(
                RouteEnd::Named(&tag.name),
                &tag.user,
                &tag.password_fingerprint,
            ) =>
        {
            tally.violation(&[FindingId::S1, FindingId::F1], || {
                format!(
                    "{} came through proxy '{}' as user '{}' with password {}: no published \
                     configuration",
                    entry.request_id, tag.name, tag.user, tag.password_fingerprint
                )
            });
        }
        Some(_) => {}
        None if !published.routes.is_empty() => {
            tally.violation(&[FindingId::S1, FindingId::F1], || {
                format!(
                    "{} reached the service directly while every configuration names a proxy",
                    entry.request_id
                )
            });
        }
        None => {}
    }
}

/// The refusals in the journal that no refused request of the client accounts for: those
/// whose request id no refused record read, beyond as many as the refused records without
/// one (the hardened client does not see response headers).
fn refusals_not_seen_by_the_client<'a>(
    refusals: &[&'a JournalEntry],
    records: &[LocalRecord],
) -> Vec<&'a JournalEntry> {
    let refused_records = records
        .iter()
        .filter(|record| record.outcome == RequestOutcome::ProxyRefused);
    let mut ids_read = Vec::new();
    let mut without_id = 0_usize;
    for record in refused_records {
        match &record.key {
            Some(JournalKey::RequestId(id)) => ids_read.push(id.as_str()),
            _ => without_id += 1,
        }
    }

    refusals
        .iter()
        .copied()
        .filter(|entry| !ids_read.contains(&entry.request_id.as_str()))
        .skip(without_id)
        .collect()
}

/// A refusal only the journal saw: the proxy was presented another configuration's
/// credentials (or none), a mixed route.
fn count_journaled_refusal(entry: &JournalEntry, tally: &mut Tally) {
    tally.violation(&[FindingId::S1, FindingId::F1], || {
        let (proxy, user, password) = entry.proxy.as_ref().map_or(("?", "", ""), |tag| {
            (
                tag.name.as_str(),
                tag.user.as_str(),
                tag.password_fingerprint.as_str(),
            )
        });
        if user.is_empty() && password.is_empty() {
            format!(
                "{}: proxy '{proxy}' refused a request that presented no proxy credentials",
                entry.request_id
            )
        } else {
            format!(
                "{}: proxy '{proxy}' refused proxy user '{user}' with password {password}: \
                 another configuration's credentials",
                entry.request_id
            )
        }
    });
}

/// A proxy's refusal, or a route the client built from two configurations, is a mixed
/// route.
fn check_local_route(record: &LocalRecord, published: &Published, tally: &mut Tally) {
    let sent_route = record.sent.as_ref().and_then(|sent| sent.route.as_ref());
    let mixed = sent_route.filter(|route| {
        let (Some(port), Some(user), Some(password)) =
            (route.port, &route.user, &route.password_fingerprint)
        else {
            return true;
        };
        !published.is_route(RouteEnd::Port(port), user, password)
    });

    if let Some(route) = mixed {
        tally.violation(&[FindingId::S1, FindingId::F1], || {
            format!(
                "{} went to port {} as proxy user '{}' with password {}: a mix of two \
                 configurations{}",
                labelled_with_id(record),
                route
                    .port
                    .map_or_else(|| "None".to_owned(), |port| port.to_string()),
                route.user.as_deref().unwrap_or("(none)"),
                route.password_fingerprint.as_deref().unwrap_or("(none)"),
                refused_note(record)
            )
        });
    } else if record.outcome == RequestOutcome::ProxyRefused {
        tally.violation(&[FindingId::S1, FindingId::F1], || {
            format!(
                "{}: a recording proxy refused the proxy credentials it was sent",
                labelled_with_id(record)
            )
        });
    }
}

/// `thread 0 request 1 (mock-000012)` when the response named its journal entry.
fn labelled_with_id(record: &LocalRecord) -> String {
    match &record.key {
        Some(JournalKey::RequestId(id)) => format!("{} ({id})", record.label()),
        _ => record.label(),
    }
}

fn refused_note(record: &LocalRecord) -> &'static str {
    if record.outcome == RequestOutcome::ProxyRefused {
        "; the proxy refused it"
    } else {
        ""
    }
}

/// Every answered request has exactly one journal entry of its own, saying what it sent,
/// and every entry the service answered belongs to one request (F7). Refused requests and
/// their entries are the mixed-route checks' business, not this one's.
fn check_pairing(served: &[&JournalEntry], records: &[LocalRecord], tally: &mut Tally) {
    let mut claimed = vec![false; served.len()];
    let index = KeyIndex::new(served);
    let mut unkeyed_answered: BTreeMap<StressCall, u64> = BTreeMap::new();

    for record in records {
        if record.outcome == RequestOutcome::ProxyRefused {
            continue;
        }
        let Some(key) = &record.key else {
            if record.reached_service() {
                *unkeyed_answered.entry(record.call).or_default() += 1;
            }
            continue;
        };

        let matches = index.entries_of(key);
        let [position] = matches.as_slice() else {
            let found = matches.len();
            tally.violation(&[FindingId::F7], || {
                format!(
                    "{} ({key}) has {found} journal entries instead of one",
                    record.label()
                )
            });
            continue;
        };
        let entry = served[*position];
        if std::mem::replace(&mut claimed[*position], true) {
            tally.violation(&[FindingId::F7], || {
                format!(
                    "{} claims {}, which another request already claimed: a crossed response",
                    record.label(),
                    entry.request_id
                )
            });
            continue;
        }
        check_entry_is_own(record, entry, tally);
    }

    check_unkeyed_counts(served, &claimed, &unkeyed_answered, tally);
}

/// The journal entry a record claims must show what the record sent, and the answer must
/// be the one for its own parameters.
fn check_entry_is_own(record: &LocalRecord, entry: &JournalEntry, tally: &mut Tally) {
    if let Some(sent) = &record.sent {
        let same_user = entry.user.as_deref() == Some(sent.user.as_str());
        let same_token = entry.token_fingerprint.as_deref() == Some(&sent.token_fingerprint);
        if !(same_user && same_token) {
            tally.violation(&[FindingId::F7], || {
                format!(
                    "{} sent user '{}' with token {} but its response names {}, which \
                     carried user '{}': a crossed response",
                    record.label(),
                    sent.user,
                    sent.token_fingerprint,
                    entry.request_id,
                    entry.user.as_deref().unwrap_or("(none)")
                )
            });
            return;
        }
    }

    if let RequestOutcome::Answered {
        answer_matches: Some(false),
        ..
    } = record.outcome
    {
        tally.violation(&[FindingId::F7], || {
            format!(
                "{} ({}) got an answer that is not the one for its own parameters",
                record.label(),
                entry.request_id
            )
        });
    }
}

/// Requests without a key are paired by count: per kind of call, the answered requests and
/// the journal entries no keyed request claimed must be equally many.
fn check_unkeyed_counts(
    served: &[&JournalEntry],
    claimed: &[bool],
    unkeyed_answered: &BTreeMap<StressCall, u64>,
    tally: &mut Tally,
) {
    let mut unclaimed: BTreeMap<StressCall, u64> = BTreeMap::new();
    for (entry, _) in served.iter().zip(claimed).filter(|(_, claimed)| !**claimed) {
        *unclaimed.entry(call_of(entry)).or_default() += 1;
    }

    for call in [StressCall::TestUserAccess, StressCall::Data] {
        let answered = unkeyed_answered.get(&call).copied().unwrap_or(0);
        let entries = unclaimed.get(&call).copied().unwrap_or(0);
        let (missing, what) = if entries > answered {
            (entries - answered, "journal entries that no request claims")
        } else {
            (
                answered - entries,
                "answered requests with no journal entry",
            )
        };
        for _ in 0..missing {
            tally.violation(&[FindingId::F7], || {
                format!("{missing} {what} among the {call:?} calls: lost or duplicated requests")
            });
        }
    }
}

fn call_of(entry: &JournalEntry) -> StressCall {
    if entry.operation == Some(Operation::TestUserAccess) {
        StressCall::TestUserAccess
    } else {
        StressCall::Data
    }
}

fn operation_name(entry: &JournalEntry) -> String {
    entry.operation.map_or_else(
        || format!("{} {}", entry.method, entry.path),
        |op| format!("{op:?}"),
    )
}

/// Journal positions by request id and by marker parameter value.
struct KeyIndex<'a> {
    by_id: HashMap<&'a str, Vec<usize>>,
    by_param: HashMap<(&'a str, &'a str), Vec<usize>>,
}

impl<'a> KeyIndex<'a> {
    fn new(journal: &[&'a JournalEntry]) -> Self {
        let mut by_id: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut by_param: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
        for (position, entry) in journal.iter().copied().enumerate() {
            by_id.entry(&entry.request_id).or_default().push(position);
            for (name, value) in &entry.params {
                by_param.entry((name, value)).or_default().push(position);
            }
        }
        KeyIndex { by_id, by_param }
    }

    fn entries_of(&self, key: &JournalKey) -> Vec<usize> {
        let found = match key {
            JournalKey::RequestId(id) => self.by_id.get(id.as_str()),
            JournalKey::Marker { param, value } => self.by_param.get(&(*param, value.as_str())),
        };
        found.cloned().unwrap_or_default()
    }
}

#[cfg(test)]
#[path = "checker_tests.rs"]
mod tests;
