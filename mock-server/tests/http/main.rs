//! The mock over real HTTP: the `onezone-mock` binary's interface, and
//! `onezone-client` talking to the in-process server on 127.0.0.1.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

mod binary;
mod flows;
mod protocol;

use std::net::SocketAddr;

use onezone_client::Client;
use onezone_mock::{RunningMock, Seed, Zone};
use onezone_server::ServerConfig;

pub const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/seed.yaml");

/// The example zone on a free port.
pub async fn seeded() -> RunningMock {
    let zone = Zone::from_seed(Seed::from_file(SEED).unwrap()).unwrap();
    let listen: SocketAddr = "127.0.0.1:0".parse().unwrap();
    onezone_mock::start(zone, listen, ServerConfig::default()).await.unwrap()
}

pub fn as_user(mock: &RunningMock, user: &str, password: &str) -> Client {
    Client::builder(&mock.url()).basic_auth(user, password).timeout(std::time::Duration::from_secs(10)).build().unwrap()
}
