//! The typed value of a fact, and the exact reading of XML Schema decimals.

use std::fmt;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// The value of one fact, typed by its unit.
///
/// | fact | variant |
/// |---|---|
/// | `unitRef="USD"` | [`Dollars`](Self::Dollars): whole dollars, exact |
/// | `unitRef="PURE"`, `"NON-MONETARY"` or any other unit | [`Decimal`](Self::Decimal): exact |
/// | no unit, text `true` or `false` | [`Bool`](Self::Bool) |
/// | no unit, any other text | [`Text`](Self::Text) |
/// | `xsi:nil="true"`, whatever the unit | [`Nil`](Self::Nil) |
/// | no content (or only whitespace), not nil | [`Empty`](Self::Empty) |
///
/// Numbers are never held as floating point; [`as_f64`](Self::as_f64) is a
/// view for callers that want one.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FactValue {
    /// A monetary amount in whole US dollars (JPMorgan's total assets, about
    /// 3.5e12, fits with room to spare).
    Dollars(i64),
    /// A ratio (`PURE`, such as `0.071144`), a count (`NON-MONETARY`) or a
    /// number in another unit, exactly as written.
    Decimal(Decimal),
    /// A boolean fact.
    Bool(bool),
    /// A text fact, as written (dates such as UBPR9999's `2026-06-30` are text).
    Text(String),
    /// The filer reported the item as not applicable (`xsi:nil="true"`).
    Nil,
    /// The element had no content and was not marked nil.
    Empty,
}

impl FactValue {
    /// The amount in whole dollars, for a [`Dollars`](Self::Dollars) value.
    pub fn as_dollars(&self) -> Option<i64> {
        match self {
            FactValue::Dollars(dollars) => Some(*dollars),
            _ => None,
        }
    }

    /// The amount in thousands of dollars, exactly: `-1500` dollars is
    /// `-1.500` thousand, never a rounded `-1` or `-2`. The stored value is
    /// untouched.
    ///
    /// ```
    /// use ffiec_core::xbrl::FactValue;
    /// use rust_decimal::Decimal;
    ///
    /// let value = FactValue::Dollars(-1500);
    /// assert_eq!(value.in_thousands(), Some(Decimal::new(-1500, 3)));
    /// assert_eq!(value.as_dollars(), Some(-1500));
    /// ```
    pub fn in_thousands(&self) -> Option<Decimal> {
        // A scale of 3 divides by 1000 without any rounding: the digits stay.
        self.as_dollars().map(|dollars| Decimal::new(dollars, 3))
    }

    /// The exact number of a [`Dollars`](Self::Dollars) or
    /// [`Decimal`](Self::Decimal) value.
    pub fn as_decimal(&self) -> Option<Decimal> {
        match self {
            FactValue::Dollars(dollars) => Some(Decimal::from(*dollars)),
            FactValue::Decimal(number) => Some(*number),
            _ => None,
        }
    }

    /// The nearest `f64` of a numeric value: a view for plotting and
    /// statistics, which may lose digits of amounts above 2^53.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            // `as` is the nearest-value conversion here, which is what a view wants.
            FactValue::Dollars(dollars) => Some(*dollars as f64),
            FactValue::Decimal(number) => number.to_f64(),
            _ => None,
        }
    }

    /// The value of a [`Bool`](Self::Bool) fact.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            FactValue::Bool(flag) => Some(*flag),
            _ => None,
        }
    }

    /// The text of a [`Text`](Self::Text) fact.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            FactValue::Text(text) => Some(text),
            _ => None,
        }
    }

    /// True for a fact marked `xsi:nil="true"`.
    pub fn is_nil(&self) -> bool {
        matches!(self, FactValue::Nil)
    }
}

impl fmt::Display for FactValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FactValue::Dollars(dollars) => write!(f, "{dollars} USD"),
            FactValue::Decimal(number) => write!(f, "{number}"),
            FactValue::Bool(flag) => write!(f, "{flag}"),
            FactValue::Text(text) => f.write_str(text),
            FactValue::Nil => f.write_str("nil"),
            FactValue::Empty => f.write_str("empty"),
        }
    }
}

/// Why a piece of text is not an exact decimal number.
/// Reads `text` (already trimmed) as a whole number when it is an optional
/// sign and at most 18 digits, which always fit in an `i64`; `None` for any
/// other text, which [`parse_exact_decimal`] then reads.
pub(crate) fn parse_small_integer(text: &str) -> Option<i64> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    let small =
        (1..=18).contains(&digits.len()) && digits.bytes().all(|byte| byte.is_ascii_digit());
    if !small {
        return None;
    }
    text.parse().ok()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumberProblem {
    /// Not of the form `[+-]digits[.digits]`.
    NotANumber,
    /// More significant digits than 96-bit decimal arithmetic holds exactly.
    TooManyDigits,
}

