//! Finding a document's facts by MDRM code, ASCII case ignored.
//!
//! A facsimile holds thousands of facts. Keying a map by each fact's code
//! in upper case would copy every code; this index keys by a hash of the
//! upper-case code instead and keeps only fact positions. Codes whose
//! hashes collide share a list, so a lookup compares each listed fact's
//! code with the one asked for.

use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher, RandomState};

use super::fact::Fact;

/// Positions of facts by the hash of their upper-case MDRM code.
#[derive(Debug, Clone, Default)]
pub(super) struct MdrmIndex {
    /// Seeded per index, so a document cannot be written to collide.
    hasher: RandomState,
    by_hash: HashMap<u64, Positions, BuildHasherDefault<AlreadyHashed>>,
}

/// The positions of the facts under one hash, in document order. Most
/// codes occur once, so the first position is kept without a list.
#[derive(Debug, Clone)]
struct Positions {
    first: usize,
    more: Vec<usize>,
}

impl MdrmIndex {
    /// Indexes `facts` by code.
    pub(super) fn new(facts: &[Fact]) -> MdrmIndex {
        let hasher = RandomState::new();
        let mut by_hash: HashMap<u64, Positions, _> =
            HashMap::with_capacity_and_hasher(facts.len(), BuildHasherDefault::default());
        for (position, fact) in facts.iter().enumerate() {
            let key = hasher.hash_one(UpperAscii(&fact.mdrm));
            by_hash
                .entry(key)
                .and_modify(|positions| positions.more.push(position))
                .or_insert(Positions {
                    first: position,
                    more: Vec::new(),
                });
        }
        MdrmIndex { hasher, by_hash }
    }

    /// The positions in `facts` (the slice this index was built from) of
    /// the facts of code `mdrm`, ASCII case ignored, in document order.
    pub(super) fn positions<'a>(
        &'a self,
        mdrm: &str,
        facts: &'a [Fact],
    ) -> impl Iterator<Item = usize> + use<'a> {
        let mut listed = self
            .by_hash
            .get(&self.hasher.hash_one(UpperAscii(mdrm)))
            .map(|positions| std::iter::once(positions.first).chain(positions.more.iter().copied()))
            .into_iter()
            .flatten();

        // The rest are compared with the first match, which outlives `mdrm`.
        let first = listed.find(|&position| facts[position].mdrm.eq_ignore_ascii_case(mdrm));
        let code = first.map(|position| facts[position].mdrm.as_str());
        let same_code = move |&position: &usize| {
            code.is_some_and(|code| facts[position].mdrm.eq_ignore_ascii_case(code))
        };
        first.into_iter().chain(listed.filter(same_code))
    }
}

/// Hashes a code as its ASCII upper case would hash, without building it.
struct UpperAscii<'a>(&'a str);

impl Hash for UpperAscii<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // In chunks through a buffer: one write per chunk, not per byte.
        let mut upper = [0; 32];
        for chunk in self.0.as_bytes().chunks(upper.len()) {
            let upper = &mut upper[..chunk.len()];
            upper.copy_from_slice(chunk);
            upper.make_ascii_uppercase();
            state.write(upper);
        }
        // Ends the code as `str` hashing does, so no code is a prefix of another.
        state.write_u8(0xff);
    }
}

/// The hasher of a map whose keys are already seeded hashes: it keeps them.
#[derive(Debug, Clone, Copy, Default)]
struct AlreadyHashed(u64);

impl Hasher for AlreadyHashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is used; fold anything else in rather than lose it.
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }

    fn write_u64(&mut self, key: u64) {
        self.0 = key;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xbrl::{FactValue, Period, Taxonomy};
    use jiff::civil::date;

    fn fact(mdrm: &str) -> Fact {
        Fact {
            mdrm: mdrm.to_owned(),
            taxonomy: Taxonomy::Call,
            context_id: "c".to_owned(),
            rssd: 1,
            period: Period::Instant(date(2026, 6, 30)),
            unit: None,
            decimals: None,
            value: FactValue::Empty,
        }
    }

    #[test]
    fn finds_every_fact_of_a_code_in_order_whatever_its_case() {
        let facts = [
            fact("RCFD2170"),
            fact("ubpr2170"),
            fact("rcfd2170"),
            fact("RCFD2948"),
        ];
        let index = MdrmIndex::new(&facts);

        let found: Vec<_> = index.positions("Rcfd2170", &facts).collect();
        assert_eq!(found, [0, 2]);
        assert_eq!(index.positions("UBPR2170", &facts).collect::<Vec<_>>(), [1]);
        assert_eq!(index.positions("RCFD", &facts).count(), 0);
        assert_eq!(index.positions("", &facts).count(), 0);
    }
}
