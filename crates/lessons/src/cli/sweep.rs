//! `cslab-cli sweep queue|distribute|gossip`: a run per point, the points
//! run on every core, printed in their order as JSON or CSV.
//!
//! A point's run is made from the sweep's flags and the point's value
//! alone (its seed is `--seed`, as the command run alone takes it), never
//! from the thread that runs it or the order the runs finish in: the output
//! is the same for any `--threads`.

use super::{Failure, bounded, each_flag, int, parse_distribute, parse_gossip, parse_queue};
use crate::lesson::compare::SWEEP_PEERS;
use crate::lesson::gossip_lesson::SWEEP_SIZES;
use crate::lesson::under_load::SWEEP_LOADS;
use cslab_sim::runs::distribute::{
    DistributeParams, MAX_PEERS, Mode, SweepPoint, run_distribute, sweep_params,
};
use cslab_sim::runs::gossip::{GossipParams, GossipReport, MAX_NODES, run_gossip};
use cslab_sim::runs::queue::{QueueParams, QueueReport, run_queue};
use serde_json::Value;
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};

const SWEEPS: &str = "`queue`, `distribute` or `gossip`";
const MAX_THREADS: u64 = 1024;
/// A distribution point's two runs, in this order.
const MODES: [Mode; 2] = [Mode::Cs, Mode::P2p];

