//! The data the mock serves: periods, panels, filings and facsimiles.
//!
//! Everything is generated from a seed, so two servers with the same
//! [`DataOptions`] answer every question the same way, and a test can ask
//! the [`DataSet`] what a client should have received.

mod documents;
pub(crate) mod filings;
pub(crate) mod fixtures;
mod institutions;
mod names;
pub mod xbrl;

use std::collections::HashMap;

use jiff::civil::DateTime;

pub use documents::SDF_HEADER;
pub use filings::Submission;
pub use fixtures::UTF8_BOM;
pub use institutions::Institution;
pub use xbrl::Fact;

use crate::params::{FacsimileFormat, FiIdType};
use crate::period::ReportingPeriod;
use institutions::Registered;
use xbrl::Family;

/// How the data set is generated.
///
/// ```
/// use ffiec_mock::DataOptions;
///
/// let options = DataOptions { full_size: true, ..DataOptions::default() };
/// assert_eq!(options.seed, 2026);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataOptions {
    /// Seed of every generated value. Default: 2026.
    pub seed: u64,
    /// Institutions in the register, known ones included. Default: 4,700,
    /// which gives panels of about 4,600 rows as on the live service.
    pub institutions: usize,
    /// Generated XBRL facsimiles at live size (about 2,000 Call facts,
    /// about 270 KB; about 4,700 UBPR facts) instead of 40 facts.
    /// Default: false. Benchmarks want true.
    pub full_size: bool,
}

impl Default for DataOptions {
    fn default() -> Self {
        Self {
            seed: 2026,
            institutions: 4_700,
            full_size: false,
        }
    }
}

/// The first and last Call periods published (3/31/2001 to 6/30/2026).
const FIRST_CALL: ReportingPeriod = ReportingPeriod::new(2001, 1);
const LAST_PERIOD: ReportingPeriod = ReportingPeriod::new(2026, 2);
/// UBPR periods start at 12/31/2002, as observed on the live service.
const FIRST_UBPR: ReportingPeriod = ReportingPeriod::new(2002, 4);

/// Share of institutions (one in this many) that have not yet filed for
/// the newest period.
const LATE_FILER_ODDS: u8 = 50;

/// The generated world of the mock.
#[derive(Debug)]
pub struct DataSet {
    options: DataOptions,
    register: Vec<Registered>,
    call_periods: Vec<ReportingPeriod>,
    ubpr_periods: Vec<ReportingPeriod>,
    by_id: HashMap<(FiIdType, u32), usize>,
}

impl DataSet {
    /// Generates the data set; takes a few milliseconds.
    pub fn new(options: DataOptions) -> Self {
        let register = institutions::build_register(
            options.seed,
            options.institutions,
            FIRST_CALL,
            LAST_PERIOD,
        );

        let mut by_id = HashMap::new();
        for (index, entry) in register.iter().enumerate() {
            let row = &entry.row;
            let ids = [
                (FiIdType::IdRssd, row.id_rssd),
                (FiIdType::FdicCertNumber, row.fdic_cert_number),
                (FiIdType::OccChartNumber, row.occ_chart_number),
                (FiIdType::OtsDockNumber, row.ots_dock_number),
            ];
            for key in ids.into_iter().filter(|(_, id)| *id != 0) {
                by_id.entry(key).or_insert(index);
            }
        }

        let mut call_periods = ReportingPeriod::range(FIRST_CALL, LAST_PERIOD);
        call_periods.reverse();
        let ubpr_periods = ReportingPeriod::range(FIRST_UBPR, LAST_PERIOD);
        Self {
            options,
            register,
            call_periods,
            ubpr_periods,
            by_id,
        }
    }

    /// The options it was generated with.
    pub fn options(&self) -> &DataOptions {
        &self.options
    }

    /// The Call periods, newest first, as `RetrieveReportingPeriods` sends them.
    pub fn call_periods(&self) -> &[ReportingPeriod] {
        &self.call_periods
    }

    /// The UBPR periods, oldest first, as `RetrieveUBPRReportingPeriods` sends them.
    pub fn ubpr_periods(&self) -> &[ReportingPeriod] {
        &self.ubpr_periods
    }

    /// The newest Call period, used when a SOAP call omits the period.
    pub fn latest_period(&self) -> ReportingPeriod {
        LAST_PERIOD
    }

    /// Whether the service has Call data for `period`.
    pub fn has_call_period(&self, period: ReportingPeriod) -> bool {
        (FIRST_CALL..=LAST_PERIOD).contains(&period)
    }

