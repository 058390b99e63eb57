//! The service's domain values: data series, identifier types, facsimile
//! formats, institution ids, institutions, filer submissions and facsimiles.
//!
//! Each enumeration knows its wire name ([`FiIdType::as_wire`]) and reads it
//! back ([`FromStr`], ignoring case). Values that come from a response are
//! normalised once, here, so no caller meets the service's padding, its `0`
//! for "none" or its integer ZIP codes.
//!
//! # Example
//!
//! ```
//! use ffiec_core::model::{FacsimileFormat, FiId, FiIdType};
//!
//! let id: FiId = "480228".parse()?;
//! assert_eq!(id.get(), 480_228);
//! assert_eq!(FiIdType::IdRssd.as_wire(), "ID_RSSD");
//! assert_eq!("xbrl".parse::<FacsimileFormat>()?, FacsimileFormat::Xbrl);
//! # Ok::<(), ffiec_core::Error>(())
//! ```

use std::fmt;
use std::str::FromStr;

use bytes::Bytes;
use serde::{Deserialize, Deserializer};

use crate::error::{Error, Result};
use crate::period::SubmissionTime;

/// Quotes untrusted text for an error message: escaped like a Rust string
/// literal and cut after 64 characters, so a hostile or huge input cannot
/// flood a log line or break it across lines.
///
/// Never pass a secret: quoting does not redact.
pub(crate) fn quote_input(text: &str) -> String {
    const SHOWN_CHARS: usize = 64;

    let head: String = text.chars().take(SHOWN_CHARS).collect();
    if head.len() < text.len() {
        format!("{head:?}…")
    } else {
        format!("{head:?}")
    }
}

/// Declares a unit-variant enum with one wire name per variant, and its
/// `as_wire`, `ALL`, `Display` and case-insensitive `FromStr`.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident ($what:literal) {
            $( $(#[$variant_meta:meta])* $variant:ident => $wire:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$variant_meta])* $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name the service uses on the wire.
            pub fn as_wire(self) -> &'static str {
                match self {
                    $( $name::$variant => $wire, )+
                }
            }
        }

        impl fmt::Display for $name {
            /// The wire name.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_wire())
            }
        }

        impl FromStr for $name {
            type Err = Error;

            /// Reads the wire name, in any case.
            ///
            /// # Errors
            ///
            /// A validation error quoting `text` and listing the wire names.
            fn from_str(text: &str) -> Result<Self> {
                let text = text.trim();
                $name::ALL
                    .iter()
                    .copied()
                    .find(|value| value.as_wire().eq_ignore_ascii_case(text))
                    .ok_or_else(|| {
                        let names: Vec<&str> = $name::ALL.iter().map(|v| v.as_wire()).collect();
                        Error::validation(format!(
                            "{} {}: expected one of {}",
                            $what,
                            quote_input(text),
                            names.join(", ")
                        ))
                    })
            }
        }
    };
}

wire_enum! {
    /// The data series a request is about. The service knows one: the Call
    /// Report (`Call`). UBPR operations have their own methods and take no
    /// series.
    #[derive(Default)]
    pub enum DataSeries ("data series") {
        /// Consolidated Reports of Condition and Income (the Call Report).
        #[default]
        Call => "Call",
    }
}

wire_enum! {
    /// Which kind of identifier a [`FiId`] is.
    pub enum FiIdType ("FI id type") {
        /// The Federal Reserve's RSSD id, the identifier every row carries.
        IdRssd => "ID_RSSD",
        /// The FDIC certificate number.
        FdicCertNumber => "FDICCertNumber",
        /// The OCC charter number.
        OccChartNumber => "OCCChartNumber",
        /// The former OTS docket number.
        OtsDockNumber => "OTSDockNumber",
    }
}

wire_enum! {
    /// The format of a facsimile (a filed report).
    pub enum FacsimileFormat ("facsimile format") {
        /// A printable PDF rendering.
        Pdf => "PDF",
        /// An XBRL instance document.
        Xbrl => "XBRL",
        /// The semicolon-separated SDF text form.
        Sdf => "SDF",
    }
}

