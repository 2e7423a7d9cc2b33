
// Offline after the first visit: the service worker (sw.js) beside this
// page, scoped to this page's folder, so the lab works at any sub-path.
// A teacher's iframe from another site may have no service workers (or
// throw when asked for them): the lab then simply needs the network.
try {
  navigator.serviceWorker?.register('./sw.js', { scope: './' }).catch(() => {});
} catch {
  // Storage blocked in this context: nothing to do.
}
