//! Packets rasterised into an RGBA pixel buffer: thick segments with round
//! ends (capsules), edges antialiased, blended over what is there. Pure Rust,
//! tested natively; the UI hands the buffer to a canvas in one call, which
//! costs a browser far less than rasterising thousands of strokes itself.

use super::geometry::Point;

/// A colour's red, green and blue.
pub type Rgb = [u8; 3];

/// `#rrggbb` as red, green and blue (black if it is not that form).
pub fn rgb(hex: &str) -> Rgb {
    let channel = |at: usize| {
        hex.get(at..at + 2)
            .and_then(|digits| u8::from_str_radix(digits, 16).ok())
            .unwrap_or(0)
    };
    if hex.len() == 7 && hex.starts_with('#') {
        [channel(1), channel(3), channel(5)]
    } else {
        [0, 0, 0]
    }
}

/// An RGBA image (straight, not premultiplied, alpha: what `ImageData`
/// holds), `width` pixels a row.
pub struct Pixels<'a> {
    data: &'a mut [u8],
    width: usize,
    height: usize,
}

impl<'a> Pixels<'a> {
    /// The image over `data`, which must hold `width × height × 4` bytes.
    pub fn new(data: &'a mut [u8], width: usize, height: usize) -> Pixels<'a> {
        assert_eq!(data.len(), width * height * 4, "an RGBA buffer of the size");
        Pixels {
            data,
            width,
            height,
        }
    }

    /// Every pixel transparent.
    pub fn clear(&mut self) {
        self.data.fill(0);
    }

    /// The pixel at (`x`, `y`) as red, green, blue, alpha.
    pub fn at(&self, x: usize, y: usize) -> [u8; 4] {
        let i = (y * self.width + x) * 4;
        [
            self.data[i],
            self.data[i + 1],
            self.data[i + 2],
            self.data[i + 3],
        ]
    }

    /// Paints every pixel within `radius` of the segment from `a` to `b` (in
    /// pixels, with (0, 0) the top-left corner of the top-left pixel) in
    /// `colour` at `opacity`: the pixels whose centres are that near, with no
    /// antialiasing (at thousands of packets a frame the edges do not show).
    /// Visits only the rows the capsule crosses, and in each row only its
    /// span, found from the segment, not pixel by pixel.
    pub fn capsule(&mut self, a: Point, b: Point, radius: f64, colour: Rgb, opacity: f64) {
        if !(radius > 0.0 && opacity > 0.0 && [a.0, a.1, b.0, b.1].iter().all(|v| v.is_finite())) {
            return;
        }
        let capsule = Capsule::new(a, b, radius);
        let top = (a.1.min(b.1) - radius).floor().max(0.0) as usize;
        let bottom = ((a.1.max(b.1) + radius).ceil().max(0.0) as usize).min(self.height);
        let opacity = opacity.min(1.0) as f32;
        let opaque = [colour[0], colour[1], colour[2], 255];
        for y in top..bottom {
            let Some((low, high)) = capsule.row(y as f64 + 0.5) else {
                continue;
            };
            // The pixels whose centres lie in the span: from ⌈low − ½⌉ to
            // ⌊high − ½⌋, by casts (a float's `ceil` is a library call on
            // a plain x86-64 target, and this runs for every row).
            let high = high - 0.5;
            if high < 0.0 {
                continue;
            }
            let right = (high as usize + 1).min(self.width);
            let low = (low - 0.5).max(0.0);
            let left = low as usize + usize::from((low as usize as f64) < low);
            if left >= right {
                continue;
            }
            let row = &mut self.data[(y * self.width + left) * 4..(y * self.width + right) * 4];
            if opacity >= 1.0 {
                row.chunks_exact_mut(4)
                    .for_each(|px| px.copy_from_slice(&opaque));
            } else {
                row.chunks_exact_mut(4)
                    .for_each(|px| blend(px, colour, opacity));
            }
        }
    }

    /// Dashes along the segment from `a` to `b`, `on` long with `off`
    /// between, each a capsule of `radius` (a stroke with round caps and a
    /// dash pattern, as a canvas draws one).
    pub fn dashed(&mut self, a: Point, b: Point, radius: f64, (on, off): (f64, f64), colour: Rgb) {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let length = dx.hypot(dy);
        if !(on > 0.0 && off >= 0.0 && length.is_finite()) {
            return;
        }
        let (ux, uy) = if length > 0.0 {
            (dx / length, dy / length)
        } else {
            (0.0, 0.0)
        };
        let point = |along: f64| (a.0 + ux * along, a.1 + uy * along);
        let mut start = 0.0;
        while start < length || (start == 0.0 && length == 0.0) {
            let end = (start + on).min(length);
            self.capsule(point(start), point(end), radius, colour, 1.0);
            start += on + off;
        }
    }
}

/// `colour` at `alpha` over the pixel `px` (straight alpha). Rounds by
/// adding a half: `f32::round` is a library call in WebAssembly, too slow for
/// every pixel.
#[inline]
fn blend(px: &mut [u8], colour: Rgb, alpha: f32) {
    let byte = |value: f32| (value + 0.5) as u8;
    if alpha >= 1.0 {
        px.copy_from_slice(&[colour[0], colour[1], colour[2], 255]);
        return;
    }
    if px[3] == 0 {
        px.copy_from_slice(&[colour[0], colour[1], colour[2], byte(alpha * 255.0)]);
        return;
    }
    let below = px[3] as f32 / 255.0;
    let kept = below * (1.0 - alpha);
    let out = alpha + kept;
    for (channel, &c) in px[..3].iter_mut().zip(&colour) {
        *channel = byte((c as f32 * alpha + *channel as f32 * kept) / out);
    }
    px[3] = byte(out * 255.0);
}

/// The segment under a capsule of radius `r`, with what its rows need
/// precomputed: each row's span is a few multiplications and two square
/// roots, with no division.
struct Capsule {
    a: Point,
    b: Point,
    r: f64,
    /// The segment's direction as a unit vector, and its length.
    u: Point,
    length: f64,
    /// 1 / u.x and 1 / u.y, or none where the component is (nearly) 0 and
    /// the condition on x it would give is on y alone.
    inv: (Option<f64>, Option<f64>),
}

impl Capsule {
    fn new(a: Point, b: Point, r: f64) -> Capsule {
        let d = (b.0 - a.0, b.1 - a.1);
        // Not `hypot`: in WebAssembly that is a slow library call.
        let length = (d.0 * d.0 + d.1 * d.1).sqrt();
        let u = if length > 0.0 {
            (d.0 / length, d.1 / length)
        } else {
            (0.0, 0.0)
        };
        let inverse = |k: f64| (k.abs() >= 1e-12).then(|| 1.0 / k);
        Capsule {
            a,
            b,
            r,
            u,
            length,
            inv: (inverse(u.0), inverse(u.1)),
        }
    }

