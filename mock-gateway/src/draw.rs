//! Real PNGs drawn from the prompt: the same prompt gives the same picture,
//! different prompts give visibly different ones (colours, shapes, layout).

/// A stable 64-bit FNV-1a hash, so pictures do not change between runs.
pub fn hash(text: &str, salt: u64) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325_u64 ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*: tiny and good enough for pictures and noise.
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn hsv(h: f32, s: f32, v: f32) -> [u8; 3] {
    let c = v * s;
    let hp = (h % 360.0) / 60.0;
    let x = c * (1.0 - (hp % 2.0 - 1.0).abs());
    let (r, g, b) = match hp as u32 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    let m = v - c;
    [r, g, b].map(|ch| ((ch + m) * 255.0).round() as u8)
}

/// Draws a `width`x`height` RGB picture for `seed`: a two-colour gradient at a
/// seed-chosen angle with a handful of discs and rings, then encodes it as PNG.
pub fn picture(seed: u64, width: u32, height: u32) -> Vec<u8> {
    let mut rng = Rng(seed | 1);
    let hue = rng.below(360) as f32;
    let top = hsv(hue, 0.55, 0.95);
    let bottom = hsv(hue + 120.0 + rng.below(120) as f32, 0.65, 0.45);
    let angle = rng.below(360) as f32 * std::f32::consts::PI / 180.0;
    let (dx, dy) = (angle.cos(), angle.sin());
    let (w, h) = (width as f32, height as f32);
    let span = (w * dx.abs() + h * dy.abs()).max(1.0);

    let shapes: Vec<(f32, f32, f32, [u8; 3], bool)> = (0..3 + rng.below(4))
        .map(|_| {
            let cx = rng.below(u64::from(width)) as f32;
            let cy = rng.below(u64::from(height)) as f32;
            let r = (w.min(h) * (0.08 + rng.below(25) as f32 / 100.0)).max(2.0);
            let colour = hsv(hue + 180.0 + rng.below(90) as f32, 0.7, 1.0);
            (cx, cy, r, colour, rng.below(2) == 0)
        })
        .collect();

    let mut pixels = Vec::with_capacity((width * height * 3) as usize);
    for y in 0..height {
        for x in 0..width {
            let (fx, fy) = (x as f32, y as f32);
            let t = (((fx - w / 2.0) * dx + (fy - h / 2.0) * dy) / span + 0.5).clamp(0.0, 1.0);
            let mut px = [0u8; 3];
            for i in 0..3 {
                px[i] = (f32::from(top[i]) * (1.0 - t) + f32::from(bottom[i]) * t) as u8;
            }
            for &(cx, cy, r, colour, ring) in &shapes {
                let d = ((fx - cx).powi(2) + (fy - cy).powi(2)).sqrt();
                let inside = if ring {
                    (d - r).abs() < r * 0.15
                } else {
                    d < r
                };
                if inside {
                    px = colour;
                }
            }
            pixels.extend_from_slice(&px);
        }
    }
    encode(&pixels, width, height, png::Compression::Fast)
}

/// Incompressible noise: `picture`'s big sibling for ~1.5 MB PNGs.
pub fn noise(seed: u64, width: u32, height: u32) -> Vec<u8> {
    let mut rng = Rng(seed | 1);
    let mut pixels = Vec::with_capacity((width * height * 3) as usize + 8);
    while pixels.len() < (width * height * 3) as usize {
        pixels.extend_from_slice(&rng.next().to_le_bytes());
    }
    pixels.truncate((width * height * 3) as usize);
    encode(&pixels, width, height, png::Compression::Fast)
}

/// A picture visibly made from another: a PNG's colours inverted, at its
/// size (an "edit" a person and a test can both see happened). `None` for
/// anything that is not a PNG this decoder reads, or one over 4096 px.
pub fn inverted(png_bytes: &[u8]) -> Option<Vec<u8>> {
    let mut decoder = png::Decoder::new(png_bytes);
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().ok()?;
    let (width, height) = (reader.info().width, reader.info().height);
    if width == 0 || height == 0 || width > 4096 || height > 4096 {
        return None;
    }
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).ok()?;
    let channels = match info.color_type {
        png::ColorType::Grayscale => 1,
        png::ColorType::GrayscaleAlpha => 2,
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        png::ColorType::Indexed => return None,
    };
    let rgb: Vec<u8> = buf[..info.buffer_size()]
        .chunks_exact(channels)
        .flat_map(|px| {
            let [r, g, b] = match channels {
                1 | 2 => [px[0]; 3],
                _ => [px[0], px[1], px[2]],
            };
            [255 - r, 255 - g, 255 - b]
        })
        .collect();
    Some(encode(&rgb, width, height, png::Compression::Fast))
}

fn encode(rgb: &[u8], width: u32, height: u32, compression: png::Compression) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(compression);
    // Writing into a Vec with dimensions that match the data cannot fail.
    let mut writer = encoder.write_header().expect("PNG header into a Vec");
    writer.write_image_data(rgb).expect("PNG data into a Vec");
    drop(writer);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_inverts_the_input_at_its_size() {
        let input = picture(7, 64, 48);
        let output = inverted(&input).expect("a PNG in, a PNG out");
        let (w, h, a) = decode(&input);
        let (w2, h2, b) = decode(&output);
        assert_eq!((w, h), (w2, h2));
        assert_eq!(a.len(), b.len());
        assert!(a.iter().zip(&b).all(|(x, y)| x + y == 255));
        assert_eq!(inverted(b"not a png"), None);
    }

    fn decode(png_bytes: &[u8]) -> (u32, u32, Vec<u8>) {
        let decoder = png::Decoder::new(png_bytes);
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut buf).unwrap();
        buf.truncate(info.buffer_size());
        (info.width, info.height, buf)
    }

    #[test]
    fn pictures_are_valid_sized_and_depend_on_the_seed() {
        let a = picture(hash("a red fox", 0), 96, 64);
        let b = picture(hash("a blue whale", 0), 96, 64);
        let (w, h, pa) = decode(&a);
        assert_eq!((w, h), (96, 64));
        let (_, _, pb) = decode(&b);
        let differing = pa
            .chunks(3)
            .zip(pb.chunks(3))
            .filter(|(x, y)| x != y)
            .count();
        assert!(differing > 96 * 64 / 2, "only {differing} pixels differ");
        assert_eq!(a, picture(hash("a red fox", 0), 96, 64), "deterministic");
    }

    #[test]
    fn noise_does_not_compress() {
        let big = noise(7, 724, 724);
        assert!(big.len() > 1_500_000, "{}", big.len());
        assert_eq!(decode(&big).0, 724);
    }
}
