//! Reading criterion's results: one [`Measurement`] per benchmark.
//!
//! For every benchmark criterion keeps, under its output folder (usually
//! `target/criterion`), a folder `<group>/<function>[/<parameter>]/new/`
//! holding `benchmark.json` (the id and the declared throughput) and
//! `estimates.json` (the statistics, in nanoseconds per iteration). This
//! module walks that tree and keeps the median of each.

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

/// The latest result of one benchmark.
#[derive(Debug, Clone, PartialEq)]
pub struct Measurement {
    /// The id criterion gave it (`group/function[/parameter]`).
    pub id: String,
    /// The median time of one iteration, in nanoseconds.
    pub median_ns: f64,
    /// The lower and upper bounds of the median's confidence interval, in
    /// nanoseconds.
    pub median_interval_ns: (f64, f64),
    /// What one iteration processes, if the benchmark declared it.
    pub throughput: Option<Throughput>,
}

/// What one iteration of a benchmark processes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Throughput {
    /// Bytes per iteration, if declared.
    pub bytes: Option<u64>,
    /// Elements (facts, requests, calls) per iteration, if declared.
    pub elements: Option<u64>,
}

impl Measurement {
    /// Bytes per second at the median time, if the benchmark declared bytes.
    pub fn bytes_per_second(&self) -> Option<f64> {
        let bytes = self.throughput?.bytes?;
        Some(per_second(bytes, self.median_ns))
    }

    /// Elements per second at the median time, if the benchmark declared
    /// elements.
    pub fn elements_per_second(&self) -> Option<f64> {
        let elements = self.throughput?.elements?;
        Some(per_second(elements, self.median_ns))
    }
}

fn per_second(amount: u64, nanoseconds: f64) -> f64 {
    amount as f64 * 1e9 / nanoseconds
}

/// Every benchmark's latest result, by id.
pub type Measurements = BTreeMap<String, Measurement>;

/// Why a result could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// A file or folder could not be read.
    Io {
        /// The path that failed.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// A file was not the JSON criterion writes.
    Format {
        /// The file.
        path: PathBuf,
        /// What was wrong with it.
        reason: String,
    },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io { path, source } => {
                write!(f, "cannot read {}: {source}", path.display())
            }
            ReadError::Format { path, reason } => {
                write!(f, "{} is not a criterion result: {reason}", path.display())
            }
        }
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReadError::Io { source, .. } => Some(source),
            ReadError::Format { .. } => None,
        }
    }
}

/// Reads every benchmark result under `root` (criterion's output folder).
///
/// Only `new/` folders count: `base/` and `change/` hold older runs and
/// comparisons. A folder `new/` without both files is skipped, since
/// criterion writes them together at the end of a benchmark.
///
/// # Errors
///
/// [`ReadError::Io`] when `root` or a folder under it cannot be listed, or a
/// result file cannot be read; [`ReadError::Format`] when a result file is
/// not the JSON criterion writes.
pub fn read_measurements(root: &Path) -> Result<Measurements, ReadError> {
    let mut measurements = Measurements::new();
    let mut pending = vec![root.to_path_buf()];

    while let Some(folder) = pending.pop() {
        for entry in list(&folder)? {
            let path = entry;
            if !path.is_dir() {
                continue;
            }
            let is_new = path.file_name().is_some_and(|name| name == "new");
            if is_new && path.join("benchmark.json").is_file() {
                if path.join("estimates.json").is_file() {
                    let measurement = read_one(&path)?;
                    measurements.insert(measurement.id.clone(), measurement);
                }
            } else {
                pending.push(path);
            }
        }
    }
    Ok(measurements)
}

fn list(folder: &Path) -> Result<Vec<PathBuf>, ReadError> {
    let io_error = |source| ReadError::Io {
        path: folder.to_path_buf(),
        source,
    };
    let mut paths = Vec::new();
    for entry in fs::read_dir(folder).map_err(io_error)? {
        paths.push(entry.map_err(io_error)?.path());
    }
    paths.sort();
    Ok(paths)
}

/// The parts of `benchmark.json` the report uses.
#[derive(Deserialize)]
struct BenchmarkFile {
    full_id: String,
    #[serde(default)]
    throughput: Option<Value>,
}

/// The parts of `estimates.json` the report uses.
#[derive(Deserialize)]
struct EstimatesFile {
    median: Estimate,
}

#[derive(Deserialize)]
struct Estimate {
    point_estimate: f64,
    confidence_interval: Interval,
}

#[derive(Deserialize)]
struct Interval {
    lower_bound: f64,
    upper_bound: f64,
}

fn read_one(new_folder: &Path) -> Result<Measurement, ReadError> {
    let benchmark: BenchmarkFile = read_json(&new_folder.join("benchmark.json"))?;
    let estimates_path = new_folder.join("estimates.json");
    let estimates: EstimatesFile = read_json(&estimates_path)?;

    let median = estimates.median;
    if !(median.point_estimate.is_finite() && median.point_estimate > 0.0) {
        return Err(ReadError::Format {
            path: estimates_path,
            reason: format!("median {} is not a positive time", median.point_estimate),
        });
    }

    let benchmark_path = new_folder.join("benchmark.json");
    let throughput = match &benchmark.throughput {
        None | Some(Value::Null) => None,
        Some(value) => Some(parse_throughput(value).ok_or_else(|| ReadError::Format {
            path: benchmark_path,
            reason: format!("unknown throughput {value}"),
        })?),
    };

    Ok(Measurement {
        id: benchmark.full_id,
        median_ns: median.point_estimate,
        median_interval_ns: (
            median.confidence_interval.lower_bound,
            median.confidence_interval.upper_bound,
        ),
        throughput,
    })
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, ReadError> {
    let text = fs::read(path).map_err(|source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    serde_json::from_slice(&text).map_err(|error| ReadError::Format {
        path: path.to_path_buf(),
        reason: error.to_string(),
    })
}

/// Criterion writes its throughput enum in serde's external tagging:
/// `{"Bytes":N}`, `{"Elements":N}`, `{"ElementsAndBytes":{"elements":N,
/// "bytes":M}}`, and so on.
fn parse_throughput(value: &Value) -> Option<Throughput> {
    let (kind, amount) = value.as_object()?.iter().next()?;
    let throughput = match kind.as_str() {
        "Bytes" | "BytesDecimal" => Throughput {
            bytes: Some(amount.as_u64()?),
            elements: None,
        },
        "Bits" => Throughput {
            bytes: Some(amount.as_u64()? / 8),
            elements: None,
        },
        "Elements" => Throughput {
            bytes: None,
            elements: Some(amount.as_u64()?),
        },
        "ElementsAndBytes" => Throughput {
            bytes: Some(amount.get("bytes")?.as_u64()?),
            elements: Some(amount.get("elements")?.as_u64()?),
        },
        _ => return None,
    };
    Some(throughput)
}
