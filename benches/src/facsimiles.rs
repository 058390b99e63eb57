//! The full-size XBRL documents the parser benchmarks read.
//!
//! They come from the mock server's own generator ([`ffiec_mock::DataSet`]
//! with `full_size: true`): the structure of the live Call and UBPR
//! instances (namespaces, contexts, units, nil facts, one namespace
//! redeclaration per Call fact) at the live sizes, about 2,000 Call facts and
//! 4,700 UBPR facts. The banks chosen are generated ones, not the two whose
//! facsimiles are real excerpts (those are small).

use ffiec_mock::period::ReportingPeriod;
use ffiec_mock::{DataOptions, DataSet, FacsimileFormat, FiIdType};

/// The Call filer whose facsimile is the real fixture: skipped, since the
/// excerpt is far smaller than a live report.
const CALL_FIXTURE_RSSD: u32 = 480_228;
/// The UBPR filer whose facsimile is the real fixture: skipped likewise.
const UBPR_FIXTURE_RSSD: u32 = 451_965;

/// One generated facsimile and what a correct parser must find in it.
#[derive(Debug, Clone)]
pub struct BenchFacsimile {
    /// `"call"` or `"ubpr"`: the name the benchmarks give it.
    pub name: &'static str,
    /// The document exactly as the mock serves it (UBPR with its byte-order
    /// mark).
    pub bytes: Vec<u8>,
    /// How many facts the generator wrote: every one must come back as a
    /// fact (nil facts included), none as an issue.
    pub facts: usize,
    /// The RSSD id of the bank it belongs to.
    pub rssd: u32,
}

impl BenchFacsimile {
    /// The full-size Call facsimile of the first generated filer of the
    /// mock's newest period.
    ///
    /// ```
    /// let call = ffiec_benches::facsimiles::BenchFacsimile::call();
    /// assert_eq!(call.facts, 2_000);
    /// assert!(call.bytes.len() > 250_000);
    /// ```
    pub fn call() -> Self {
        let (data, period) = full_size_data();
        let rssd = first_filer_except(&data, period, CALL_FIXTURE_RSSD);
        let bytes = data
            .call_facsimile(period, FiIdType::IdRssd, rssd, FacsimileFormat::Xbrl)
            .expect("a filer of the newest period has a Call facsimile");
        Self {
            name: "call",
            bytes,
            facts: data.call_facts(rssd, period).len(),
            rssd,
        }
    }

    /// The full-size UBPR facsimile of the first generated filer of the
    /// mock's newest period.
    pub fn ubpr() -> Self {
        let (data, period) = full_size_data();
        let rssd = first_filer_except(&data, period, UBPR_FIXTURE_RSSD);
        let bytes = data
            .ubpr_facsimile(period, FiIdType::IdRssd, rssd)
            .expect("a filer of the newest period has a UBPR facsimile");
        Self {
            name: "ubpr",
            bytes,
            facts: data.ubpr_facts(rssd, period).len(),
            rssd,
        }
    }

    /// Both documents, Call first.
    pub fn both() -> [Self; 2] {
        [Self::call(), Self::ubpr()]
    }
}

/// The mock's default data set at live size, and its newest period.
fn full_size_data() -> (DataSet, ReportingPeriod) {
    let data = DataSet::new(DataOptions {
        full_size: true,
        ..DataOptions::default()
    });
    let period = data.latest_period();
    (data, period)
}

fn first_filer_except(data: &DataSet, period: ReportingPeriod, fixture: u32) -> u32 {
    data.filers_since(period, None)
        .into_iter()
        .find(|&rssd| rssd != fixture)
        .expect("the mock's newest period has generated filers")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn call_facsimile_has_the_live_size_and_structure() {
        let call = BenchFacsimile::call();

        assert_eq!(call.facts, 2_000);
        assert!(
            (250_000..400_000).contains(&call.bytes.len()),
            "{} bytes",
            call.bytes.len()
        );
        assert_ne!(call.rssd, CALL_FIXTURE_RSSD);
        let text = std::str::from_utf8(&call.bytes).unwrap();
        assert!(text.contains(&format!("<context id=\"CI_{}_", call.rssd)));
        assert!(text.contains("xsi:nil=\"true\""));
    }

    #[test]
    fn ubpr_facsimile_has_the_live_size_and_a_byte_order_mark() {
        let ubpr = BenchFacsimile::ubpr();

        assert_eq!(ubpr.facts, 4_700);
        assert!(
            (400_000..800_000).contains(&ubpr.bytes.len()),
            "{} bytes",
            ubpr.bytes.len()
        );
        assert!(ubpr.bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
        assert_ne!(ubpr.rssd, UBPR_FIXTURE_RSSD);
    }

    #[test]
    fn the_same_call_twice_gives_the_same_bytes() {
        assert_eq!(BenchFacsimile::call().bytes, BenchFacsimile::call().bytes);
    }
}
