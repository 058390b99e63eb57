//! The real Python client's figures from `benches/python/run.sh`, each
//! naming the Rust benchmark it stands beside.
//!
//! The file (`target/bench-python/rates.json`) has this shape:
//!
//! ```json
//! {
//!   "schema": "ffiec-benches-python/1",
//!   "library": "ffiec-data-connect 0.2.7",
//!   "figures": [
//!     {"name": "...", "unit": "requests", "per_second": 128.0,
//!      "rust_benchmark": "soap_call/hardened_client/1"}
//!   ]
//! }
//! ```

use std::fs;
use std::io;
use std::path::Path;

use serde::Deserialize;

use super::measurements::ReadError;

/// The schema this reader understands.
pub const PYTHON_RATES_SCHEMA: &str = "ffiec-benches-python/1";

/// One run of `benches/python/run.sh`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PythonRun {
    /// Always [`PYTHON_RATES_SCHEMA`].
    pub schema: String,
    /// The library and version measured.
    pub library: String,
    /// Its figures.
    pub figures: Vec<PythonFigure>,
}

/// One figure of the Python client.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PythonFigure {
    /// What was timed, in words.
    pub name: String,
    /// What the rate counts (`requests`, `facts`).
    pub unit: String,
    /// The rate at the median time.
    pub per_second: f64,
    /// The id of the Rust benchmark that measured the same work.
    pub rust_benchmark: String,
}

/// Reads the Python run's figures; `Ok(None)` when the file does not exist
/// (the run did not happen).
///
/// # Errors
///
/// [`ReadError::Io`] when the file exists but cannot be read;
/// [`ReadError::Format`] when it is not this schema.
pub fn read_python_rates(path: &Path) -> Result<Option<PythonRun>, ReadError> {
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
    let format_error = |reason: String| ReadError::Format {
        path: path.to_path_buf(),
        reason,
    };

    let run: PythonRun =
        serde_json::from_slice(&text).map_err(|error| format_error(error.to_string()))?;
    if run.schema != PYTHON_RATES_SCHEMA {
        return Err(format_error(format!(
            "schema {:?}, expected {PYTHON_RATES_SCHEMA:?}",
            run.schema
        )));
    }
    Ok(Some(run))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(name: &str, text: &str) -> std::path::PathBuf {
        let path = std::env::temp_dir().join(format!(
            "ffiec-benches-python-{}-{name}.json",
            std::process::id()
        ));
        fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn reads_figures_with_their_rust_peers() {
        let path = write(
            "good",
            r#"{"schema": "ffiec-benches-python/1", "library": "ffiec-data-connect 0.2.7",
                "python": "3.11.9",
                "figures": [{"name": "calls", "unit": "requests", "per_second": 128.5,
                             "median_seconds": 0.0078, "rust_benchmark": "soap_call/hardened_client/1"}]}"#,
        );

        let run = read_python_rates(&path).unwrap().unwrap();
        let _ = fs::remove_file(&path);

        assert_eq!(run.library, "ffiec-data-connect 0.2.7");
        assert_eq!(
            run.figures,
            [PythonFigure {
                name: "calls".into(),
                unit: "requests".into(),
                per_second: 128.5,
                rust_benchmark: "soap_call/hardened_client/1".into(),
            }]
        );
    }

    #[test]
    fn another_schema_is_refused() {
        let path = write(
            "schema",
            r#"{"schema": "ffiec-interop-results/1", "library": "x", "figures": []}"#,
        );

        let error = read_python_rates(&path).unwrap_err();
        let _ = fs::remove_file(&path);

        assert!(
            error
                .to_string()
                .contains("expected \"ffiec-benches-python/1\""),
            "{error}"
        );
    }

    #[test]
    fn no_file_means_not_run() {
        let path = Path::new("/nonexistent/ffiec-benches/rates.json");
        assert_eq!(read_python_rates(path).unwrap(), None);
    }
}
