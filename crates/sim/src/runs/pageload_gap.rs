//! Why a page load takes longer than the textbook's count of round trips.
//!
//! The textbook (Kurose–Ross) counts round trips only: tiny objects, no
//! congestion window, no transmission time. A run differs by what that
//! count leaves out, and each part is measured by running the same page
//! again without it (a run is a pure function of its parameters):
//!
//! - losses: the run against the same run on a lossless line;
//! - slow start: the lossless run against one whose initial window is the
//!   receive window, so no answer waits for the congestion window to grow
//!   (RFC 5681 §3.1: cwnd grows by at most one MSS per ACK);
//! - sending: that run against one on a 100 Gbit/s line.
//!
//! What is left is the textbook's count (tested: within microseconds).
//! Times exclude the DNS lookup, as the textbook's count does.

use super::pageload::{PageLoadParams, PageLoadReport, run_pageload, textbook_rtts};
use crate::proto::tcp::InitialWindow;
use crate::trace::TraceMode;
use serde::Serialize;

/// The runs without losses, slow start and transmission time: they depend
/// on the parameters only, so a page can keep them while its run plays.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Baselines {
    /// The same page on a lossless line, s (DNS excluded).
    pub lossless_s: f64,
    /// ... and an initial window as large as the receive window.
    pub open_window_s: f64,
    /// ... and a 100 Gbit/s line.
    pub fast_line_s: f64,
}

impl Baselines {
    pub fn measure(p: &PageLoadParams) -> Result<Baselines, String> {
        let lossless = PageLoadParams {
            loss: 0.0,
            revisit_after_s: None,
            trace: TraceMode::Last(0),
            ..p.clone()
        };
        let rwnd_segments = (p.rcv_buf_kb * 1000).div_ceil(p.mss).min(1000);
        let open_window = PageLoadParams {
            init_cwnd: InitialWindow::Segments(rwnd_segments),
            ..lossless.clone()
        };
        let fast_line = PageLoadParams {
            bandwidth_mbps: 100_000.0,
            ..open_window.clone()
        };
        Ok(Baselines {
            lossless_s: without_dns(&run_pageload(&lossless)?)?,
            open_window_s: without_dns(&run_pageload(&open_window)?)?,
            fast_line_s: without_dns(&run_pageload(&fast_line)?)?,
        })
    }
}

fn without_dns(r: &PageLoadReport) -> Result<f64, String> {
    if r.complete {
        Ok(r.page_load_s - r.dns_s)
    } else {
        Err("the page did not load".into())
    }
}

/// A run's time against the textbook's count, part by part.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Gap {
    pub textbook_rtts: u32,
    /// The run without its DNS lookup, in round trips.
    pub measured_rtts: f64,
    /// Round trips slow start added.
    pub slow_start_rtts: f64,
    /// Time the line's bandwidth added, s.
    pub sending_s: f64,
    /// Time lost packets added, s.
    pub loss_s: f64,
    /// Bytes of the page: the base file and its objects.
    pub page_bytes: u64,
    /// TCP's initial window, segments.
    pub init_cwnd_segments: u32,
}

impl Gap {
    /// `run` is the report of a run of `p`.
    pub fn new(p: &PageLoadParams, run: &PageLoadReport, base: &Baselines) -> Gap {
        let rtt = p.rtt_ms / 1e3;
        let rtts = |s: f64| if rtt > 0.0 { s / rtt } else { 0.0 };
        Gap {
            textbook_rtts: textbook_rtts(p.mode, p.objects, p.parallel, p.tls),
            measured_rtts: rtts(run.page_load_s - run.dns_s),
            slow_start_rtts: rtts(base.lossless_s - base.open_window_s),
            sending_s: base.open_window_s - base.fast_line_s,
            loss_s: run.page_load_s - run.dns_s - base.lossless_s,
            page_bytes: p.base_bytes() as u64 + p.objects as u64 * p.object_bytes() as u64,
            init_cwnd_segments: run.init_cwnd_bytes / p.mss,
        }
    }

    /// Measures the baselines of `p` and compares its run with them.
    pub fn measure(p: &PageLoadParams, run: &PageLoadReport) -> Result<Gap, String> {
        Ok(Gap::new(p, run, &Baselines::measure(p)?))
    }
}
