//! Running the mock over HTTP: in-process for tests, or as the
//! `onezone-mock` binary.

use std::future::IntoFuture;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use onezone_server::ServerConfig;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::{MockService, Zone};

/// The mock's HTTP routes (the generated router over [`MockService`]), for
/// in-process use with `tower::ServiceExt::oneshot`.
pub fn app(zone: Zone, config: ServerConfig) -> axum::Router {
    onezone_server::router_with_config(Arc::new(MockService::new(zone)), config)
}

/// A mock zone serving on a local port; stops when [`RunningMock::shutdown`]
/// is awaited or the value is dropped.
pub struct RunningMock {
    addr: SocketAddr,
    zone: Zone,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl RunningMock {
    /// The bound address (the real port when asked for port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://ADDR`: the zone URL to give a client.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The zone's state, for assertions.
    pub fn zone(&self) -> &Zone {
        &self.zone
    }

    /// Waits until the server stops by itself (its shutdown signal fired).
    pub async fn wait(mut self) -> std::io::Result<()> {
        match self.task.take() {
            Some(task) => task.await.map_err(std::io::Error::other)?,
            None => Ok(()),
        }
    }

    /// Stops accepting, lets in-flight requests finish (for at most
    /// [`SHUTDOWN_GRACE`]), and waits for the server task.
    pub async fn shutdown(mut self) -> std::io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.task.take() {
            Some(task) => task.await.map_err(std::io::Error::other)?,
            None => Ok(()),
        }
    }
}

impl Drop for RunningMock {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Binds `listen` (use `127.0.0.1:0` for a free port) and serves `zone` on
/// the current tokio runtime.
pub async fn start(zone: Zone, listen: SocketAddr, config: ServerConfig) -> std::io::Result<RunningMock> {
    let listener = TcpListener::bind(listen).await?;
    serve(zone, listener, config, std::future::pending()).await
}

/// How long in-flight requests may take to finish once the mock is told to
/// stop. Then it stops waiting, so a stalled client cannot keep it running:
/// the binary exits, ending what is left; in-process, a connection still
/// open lives on until its client closes it or the runtime ends.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Serves on an already bound listener until `shutdown_signal` completes or
/// the returned handle is shut down; then lets in-flight requests finish for
/// at most [`SHUTDOWN_GRACE`].
pub async fn serve(
    zone: Zone,
    listener: TcpListener,
    config: ServerConfig,
    shutdown_signal: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<RunningMock> {
    let addr = listener.local_addr()?;
    let (stop, stopped) = oneshot::channel::<()>();
    let router = app(zone.clone(), config);
    let task = tokio::spawn(async move {
        let (fired, on_fire) = oneshot::channel::<()>();
        let external = async move {
            tokio::select! {
                _ = stopped => {}
                () = shutdown_signal => {}
            }
            let _ = fired.send(());
        };
        // Through OnezoneListener: hyper's own 400/414/431 answers get the Onezone error body too.
        let server = axum::serve(onezone_server::OnezoneListener::new(listener), router)
            .with_graceful_shutdown(external)
            .into_future();
        tokio::select! {
            result = server => result,
            // The drain is bounded: dropping the server future closes the
            // listener; the binary's runtime then ends what is left.
            () = async {
                if on_fire.await.is_ok() {
                    tokio::time::sleep(SHUTDOWN_GRACE).await;
                } else {
                    std::future::pending::<()>().await;
                }
            } => Ok(()),
        }
    });
    Ok(RunningMock { addr, zone, stop: Some(stop), task: Some(task) })
}
