//! The real Python client's figures, when the interoperability run left
//! them.
//!
//! The interoperability run (`interop/`) drives ffiec-data-connect against
//! the same mock and writes `target/interop/results.json`. Its schema
//! belongs to that run, so the report does not depend on its layout: it
//! takes every number whose key names a rate (`..._per_s`,
//! `..._per_second`), wherever it sits, under its dotted path.

use std::fs;
use std::io;
use std::path::Path;

use serde_json::Value;

use super::measurements::ReadError;

/// Rates found in an interoperability results file.
#[derive(Debug, Clone, PartialEq)]
pub struct InteropFigures {
    /// The file they came from, as given.
    pub source: String,
    /// Each rate under its dotted path (`v027.calls_per_second`), in file
    /// order.
    pub rates: Vec<(String, f64)>,
}

/// Reads the rates of the results file at `path`; `Ok(None)` when there is
/// no such file (the run did not happen).
///
/// # Errors
///
/// [`ReadError::Io`] when the file exists but cannot be read;
/// [`ReadError::Format`] when it is not JSON.
///
/// # Example
///
/// ```
/// use ffiec_benches::report::rates_in;
///
/// let json = serde_json::json!({"v027": {"calls_per_second": 9.8, "calls": 40}});
/// assert_eq!(rates_in(&json), [("v027.calls_per_second".to_owned(), 9.8)]);
/// ```
pub fn read_interop(path: &Path) -> Result<Option<InteropFigures>, ReadError> {
    let text = match fs::read(path) {
        Ok(text) => text,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(ReadError::Io {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    let json: Value = serde_json::from_slice(&text).map_err(|error| ReadError::Format {
        path: path.to_path_buf(),
        reason: error.to_string(),
    })?;

    Ok(Some(InteropFigures {
        source: path.display().to_string(),
        rates: rates_in(&json),
    }))
}

/// Every number in `json` whose key names a rate, under its dotted path.
pub fn rates_in(json: &Value) -> Vec<(String, f64)> {
    let mut rates = Vec::new();
    collect_rates(json, "", &mut rates);
    rates
}

fn collect_rates(value: &Value, path: &str, rates: &mut Vec<(String, f64)>) {
    match value {
        Value::Object(fields) => {
            for (key, child) in fields {
                let child_path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                if let Some(number) = child.as_f64()
                    && is_rate_key(key)
                {
                    rates.push((child_path, number));
                } else {
                    collect_rates(child, &child_path, rates);
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                collect_rates(item, &format!("{path}[{index}]"), rates);
            }
        }
        _ => {}
    }
}

fn is_rate_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    key.ends_with("_per_s") || key.ends_with("_per_second") || key.ends_with("_per_sec")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_rates_at_any_depth_and_skips_other_numbers() {
        let json = serde_json::json!({
            "schema": 1,
            "v027": {"soap": {"calls_per_second": 10.5, "calls": 40}},
            "xbrl": [{"facts_per_s": 16000.0, "mb_per_sec": 4.8}],
            "note": "throughput_per_second is not a number here",
        });

        assert_eq!(
            rates_in(&json),
            [
                ("v027.soap.calls_per_second".to_owned(), 10.5),
                ("xbrl[0].facts_per_s".to_owned(), 16000.0),
                ("xbrl[0].mb_per_sec".to_owned(), 4.8),
            ]
        );
    }

    #[test]
    fn a_missing_file_means_not_run() {
        let path = Path::new("/nonexistent/ffiec-benches/results.json");
        assert_eq!(read_interop(path).unwrap(), None);
    }
}