/// Reads `text` (already trimmed) as an XML Schema `xs:decimal`: an optional
/// sign, digits, an optional point and fraction. No exponent, no grouping
/// separators, no spaces: whatever a filer wrote is kept to the last digit
/// or refused.
pub(crate) fn parse_exact_decimal(text: &str) -> Result<Decimal, NumberProblem> {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));

    let all_digits = |part: &str| part.bytes().all(|byte| byte.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !all_digits(whole) || !all_digits(fraction) {
        return Err(NumberProblem::NotANumber);
    }

    // rust_decimal wants digits on both sides of a point, and no plus sign.
    // A whole number is read with one zero decimal (`12` as `12.0`), which
    // keeps the scale that callers have always seen. Text already in that
    // form (most ratios) is read as it is, without a copy.
    let has_point = whole.len() < unsigned.len();
    if has_point && !whole.is_empty() && !fraction.is_empty() && !text.starts_with('+') {
        return Decimal::from_str_exact(text).map_err(|_| NumberProblem::TooManyDigits);
    }
    let negative = text.starts_with('-');
    let canonical = format!(
        "{}{}.{}",
        if negative { "-" } else { "" },
        if whole.is_empty() { "0" } else { whole },
        if fraction.is_empty() { "0" } else { fraction },
    );
    Decimal::from_str_exact(&canonical).map_err(|_| NumberProblem::TooManyDigits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_decimals_keep_every_digit() {
        assert_eq!(parse_exact_decimal("0.071144"), Ok(Decimal::new(71144, 6)));
        assert_eq!(parse_exact_decimal("-1500"), Ok(Decimal::new(-1500, 0)));
        assert_eq!(parse_exact_decimal("+.5"), Ok(Decimal::new(5, 1)));
        assert_eq!(parse_exact_decimal("7."), Ok(Decimal::new(7, 0)));
        assert_eq!(
            parse_exact_decimal("9007199254740993"),
            Ok(Decimal::from(9_007_199_254_740_993_i64))
        );
    }

    #[test]
    fn decimals_keep_the_scale_they_are_written_with() {
        // A whole number reads with one zero decimal, written points as written.
        assert_eq!(parse_exact_decimal("12").unwrap().to_string(), "12.0");
        assert_eq!(parse_exact_decimal("-1.380").unwrap().to_string(), "-1.380");
        assert_eq!(parse_exact_decimal("+1.5").unwrap().to_string(), "1.5");
        assert_eq!(parse_exact_decimal(".25").unwrap().to_string(), "0.25");
    }

    #[test]
    fn small_integers_are_read_without_decimal_arithmetic() {
        assert_eq!(
            parse_small_integer("2654645000000"),
            Some(2_654_645_000_000)
        );
        assert_eq!(parse_small_integer("-0042"), Some(-42));
        assert_eq!(parse_small_integer("+7"), Some(7));
        assert_eq!(
            parse_small_integer("999999999999999999"),
            Some(999_999_999_999_999_999)
        );
        for text in ["", "-", "1.0", "1e3", "+-1", "1000000000000000000", " 1"] {
            assert_eq!(parse_small_integer(text), None, "{text:?}");
        }
    }

    #[test]
    fn non_decimals_are_refused() {
        for text in [
            "", ".", "-", "1e5", "1,000", "1 000", "0x10", "--1", "1.2.3", "NaN", "½",
        ] {
            assert_eq!(
                parse_exact_decimal(text),
                Err(NumberProblem::NotANumber),
                "{text:?}"
            );
        }
        assert_eq!(
            parse_exact_decimal("123456789012345678901234567890123"),
            Err(NumberProblem::TooManyDigits)
        );
    }

    #[test]
    fn thousands_view_does_not_round() {
        assert_eq!(
            FactValue::Dollars(-1500)
                .in_thousands()
                .unwrap()
                .to_string(),
            "-1.500"
        );
        assert_eq!(FactValue::Decimal(Decimal::ONE).in_thousands(), None);
        assert_eq!(
            FactValue::Dollars(i64::MAX)
                .in_thousands()
                .unwrap()
                .mantissa(),
            i64::MAX as i128
        );
    }
}
