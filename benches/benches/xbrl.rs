//! Parsing full-size XBRL facsimiles, against the bare `NsReader` limit.
//!
//! Each document is checked before it is measured: the parser must return
//! every generated fact and no issue, and the bare loop must count the same
//! facts, so neither can silently measure an error path.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ffiec_benches::facsimiles::BenchFacsimile;
use ffiec_benches::ids::xbrl::{CALL_GROUP, FROM_BYTES, NS_READER_LIMIT, UBPR_GROUP};
use ffiec_benches::ns_limit::count_resolved_elements;
use ffiec_core::xbrl::XbrlDocument;

fn parse_facsimiles(c: &mut Criterion) {
    for facsimile in BenchFacsimile::both() {
        check_fixture(&facsimile);

        let group_name = if facsimile.name == "call" {
            CALL_GROUP
        } else {
            UBPR_GROUP
        };
        let mut group = c.benchmark_group(group_name);
        group
            .throughput(Throughput::ElementsAndBytes {
                elements: facsimile.facts as u64,
                bytes: facsimile.bytes.len() as u64,
            })
            .sample_size(30)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(4));

        let bytes = facsimile.bytes.as_slice();
        group.bench_function(FROM_BYTES, |b| {
            b.iter(|| XbrlDocument::from_bytes(black_box(bytes)).expect("checked above"));
        });
        group.bench_function(NS_READER_LIMIT, |b| {
            b.iter(|| count_resolved_elements(black_box(bytes)).expect("checked above"));
        });
        group.finish();
    }
}

/// Both readers must find every fact of the document before either is timed.
fn check_fixture(facsimile: &BenchFacsimile) {
    let document = XbrlDocument::from_bytes(&facsimile.bytes)
        .unwrap_or_else(|error| panic!("{} facsimile does not parse: {error}", facsimile.name));
    assert_eq!(
        document.facts().len(),
        facsimile.facts,
        "{} facsimile: facts read",
        facsimile.name
    );
    assert!(
        document.issues().is_empty(),
        "{} facsimile: {:?}",
        facsimile.name,
        document.issues().first()
    );

    let count = count_resolved_elements(&facsimile.bytes).expect("the facsimile is well-formed");
    assert_eq!(
        count.concepts, facsimile.facts,
        "{} facsimile: elements in an FFIEC concept namespace",
        facsimile.name
    );
}

criterion_group!(benches, parse_facsimiles);
criterion_main!(benches);