/// An institution identifier: a positive integer that fits the SOAP `fiID`
/// field, a signed 32-bit int (so 1 to 2,147,483,647).
///
/// The service answers a non-numeric id with a server error, so ids are
/// checked here, before anything is sent.
///
/// # Example
///
/// ```
/// use ffiec_core::model::FiId;
///
/// assert_eq!(FiId::new(480_228)?.to_string(), "480228");
/// assert!(FiId::new(0).is_err());
/// assert!("48O228".parse::<FiId>().is_err());
/// # Ok::<(), ffiec_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FiId(u32);

impl FiId {
    /// The largest id the SOAP `fiID` field (a signed 32-bit int) can carry.
    pub const MAX: u32 = i32::MAX as u32;

    /// The id `value`.
    ///
    /// # Errors
    ///
    /// A validation error when `value` is 0 or above [`FiId::MAX`].
    pub fn new(value: u32) -> Result<Self> {
        if value == 0 || value > FiId::MAX {
            return Err(Error::validation(format!(
                "FI id {value}: expected a positive integer no larger than {}",
                FiId::MAX
            )));
        }
        Ok(FiId(value))
    }

    /// The numeric value.
    pub fn get(self) -> u32 {
        self.0
    }
}

impl fmt::Display for FiId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for FiId {
    type Err = Error;

    /// Reads decimal digits (surrounding spaces ignored).
    ///
    /// # Errors
    ///
    /// A validation error quoting `text` when it is not a positive integer
    /// no larger than [`FiId::MAX`].
    fn from_str(text: &str) -> Result<Self> {
        let trimmed = text.trim();
        let value = trimmed
            .bytes()
            .all(|byte| byte.is_ascii_digit())
            .then(|| trimmed.parse::<u32>().ok())
            .flatten()
            .filter(|value| (1..=FiId::MAX).contains(value));

        value.map(FiId).ok_or_else(|| {
            Error::validation(format!(
                "FI id {}: expected a positive integer no larger than {}",
                quote_input(text),
                FiId::MAX
            ))
        })
    }
}

impl TryFrom<u32> for FiId {
    type Error = Error;

    fn try_from(value: u32) -> Result<Self> {
        FiId::new(value)
    }
}

impl From<FiId> for u32 {
    fn from(id: FiId) -> u32 {
        id.0
    }
}

/// One row of the panel of reporters: an institution that files Call
/// Reports, normalised from the wire.
///
/// Normalisation: text fields are trimmed (the wire pads them with spaces);
/// ids the service writes as `0` for "none" are `None`; the foreign-bank
/// state marker `0` is `None`; the ZIP code, an integer on the wire, gets its
/// leading zeros back (2886 is `"02886"`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Institution {
    /// The Federal Reserve RSSD id.
    pub id_rssd: u32,
    /// The FDIC certificate number, if any.
    pub fdic_cert: Option<u32>,
    /// The OCC charter number, if any.
    pub occ_chart: Option<u32>,
    /// The former OTS docket number, if any.
    pub ots_dock: Option<u32>,
    /// The primary ABA routing number, if any.
    pub aba_routing: Option<u32>,
    /// The legal name.
    pub name: String,
    /// The two-letter state code; `None` for foreign banks.
    pub state: Option<String>,
    /// The city.
    pub city: String,
    /// The street address.
    pub address: String,
    /// The ZIP code, at least five digits with leading zeros restored
    /// (`"00000"` when the service reported 0).
    pub zip: String,
    /// The Call Report form filed: `031`, `041` or `051`.
    pub filing_type: String,
    /// Whether the institution has filed for the requested period.
    pub has_filed_for_period: bool,
}

