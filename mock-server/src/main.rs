//! `onezone-mock`: an in-memory Onezone (handle services and groups) on HTTP.
//!
//! ```text
//! onezone-mock [--listen ADDR] [--admin USER:PASSWORD] [--seed FILE] [--public-url URL] [--body-limit BYTES]
//! ```
//! Prints `listening on http://ADDR` once it accepts connections; SIGINT or
//! SIGTERM stop it after in-flight requests finish.

use std::io::Write as _;
use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Parser;
use onezone_mock::{Seed, Zone};
use onezone_server::ServerConfig;

#[derive(Parser)]
#[command(name = "onezone-mock", version, about = "In-memory Onezone serving the handle-service and group API")]
struct Args {
    /// Address to listen on; port 0 picks a free port (printed on start).
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Create a user holding every `oz_*` admin privilege, as USER:PASSWORD.
    #[arg(long, value_name = "USER:PASSWORD")]
    admin: Option<String>,
    /// Load users, groups, memberships and handle services from a YAML or
    /// JSON file (format: mock-server/SEED.md).
    #[arg(long, value_name = "FILE")]
    seed: Option<std::path::PathBuf>,
    /// Scheme and host used in `Location` headers (default: the request's Host over http).
    #[arg(long, value_name = "URL")]
    public_url: Option<String>,
    /// Largest accepted request body, in bytes.
    #[arg(long, default_value_t = ServerConfig::DEFAULT_BODY_LIMIT)]
    body_limit: usize,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("onezone-mock: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Args) -> anyhow::Result<()> {
    let zone = match &args.seed {
        Some(path) => {
            let seed = Seed::from_file(path).with_context(|| format!("cannot load seed {}", path.display()))?;
            Zone::from_seed(seed).with_context(|| format!("seed {} is inconsistent", path.display()))?
        }
        None => Zone::new(),
    };
    if let Some(admin) = &args.admin {
        let (user, password) = admin.split_once(':').context("--admin takes USER:PASSWORD")?;
        zone.add_admin(user, password).context("cannot create the --admin user")?;
    }
    let config = ServerConfig { body_limit: args.body_limit, public_url: args.public_url.clone() };
    let runtime =
        tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start the runtime")?;
    runtime.block_on(async move {
        // Handlers first: a script may send SIGTERM as soon as it reads the
        // "listening on" line, and must not find the default action (exit 143).
        let shutdown = shutdown_signal().context("cannot install the SIGINT/SIGTERM handlers")?;
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .with_context(|| format!("cannot listen on {}", args.listen))?;
        let running = onezone_mock::serve(zone, listener, config, shutdown).await?;
        println!("listening on {}", running.url());
        std::io::stdout().flush()?;
        running.wait().await.context("server failed")?;
        eprintln!("onezone-mock: stopped");
        Ok(())
    })
}

/// A future that completes on SIGINT or SIGTERM (Ctrl-C elsewhere). The
/// handlers are installed when this is called, not when it is first polled.
#[cfg(unix)]
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
    })
}

#[cfg(not(unix))]
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}
