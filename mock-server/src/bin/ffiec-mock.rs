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
    DEMO_USER, DataOptions, FaultRule, MockConfig, MockServer, MockUser, ProxyConfig, fingerprint,
};

/// An FFIEC CDR look-alike server: SOAP 1.1/1.2 with the real WSDL, REST,
/// a request journal (GET /__journal), fault injection and recording proxies.
#[derive(Debug, Parser)]
#[command(name = "ffiec-mock", version)]
struct Args {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:0")]
    listen: SocketAddr,

    /// An account as NAME:TOKEN (repeatable). Without any, the demo account
    /// (user "demo" with an unsigned JWT valid until 2100) is used.
    #[arg(long = "user", value_name = "NAME:TOKEN", value_parser = parse_user)]
    users: Vec<MockUser>,

    /// Calls allowed per user per quota window.
    #[arg(long, default_value_t = 2_500)]
    quota: u32,

    /// Length of a quota window, in seconds.
    #[arg(long = "quota-window", value_name = "SECS", default_value_t = 3_600)]
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

    /// Print the demo account's token (an unsigned JWT) and exit. The
    /// server itself never prints tokens, only their fingerprints.
    #[arg(long)]
    print_demo_token: bool,
}

fn parse_user(spec: &str) -> Result<MockUser, String> {
    match spec.split_once(':') {
        Some((name, token)) if !name.is_empty() && !token.is_empty() => {
            Ok(MockUser::new(name, token))
        }
        _ => Err("expected NAME:TOKEN".to_owned()),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    if args.print_demo_token {
        println!("{}", MockUser::demo().token());
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
    for user in &users {
        config = config.user(user.clone());
    }
    for rule in args.faults {
        config = config.fault(rule);
    }
    for proxy in &args.proxies {
        config = config.proxy(proxy.clone());
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
        let note = if user.name() == DEMO_USER {
            " (demo; --print-demo-token shows it)"
        } else {
            ""
        };
        banner.push(format!(
            "user:    {} token fingerprint {}{note}",
            user.name(),
            fingerprint(user.token())
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