impl Institution {
    /// Normalises a row as it came off the wire.
    ///
    /// # Errors
    ///
    /// A [`MalformedResponse`](crate::ErrorKind::MalformedResponse) error
    /// naming the field when the RSSD id is not positive, an id or ZIP code
    /// is negative or too large.
    ///
    /// # Example
    ///
    /// ```
    /// use ffiec_core::model::{Institution, WireInstitution};
    ///
    /// let row: WireInstitution = serde_json::from_str(r#"{
    ///     "ID_RSSD": 718275, "FDICCertNumber": 26539, "OCCChartNumber": 0,
    ///     "OTSDockNumber": 0, "PrimaryABARoutNumber": 0,
    ///     "Name": "BANK OF THE FEDERATED STATES OF MICRONESIA   ",
    ///     "State": "0", "City": "POHNPEI  ", "Address": "98 KASELEHLIE STREET ",
    ///     "ZIP": 96941, "FilingType": "051", "HasFiledForReportingPeriod": true
    /// }"#)?;
    /// let institution = Institution::from_wire(row)?;
    /// assert_eq!(institution.name, "BANK OF THE FEDERATED STATES OF MICRONESIA");
    /// assert_eq!(institution.state, None);
    /// assert_eq!(institution.occ_chart, None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_wire(row: WireInstitution) -> Result<Institution> {
        let id_rssd =
            Institution::optional_id_from_wire("ID_RSSD", row.id_rssd)?.ok_or_else(|| {
                Error::malformed("institution row: ID_RSSD is 0; expected a positive id")
            })?;

        // A panel has thousands of rows: an error names the one it is about.
        let in_row = |error: Error| {
            Error::malformed(format!(
                "{} (the row of ID_RSSD {id_rssd})",
                error.context()
            ))
        };
        let id = |field: &str, value: i64| {
            Institution::optional_id_from_wire(field, value).map_err(in_row)
        };

        Ok(Institution {
            id_rssd,
            fdic_cert: id("FDICCertNumber", row.fdic_cert)?,
            occ_chart: id("OCCChartNumber", row.occ_chart)?,
            ots_dock: id("OTSDockNumber", row.ots_dock)?,
            aba_routing: id("PrimaryABARoutNumber", row.aba_routing)?,
            name: row.name.trim().to_owned(),
            state: Institution::state_from_wire(&row.state),
            city: row.city.trim().to_owned(),
            address: row.address.trim().to_owned(),
            zip: Institution::zip_from_wire(row.zip).map_err(in_row)?,
            filing_type: row.filing_type.trim().to_owned(),
            has_filed_for_period: row.has_filed_for_period,
        })
    }

    /// An id field of a row: `0` means "none".
    ///
    /// # Errors
    ///
    /// A malformed-response error naming `field` when `value` is negative or
    /// does not fit a `u32`.
    pub fn optional_id_from_wire(field: &str, value: i64) -> Result<Option<u32>> {
        let id = u32::try_from(value).map_err(|_| {
            Error::malformed(format!(
                "institution row: {field} is {value}; expected 0 or a positive id"
            ))
        })?;
        Ok((id != 0).then_some(id))
    }

    /// The state field of a row, trimmed; the foreign-bank marker `0` and an
    /// empty field are `None`.
    pub fn state_from_wire(state: &str) -> Option<String> {
        let state = state.trim();
        (!state.is_empty() && state != "0").then(|| state.to_owned())
    }

    /// The ZIP code from its integer wire form, with leading zeros restored:
    /// `2886` becomes `"02886"`.
    ///
    /// # Errors
    ///
    /// A malformed-response error when `zip` is negative or has more than
    /// nine digits (a ZIP+4 code is kept whole).
    pub fn zip_from_wire(zip: i64) -> Result<String> {
        if !(0..=999_999_999).contains(&zip) {
            return Err(Error::malformed(format!(
                "institution row: ZIP is {zip}; expected 0 to 999999999"
            )));
        }
        Ok(format!("{zip:05}"))
    }
}