    /// Distance from `p` to the segment.
    #[cfg(test)]
    fn distance(&self, p: Point) -> f64 {
        let (a, u) = (self.a, self.u);
        let t = ((p.0 - a.0) * u.0 + (p.1 - a.1) * u.1).clamp(0.0, self.length);
        let (ex, ey) = (p.0 - (a.0 + t * u.0), p.1 - (a.1 + t * u.1));
        (ex * ex + ey * ey).sqrt()
    }

    /// The span of x where the row at height `y` is within `r` of the
    /// segment: the hull of the two end discs' chords and the band's span
    /// (the capsule is convex, so they make one interval).
    fn row(&self, y: f64) -> Option<(f64, f64)> {
        let (mut low, mut high) = (f64::INFINITY, f64::NEG_INFINITY);
        for end in [self.a, self.b] {
            let dy = y - end.1;
            let chord = self.r * self.r - dy * dy;
            if chord >= 0.0 {
                let half = chord.sqrt();
                low = low.min(end.0 - half);
                high = high.max(end.0 + half);
            }
        }
        if self.length > 0.0 {
            let (a, u, dy) = (self.a, self.u, y - self.a.1);
            // Along the segment, 0 ≤ (x − a.x)·u.x + dy·u.y ≤ |d|;
            // across it, −r ≤ (x − a.x)·u.y − dy·u.x ≤ r.
            let along = within(self.inv.0, a.0 * u.0 - dy * u.1, 0.0, self.length);
            let across = within(self.inv.1, a.0 * u.1 + dy * u.0, -self.r, self.r);
            if let (Some((l1, h1)), Some((l2, h2))) = (along, across) {
                let (band_low, band_high) = (l1.max(l2), h1.min(h2));
                if band_low <= band_high {
                    low = low.min(band_low);
                    high = high.max(band_high);
                }
            }
        }
        (low <= high).then_some((low, high))
    }
}

/// The x where `low ≤ x·k − c ≤ high`, given `inv` = 1 / k, as an interval;
/// where k is 0 (`inv` none) the condition is −c's alone, and holds for
/// every x or none.
fn within(inv: Option<f64>, c: f64, low: f64, high: f64) -> Option<(f64, f64)> {
    let Some(inv) = inv else {
        return (low <= -c && -c <= high).then_some((f64::NEG_INFINITY, f64::INFINITY));
    };
    let (x1, x2) = ((low + c) * inv, (high + c) * inv);
    Some((x1.min(x2), x1.max(x2)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const RED: Rgb = [255, 0, 0];

    fn image(width: usize, height: usize) -> Vec<u8> {
        vec![0; width * height * 4]
    }

    #[test]
    fn colours_parse_from_hex() {
        assert_eq!(rgb("#0f9b74"), [0x0f, 0x9b, 0x74]);
        assert_eq!(rgb("#FFFFFF"), [255, 255, 255]);
        assert_eq!(rgb("teal"), [0, 0, 0]);
    }

    #[test]
    fn a_capsule_fills_its_inside_and_rounds_its_ends() {
        let mut data = image(40, 20);
        let mut pixels = Pixels::new(&mut data, 40, 20);
        pixels.capsule((10.0, 10.0), (30.0, 10.0), 4.5, RED, 1.0);
        // Along the middle and across its width, opaque.
        for x in 10..30 {
            assert_eq!(pixels.at(x, 9), [255, 0, 0, 255], "x = {x}");
            assert_eq!(pixels.at(x, 6), [255, 0, 0, 255], "x = {x}");
        }
        // Beyond its width and its round ends, nothing.
        assert_eq!(pixels.at(20, 15)[3], 0);
        assert_eq!(pixels.at(20, 4)[3], 0);
        assert_eq!(pixels.at(36, 10)[3], 0);
        assert_eq!(pixels.at(4, 10)[3], 0);
        // The end is round: the corner of its bounding box stays empty,
        // the cap's tip is painted.
        assert_eq!(pixels.at(34, 6)[3], 0);
        assert_eq!(pixels.at(33, 9)[3], 255);
        // A pixel whose centre is on the edge is in; one beyond is out.
        assert_eq!(pixels.at(20, 14)[3], 255);
        assert_eq!(pixels.at(20, 15)[3], 0);
    }

    #[test]
    fn a_slanted_capsule_covers_the_points_near_its_segment_only() {
        let (w, h) = (60, 60);
        let mut data = image(w, h);
        let mut pixels = Pixels::new(&mut data, w, h);
        let (a, b, r) = ((8.0, 50.0), (47.0, 13.0), 4.0);
        pixels.capsule(a, b, r, RED, 1.0);
        let capsule = Capsule::new(a, b, r);
        for y in 0..h {
            for x in 0..w {
                let d = capsule.distance((x as f64 + 0.5, y as f64 + 0.5));
                let alpha = pixels.at(x, y)[3];
                if d <= r - 0.5 {
                    assert_eq!(alpha, 255, "({x}, {y}) at {d}");
                } else if d >= r + 0.5 {
                    assert_eq!(alpha, 0, "({x}, {y}) at {d}");
                }
            }
        }
    }

    #[test]
    fn capsules_off_the_image_are_clipped() {
        let mut data = image(10, 10);
        let mut pixels = Pixels::new(&mut data, 10, 10);
        pixels.capsule((-20.0, 5.0), (30.0, 5.0), 2.0, RED, 1.0);
        pixels.capsule((-50.0, -50.0), (-40.0, -40.0), 2.0, RED, 1.0);
        pixels.capsule((5.0, 8.0), (5.0, 40.0), 2.0, RED, 1.0);
        assert_eq!(pixels.at(0, 5)[3], 255);
        assert_eq!(pixels.at(9, 5)[3], 255);
        assert_eq!(pixels.at(5, 9)[3], 255);
        assert_eq!(pixels.at(0, 0)[3], 0);
    }

    #[test]
    fn translucent_paint_blends_over_what_is_there() {
        let mut data = image(10, 10);
        let mut pixels = Pixels::new(&mut data, 10, 10);
        pixels.capsule((2.0, 5.0), (8.0, 5.0), 3.0, [0, 0, 255], 1.0);
        pixels.capsule((2.0, 5.0), (8.0, 5.0), 3.0, RED, 0.5);
        assert_eq!(pixels.at(5, 5), [128, 0, 128, 255]);
        // Over nothing, the paint keeps its colour and is half opaque.
        let mut data = image(10, 10);
        let mut pixels = Pixels::new(&mut data, 10, 10);
        pixels.capsule((2.0, 5.0), (8.0, 5.0), 3.0, RED, 0.5);
        assert_eq!(pixels.at(5, 5), [255, 0, 0, 128]);
        pixels.clear();
        assert_eq!(pixels.at(5, 5), [0, 0, 0, 0]);
    }

    #[test]
    fn dashes_leave_gaps() {
        let mut data = image(40, 10);
        let mut pixels = Pixels::new(&mut data, 40, 10);
        // 4 on, 6 off, radius 1: dashes over x 2..6, 12..16, 22..26, 32..36
        // (caps one further).
        pixels.dashed((2.0, 5.0), (38.0, 5.0), 1.0, (4.0, 6.0), RED);
        for x in [3, 5, 13, 15, 23, 33] {
            assert_eq!(pixels.at(x, 4)[3], 255, "x = {x}");
        }
        for x in [8, 9, 18, 19, 29] {
            assert_eq!(pixels.at(x, 4)[3], 0, "x = {x}");
        }
    }
}
