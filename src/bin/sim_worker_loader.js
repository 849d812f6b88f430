// Starts the worker's wasm (src/bin/sim_worker.rs) from the module the page sends as the
// first message: the page fetches and compiles the module once and hands it to every worker
// it starts (the checker's, each run's), so no worker fetches or compiles it again.
importScripts('./sim_worker.js');
self.onmessage = (event) => {
  self.onmessage = null;
  // A failure is thrown from a task of its own, so the page sees it as the worker's error.
  wasm_bindgen({ module_or_path: event.data }).catch((e) => setTimeout(() => { throw e; }));
};
