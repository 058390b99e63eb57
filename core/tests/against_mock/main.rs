//! The client against the FFIEC look-alike mock server, over SOAP 1.1
//! (PasswordText), SOAP 1.2 (PasswordDigest) and REST.
//!
//! Each test starts its own mock on 127.0.0.1 port 0 and compares what the
//! client returns with the mock's data model, and what the client sent with
//! the mock's journal. The mock does not depend on the client, so a
//! protocol mistake shared by both cannot hide here.
//!
//! Every case runs once per wire: `<case>::soap_1_1`,
//! `<case>::soap_1_2_digest` and `<case>::rest`.
//!
//! - [`lists`]: account check, period lists, panel, filer lists.
//! - [`facsimiles`]: Call XBRL, PDF and SDF, UBPR XBRL.
//! - [`faults`]: authentication, quota, not found, 5xx with retries,
//!   reset, stall, truncated and malformed bodies, bad periods.
//! - [`refusals_and_limits`]: a gateway's 403 page, an injected quota
//!   answer, an expired REST token, the response-size cap, raw REST
//!   facsimiles.
//! - [`routing`]: recording proxies and credential changes.
//! - [`request_ids`]: one journal entry per call, each with its own id.

mod facsimiles;
mod faults;
mod harness;
mod journal_checks;
mod lists;
mod refusals_and_limits;
mod request_ids;
mod routing;
