//! `ffiec-mock`: the FFIEC look-alike server on the command line.
//!
//! Prints the bound URL first, then the SOAP, WSDL and REST URLs, the
//! accounts and any proxy URLs, and serves until interrupted.
#![forbid(unsafe_code)]

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use ffiec_mock::{
    DataOptions, FaultRule, FingerprintKey, MockConfig, MockServer, MockUser, ProxyConfig,
};

/// An FFIEC CDR look-alike server: SOAP 1.1/1.2 with the real WSDL, REST,
/// a request journal (GET /__journal), fault injection and recording proxies.
#[derive(Debug, Parser)]
#[command(name = "ffiec-mock", version, after_help = ACCOUNTS_HELP)]
struct Args {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:0")]
    listen: SocketAddr,

    /// An account (repeatable). NAME alone mints an unsigned JWT for NAME
    /// (valid until 2100; --print-token NAME shows it) that works over SOAP
    /// and REST. NAME:TOKEN takes TOKEN as it is: any token works over
    /// SOAP, but REST accepts only a JWT, so a plain token is SOAP only.
    /// Without any --user, the account "demo" with a minted token is used.
    #[arg(long = "user", value_name = "NAME[:TOKEN]", value_parser = parse_user)]
    users: Vec<MockUser>,

    /// Calls allowed per user per quota window, at least 1. To have every
    /// call refused for quota, use --fault '*=quota' instead.
    #[arg(long, default_value_t = 2_500, value_parser = parse_quota)]
    quota: u32,

    /// Length of a quota window, in seconds (at least 1).
    #[arg(long = "quota-window", value_name = "SECS", default_value_t = 3_600,
          value_parser = clap::value_parser!(u64).range(1..))]
    quota_window: u64,

    /// A fault rule OP=KIND[:ARG][#COUNT] (repeatable), e.g.
    /// RetrieveFacsimile=latency:500~100, all=reset#3, *=status:503.
    #[arg(long = "fault", value_name = "OP=KIND[:ARG]")]
    faults: Vec<FaultRule>,

    /// A recording proxy NAME:USER:PASSWORD (repeatable); the password may
    /// contain colons.
    #[arg(long = "proxy", value_name = "NAME:USER:PASSWORD")]
    proxies: Vec<ProxyConfig>,

    /// Generate facsimiles at live size (about 2,000 Call facts).
    #[arg(long)]
    full_size: bool,

    /// Send REST facsimiles as raw documents instead of JSON base64 strings.
    #[arg(long)]
    rest_raw_facsimile: bool,

    /// The key of the journal's token and password fingerprints, 64 hex
    /// digits; a fingerprint is then the first 12 hex digits of
    /// HMAC-SHA256(key, secret), which a script can recompute. Without it
    /// each run draws a random key, so fingerprints compare within a run
    /// but a leaked journal cannot be matched against guessed secrets.
    #[arg(long = "fingerprint-key", value_name = "HEX")]
    fingerprint_key: Option<FingerprintKey>,

    /// Print the token that --user NAME mints (an unsigned JWT, the same on
    /// every run) and exit. The server itself never prints tokens, only
    /// their fingerprints.
    #[arg(long, value_name = "NAME")]
    print_token: Option<String>,

    /// Same as --print-token demo.
    #[arg(long, conflicts_with = "print_token")]
    print_demo_token: bool,
}

/// The end of `--help`: how to get a token and call each protocol.
const ACCOUNTS_HELP: &str = "\
Accounts and tokens:
  REST needs a JWT-shaped bearer token; SOAP takes any token. Give --user NAME
  to have the mock mint a JWT for NAME, and get it with --print-token NAME.
  An account given as --user NAME:TOKEN with a plain TOKEN is SOAP only.

Example, REST with curl:
  ffiec-mock --listen 127.0.0.1:8080 --user alice &
  TOKEN=$(ffiec-mock --print-token alice)
  curl -H 'UserID: alice' -H \"Authentication: Bearer $TOKEN\" \\
       http://127.0.0.1:8080/public/RetrieveUBPRReportingPeriods

Example, SOAP with curl (the WS-Security password is the token):
  curl -H 'Content-Type: text/xml; charset=utf-8' \\
       -H 'SOAPAction: \"http://cdr.ffiec.gov/public/services/TestUserAccess\"' \\
       --data \"<soap:Envelope xmlns:soap='http://schemas.xmlsoap.org/soap/envelope/'>\\
<soap:Header><wsse:Security xmlns:wsse='http://docs.oasis-open.org/wss/2004/01/\\
oasis-200401-wss-wssecurity-secext-1.0.xsd'><wsse:UsernameToken>\\
<wsse:Username>alice</wsse:Username><wsse:Password>$TOKEN</wsse:Password>\\
</wsse:UsernameToken></wsse:Security></soap:Header><soap:Body>\\
<TestUserAccess xmlns='http://cdr.ffiec.gov/public/services'/></soap:Body>\\
</soap:Envelope>\" \\
       http://127.0.0.1:8080/public/pws/webservices/retrievalservice.asmx";

