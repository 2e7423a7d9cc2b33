//! Files the page offers to save (a chart's numbers, the run's capture, the
//! sandbox's network and its stage's pictures), all through one helper,
//! `saveFile` in src/ui/chart_export.js: a Blob and a click on an
//! `<a download>` (HTML's "downloading resources").

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen(module = "/src/ui/chart_export.js")]
extern "C" {
    /// Offers `text` as the file `name` of type `mime`.
    #[wasm_bindgen(js_name = saveFile)]
    pub fn save_text(name: &str, text: &str, mime: &str);
    /// Offers `bytes` as the file `name` of type `mime`.
    #[wasm_bindgen(js_name = saveFile)]
    pub fn save_bytes(name: &str, bytes: &[u8], mime: &str);
    /// Offers the `<svg>` `svg` as it looks on screen as the SVG file `name`,
    /// its styles copied onto its shapes so that it stands alone.
    #[wasm_bindgen(js_name = saveSvg)]
    pub fn save_svg(svg: &web_sys::Element, name: &str);
    /// The same drawn at twice its size, as the PNG file `name`.
    #[wasm_bindgen(js_name = saveSvgPng)]
    pub fn save_svg_png(svg: &web_sys::Element, name: &str);
}