    /// Whether the service has UBPR data for `period`.
    pub fn has_ubpr_period(&self, period: ReportingPeriod) -> bool {
        (FIRST_UBPR..=LAST_PERIOD).contains(&period)
    }

    /// The panel of reporters of `period`, in the order the mock sends it
    /// (the observed first rows first); empty for an unpublished period.
    pub fn panel(&self, period: ReportingPeriod) -> Vec<Institution> {
        if !self.has_call_period(period) {
            return Vec::new();
        }
        self.register
            .iter()
            .filter(|entry| entry.reports_for(period))
            .map(|entry| {
                let mut row = entry.row.clone();
                row.has_filed_for_reporting_period = self.has_filed(entry, period);
                row
            })
            .collect()
    }

    /// Filers of `period` whose last submission is after `since` (all filers
    /// if `None`), in the service's unsorted order.
    pub fn submissions(&self, period: ReportingPeriod, since: Option<DateTime>) -> Vec<Submission> {
        self.filers(period, since)
            .into_iter()
            .map(|rssd| filings::submission(self.options.seed, rssd, period))
            .collect()
    }

    /// The RSSD ids of [`submissions`](Self::submissions), same order.
    pub fn filers_since(&self, period: ReportingPeriod, since: Option<DateTime>) -> Vec<u32> {
        self.filers(period, since)
    }

    fn filers(&self, period: ReportingPeriod, since: Option<DateTime>) -> Vec<u32> {
        if !self.has_call_period(period) {
            return Vec::new();
        }
        let seed = self.options.seed;
        let mut filers: Vec<(u64, u32)> = self
            .register
            .iter()
            .filter(|entry| entry.reports_for(period) && self.has_filed(entry, period))
            .map(|entry| entry.row.id_rssd)
            .filter(|&rssd| {
                since.is_none_or(|since| filings::submitted_at(seed, rssd, period) > since)
            })
            .map(|rssd| {
                (
                    filings::filing_rng(seed ^ 0x0D0E, rssd, period).u64(..),
                    rssd,
                )
            })
            .collect();
        filers.sort_unstable();
        filers.into_iter().map(|(_, rssd)| rssd).collect()
    }

    /// The institution that `id` names for `period`, if it files for it.
    pub fn institution(
        &self,
        period: ReportingPeriod,
        id_type: FiIdType,
        id: u32,
    ) -> Option<Institution> {
        let entry = &self.register[*self.by_id.get(&(id_type, id))?];
        if !entry.reports_for(period) || !self.has_filed(entry, period) {
            return None;
        }
        Some(entry.row.clone())
    }

    /// The Call facsimile the mock sends, or `None` (the not-found fault).
    /// XBRL for RSSD 480228 at 6/30/2026 is the real fixture.
    pub fn call_facsimile(
        &self,
        period: ReportingPeriod,
        id_type: FiIdType,
        id: u32,
        format: FacsimileFormat,
    ) -> Option<Vec<u8>> {
        if !self.has_call_period(period) {
            return None;
        }
        let row = self.institution(period, id_type, id)?;
        let rssd = row.id_rssd;
        if format == FacsimileFormat::Xbrl && (rssd, period) == fixtures::CALL_FIXTURE_KEY {
            return Some(fixtures::CALL_480228_2026Q2.to_vec());
        }

        let facts = self.call_facts(rssd, period);
        Some(match format {
            FacsimileFormat::Xbrl => {
                xbrl::render_call(rssd, period, &row.filing_type, &facts).into_bytes()
            }
            FacsimileFormat::Pdf => documents::pdf(rssd, period),
            FacsimileFormat::Sdf => {
                let submitted = filings::submitted_at(self.options.seed, rssd, period);
                documents::sdf(
                    rssd,
                    period,
                    &submitted.date().strftime("%Y%m%d").to_string(),
                    &facts,
                )
            }
        })
    }

    /// The UBPR XBRL facsimile, starting with a UTF-8 byte-order mark as on
    /// the live service, or `None`. RSSD 451965 at 6/30/2026 is the real fixture.
    pub fn ubpr_facsimile(
        &self,
        period: ReportingPeriod,
        id_type: FiIdType,
        id: u32,
    ) -> Option<Vec<u8>> {
        if !self.has_ubpr_period(period) {
            return None;
        }
        let rssd = self.institution(period, id_type, id)?.id_rssd;
        let body = if (rssd, period) == fixtures::UBPR_FIXTURE_KEY {
            fixtures::UBPR_451965_2026Q2.to_vec()
        } else {
            xbrl::render_ubpr(rssd, period, &self.ubpr_facts(rssd, period)).into_bytes()
        };
        Some([UTF8_BOM, &body].concat())
    }

