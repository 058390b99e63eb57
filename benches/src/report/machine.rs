//! The machine a run was measured on, so a reader can judge the figures.

use std::process::Command;

/// What the report says about the machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Machine {
    /// Logical CPUs available to the process (what `nproc` prints).
    pub cpus: usize,
    /// The CPU's model name from `/proc/cpuinfo`, or `unknown`.
    pub cpu_model: String,
    /// `rustc --version`, or `unknown`.
    pub rustc: String,
    /// When the report was written, UTC, to the minute.
    pub date: String,
    /// The 1, 5 and 15 minute load averages when the report was written
    /// (`/proc/loadavg`), or `unknown`. On a shared machine the 15 minute
    /// figure tells how busy it was during the run.
    pub load_average: String,
}

impl Machine {
    /// Looks at the machine this process runs on.
    pub fn detect() -> Self {
        let cpus = std::thread::available_parallelism().map_or(1, usize::from);
        let cpu_model = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|text| cpu_model(&text))
            .unwrap_or_else(|| "unknown".to_owned());
        let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
        let rustc = Command::new(rustc)
            .arg("--version")
            .output()
            .ok()
            .filter(|output| output.status.success())
            .and_then(|output| String::from_utf8(output.stdout).ok())
            .map(|version| version.trim().to_owned())
            .unwrap_or_else(|| "unknown".to_owned());
        let date = jiff::Timestamp::now()
            .strftime("%Y-%m-%d %H:%M UTC")
            .to_string();
        let load_average = std::fs::read_to_string("/proc/loadavg")
            .ok()
            .and_then(|text| load_average(&text))
            .unwrap_or_else(|| "unknown".to_owned());

        Machine {
            cpus,
            cpu_model,
            rustc,
            date,
            load_average,
        }
    }
}

/// The first `model name` of a `/proc/cpuinfo` text.
///
/// ```
/// use ffiec_benches::report::cpu_model;
///
/// let text = "processor\t: 0\nmodel name\t: Intel(R) Xeon(R) Processor\nflags\t: fpu\n";
/// assert_eq!(cpu_model(text).as_deref(), Some("Intel(R) Xeon(R) Processor"));
/// assert_eq!(cpu_model("processor\t: 0\n"), None);
/// ```
pub fn cpu_model(cpuinfo: &str) -> Option<String> {
    cpuinfo.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        (key.trim() == "model name").then(|| value.trim().to_owned())
    })
}

/// The three load averages of a `/proc/loadavg` text, as `1 / 5 / 15`.
///
/// ```
/// use ffiec_benches::report::load_average;
///
/// let text = "4.74 4.23 2.87 5/412 29188\n";
/// assert_eq!(load_average(text).as_deref(), Some("4.74 / 4.23 / 2.87"));
/// assert_eq!(load_average("4.74\n"), None);
/// ```
pub fn load_average(loadavg: &str) -> Option<String> {
    let figures: Vec<&str> = loadavg.split_whitespace().take(3).collect();
    (figures.len() == 3).then(|| figures.join(" / "))
}