/// `NAME` mints a token; `NAME:TOKEN` takes the token as given.
fn parse_user(spec: &str) -> Result<MockUser, String> {
    match spec.split_once(':') {
        None if !spec.is_empty() => Ok(MockUser::minted(spec)),
        Some((name, token)) if !name.is_empty() && !token.is_empty() => {
            Ok(MockUser::new(name, token))
        }
        _ => Err("expected NAME or NAME:TOKEN, with neither part empty".to_owned()),
    }
}

/// A quota of at least one call; zero is most likely a mistake, and the
/// `quota` fault already refuses every call on purpose.
fn parse_quota(text: &str) -> Result<u32, String> {
    match text.parse::<u32>() {
        Ok(0) => Err(
            "a quota of 0 calls would refuse every call; to test that, use \
                      --fault '*=quota' with any quota"
                .to_owned(),
        ),
        Ok(calls) => Ok(calls),
        Err(error) => Err(error.to_string()),
    }
}

/// The start-up note for an account REST will refuse, if `user` is one.
fn soap_only_note(user: &MockUser) -> Option<String> {
    (!user.works_over_rest()).then(|| {
        format!(
            "ffiec-mock: note: the token of user '{name}' is not a JWT, so this account works \
             over SOAP only; for REST too, give --user {name} and get its token with \
             --print-token {name}",
            name = user.name()
        )
    })
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    if args.print_demo_token {
        print_banner(&[MockUser::demo().token().to_owned()]);
        return ExitCode::SUCCESS;
    }
    if let Some(name) = &args.print_token {
        print_banner(&[MockUser::minted(name.as_str()).token().to_owned()]);
        return ExitCode::SUCCESS;
    }

    // Logs go to stderr, so stdout keeps its first line for the URL.
    // RUST_LOG=ffiec_mock=debug shows one line per request.
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .init();

    let users = if args.users.is_empty() {
        vec![MockUser::demo()]
    } else {
        args.users.clone()
    };

    let mut config = MockConfig::default()
        .listen(args.listen)
        .quota(args.quota, Duration::from_secs(args.quota_window))
        .data(DataOptions {
            full_size: args.full_size,
            ..DataOptions::default()
        })
        .rest_raw_facsimile(args.rest_raw_facsimile);
    if let Some(key) = &args.fingerprint_key {
        config = config.fingerprint_key(key.clone());
    }
    for user in &users {
        config = config.user(user.clone());
    }
    for rule in args.faults {
        config = config.fault(rule);
    }
    for proxy in &args.proxies {
        config = config.proxy(proxy.clone());
    }

    // Before the banner, so a user sees it next to the accounts.
    for note in users.iter().filter_map(soap_only_note) {
        eprintln!("{note}");
    }

    let mock = match MockServer::start(config).await {
        Ok(mock) => mock,
        Err(error) => {
            eprintln!("ffiec-mock: cannot start on {}: {error}", args.listen);
            return ExitCode::FAILURE;
        }
    };

    // The first line is the bound URL, for scripts that start the mock.
    let mut banner = vec![
        mock.base_url(),
        format!("SOAP:    {}", mock.soap_url()),
        format!("WSDL:    {}", mock.wsdl_url()),
        format!("REST:    {}", mock.rest_url()),
        format!("journal: {}/__journal", mock.base_url()),
    ];
    for user in &users {
        let note = if !user.works_over_rest() {
            " (SOAP only)".to_owned()
        } else if *user == MockUser::minted(user.name()) {
            format!(" (minted; --print-token {} shows it)", user.name())
        } else {
            String::new()
        };
        banner.push(format!(
            "user:    {} token fingerprint {}{note}",
            user.name(),
            mock.fingerprint(user.token())
        ));
    }
    for proxy in &args.proxies {
        if let Some(url) = mock.proxy_url(proxy.name()) {
            banner.push(format!(
                "proxy:   {} {url} user {}",
                proxy.name(),
                proxy.user()
            ));
        }
    }
    print_banner(&banner);

    if tokio::signal::ctrl_c().await.is_err() {
        eprintln!("ffiec-mock: cannot wait for Ctrl-C; stopping");
    }
    mock.shutdown().await;
    ExitCode::SUCCESS
}

/// Prints the banner lines to stdout. A script that read the URL and closed
/// the pipe must not stop the server: a failed write is ignored, where
/// `println!` would panic.
fn print_banner(lines: &[String]) {
    use std::io::Write as _;

    let mut stdout = std::io::stdout().lock();
    for line in lines {
        if writeln!(stdout, "{line}").is_err() {
            return;
        }
    }
    let _ = stdout.flush();
}