/// A point's figures, named, in the order they are printed.
type Row = Vec<(&'static str, Value)>;

/// `sweep WHAT [flags]`: the points' figures, as `--format` asks.
pub(super) fn sweep(args: &[String]) -> Result<String, Failure> {
    let Some((what, args)) = args.split_first() else {
        return Err(Failure::Usage(format!(
            "sweep needs what to sweep: {SWEEPS}"
        )));
    };
    let (flags, rows) = match what.as_str() {
        "-h" | "--help" => return Err(Failure::Help),
        "queue" => {
            let flags = Flags::parse(
                args,
                "--rho",
                &[],
                &[(
                    "--arrival-rate",
                    "each point's arrival rate is its load ρ × servers × service rate: give the loads with --rho",
                )],
            )?;
            let rows = queue_sweep(&flags)?;
            (flags, rows)
        }
        "distribute" => {
            let flags = Flags::parse(
                args,
                "--n",
                &["--packets"],
                &[
                    ("--peers", "give the peer counts with --n"),
                    (
                        "--mode",
                        "every point runs both, client-server and peer-to-peer",
                    ),
                    ("--packets", "a sweep runs the flow-level model"),
                ],
            )?;
            let rows = distribute_sweep(&flags)?;
            (flags, rows)
        }
        "gossip" => {
            let flags = Flags::parse(args, "--nodes", &[], &[])?;
            let rows = gossip_sweep(&flags)?;
            (flags, rows)
        }
        other => {
            return Err(Failure::Usage(format!(
                "unknown sweep `{other}` (try {SWEEPS})"
            )));
        }
    };
    Ok(match flags.format {
        Format::Json => json(what, &rows),
        Format::Csv => csv(&rows),
    })
}

/// Response time against offered load ρ: `queue` at λ = ρ·c·μ.
fn queue_sweep(flags: &Flags) -> Result<Vec<Row>, Failure> {
    let base = parse_queue(&flags.base, &[])?;
    let rhos = flags.points(&SWEEP_LOADS, |name, v| bounded(name, v, 0.001, 10.0))?;
    let runs: Vec<QueueParams> = (rhos.iter())
        .map(|&rho| QueueParams {
            arrival_rate: rho * base.servers as f64 * base.service_rate,
            ..base.clone()
        })
        .collect();
    let reports = run_points(
        &runs,
        QueueParams::validate,
        run_queue,
        flags.threads,
        |i| format!("--rho {}", rhos[i]),
    )?;
    Ok((rhos.iter().zip(&reports))
        .map(|(&rho, report)| queue_row(rho, report))
        .collect())
}

/// Distribution time against N, client-server and peer-to-peer, beside
/// their Kurose–Ross bounds. The two runs of a point are run apart, so a
/// big swarm does not keep its client-server run waiting.
fn distribute_sweep(flags: &Flags) -> Result<Vec<Row>, Failure> {
    let (base, _) = parse_distribute(&flags.base, &[])?;
    let ns = flags.points(&SWEEP_PEERS, |name, v| {
        Ok(int(name, v, 1, MAX_PEERS.into())? as u32)
    })?;
    let runs: Vec<DistributeParams> = (ns.iter())
        .flat_map(|&n| MODES.map(|mode| sweep_params(&base, n, mode)))
        .collect();
    let reports = run_points(
        &runs,
        DistributeParams::validate,
        run_distribute,
        flags.threads,
        |i| {
            let mode = match MODES[i % 2] {
                Mode::Cs => "client-server",
                Mode::P2p => "peer-to-peer",
            };
            format!("--n {} ({mode})", ns[i / 2])
        },
    )?;
    Ok((ns.iter().zip(reports.chunks_exact(2)))
        .map(|(&n, pair)| distribute_row(base.seed, &SweepPoint::of_runs(n, &pair[0], &pair[1])))
        .collect())
}

/// Rounds until every node has the block, against the network's size.
fn gossip_sweep(flags: &Flags) -> Result<Vec<Row>, Failure> {
    let base = parse_gossip(&flags.base, &[])?;
    let sizes = flags.points(&SWEEP_SIZES, |name, v| {
        Ok(int(name, v, 2, MAX_NODES.into())? as u32)
    })?;
    let runs: Vec<GossipParams> = (sizes.iter())
        .map(|&nodes| GossipParams {
            nodes,
            ..base.clone()
        })
        .collect();
    let reports = run_points(
        &runs,
        GossipParams::validate,
        run_gossip,
        flags.threads,
        |i| format!("--nodes {}", sizes[i]),
    )?;
    Ok(reports.iter().map(gossip_row).collect())
}

/// The simulated mean beside Erlang C's (like for like: the time in the
/// server), the client's view (with the round trip) and a fingerprint of
/// the whole run.
fn queue_row(rho: f64, r: &QueueReport) -> Row {
    vec![
        ("rho", rho.into()),
        ("arrival_rate", r.arrival_rate.into()),
        ("seed", r.seed.into()),
        ("completed", r.completed.into()),
        ("rejected_fraction", r.rejected_fraction.into()),
        ("mean_response_s", r.mean_response_s.into()),
        ("p95_response_s", r.p95_response_s.into()),
        ("mean_sojourn_s", r.mean_sojourn_s.into()),
        ("theory_mean_sojourn_s", r.theory_mean_sojourn_s.into()),
        ("utilization", r.utilization.into()),
        ("events", r.events.into()),
        ("trace_hash", r.trace_hash.clone().into()),
    ]
}

fn distribute_row(seed: u64, p: &SweepPoint) -> Row {
    vec![
        ("n", p.n.into()),
        ("seed", seed.into()),
        ("cs_time_s", p.cs_time_s.into()),
        ("cs_bound_s", p.cs_bound_s.into()),
        ("p2p_time_s", p.p2p_time_s.into()),
        ("p2p_bound_s", p.p2p_bound_s.into()),
    ]
}

fn gossip_row(r: &GossipReport) -> Row {
    vec![
        ("nodes", r.nodes.into()),
        ("seed", r.seed.into()),
        ("rounds", r.rounds.into()),
        ("theory_rounds", r.theory_rounds.into()),
        ("time_s", r.time_s.into()),
        ("messages", r.messages.into()),
        ("all_informed", r.all_informed.into()),
        ("result_hash", r.result_hash.clone().into()),
    ]
}

enum Format {
    Json,
    Csv,
}

/// The sweep's own flags, and the base command's, to hand on.
struct Flags {
    format: Format,
    threads: usize,
    /// The flag that lists the points, and its value if given.
    points_flag: &'static str,
    points: Option<String>,
    /// The base command's flags, each as `--name=value`.
    base: Vec<String>,
}

impl Flags {
    /// `switches`: the base command's; `set_by_sweep`: its flags a sweep
    /// sets itself, with why they are refused.
    fn parse(
        args: &[String],
        points_flag: &'static str,
        switches: &[&str],
        set_by_sweep: &[(&str, &str)],
    ) -> Result<Flags, Failure> {
        let (mut format, mut threads, mut points, mut base) =
            (Format::Json, None, None, Vec::new());
        each_flag(args, switches, &[], |name, value| {
            if let Some((_, why)) = set_by_sweep.iter().find(|(flag, _)| *flag == name) {
                return Err(Failure::Usage(format!("{name} is not for a sweep: {why}")));
            }
            match name {
                "--format" => {
                    format = match value.as_str() {
                        "json" => Format::Json,
                        "csv" => Format::Csv,
                        _ => {
                            return Err(Failure::Usage(format!(
                                "--format expects json or csv, got `{value}`"
                            )));
                        }
                    }
                }
                "--threads" => threads = Some(int(name, &value, 1, MAX_THREADS)? as usize),
                _ if name == points_flag => points = Some(value),
                _ if switches.contains(&name) => base.push(name.to_owned()),
                _ => base.push(format!("{name}={value}")),
            }
            Ok(())
        })?;
        Ok(Flags {
            format,
            threads: threads.unwrap_or_else(every_core),
            points_flag,
            points,
            base,
        })
    }

    /// The points listed (comma-separated), or the page's.
    fn points<T: Copy>(
        &self,
        page: &[T],
        parse: impl Fn(&str, &str) -> Result<T, Failure>,
    ) -> Result<Vec<T>, Failure> {
        match &self.points {
            None => Ok(page.to_vec()),
            Some(list) => (list.split(','))
                .map(|item| parse(self.points_flag, item.trim()))
                .collect(),
        }
    }
}

/// `--threads`' default: the cores the process may use.
fn every_core() -> usize {
    std::thread::available_parallelism().map_or(1, NonZeroUsize::get)
}

/// Checks every point's parameters before any runs (a bad one is refused,
/// named by `point`), then runs them on `threads` threads: the reports, in
/// the points' order.
fn run_points<P: Sync, R: Send>(
    runs: &[P],
    validate: impl Fn(&P) -> Result<(), String>,
    run: impl Fn(&P) -> Result<R, String> + Sync,
    threads: usize,
    point: impl Fn(usize) -> String,
) -> Result<Vec<R>, Failure> {
    for (i, p) in runs.iter().enumerate() {
        validate(p).map_err(|why| Failure::Usage(format!("{}: {why}", point(i))))?;
    }
    in_parallel(runs, threads, run)
        .into_iter()
        .collect::<Result<_, _>>()
        .map_err(Failure::Run)
}

/// `run` on every item, on up to `threads` threads; the results in the
/// items' order. Each thread takes the next item nobody has taken, from
/// the last: a sweep lists its points from small to large, and its largest
/// runs, started first, leave no thread idle at the end (longest first, as
/// in Graham's list scheduling). The results are put back in the items'
/// order, so which thread ran what leaves no trace.
fn in_parallel<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    run: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let threads = threads.min(items.len());
    if threads <= 1 {
        return items.iter().map(run).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let taken = next.fetch_add(1, Ordering::Relaxed);
            let Some(i) = items.len().checked_sub(taken + 1) else {
                return done;
            };
            done.push((i, run(&items[i])));
        }
    };
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads).map(|_| scope.spawn(work)).collect();
        (workers.into_iter())
            .flat_map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    done.sort_unstable_by_key(|&(i, _)| i);
    done.into_iter().map(|(_, result)| result).collect()
}