/// An institution row exactly as the service sends it, before
/// normalisation; deserialises from the REST JSON object (its field names
/// are the wire's: `ID_RSSD`, `FDICCertNumber`, ...). Turn it into an
/// [`Institution`] with [`Institution::from_wire`].
///
/// Numbers are accepted as JSON numbers or numeric strings, and the flag as
/// a boolean or `"true"`/`"false"`, because the SOAP form carries every
/// value as element text. Missing or `null` text fields read as empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct WireInstitution {
    /// `ID_RSSD`.
    #[serde(rename = "ID_RSSD", deserialize_with = "lenient_int")]
    pub id_rssd: i64,
    /// `FDICCertNumber`, 0 for none.
    #[serde(rename = "FDICCertNumber", default, deserialize_with = "lenient_int")]
    pub fdic_cert: i64,
    /// `OCCChartNumber`, 0 for none.
    #[serde(rename = "OCCChartNumber", default, deserialize_with = "lenient_int")]
    pub occ_chart: i64,
    /// `OTSDockNumber`, 0 for none.
    #[serde(rename = "OTSDockNumber", default, deserialize_with = "lenient_int")]
    pub ots_dock: i64,
    /// `PrimaryABARoutNumber`, 0 for none.
    #[serde(
        rename = "PrimaryABARoutNumber",
        default,
        deserialize_with = "lenient_int"
    )]
    pub aba_routing: i64,
    /// `Name`, space-padded.
    #[serde(rename = "Name", default, deserialize_with = "lenient_text")]
    pub name: String,
    /// `State`, `0` for foreign banks.
    #[serde(rename = "State", default, deserialize_with = "lenient_text")]
    pub state: String,
    /// `City`, space-padded.
    #[serde(rename = "City", default, deserialize_with = "lenient_text")]
    pub city: String,
    /// `Address`, space-padded.
    #[serde(rename = "Address", default, deserialize_with = "lenient_text")]
    pub address: String,
    /// `ZIP`, an integer.
    #[serde(rename = "ZIP", default, deserialize_with = "lenient_int")]
    pub zip: i64,
    /// `FilingType`.
    #[serde(rename = "FilingType", default, deserialize_with = "lenient_text")]
    pub filing_type: String,
    /// `HasFiledForReportingPeriod`.
    #[serde(
        rename = "HasFiledForReportingPeriod",
        default,
        deserialize_with = "lenient_bool"
    )]
    pub has_filed_for_period: bool,
}

/// A JSON number or a string of one.
#[derive(Deserialize)]
#[serde(untagged)]
enum NumberOrText {
    Number(i64),
    Text(String),
}

fn lenient_int<'de, D: Deserializer<'de>>(deserializer: D) -> std::result::Result<i64, D::Error> {
    match NumberOrText::deserialize(deserializer)? {
        NumberOrText::Number(value) => Ok(value),
        NumberOrText::Text(text) => text.trim().parse().map_err(|_| {
            serde::de::Error::custom(format!("expected an integer, found {}", quote_input(&text)))
        }),
    }
}

fn lenient_text<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> std::result::Result<String, D::Error> {
    Ok(Option::<String>::deserialize(deserializer)?.unwrap_or_default())
}

/// A JSON boolean or a string of one.
#[derive(Deserialize)]
#[serde(untagged)]
enum BoolOrText {
    Bool(bool),
    Text(String),
}

fn lenient_bool<'de, D: Deserializer<'de>>(deserializer: D) -> std::result::Result<bool, D::Error> {
    match BoolOrText::deserialize(deserializer)? {
        BoolOrText::Bool(value) => Ok(value),
        BoolOrText::Text(text) => match text.trim() {
            flag if flag.eq_ignore_ascii_case("true") || flag == "1" => Ok(true),
            flag if flag.eq_ignore_ascii_case("false") || flag == "0" => Ok(false),
            _ => Err(serde::de::Error::custom(format!(
                "expected true or false, found {}",
                quote_input(&text)
            ))),
        },
    }
}

/// When one institution last submitted its report for a period.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FilerSubmission {
    /// The institution's RSSD id.
    pub id_rssd: u32,
    /// The submission time.
    pub submitted: SubmissionTime,
}

impl FilerSubmission {
    /// Builds a submission from its wire pair (`ID_RSSD`, `DateTime`).
    ///
    /// # Errors
    ///
    /// A malformed-response error when the id is not positive or the time is
    /// not of the form `2/20/2024 3:23:30 PM`.
    ///
    /// # Example
    ///
    /// ```
    /// use ffiec_core::model::FilerSubmission;
    ///
    /// let filer = FilerSubmission::from_wire(3_358_270, "2/20/2024 3:23:30 PM")?;
    /// assert_eq!(filer.submitted.timestamp().to_string(), "2024-02-20T20:23:30Z");
    /// # Ok::<(), ffiec_core::Error>(())
    /// ```
    pub fn from_wire(id_rssd: i64, date_time: &str) -> Result<FilerSubmission> {
        let id_rssd = rssd_from_wire(id_rssd)?;
        // A list holds thousands of filers: the error names the one it is about.
        let submitted = SubmissionTime::from_wire(date_time).map_err(|error| {
            Error::malformed(format!("{} (the filer ID_RSSD {id_rssd})", error.context()))
        })?;
        Ok(FilerSubmission { id_rssd, submitted })
    }
}

