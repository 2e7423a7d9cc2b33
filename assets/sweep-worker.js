// One of the page's workers for its sweeps (src/ui/sweep_workers.rs), a
// module worker. The page's first message is the address of its
// wasm-bindgen glue and its compiled WebAssembly.Module: the worker loads the
// same code as the page, with nothing to download or compile again. Each
// later message is a sweep job (a line of text); the answer is the
// Float64Array `[ID, x, y]`, or a string saying why the job failed.
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
    self.postMessage((await lab).sweep_job(data));
  } catch (error) {
    self.postMessage(String(error));
  }
};