    /// The facts of the generated Call instance of `rssd` for `period`.
    /// (The fixture's facts are in the fixture itself.)
    pub fn call_facts(&self, rssd: u32, period: ReportingPeriod) -> Vec<Fact> {
        xbrl::generate_facts(
            Family::Call,
            self.options.seed,
            rssd,
            period,
            self.options.full_size,
        )
    }

    /// The facts of the generated UBPR instance of `rssd` for `period`.
    pub fn ubpr_facts(&self, rssd: u32, period: ReportingPeriod) -> Vec<Fact> {
        xbrl::generate_facts(
            Family::Ubpr,
            self.options.seed,
            rssd,
            period,
            self.options.full_size,
        )
    }

    fn has_filed(&self, entry: &Registered, period: ReportingPeriod) -> bool {
        if entry.fixed || period != LAST_PERIOD {
            return true;
        }
        let mut rng = filings::filing_rng(self.options.seed ^ 0x1A7E, entry.row.id_rssd, period);
        rng.u8(0..LATE_FILER_ODDS) != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_follow_the_observed_order_and_range() {
        let data = DataSet::new(DataOptions::default());
        let call: Vec<String> = data
            .call_periods()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(call.len(), 102);
        assert_eq!(&call[..2], ["6/30/2026", "3/31/2026"]);
        assert_eq!(call.last().unwrap(), "3/31/2001");

        let ubpr: Vec<String> = data
            .ubpr_periods()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(ubpr[0], "12/31/2002");
        assert_eq!(ubpr.last().unwrap(), "6/30/2026");
    }

    #[test]
    fn panel_has_the_live_size_and_shapes() {
        let data = DataSet::new(DataOptions::default());
        let panel = data.panel(ReportingPeriod::new(2023, 4));
        assert!(
            (4_500..=4_700).contains(&panel.len()),
            "{} rows",
            panel.len()
        );
        assert_eq!(panel[0].id_rssd, 718_275);
        assert_eq!(panel[0].state, "0");
        assert_eq!(panel[1].name.len(), 120);
        assert!(
            panel.iter().any(|row| row.zip < 10_000),
            "a ZIP that lost its leading zero"
        );
        assert!(panel.iter().any(|row| row.occ_chart_number == 0));
        for filing_type in ["031", "041", "051"] {
            assert!(
                panel.iter().any(|row| row.filing_type == filing_type),
                "{filing_type}"
            );
        }
    }

    #[test]
    fn filers_and_submissions_agree_and_include_after_midnight_times() {
        let data = DataSet::new(DataOptions::default());
        let period = ReportingPeriod::new(2023, 4);
        let since = DateTime::constant(2024, 2, 1, 0, 0, 0, 0);
        let ids = data.filers_since(period, Some(since));
        let submissions = data.submissions(period, Some(since));
        assert!(!ids.is_empty() && ids.len() < data.filers_since(period, None).len());
        assert_eq!(
            ids,
            submissions.iter().map(|s| s.id_rssd).collect::<Vec<_>>()
        );
        assert!(
            data.submissions(period, None)
                .iter()
                .any(|s| s.date_time.contains(" 12:") && s.date_time.ends_with("AM"))
        );
    }

    #[test]
    fn fixtures_are_served_for_their_banks() {
        let data = DataSet::new(DataOptions::default());
        let period = ReportingPeriod::new(2026, 2);
        let call = data
            .call_facsimile(period, FiIdType::IdRssd, 480_228, FacsimileFormat::Xbrl)
            .unwrap();
        assert_eq!(call, fixtures::CALL_480228_2026Q2);

        let ubpr = data
            .ubpr_facsimile(period, FiIdType::IdRssd, 451_965)
            .unwrap();
        assert!(ubpr.starts_with(UTF8_BOM));
        assert_eq!(&ubpr[3..], fixtures::UBPR_451965_2026Q2);

        assert!(
            data.call_facsimile(period, FiIdType::IdRssd, 1, FacsimileFormat::Pdf)
                .is_none()
        );
        let by_cert = data.call_facsimile(
            period,
            FiIdType::FdicCertNumber,
            3_510,
            FacsimileFormat::Xbrl,
        );
        assert_eq!(by_cert.as_deref(), Some(fixtures::CALL_480228_2026Q2));
    }
}
