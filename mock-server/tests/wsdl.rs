//! `?WSDL` serves the real WSDL with the mock's own address.

mod common;

use common::{client, start};

const REAL_WSDL: &str = include_str!("../data/RetrievalService.cdr-ffiec-gov.wsdl");

#[tokio::test]
async fn wsdl_is_the_real_one_with_both_addresses_rewritten() {
    let mock = start().await;
    for query in ["WSDL", "wsdl", "Wsdl"] {
        let response = client()
            .get(format!("{}?{query}", mock.soap_url()))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(
            response.headers()["content-type"],
            "text/xml; charset=utf-8"
        );
        let wsdl = response.text().await.unwrap();

        let own = format!("location=\"{}\"", mock.soap_url());
        assert!(wsdl.contains(&format!("<soap:address {own} />")), "{query}");
        assert!(
            wsdl.contains(&format!("<soap12:address {own} />")),
            "{query}"
        );
        assert!(!wsdl.contains("https://cdr.ffiec.gov/public/pws"));

        let restored = wsdl.replace(
            &mock.soap_url(),
            "https://cdr.ffiec.gov/public/pws/webservices/retrievalservice.asmx",
        );
        assert_eq!(restored, REAL_WSDL, "nothing but the addresses changes");
    }
}

#[tokio::test]
async fn wsdl_is_found_whatever_the_case_of_the_path_and_is_journaled() {
    let mock = start().await;
    let shouting = format!(
        "{}/Public/PWS/WebServices/RetrievalService.asmx?WSDL",
        mock.base_url()
    );
    let response = client().get(shouting).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("RetrieveUBPRXBRLFacsimile")
    );

    let entries = mock.journal().entries();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].protocol, ffiec_mock::Protocol::Wsdl);
    assert_eq!(entries[0].http_status, Some(200));
}
