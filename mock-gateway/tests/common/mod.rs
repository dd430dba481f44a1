//! Shared by the mock's integration tests.

use std::net::SocketAddr;

/// A mock with default options on a free loopback port.
pub async fn start() -> SocketAddr {
    let (addr, _) = mock_gateway::spawn(
        mock_gateway::gateway(Default::default()),
        ([127, 0, 0, 1], 0).into(),
    )
    .await
    .expect("the mock binds on loopback");
    addr
}
