//! Files the page offers to save (a chart's numbers, the run's capture),
//! all through one helper, `saveFile` in src/ui/chart_export.js: a Blob
//! and a click on an `<a download>` (HTML's "downloading resources").

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen(module = "/src/ui/chart_export.js")]
extern "C" {
    /// Offers `text` as the file `name` of type `mime`.
    #[wasm_bindgen(js_name = saveFile)]
    pub fn save_text(name: &str, text: &str, mime: &str);
    /// Offers `bytes` as the file `name` of type `mime`.
    #[wasm_bindgen(js_name = saveFile)]
    pub fn save_bytes(name: &str, bytes: &[u8], mime: &str);
}
