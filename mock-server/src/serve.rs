//! Running the mock over HTTP: in-process for tests, or as the
//! `onezone-mock` binary.

use std::net::SocketAddr;
use std::sync::Arc;

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

    /// Stops accepting, lets in-flight requests finish, and waits for the
    /// server task.
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

/// Serves on an already bound listener until `shutdown_signal` completes or
/// the returned handle is shut down.
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
        let external = async move {
            tokio::select! {
                _ = stopped => {}
                () = shutdown_signal => {}
            }
        };
        axum::serve(listener, router).with_graceful_shutdown(external).await
    });
    Ok(RunningMock { addr, zone, stop: Some(stop), task: Some(task) })
}
