//! `mock-gateway`: run the local LiteLLM stand-in on 127.0.0.1.

use clap::Parser;
use std::{net::SocketAddr, time::Duration};

#[derive(Parser)]
#[command(
    name = "mock-gateway",
    about = "A local stand-in for a LiteLLM proxy's image endpoints (OpenAI-compatible wire format)",
    after_long_help = mock_gateway::help_text()
)]
struct Args {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 8787)]
    port: u16,
    /// A bearer key to accept (repeatable). Default: the demo key.
    #[arg(long = "key")]
    keys: Vec<String>,
    /// Wait this many milliseconds before every answer.
    #[arg(long, default_value_t = 0)]
    delay_ms: u64,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let mut options = mock_gateway::Options::default();
    if !args.keys.is_empty() {
        options.keys = args.keys;
    }
    options.delay = Duration::from_millis(args.delay_ms);
    let addr = SocketAddr::from(([127, 0, 0, 1], args.port));
    let (bound, task) = mock_gateway::spawn(mock_gateway::gateway(options), addr).await?;
    println!("mock gateway: http://{bound}/v1  (see --help for behaviours)");
    tokio::select! {
        _ = task => {}
        _ = tokio::signal::ctrl_c() => {}
    }
    Ok(())
}
