//! Fault injection: what can go wrong, for which operation, how many times.

use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use crate::operation::Operation;

/// One kind of failure the mock can inject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", content = "arg", rename_all = "snake_case")]
pub enum FaultKind {
    /// Answers normally after `base` plus a random extra of up to `jitter`.
    Latency {
        /// The fixed delay.
        base: Duration,
        /// The largest random extra delay.
        jitter: Duration,
    },
    /// Never answers: holds the request until the client gives up, then
    /// closes the connection. Bounded by `max` (or the server's
    /// [`max_stall`](crate::MockConfig::max_stall)) and by shutdown.
    Stall {
        /// How long at most; `None` uses the server's setting.
        max: Option<Duration>,
    },
    /// Closes the connection without sending a response.
    Reset,
    /// Sends the response head with the full `Content-Length`, then half of
    /// the body, then closes the connection.
    Truncate,
    /// Answers 200 with a body that is not well-formed XML (SOAP) or JSON
    /// (REST).
    Malformed,
    /// Answers with this HTTP status and a short HTML body, as a gateway does.
    Status(u16),
    /// Answers as if the user's quota were spent (SOAP quota fault, REST 403).
    Quota,
}

/// Which requests a fault applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum FaultTarget {
    /// Every SOAP and REST operation call (not the WSDL or the admin paths).
    All,
    /// Calls of one operation.
    Only(Operation),
}

/// A fault, where it applies, and how many more times.
///
/// Parsed from `OP=KIND[:ARG][#COUNT]`, the syntax of the binary's
/// `--fault` option and of `POST /__faults`:
///
/// | part | values |
/// |---|---|
/// | `OP` | an operation name (`RetrieveFacsimile`) or `*` / `all` |
/// | `KIND:ARG` | `latency:MS` or `latency:MS~JITTER_MS`, `stall` or `stall:SECS`, `reset`, `truncate`, `malformed`, `status` or `status:CODE` (default 500), `quota` |
/// | `#COUNT` | only the next COUNT matching requests; without it the fault persists |
///
/// ```
/// use ffiec_mock::{FaultKind, FaultRule, FaultTarget, Operation};
///
/// let rule: FaultRule = "RetrieveFacsimile=status:503#2".parse()?;
/// assert_eq!(rule.target, FaultTarget::Only(Operation::RetrieveFacsimile));
/// assert_eq!(rule.kind, FaultKind::Status(503));
/// assert_eq!(rule.remaining, Some(2));
/// # Ok::<(), ffiec_mock::faults::FaultParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FaultRule {
    /// The requests it applies to.
    pub target: FaultTarget,
    /// What happens to them.
    pub kind: FaultKind,
    /// `Some(n)`: the next `n` matching requests only; `None`: until cleared.
    pub remaining: Option<u32>,
}

impl FaultRule {
    /// A fault on every matching request until cleared.
    pub fn persistent(target: FaultTarget, kind: FaultKind) -> Self {
        Self {
            target,
            kind,
            remaining: None,
        }
    }

    /// A fault on the next `count` matching requests (none when `count` is 0).
    pub fn times(target: FaultTarget, kind: FaultKind, count: u32) -> Self {
        Self {
            target,
            kind,
            remaining: Some(count),
        }
    }

    fn applies_to(&self, operation: Operation) -> bool {
        match self.target {
            FaultTarget::All => true,
            FaultTarget::Only(target) => target == operation,
        }
    }
}

/// Why a fault specification could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultParseError {
    spec: String,
    reason: &'static str,
}

impl fmt::Display for FaultParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "bad fault '{}': {} (expected OP=KIND[:ARG][#COUNT])",
            self.spec, self.reason
        )
    }
}

impl std::error::Error for FaultParseError {}

impl FromStr for FaultRule {
    type Err = FaultParseError;

    fn from_str(spec: &str) -> Result<Self, Self::Err> {
        let fail = |reason| FaultParseError {
            spec: spec.to_owned(),
            reason,
        };

        let (target, rest) = spec.split_once('=').ok_or_else(|| fail("no '='"))?;
        let target = match target.trim() {
            "*" | "all" => FaultTarget::All,
            name => FaultTarget::Only(name.parse().map_err(|_| fail("unknown operation"))?),
        };

        let (kind, remaining) = match rest.split_once('#') {
            Some((kind, count)) => {
                let count = count
                    .trim()
                    .parse()
                    .map_err(|_| fail("COUNT is not a number"))?;
                (kind, Some(count))
            }
            None => (rest, None),
        };

        let (name, arg) = match kind.split_once(':') {
            Some((name, arg)) => (name.trim(), Some(arg.trim())),
            None => (kind.trim(), None),
        };
        let kind = parse_kind(name, arg).map_err(fail)?;
        Ok(Self {
            target,
            kind,
            remaining,
        })
    }
}

