//! Serving the real WSDL with the mock's own address in it.

use crate::data::fixtures::WSDL;

/// The address the real WSDL names for both bindings.
const LIVE_ADDRESS: &str = "https://cdr.ffiec.gov/public/pws/webservices/retrievalservice.asmx";

/// The path of the SOAP endpoint, the same as on the live service.
pub const SOAP_PATH: &str = "/public/pws/webservices/retrievalservice.asmx";

/// The WSDL with the `soap:address` and `soap12:address` locations set to
/// `base_url` (for example `http://127.0.0.1:8080`) plus the SOAP path.
pub(crate) fn rewritten(base_url: &str) -> String {
    let own = format!("{}{SOAP_PATH}", base_url.trim_end_matches('/'));
    WSDL.replace(
        &format!("location=\"{LIVE_ADDRESS}\""),
        &format!("location=\"{own}\""),
    )
}

/// Whether a query string asks for the WSDL (`?WSDL`, `?wsdl`, `?Wsdl`).
pub(crate) fn asks_for_wsdl(query: Option<&str>) -> bool {
    query.is_some_and(|query| {
        query
            .split('&')
            .any(|part| part.eq_ignore_ascii_case("wsdl"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_both_addresses_and_nothing_else() {
        let wsdl = rewritten("http://127.0.0.1:9/");
        let own = "location=\"http://127.0.0.1:9/public/pws/webservices/retrievalservice.asmx\"";
        assert_eq!(wsdl.matches(own).count(), 2);
        assert!(!wsdl.contains(LIVE_ADDRESS));
        assert_eq!(
            wsdl.len(),
            WSDL.len() - 2 * LIVE_ADDRESS.len() + 2 * (own.len() - "location=\"\"".len())
        );
    }

    #[test]
    fn wsdl_query_is_case_insensitive() {
        assert!(asks_for_wsdl(Some("WSDL")));
        assert!(asks_for_wsdl(Some("wsdl")));
        assert!(!asks_for_wsdl(Some("op=TestUserAccess")));
        assert!(!asks_for_wsdl(None));
    }
}
