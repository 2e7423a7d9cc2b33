#!/usr/bin/env python3
"""The engine benchmark's workload in SimPy 4, for `make bench` to compare.

M/M/1 at rho = 0.9 with the rates of `QueueParams::benchmark`: arrivals at
lambda = 9 requests/s, one server (`simpy.Resource(capacity=1)`) serving at
mu = 10 requests/s, one million requests. Written as SimPy's own docs write a
queue (the "Bank Renege" example,
https://simpy.readthedocs.io/en/latest/examples/bank_renege.html): a source
process starts one process per customer, which requests the counter with
`with counter.request() as req: yield req` and holds it for an exponential
service time. SimPy simulates only the queue; our engine also sends each
request and answer as packets client -> router -> server and back (ten
events a request), so the two compare in requests per second.

Prints the mean time in the system, checked against M/M/1's 1 / (mu - lambda),
and the best of three runs' requests per second of wall time.
Usage: bench_simpy.py [REQUESTS]  (default 1,000,000; or CSLAB_BENCH_REQUESTS)
"""

import os
import random
import sys
import time

import simpy

LAMBDA = 9.0  # requests/s, QueueParams::benchmark's arrival_rate
MU = 10.0  # requests/s, its service_rate
SEED = 1  # its seed (Python's generator, not ours: same workload, other draws)
# At rho = 0.9 successive sojourns are strongly correlated: the mean wait of
# n requests has variance rho (2 + 5 rho - 4 rho^2 + rho^3) / (1 - rho)^4 / n
# in units of 1 / mu^2 (Daley 1968, the asymptotic variance Whitt 1989 plans
# queueing simulations with; the service times add little), a standard error
# of 1.9 % of 1 / (mu - lambda) at n = 10^6. The check allows three of
# those: a wrong rate (rho = 0.8 or 0.95: half or twice the mean) falls far
# outside.
def tolerance(n):
    """Three standard errors of the mean time in the system, relative."""
    rho = LAMBDA / MU
    var = rho * (2 + 5 * rho - 4 * rho**2 + rho**3) / (1 - rho) ** 4 / n
    return 3 * var**0.5 / MU * (MU - LAMBDA)


def customer(env, counter, service, sojourns):
    arrive = env.now
    with counter.request() as req:
        yield req
        yield env.timeout(service)
    sojourns.append(env.now - arrive)


def source(env, n, counter, rng, sojourns):
    for _ in range(n):
        env.process(customer(env, counter, rng.expovariate(MU), sojourns))
        yield env.timeout(rng.expovariate(LAMBDA))


def run(n):
    """One run of n requests: (wall seconds, mean time in the system)."""
    rng = random.Random(SEED)
    env = simpy.Environment()
    counter = simpy.Resource(env, capacity=1)
    sojourns = []
    env.process(source(env, n, counter, rng, sojourns))
    t0 = time.perf_counter()
    env.run()
    wall = time.perf_counter() - t0
    assert len(sojourns) == n, "every request was served"
    return wall, sum(sojourns) / n


def main():
    default = os.environ.get("CSLAB_BENCH_REQUESTS", "1000000")
    n = int(sys.argv[1] if len(sys.argv) > 1 else default)
    runs = [run(n) for _ in range(3)]
    best = min(wall for wall, _ in runs)
    mean = runs[0][1]
    theory = 1.0 / (MU - LAMBDA)
    tol = tolerance(n)
    ok = abs(mean - theory) <= tol * theory
    print(
        f"simpy/mm1_rho0.9: SimPy {simpy.__version__}, Python "
        f"{sys.version.split()[0]}, {n} requests, best wall {best:.3f} s, "
        f"{n / best:.0f} requests/s, mean response {mean:.4f} s "
        f"(theory {theory:.4f} s, {'within' if ok else 'OUTSIDE'} "
        f"{tol:.1%})"
    )
    if not ok:
        sys.exit("SimPy's mean response is not M/M/1's: not the same workload")


if __name__ == "__main__":
    main()