/// An RSSD id from a response: positive and within `u32`.
///
/// # Errors
///
/// A malformed-response error quoting the value otherwise.
pub fn rssd_from_wire(value: i64) -> Result<u32> {
    u32::try_from(value)
        .ok()
        .filter(|id| *id != 0)
        .ok_or_else(|| Error::malformed(format!("ID_RSSD {value}: expected a positive id")))
}

/// A retrieved report, as the bytes the service sent once decoded from
/// base64.
///
/// `Debug` shows the format and the length, never the content.
#[derive(Clone, PartialEq, Eq)]
pub struct Facsimile {
    /// The format that was asked for.
    pub format: FacsimileFormat,
    /// The document.
    pub bytes: Bytes,
}

impl Facsimile {
    /// A facsimile of `format` holding `bytes`.
    pub fn new(format: FacsimileFormat, bytes: impl Into<Bytes>) -> Self {
        Facsimile {
            format,
            bytes: bytes.into(),
        }
    }

    /// The document without a leading UTF-8 byte-order mark. Facsimiles
    /// fetched by the client already have it stripped (the service sends
    /// decoded UBPR XBRL with one); this is for bytes from elsewhere.
    pub fn without_bom(&self) -> &[u8] {
        self.bytes
            .strip_prefix(b"\xEF\xBB\xBF".as_slice())
            .unwrap_or(&self.bytes)
    }

    /// The length in bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// True when the service sent an empty document.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

impl fmt::Debug for Facsimile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Facsimile")
            .field("format", &self.format)
            .field("len", &self.bytes.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_match_the_wsdl() {
        assert_eq!(DataSeries::Call.as_wire(), "Call");
        let id_types: Vec<&str> = FiIdType::ALL.iter().map(|t| t.as_wire()).collect();
        assert_eq!(
            id_types,
            [
                "ID_RSSD",
                "FDICCertNumber",
                "OCCChartNumber",
                "OTSDockNumber"
            ]
        );
        let formats: Vec<&str> = FacsimileFormat::ALL.iter().map(|f| f.as_wire()).collect();
        assert_eq!(formats, ["PDF", "XBRL", "SDF"]);
    }

    #[test]
    fn wire_names_read_back_in_any_case() {
        for id_type in FiIdType::ALL {
            let lower = id_type.as_wire().to_lowercase();
            assert_eq!(lower.parse::<FiIdType>().unwrap(), *id_type);
        }
        assert_eq!(
            " sdf ".parse::<FacsimileFormat>().unwrap(),
            FacsimileFormat::Sdf
        );
        assert_eq!("CALL".parse::<DataSeries>().unwrap(), DataSeries::Call);
    }

    #[test]
    fn unknown_wire_names_are_listed_in_the_error() {
        let error = "UBPR".parse::<DataSeries>().unwrap_err();
        assert_eq!(
            error.context(),
            "data series \"UBPR\": expected one of Call"
        );

        let error = "DOCX".parse::<FacsimileFormat>().unwrap_err();
        assert_eq!(
            error.context(),
            "facsimile format \"DOCX\": expected one of PDF, XBRL, SDF"
        );
    }

    #[test]
    fn fi_id_must_be_a_positive_32_bit_int() {
        assert_eq!(FiId::new(1).unwrap().get(), 1);
        assert_eq!(FiId::new(FiId::MAX).unwrap().get(), 2_147_483_647);
        assert!(FiId::new(0).unwrap_err().is_validation());
        assert!(FiId::new(FiId::MAX + 1).is_err());

        assert_eq!(" 480228 ".parse::<FiId>().unwrap().get(), 480_228);
        for text in ["", "0", "-5", "+5", "4.8", "2147483648", "48O228"] {
            let error = text.parse::<FiId>().unwrap_err();
            assert!(
                error.context().contains(&quote_input(text)),
                "{text}: {error}"
            );
        }
    }

    #[test]
    fn zip_codes_get_their_leading_zeros_back() {
        assert_eq!(Institution::zip_from_wire(2886).unwrap(), "02886");
        assert_eq!(Institution::zip_from_wire(36567).unwrap(), "36567");
        assert_eq!(Institution::zip_from_wire(0).unwrap(), "00000");
        assert!(Institution::zip_from_wire(-1).unwrap_err().is_malformed());
    }

    #[test]
    fn institution_rows_are_trimmed_and_zero_means_none() {
        let row: WireInstitution = serde_json::from_str(
            r#"{"ID_RSSD": 563336, "FDICCertNumber": 23523, "OCCChartNumber": 0,
                "OTSDockNumber": "13156", "PrimaryABARoutNumber": 65103243,
                "Name": "CITIZENS' BANK, INC.      ", "State": "AL",
                "City": "ROBERTSDALE              ", "Address": "21980 PALMER STREET   ",
                "ZIP": 2886, "FilingType": "051", "HasFiledForReportingPeriod": "true"}"#,
        )
        .unwrap();

        let institution = Institution::from_wire(row).unwrap();
        assert_eq!(
            institution,
            Institution {
                id_rssd: 563_336,
                fdic_cert: Some(23_523),
                occ_chart: None,
                ots_dock: Some(13_156),
                aba_routing: Some(65_103_243),
                name: "CITIZENS' BANK, INC.".into(),
                state: Some("AL".into()),
                city: "ROBERTSDALE".into(),
                address: "21980 PALMER STREET".into(),
                zip: "02886".into(),
                filing_type: "051".into(),
                has_filed_for_period: true,
            }
        );
    }

