// One of the page's workers (src/ui/sweep_workers.rs for the sweeps,
// src/ui/compare_worker.rs for the comparison's runs, and on the benchmark
// page src/ui/bench/load.rs for the 10,000 users), a module worker. The
// page's first message is the address of its wasm-bindgen glue and its
// compiled WebAssembly.Module: the worker loads the same code as the page,
// with nothing to download or compile again. Each later message is a job:
// a sweep's (a line of text), answered with the Float64Array `[ID, x, y]`;
// or the comparison's (`{ compare: job }`), answered with a frame's bytes,
// handed over rather than copied; or the 10,000 users' (`{ load: true }`),
// answered with a line saying where the run stands. A job that fails is
// answered with a string saying why.
let lab;

self.onmessage = async ({ data }) => {
  if (!lab) {
    lab = import(data.glue).then(async (glue) => {
      await glue.default({ module_or_path: data.module });
      return glue;
    });
    return;
  }
  try {
    if (data.compare) {
      const frame = (await lab).compare_frame(data.compare);
      self.postMessage(frame, [frame.buffer]);
    } else if (data.load) {
      self.postMessage((await lab).load_job());
    } else {
      self.postMessage((await lab).sweep_job(data));
    }
  } catch (error) {
    self.postMessage(String(error));
  }
};
