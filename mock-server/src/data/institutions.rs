//! The generated register of institutions behind the panel of reporters.

use std::collections::HashSet;

use serde::Serialize;

use super::names::{CITIES, STATES, STREETS, SURNAMES};
use crate::period::ReportingPeriod;

/// Widths the service pads its text fields to, with spaces.
const NAME_WIDTH: usize = 120;
const CITY_WIDTH: usize = 25;
const ADDRESS_WIDTH: usize = 40;

/// One row of the panel of reporters, exactly as the mock sends it.
///
/// Text fields are space-padded as on the wire; a zero id means "none";
/// `zip` is an integer, so a ZIP code with a leading zero has lost it;
/// `state` is `"0"` for a foreign institution. Field names follow the WSDL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Institution {
    /// The Federal Reserve RSSD id.
    #[serde(rename = "ID_RSSD")]
    pub id_rssd: u32,
    /// The FDIC certificate number, 0 if none.
    #[serde(rename = "FDICCertNumber")]
    pub fdic_cert_number: u32,
    /// The OCC charter number, 0 if none.
    #[serde(rename = "OCCChartNumber")]
    pub occ_chart_number: u32,
    /// The OTS docket number, 0 if none.
    #[serde(rename = "OTSDockNumber")]
    pub ots_dock_number: u32,
    /// The primary ABA routing number, 0 if none.
    #[serde(rename = "PrimaryABARoutNumber")]
    pub primary_aba_rout_number: u32,
    /// The legal name, padded to 120 characters.
    #[serde(rename = "Name")]
    pub name: String,
    /// The state code, or `"0"` for a foreign institution.
    #[serde(rename = "State")]
    pub state: String,
    /// The city, padded to 25 characters.
    #[serde(rename = "City")]
    pub city: String,
    /// The street address, padded to 40 characters.
    #[serde(rename = "Address")]
    pub address: String,
    /// The ZIP code as an integer.
    #[serde(rename = "ZIP")]
    pub zip: u32,
    /// `031`, `041` or `051`.
    #[serde(rename = "FilingType")]
    pub filing_type: String,
    /// Whether the institution has filed for the period asked about.
    #[serde(rename = "HasFiledForReportingPeriod")]
    pub has_filed_for_reporting_period: bool,
}

/// An institution of the register with the periods it reports for.
#[derive(Debug, Clone)]
pub(crate) struct Registered {
    pub(crate) row: Institution,
    pub(crate) first: ReportingPeriod,
    pub(crate) last: ReportingPeriod,
    /// A known or observed row: always reports and always files.
    pub(crate) fixed: bool,
}

impl Registered {
    pub(crate) fn reports_for(&self, period: ReportingPeriod) -> bool {
        self.first <= period && period <= self.last
    }
}

/// A named institution whose row is fixed rather than generated.
struct Known {
    rssd: u32,
    fdic: u32,
    occ: u32,
    ots: u32,
    aba: u32,
    name: &'static str,
    state: &'static str,
    city: &'static str,
    address: &'static str,
    zip: u32,
    filing_type: &'static str,
}

/// The first four rows the live service returned for 12/31/2023 (see
/// `observed_live_values.json`), then the banks of the real fixtures and
/// the other banks whose fact counts were observed.
const KNOWN: &[Known] = &[
    Known {
        rssd: 718_275,
        fdic: 26_539,
        occ: 0,
        ots: 0,
        aba: 0,
        name: "BANK OF THE FEDERATED STATES OF MICRONESIA",
        state: "0",
        city: "POHNPEI",
        address: "98 KASELEHLIE STREET",
        zip: 96_941,
        filing_type: "051",
    },
    Known {
        rssd: 563_336,
        fdic: 23_523,
        occ: 0,
        ots: 13_156,
        aba: 65_103_243,
        name: "CITIZENS' BANK, INC.",
        state: "AL",
        city: "ROBERTSDALE",
        address: "21980 PALMER STREET",
        zip: 36_567,
        filing_type: "051",
    },
    Known {
        rssd: 449_430,
        fdic: 16_910,
        occ: 0,
        ots: 0,
        aba: 62_104_656,
        name: "22ND STATE BANK",
        state: "AL",
        city: "LOUISVILLE",
        address: "1920 MAIN STREET",
        zip: 36_048,
        filing_type: "051",
    },
    Known {
        rssd: 3_217_331,
        fdic: 57_540,
        occ: 0,
        ots: 0,
        aba: 62_206_444,
        name: "HOMETOWN BANK OF ALABAMA, THE",
        state: "AL",
        city: "ONEONTA",
        address: "2002 2ND AVENUE EAST",
        zip: 35_121,
        filing_type: "051",
    },
    Known {
        rssd: 480_228,
        fdic: 3_510,
        occ: 13_044,
        ots: 0,
        aba: 111_000_025,
        name: "BANK OF AMERICA, NATIONAL ASSOCIATION",
        state: "NC",
        city: "CHARLOTTE",
        address: "100 NORTH TRYON STREET",
        zip: 28_255,
        filing_type: "031",
    },
    Known {
        rssd: 451_965,
        fdic: 3_511,
        occ: 1,
        ots: 0,
        aba: 121_000_248,
        name: "WELLS FARGO BANK, NATIONAL ASSOCIATION",
        state: "SD",
        city: "SIOUX FALLS",
        address: "101 NORTH PHILLIPS AVENUE",
        zip: 57_104,
        filing_type: "031",
    },
    Known {
        rssd: 852_218,
        fdic: 628,
        occ: 8,
        ots: 0,
        aba: 21_000_021,
        name: "JPMORGAN CHASE BANK, NATIONAL ASSOCIATION",
        state: "OH",
        city: "COLUMBUS",
        address: "1111 POLARIS PARKWAY",
        zip: 43_240,
        filing_type: "031",
    },
    Known {
        rssd: 476_810,
        fdic: 7_213,
        occ: 1_461,
        ots: 0,
        aba: 21_000_089,
        name: "CITIBANK, N.A.",
        state: "SD",
        city: "SIOUX FALLS",
        address: "5800 SOUTH CORPORATE PLACE",
        zip: 57_108,
        filing_type: "031",
    },
];

