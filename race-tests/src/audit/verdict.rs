//! What the audit concludes about one finding, and what it expects to conclude.

use std::fmt;

use serde::Serialize;

use crate::findings::{FindingId, FindingKind};

/// The audit's conclusion about one finding.
///
/// The first three are the conclusions the review expects; the others name what went
/// wrong when the evidence disagrees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// A race, stale state or side effect: every legacy model found a counterexample, and
    /// every hardened proof and the hardened live stress found none.
    ReproducedAndExcluded,
    /// Not a race: nothing can write the shared value, by construction.
    NotARaceByConstruction,
    /// A cost or leak: the hardened count is lower than the legacy one and at its target.
    CostReduced,
    /// Some legacy model of the finding found no counterexample.
    LegacyNotReproduced,
    /// Some hardened proof, or the hardened live stress, broke the invariant.
    HardenedViolated,
    /// The hardened count is not below the legacy count, or misses its target.
    CostNotReduced,
    /// The evidence for the finding was not gathered in this run.
    NotRun,
}

impl Verdict {
    /// The verdict the review expects for a finding of `kind`.
    pub fn expected_for(kind: FindingKind) -> Verdict {
        match kind {
            FindingKind::Race | FindingKind::StaleState | FindingKind::SideEffect => {
                Verdict::ReproducedAndExcluded
            }
            FindingKind::NotARace => Verdict::NotARaceByConstruction,
            FindingKind::Counted => Verdict::CostReduced,
        }
    }

    /// The expected verdict of `finding`, from its kind in the catalogue.
    pub fn expected(finding: FindingId) -> Verdict {
        Verdict::expected_for(finding.info().kind)
    }

    /// The words used in the verdict table.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::ReproducedAndExcluded => "reproduced, excluded",
            Verdict::NotARaceByConstruction => "not a race, by construction",
            Verdict::CostReduced => "cost reduced",
            Verdict::LegacyNotReproduced => "legacy NOT reproduced",
            Verdict::HardenedViolated => "hardened VIOLATED",
            Verdict::CostNotReduced => "cost NOT reduced",
            Verdict::NotRun => "not run",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expectations_follow_the_catalogue_kinds() {
        assert_eq!(
            Verdict::expected(FindingId::F2),
            Verdict::ReproducedAndExcluded
        );
        assert_eq!(
            Verdict::expected(FindingId::N4),
            Verdict::ReproducedAndExcluded
        );
        assert_eq!(
            Verdict::expected(FindingId::F6),
            Verdict::NotARaceByConstruction
        );
        assert_eq!(Verdict::expected(FindingId::N3), Verdict::CostReduced);
    }

    #[test]
    fn verdicts_serialise_in_snake_case() {
        let json = serde_json::to_string(&Verdict::NotARaceByConstruction).unwrap();
        assert_eq!(json, "\"not_a_race_by_construction\"");
    }
}