    #[test]
    fn foreign_bank_state_marker_is_none() {
        assert_eq!(Institution::state_from_wire("0 "), None);
        assert_eq!(Institution::state_from_wire("  "), None);
        assert_eq!(Institution::state_from_wire(" AL "), Some("AL".into()));
    }

    #[test]
    fn bad_institution_rows_name_the_field() {
        let row = WireInstitution {
            id_rssd: 1,
            fdic_cert: -3,
            ..WireInstitution::default()
        };
        let error = Institution::from_wire(row).unwrap_err();
        assert!(error.is_malformed());
        assert!(error.context().contains("FDICCertNumber is -3"), "{error}");

        let zero_id = Institution::from_wire(WireInstitution::default()).unwrap_err();
        assert!(zero_id.context().contains("ID_RSSD is 0"), "{zero_id}");
    }

    #[test]
    fn filer_submissions_read_their_wire_pair() {
        let filer = FilerSubmission::from_wire(2_132_941, "1/26/2024 7:24:57 AM").unwrap();
        assert_eq!(filer.id_rssd, 2_132_941);
        assert_eq!(
            filer.submitted.timestamp().to_string(),
            "2024-01-26T12:24:57Z"
        );

        assert!(
            FilerSubmission::from_wire(0, "1/26/2024 7:24:57 AM")
                .unwrap_err()
                .is_malformed()
        );
        assert!(
            FilerSubmission::from_wire(1, "soon")
                .unwrap_err()
                .is_malformed()
        );
    }

    #[test]
    fn facsimile_debug_shows_length_not_content() {
        let facsimile = Facsimile::new(FacsimileFormat::Xbrl, &b"\xEF\xBB\xBF<xbrl/>"[..]);
        assert_eq!(
            format!("{facsimile:?}"),
            "Facsimile { format: Xbrl, len: 10 }"
        );
        assert_eq!(facsimile.without_bom(), b"<xbrl/>");
        assert_eq!(facsimile.len(), 10);
    }

    #[test]
    fn quoting_escapes_and_truncates() {
        assert_eq!(quote_input("a\"b\n"), r#""a\"b\n""#);
        let long = "x".repeat(100);
        assert_eq!(quote_input(&long), format!("{:?}…", "x".repeat(64)));
    }
}