/// Observed filer ids (`observed_live_values.json`), made members of the
/// generated register so filer lists contain them.
const OBSERVED_FILERS: &[u32] = &[
    3_358_270, 2_132_941, 1_447_639, 988_153, 5_313_312, 386_731, 869_551, 213_471, 624_956,
    3_538_009, 783_648, 562_058, 2_745_529, 644_057, 3_316_739, 3_282_012,
];

/// Builds the register: the known rows first, then generated ones, about
/// `size` in all. The same seed always gives the same register.
pub(crate) fn build_register(
    seed: u64,
    size: usize,
    first: ReportingPeriod,
    last: ReportingPeriod,
) -> Vec<Registered> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut taken: HashSet<u32> = HashSet::new();
    let mut register = Vec::with_capacity(size);

    for known in KNOWN {
        taken.insert(known.rssd);
        register.push(Registered {
            row: known_row(known),
            first,
            last,
            fixed: true,
        });
    }

    for &rssd in OBSERVED_FILERS {
        taken.insert(rssd);
        register.push(Registered {
            row: generated_row(&mut rng, rssd),
            first,
            last,
            fixed: true,
        });
    }

    let periods = ReportingPeriod::range(first, last);
    while register.len() < size {
        let rssd = rng.u32(10_000..6_000_000);
        if !taken.insert(rssd) {
            continue;
        }

        // About one in twenty starts late (a new charter) or stops early (a
        // merger), so panels differ a little from period to period.
        let mut span = (first, last);
        match rng.u8(0..40) {
            0 => span.0 = periods[rng.usize(..periods.len())],
            1 => span.1 = periods[rng.usize(..periods.len())],
            _ => {}
        }
        let row = generated_row(&mut rng, rssd);
        register.push(Registered {
            row,
            first: span.0,
            last: span.1,
            fixed: false,
        });
    }
    register
}

fn known_row(known: &Known) -> Institution {
    Institution {
        id_rssd: known.rssd,
        fdic_cert_number: known.fdic,
        occ_chart_number: known.occ,
        ots_dock_number: known.ots,
        primary_aba_rout_number: known.aba,
        name: pad(known.name, NAME_WIDTH),
        state: known.state.to_owned(),
        city: pad(known.city, CITY_WIDTH),
        address: pad(known.address, ADDRESS_WIDTH),
        zip: known.zip,
        filing_type: known.filing_type.to_owned(),
        has_filed_for_reporting_period: true,
    }
}

fn generated_row(rng: &mut fastrand::Rng, rssd: u32) -> Institution {
    let &(state, zip_low, zip_high) = &STATES[rng.usize(..STATES.len())];
    let city = CITIES[rng.usize(..CITIES.len())];
    let surname = SURNAMES[rng.usize(..SURNAMES.len())];
    let name = match rng.u8(0..6) {
        0 => format!("FIRST NATIONAL BANK OF {city}, THE"),
        1 => format!("{surname} STATE BANK"),
        2 => format!("BANK OF {city}"),
        3 => format!("{city} SAVINGS BANK"),
        4 => format!("{surname} BANK AND TRUST COMPANY"),
        _ => format!("{surname} COMMUNITY BANK, INC."),
    };
    let address = format!(
        "{} {}",
        rng.u32(1..25_000),
        STREETS[rng.usize(..STREETS.len())]
    );

    // Zero ids are common: most banks have no OCC charter or OTS docket.
    let some = |rng: &mut fastrand::Rng, percent: u8, range: std::ops::Range<u32>| {
        if rng.u8(0..100) < percent {
            rng.u32(range)
        } else {
            0
        }
    };
    let filing_type = match rng.u8(0..100) {
        0 => "031",
        1..=20 => "041",
        _ => "051",
    };

    Institution {
        id_rssd: rssd,
        fdic_cert_number: some(rng, 97, 1..60_000),
        occ_chart_number: some(rng, 20, 1..25_000),
        ots_dock_number: some(rng, 12, 1..20_000),
        primary_aba_rout_number: some(rng, 95, 11_000_000..329_999_999),
        name: pad(&name, NAME_WIDTH),
        state: state.to_owned(),
        city: pad(city, CITY_WIDTH),
        address: pad(&address, ADDRESS_WIDTH),
        zip: rng.u32(zip_low..=zip_high),
        filing_type: filing_type.to_owned(),
        has_filed_for_reporting_period: true,
    }
}

fn pad(text: &str, width: usize) -> String {
    format!("{text:<width$}")
}
