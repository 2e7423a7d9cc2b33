//! The Kurose–Ross lower bounds on the time to distribute a file of `F`
//! bits to `N` peers (Computer Networking, section 2.5): no schedule can do
//! better, and the simulated times are compared with them.
//!
//! - Client-server: the server must upload `N·F` bits, and the slowest
//!   client must download `F`: `D_cs = max(N·F/u_s, F/d_min)`.
//! - Peer-to-peer: the server must upload at least one copy, the slowest
//!   peer must download `F`, and the swarm must upload `N·F` bits with all
//!   its capacity: `D_p2p = max(F/u_s, F/d_min, N·F/(u_s + Σu_i))`.

/// `D_cs` in seconds (bits and bits/s in).
pub fn cs_bound_s(n: u64, file_bits: f64, server_up_bps: f64, min_down_bps: f64) -> f64 {
    (n as f64 * file_bits / server_up_bps).max(file_bits / min_down_bps)
}

/// `D_p2p` in seconds; `peers_up_bps` is `Σu_i`, the peers' total upload.
pub fn p2p_bound_s(
    n: u64,
    file_bits: f64,
    server_up_bps: f64,
    min_down_bps: f64,
    peers_up_bps: f64,
) -> f64 {
    (file_bits / server_up_bps)
        .max(file_bits / min_down_bps)
        .max(n as f64 * file_bits / (server_up_bps + peers_up_bps))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_term_binds_in_its_regime() {
        // F = 15 Gbit, u_s = 30 Mbit/s, d = 2 Mbit/s, u = 300 kbit/s.
        let (f, us, d, u) = (15e9, 30e6, 2e6, 300e3);
        assert!((cs_bound_s(1000, f, us, d) - 500_000.0).abs() < 1e-6);
        let p2p = p2p_bound_s(1000, f, us, d, 1000.0 * u);
        assert!((p2p - 15e12 / 330e6).abs() < 1e-6);
        // One peer: the download binds.
        assert_eq!(p2p_bound_s(1, f, us, d, u), f / d);
    }
}
