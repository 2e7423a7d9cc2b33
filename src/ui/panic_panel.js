// The error panel's Reload button (panic_panel.rs) must work after a panic,
// when the wasm has stopped, and without inline script, which the page's
// Content-Security-Policy refuses: one plain listener on the document,
// added while the app starts.
export function reloadOnClick() {
  document.addEventListener('click', (event) => {
    if (event.target.closest?.('[data-reload]')) location.reload();
  });
}
