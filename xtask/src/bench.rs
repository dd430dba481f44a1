//! `cargo xtask bench`: what the first load costs, per file, raw and gzip,
//! against the budget in DESIGN.md.

use crate::{build_dist, root};
use flate2::{write::GzEncoder, Compression};
use std::io::Write;

/// Everything the first load fetches (wasm, JS, CSS, HTML), gzip -9.
pub const FIRST_LOAD_BUDGET_GZIP: u64 = 200 * 1024;

fn gzip_len(bytes: &[u8]) -> u64 {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().map_or(0, |v| v.len() as u64)
}

pub fn run() -> Result<(), String> {
    build_dist()?;
    let dist = root().join("dist");
    let mut files: Vec<(String, u64, u64)> = std::fs::read_dir(&dist)
        .map_err(|e| format!("cannot read {}: {e}", dist.display()))?
        .filter_map(Result::ok)
        .filter(|entry| entry.path().is_file())
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().to_string();
            if name.starts_with('.') {
                return None;
            }
            let bytes = std::fs::read(entry.path()).ok()?;
            Some((name, bytes.len() as u64, gzip_len(&bytes)))
        })
        .collect();
    files.sort_by_key(|f| std::cmp::Reverse(f.2));
    println!("\nRelease build, first load:\n");
    println!("  {:<44} {:>10} {:>10}", "file", "raw", "gzip");
    for (name, raw, gz) in &files {
        println!("  {name:<44} {:>10} {:>10}", kb(*raw), kb(*gz));
    }
    let (raw, gz) = files
        .iter()
        .fold((0, 0), |(r, g), (_, raw, gz)| (r + raw, g + gz));
    println!("  {:<44} {:>10} {:>10}", "total", kb(raw), kb(gz));
    println!(
        "\n  budget: {} gzip — {}",
        kb(FIRST_LOAD_BUDGET_GZIP),
        if gz <= FIRST_LOAD_BUDGET_GZIP {
            "within"
        } else {
            "OVER"
        }
    );
    if gz > FIRST_LOAD_BUDGET_GZIP {
        return Err(format!(
            "first load is {} gzip, over the {} budget",
            kb(gz),
            kb(FIRST_LOAD_BUDGET_GZIP)
        ));
    }
    Ok(())
}

fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}
