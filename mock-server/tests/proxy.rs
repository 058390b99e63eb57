//! Recording proxies: their own credentials, their tag in the journal.

mod common;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use common::{alice, client_builder, start_with};
use ffiec_mock::{MockConfig, ProxyConfig};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

const RESERVED_PASSWORD: &str = "p@ss:w/rd";

async fn start_with_proxies() -> ffiec_mock::MockServer {
    start_with(
        MockConfig::default()
            .proxy(ProxyConfig::new("corp", "bob", RESERVED_PASSWORD))
            .proxy(ProxyConfig::new("branch", "carol", "an0ther%secret")),
    )
    .await
}

fn through(proxy_url: &str, user: &str, password: &str) -> reqwest::Client {
    let proxy = reqwest::Proxy::http(proxy_url)
        .unwrap()
        .basic_auth(user, password);
    client_builder().proxy(proxy).build().unwrap()
}

async fn periods_via(client: &reqwest::Client, mock: &ffiec_mock::MockServer) -> reqwest::Response {
    client
        .get(format!("{}RetrieveUBPRReportingPeriods", mock.rest_url()))
        .header("UserID", "alice")
        .header("Authentication", format!("Bearer {}", alice().token()))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn each_proxy_tags_its_requests_with_its_name_user_and_password_fingerprint() {
    let mock = start_with_proxies().await;
    let corp = mock.proxy_url("corp").unwrap();
    let branch = mock.proxy_url("branch").unwrap();
    assert_ne!(corp, branch);
    assert_eq!(mock.proxy_url("nowhere"), None);

    let via_corp = periods_via(&through(&corp, "bob", RESERVED_PASSWORD), &mock).await;
    assert_eq!(via_corp.status(), 200);
    let via_branch = periods_via(&through(&branch, "carol", "an0ther%secret"), &mock).await;
    assert_eq!(via_branch.status(), 200);
    let direct = periods_via(&client_builder().build().unwrap(), &mock).await;
    assert_eq!(direct.status(), 200);

    let entries = mock.journal().entries();
    assert!(entries.iter().all(|entry| !entry.proxy_refused));
    let tags: Vec<_> = entries.into_iter().map(|entry| entry.proxy).collect();
    assert_eq!(tags.len(), 3);
    let corp_tag = tags[0].as_ref().unwrap();
    assert_eq!(
        (corp_tag.name.as_str(), corp_tag.user.as_str()),
        ("corp", "bob")
    );
    assert_eq!(
        corp_tag.password_fingerprint,
        mock.fingerprint(RESERVED_PASSWORD)
    );
    let branch_tag = tags[1].as_ref().unwrap();
    assert_eq!(
        (branch_tag.name.as_str(), branch_tag.user.as_str()),
        ("branch", "carol")
    );
    assert_eq!(tags[2], None, "a direct request has no proxy");
}

#[tokio::test]
async fn wrong_or_missing_proxy_credentials_get_407_and_a_refused_journal_entry() {
    let mock = start_with_proxies().await;
    let corp = mock.proxy_url("corp").unwrap();

    for (user, password) in [
        ("bob", "p@ss"),
        ("bob", "an0ther%secret"),
        ("carol", RESERVED_PASSWORD),
    ] {
        let refused = periods_via(&through(&corp, user, password), &mock).await;
        assert_eq!(refused.status(), 407, "{user}:{password}");
        assert!(
            refused.headers()["proxy-authenticate"]
                .to_str()
                .unwrap()
                .starts_with("Basic ")
        );
    }
    let anonymous = client_builder()
        .proxy(reqwest::Proxy::http(&corp).unwrap())
        .build()
        .unwrap();
    let anonymous_answer = periods_via(&anonymous, &mock).await;
    assert_eq!(anonymous_answer.status(), 407);
    let anonymous_id = anonymous_answer.headers()["x-mock-request-id"]
        .to_str()
        .unwrap()
        .to_owned();

    let entries = mock.journal().entries();
    assert_eq!(entries.len(), 4, "each refusal is journaled: {entries:?}");
    for entry in &entries {
        assert!(entry.proxy_refused, "{entry:?}");
        assert_eq!(entry.http_status, Some(407));
        assert_eq!(
            entry.operation, None,
            "a refused request reaches no operation"
        );
        assert_eq!(entry.user, None);
        assert_eq!(entry.authenticated, None);
        assert_eq!(entry.path, "/public/RetrieveUBPRReportingPeriods");
        assert_eq!(entry.proxy.as_ref().unwrap().name, "corp");
    }
    let presented: Vec<(String, String)> = entries
        .iter()
        .map(|entry| {
            let tag = entry.proxy.as_ref().unwrap();
            (tag.user.clone(), tag.password_fingerprint.clone())
        })
        .collect();
    assert_eq!(
        presented,
        [
            ("bob".to_owned(), mock.fingerprint("p@ss")),
            ("bob".to_owned(), mock.fingerprint("an0ther%secret")),
            ("carol".to_owned(), mock.fingerprint(RESERVED_PASSWORD)),
            (String::new(), String::new()),
        ],
        "the credentials presented, not the proxy's own"
    );
    assert_eq!(entries[3].request_id, anonymous_id);
    assert_eq!(
        mock.quota_used("alice"),
        0,
        "refused requests never reach the service"
    );
}

#[tokio::test]
async fn raw_absolute_form_post_through_the_proxy_reaches_soap() {
    let mock = start_with_proxies().await;
    let proxy_address = mock
        .proxy_url("corp")
        .unwrap()
        .trim_start_matches("http://")
        .to_owned();
    let envelope = common::envelope(
        common::Soap::V11,
        &common::Auth::text(&alice()),
        "TestUserAccess",
        &[],
    );
    let credentials = STANDARD.encode(format!("bob:{RESERVED_PASSWORD}"));
    let request = format!(
        "POST {} HTTP/1.1\r\nHost: {}\r\nProxy-Authorization: Basic {credentials}\r\n\
         Content-Type: text/xml; charset=utf-8\r\nSOAPAction: \"http://cdr.ffiec.gov/public/services/TestUserAccess\"\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{envelope}",
        mock.soap_url(),
        mock.address(),
        envelope.len()
    );

    let mut stream = tokio::net::TcpStream::connect(proxy_address).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
    assert!(answer.contains("<TestUserAccessResult>true</TestUserAccessResult>"));

    let entry = &mock.journal().entries()[0];
    assert_eq!(
        entry.proxy.as_ref().map(|tag| tag.name.as_str()),
        Some("corp")
    );
    assert_eq!(entry.user.as_deref(), Some("alice"));
}

#[tokio::test]
async fn a_client_header_cannot_forge_a_proxy_tag() {
    let mock = start_with_proxies().await;
    let forged = client_builder()
        .build()
        .unwrap()
        .get(format!("{}RetrieveUBPRReportingPeriods", mock.rest_url()))
        .header("UserID", "alice")
        .header("Authentication", format!("Bearer {}", alice().token()))
        .header(
            "Proxy-Authorization",
            format!(
                "Basic {}",
                STANDARD.encode(format!("bob:{RESERVED_PASSWORD}"))
            ),
        )
        .header("X-Proxy-Name", "corp")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 200);
    assert_eq!(mock.journal().entries()[0].proxy, None);
}

#[tokio::test]
async fn proxies_can_be_added_while_running() {
    let mock = start_with(MockConfig::default()).await;
    let url = mock
        .add_proxy(ProxyConfig::new("late", "dave", "x:y@z"))
        .await
        .unwrap();
    assert_eq!(mock.proxy_url("late"), Some(url.clone()));
    assert!(
        mock.add_proxy(ProxyConfig::new("late", "eve", "e"))
            .await
            .is_err(),
        "names are unique"
    );

    assert_eq!(
        periods_via(&through(&url, "dave", "x:y@z"), &mock)
            .await
            .status(),
        200
    );
    assert_eq!(
        mock.journal().entries()[0].proxy.as_ref().unwrap().name,
        "late"
    );
}
