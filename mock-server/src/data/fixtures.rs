//! The real documents compiled into the binary (see `data/README.md`).

use crate::period::ReportingPeriod;

/// The real WSDL of the SOAP service, with FFIEC's own address in it.
pub(crate) const WSDL: &str = include_str!("../../data/RetrievalService.cdr-ffiec-gov.wsdl");

/// A real FFIEC 031 Call Report instance (excerpt), served byte for byte.
pub(crate) const CALL_480228_2026Q2: &[u8] =
    include_bytes!("../../data/call031_480228_2026-06-30.excerpt.xml");

/// A real UBPR instance (excerpt), without the byte-order mark the live
/// service adds (the mock adds it when serving).
pub(crate) const UBPR_451965_2026Q2: &[u8] =
    include_bytes!("../../data/ubpr_451965_2026-06-30.excerpt.xml");

/// The RSSD id and period of the real Call instance.
pub(crate) const CALL_FIXTURE_KEY: (u32, ReportingPeriod) =
    (480_228, ReportingPeriod::new(2026, 2));

/// The RSSD id and period of the real UBPR instance.
pub(crate) const UBPR_FIXTURE_KEY: (u32, ReportingPeriod) =
    (451_965, ReportingPeriod::new(2026, 2));

/// The UTF-8 byte-order mark that starts every UBPR document on the wire.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