fn parse_kind(name: &str, arg: Option<&str>) -> Result<FaultKind, &'static str> {
    let number = |text: &str| text.parse::<u64>().map_err(|_| "ARG is not a number");
    match (name, arg) {
        ("latency", Some(arg)) => {
            let (base, jitter) = arg.split_once('~').unwrap_or((arg, "0"));
            Ok(FaultKind::Latency {
                base: Duration::from_millis(number(base)?),
                jitter: Duration::from_millis(number(jitter)?),
            })
        }
        ("latency", None) => Err("latency needs MS"),
        ("stall", arg) => {
            let max = arg.map(number).transpose()?.map(Duration::from_secs);
            Ok(FaultKind::Stall { max })
        }
        ("reset", None) => Ok(FaultKind::Reset),
        ("truncate", None) => Ok(FaultKind::Truncate),
        ("malformed", None) => Ok(FaultKind::Malformed),
        ("status", arg) => {
            let code = arg.map(number).transpose()?.unwrap_or(500);
            match u16::try_from(code) {
                Ok(code @ 400..=599) => Ok(FaultKind::Status(code)),
                _ => Err("status must be 400 to 599"),
            }
        }
        ("quota", None) => Ok(FaultKind::Quota),
        ("reset" | "truncate" | "malformed" | "quota", Some(_)) => Err("this kind takes no ARG"),
        _ => Err("unknown KIND"),
    }
}

/// The live set of fault rules of a running server.
///
/// Cloning shares the rules. Rules are tried in the order they were added;
/// the first that matches a request applies, and a counted rule is removed
/// when it is used up.
#[derive(Debug, Clone, Default)]
pub struct FaultControls {
    rules: Arc<Mutex<Vec<FaultRule>>>,
}

impl FaultControls {
    /// Adds a rule after the existing ones; a rule counted zero times is dropped.
    pub fn inject(&self, rule: FaultRule) {
        // A rule counted zero times (`#0`, `times(.., 0)`) is spent before it starts.
        if rule.remaining == Some(0) {
            return;
        }
        self.lock().push(rule);
    }

    /// Removes every rule.
    pub fn clear(&self) {
        self.lock().clear();
    }

    /// The rules in force, in order.
    pub fn rules(&self) -> Vec<FaultRule> {
        self.lock().clone()
    }

    /// The fault for one request of `operation`, counting it against a
    /// counted rule.
    pub(crate) fn take(&self, operation: Operation) -> Option<FaultKind> {
        let mut rules = self.lock();
        let index = rules.iter().position(|rule| rule.applies_to(operation))?;
        let kind = rules[index].kind;
        if let Some(remaining) = &mut rules[index].remaining {
            *remaining = remaining.saturating_sub(1);
            if *remaining == 0 {
                rules.remove(index);
            }
        }
        Some(kind)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<FaultRule>> {
        self.rules.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_kind() {
        let parse = |spec: &str| spec.parse::<FaultRule>().map(|rule| rule.kind);
        assert_eq!(
            parse("*=latency:200~50"),
            Ok(FaultKind::Latency {
                base: Duration::from_millis(200),
                jitter: Duration::from_millis(50)
            })
        );
        assert_eq!(
            parse("all=stall:3"),
            Ok(FaultKind::Stall {
                max: Some(Duration::from_secs(3))
            })
        );
        assert_eq!(parse("all=stall"), Ok(FaultKind::Stall { max: None }));
        assert_eq!(parse("all=reset"), Ok(FaultKind::Reset));
        assert_eq!(parse("all=truncate"), Ok(FaultKind::Truncate));
        assert_eq!(parse("all=malformed"), Ok(FaultKind::Malformed));
        assert_eq!(parse("all=status"), Ok(FaultKind::Status(500)));
        assert_eq!(parse("all=quota"), Ok(FaultKind::Quota));
    }

    #[test]
    fn rejects_bad_specs() {
        for bad in [
            "reset",
            "Nope=reset",
            "*=explode",
            "*=status:200",
            "*=reset:1",
            "*=reset#x",
        ] {
            assert!(bad.parse::<FaultRule>().is_err(), "{bad}");
        }
    }

    #[test]
    fn counted_rules_expire_and_later_rules_take_over() {
        let controls = FaultControls::default();
        controls.inject("RetrieveFacsimile=reset#1".parse().unwrap());
        controls.inject("*=status:503".parse().unwrap());

        assert_eq!(
            controls.take(Operation::RetrieveFacsimile),
            Some(FaultKind::Reset)
        );
        assert_eq!(
            controls.take(Operation::RetrieveFacsimile),
            Some(FaultKind::Status(503))
        );
        assert_eq!(
            controls.take(Operation::TestUserAccess),
            Some(FaultKind::Status(503))
        );
        assert_eq!(controls.rules().len(), 1);

        controls.clear();
        assert_eq!(controls.take(Operation::TestUserAccess), None);
    }
}
