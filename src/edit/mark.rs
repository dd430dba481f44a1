//! Marking an area of a reference: strokes in the picture's own pixels,
//! undo, clear, and the brush sizes.                                 [pure]
//!
//! Gemini takes no masks. A bright mark drawn on the picture, sent as the
//! reference, is how a person points at a region ("change the marked
//! area"); the unmarked original stays beside it.

/// The mark's colour: bright magenta, rare in photos, half see-through so
/// the model still sees what is under it.
pub const COLOUR: &str = "rgba(255, 0, 255, 0.6)";

/// Brush sizes offered, as a share of the picture's longest side (%).
pub const BRUSHES: [u32; 4] = [2, 4, 8, 14];

/// One stroke: its width and the points it went through, in the picture's
/// pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct Stroke {
    pub width: f64,
    pub points: Vec<(f64, f64)>,
}

/// The strokes drawn so far, oldest first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Marks {
    pub strokes: Vec<Stroke>,
}

impl Marks {
    /// A stroke begins at `at`.
    pub fn start(&mut self, at: (f64, f64), width: f64) {
        self.strokes.push(Stroke {
            width,
            points: vec![at],
        });
    }

    /// The stroke being drawn goes on to `at`.
    pub fn extend(&mut self, at: (f64, f64)) {
        if let Some(stroke) = self.strokes.last_mut() {
            stroke.points.push(at);
        }
    }

    /// Takes back the last stroke.
    pub fn undo(&mut self) -> bool {
        self.strokes.pop().is_some()
    }

    pub fn is_empty(&self) -> bool {
        self.strokes.is_empty()
    }
}

/// A point on the picture as shown (CSS pixels from its top left corner,
/// shown `shown_width` wide) in the picture's own pixels, kept inside it.
pub fn to_picture(at: (f64, f64), shown_width: f64, size: (u32, u32)) -> (f64, f64) {
    let scale = if shown_width > 0.0 {
        f64::from(size.0) / shown_width
    } else {
        1.0
    };
    // max/min, not `clamp`: its panic message formats floats, and
    // float formatting is ~14 KB of wasm.
    (
        (at.0 * scale).max(0.0).min(f64::from(size.0)),
        (at.1 * scale).max(0.0).min(f64::from(size.1)),
    )
}

/// A brush's width in the picture's pixels: a share of its longest side,
/// so a mark looks the same on a small and a large picture.
pub fn brush_width(percent: u32, size: (u32, u32)) -> f64 {
    (f64::from(size.0.max(size.1)) * f64::from(percent) / 100.0).max(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn strokes_are_drawn_undone_and_cleared() {
        let mut marks = Marks::default();
        assert!(marks.is_empty());
        marks.extend((1.0, 1.0)); // no stroke begun: nothing happens
        assert!(marks.is_empty());
        marks.start((10.0, 10.0), 8.0);
        marks.extend((20.0, 15.0));
        marks.start((50.0, 50.0), 16.0);
        assert_eq!(marks.strokes.len(), 2);
        assert_eq!(marks.strokes[0].points, [(10.0, 10.0), (20.0, 15.0)]);
        assert!(marks.undo());
        assert_eq!(marks.strokes.len(), 1);
        assert!(marks.undo());
        assert!(!marks.undo());
    }

    #[test]
    fn a_point_on_screen_is_a_point_on_the_picture() {
        // A 2048×1536 picture shown 512 px wide: 4 picture pixels per CSS pixel.
        assert_eq!(
            to_picture((100.0, 50.0), 512.0, (2048, 1536)),
            (400.0, 200.0)
        );
        // Outside the picture (a finger sliding off): kept on its edge.
        assert_eq!(
            to_picture((-5.0, 900.0), 512.0, (2048, 1536)),
            (0.0, 1536.0)
        );
        // Not laid out yet: taken as shown at its own size.
        assert_eq!(to_picture((3.0, 4.0), 0.0, (10, 10)), (3.0, 4.0));
    }

    #[test]
    fn brushes_are_a_share_of_the_picture() {
        assert_eq!(brush_width(4, (2048, 1536)), 81.92);
        assert_eq!(brush_width(4, (100, 50)), 4.0);
        assert_eq!(brush_width(2, (10, 10)), 1.0, "never thinner than a pixel");
    }
}