/// `{"sweep": WHAT, "points": [...]}`, written here so each point's
/// figures keep the order of the CSV's columns (serde_json's maps sort
/// their keys).
fn json(what: &str, rows: &[Row]) -> String {
    let points: Vec<String> = (rows.iter())
        .map(|row| {
            let fields: Vec<String> = (row.iter())
                .map(|(name, value)| format!("\"{name}\":{value}"))
                .collect();
            format!("{{{}}}", fields.join(","))
        })
        .collect();
    format!("{{\"sweep\":\"{what}\",\"points\":[{}]}}", points.join(","))
}

/// A header line, then a line per point with the JSON's very numbers; an
/// empty cell where the JSON has null (a swarm that never finished, no
/// theory).
fn csv(rows: &[Row]) -> String {
    let header = rows.first().map(|row| {
        let names: Vec<&str> = row.iter().map(|(name, _)| *name).collect();
        names.join(",")
    });
    let lines = rows.iter().map(|row| {
        let cells: Vec<String> = row.iter().map(|(_, value)| cell(value)).collect();
        cells.join(",")
    });
    header
        .into_iter()
        .chain(lines)
        .collect::<Vec<_>>()
        .join("\n")
}

/// A CSV cell; a text with a comma, a quote or a line break is quoted as
/// RFC 4180 (section 2) says.
fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) if text.contains([',', '"', '\n', '\r']) => {
            format!("\"{}\"", text.replace('"', "\"\""))
        }
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::in_parallel;

    #[test]
    fn in_parallel_gives_the_results_in_the_items_order() {
        let items: Vec<u64> = (0..200).collect();
        // Uneven work, so threads finish out of order.
        let slow = |&x: &u64| (0..(x % 7) * 5_000).fold(x, |h, i| h.wrapping_mul(31) ^ i);
        let alone: Vec<u64> = items.iter().map(slow).collect();
        for threads in [1, 2, 3, 8, 500] {
            assert_eq!(in_parallel(&items, threads, slow), alone, "{threads}");
        }
        assert!(in_parallel(&[] as &[u64], 4, slow).is_empty());
    }
}
