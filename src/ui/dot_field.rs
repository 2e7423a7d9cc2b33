//! A canvas of many dots: the peers of a swarm, the nodes of a gossip
//! network. Dots stand on a grid that fills the canvas; a few hundred are
//! drawn as discs, thousands as squares of pixels put in one go, which costs
//! the browser far less than thousands of shapes to rasterise.

use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

/// An RGB colour.
pub type Rgb = (u8, u8, u8);
/// Dots of one colour, by their centres.
pub type DotGroup = (Rgb, Vec<(f64, f64)>);

/// Up to this many dots, each is a disc; beyond, a small square of pixels.
const MAX_DISCS: usize = 1_000;

/// A canvas sized to its box, cleared, in CSS pixels.
pub struct Surface {
    pub context: CanvasRenderingContext2d,
    pub width: f64,
    pub height: f64,
    ratio: f64,
}

impl Surface {
    /// The canvas's 2D context, its backing store matched to its size on
    /// screen and the device's pixel ratio; none while it has no size.
    pub fn of(canvas: &HtmlCanvasElement) -> Option<Surface> {
        let ratio = web_sys::window().map_or(1.0, |window| window.device_pixel_ratio());
        let (width, height) = (canvas.client_width() as f64, canvas.client_height() as f64);
        if width <= 0.0 || height <= 0.0 {
            return None;
        }
        let (pixels_w, pixels_h) = ((width * ratio) as u32, (height * ratio) as u32);
        if canvas.width() != pixels_w || canvas.height() != pixels_h {
            canvas.set_width(pixels_w);
            canvas.set_height(pixels_h);
        }
        // Kept in memory, not on the GPU (HTML, "willReadFrequently"):
        // headless Chromium's GPU is emulated, and writing 10,000 peers'
        // pixels to it took 6.5 ms a frame (a Chromium trace).
        let options = js_sys::Object::new();
        js_sys::Reflect::set(&options, &"willReadFrequently".into(), &true.into()).ok()?;
        let context = canvas
            .get_context_with_context_options("2d", &options)
            .ok()
            .flatten()?
            .dyn_into::<CanvasRenderingContext2d>()
            .ok()?;
        let _ = context.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0);
        context.clear_rect(0.0, 0.0, width, height);
        Some(Surface {
            context,
            width,
            height,
            ratio,
        })
    }

    /// Draws each group of dots in its colour. With many dots this replaces
    /// the canvas's pixels, so draw lines after it, not before, when there
    /// are more than a thousand.
    pub fn dots(&self, field: &Field, groups: &[DotGroup]) {
        let count: usize = groups.iter().map(|(_, dots)| dots.len()).sum();
        if count <= MAX_DISCS {
            for ((r, g, b), dots) in groups.iter().filter(|(_, dots)| !dots.is_empty()) {
                self.context
                    .set_fill_style_str(&format!("rgb({r},{g},{b})"));
                self.context.begin_path();
                for &(x, y) in dots {
                    self.context.move_to(x + field.radius, y);
                    let _ = self
                        .context
                        .arc(x, y, field.radius, 0.0, std::f64::consts::TAU);
                }
                self.context.fill();
            }
        } else {
            self.squares(field.radius, groups);
        }
    }

    fn squares(&self, radius: f64, groups: &[DotGroup]) {
        let (width, height) = (
            (self.width * self.ratio) as u32,
            (self.height * self.ratio) as u32,
        );
        let mut pixels = vec![0u8; width as usize * height as usize * 4];
        let side = ((2.0 * radius * self.ratio).round() as i64).max(1);
        for ((r, g, b), dots) in groups {
            for &(x, y) in dots {
                let left = ((x - radius) * self.ratio) as i64;
                let top = ((y - radius) * self.ratio) as i64;
                for py in top.max(0)..(top + side).min(height as i64) {
                    for px in left.max(0)..(left + side).min(width as i64) {
                        let at = (py as usize * width as usize + px as usize) * 4;
                        pixels[at..at + 4].copy_from_slice(&[*r, *g, *b, 255]);
                    }
                }
            }
        }
        if let Ok(image) =
            ImageData::new_with_u8_clamped_array_and_sh(Clamped(&pixels), width, height)
        {
            let _ = self.context.put_image_data(&image, 0.0, 0.0);
        }
    }
}

/// Where `n` dots stand in a box of `width` × `height` below a band of
/// `top` pixels: a grid of square cells as large as fits.
pub struct Field {
    columns: u32,
    cell: f64,
    left: f64,
    top: f64,
    pub radius: f64,
}

impl Field {
    pub fn new(n: u32, width: f64, height: f64, top: f64) -> Field {
        let (area_w, area_h) = (width - 16.0, (height - top - 8.0).max(10.0));
        let n = n.max(1) as f64;
        let columns = (n * area_w / area_h).sqrt().ceil().max(1.0);
        let rows = (n / columns).ceil();
        let cell = (area_w / columns).min(area_h / rows);
        Field {
            columns: columns as u32,
            cell,
            left: 8.0 + (area_w - cell * columns) / 2.0,
            top,
            radius: (cell * 0.38).clamp(0.8, 7.0),
        }
    }

    /// The centre of dot `index`.
    pub fn at(&self, index: u32) -> (f64, f64) {
        let (column, row) = (index % self.columns, index / self.columns);
        (
            self.left + (column as f64 + 0.5) * self.cell,
            self.top + (row as f64 + 0.5) * self.cell,
        )
    }
}
