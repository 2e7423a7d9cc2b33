//! The page load the observers watch: the web page lesson's world (a
//! laptop behind a home router, the provider's resolver, the DNS hierarchy
//! and www.example.com), its name resolved from scratch, a page that links
//! one stylesheet, with HTTPS and DNS over HTTPS on or off.

use cslab_sim::runs::pageload::{DnsMode, PageLoadParams};
use cslab_sim::trace::TraceMode;

/// The page load with `https` and `doh` as given.
pub fn params(https: bool, doh: bool, seed: u64) -> PageLoadParams {
    PageLoadParams {
        objects: 1,
        object_kb: 6.0,
        rtt_ms: 40.0,
        bandwidth_mbps: 20.0,
        tls: https,
        doh,
        dns: DnsMode::Iterative,
        seed,
        trace: TraceMode::Full,
        ..PageLoadParams::default()
    }
}
