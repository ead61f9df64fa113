// wasm-warm.js is a worker: wasm-start.js runs the lesson's compiled wasm
// here once before the page runs it. V8 compiles a wasm function the first
// time it is called, on the thread that calls it, and shares the code with
// every instance of the module. Here, Go's runtime start and package
// initialisation (about 1 200 functions, ~0.15–0.25 s of compiling at 4×
// CPU) compile beside the page instead of in the page's main thread; the
// program then sees no document and ends (cmd/wasm). Whatever happens, it
// answers once, and the page goes on.
self.onmessage = async (e) => {
  try {
    importScripts(e.data.exec); // go-app's wasm_exec.js: the Go class
    const go = new Go();
    const instance = await WebAssembly.instantiate(e.data.module, go.importObject);
    await go.run(instance);
  } catch (err) {
    // The page's own start reports a broken wasm.
  }
  self.postMessage("done");
};
