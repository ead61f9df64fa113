// wasm-warm.js is a worker: wasm-start.js runs the lesson's compiled wasm
// here once before the page runs it. V8 compiles a wasm function the first
// time it is called, on the thread that calls it, and shares the code with
// every instance of the module. Here, Go's runtime start, package
// initialisation and the decoding of the page's data (about 1 500
// functions, ~0.3–0.4 s of compiling on a tablet-class CPU) compile beside
// the page instead of in its main thread; the program then sees no
// document and ends (cmd/wasm).
//
// Two messages: first {exec}, go-app's wasm_exec.js, loaded while the wasm
// downloads and compiles; then {module, data}, data a copy of the page's
// lesson (or course) data. It answers once, with "ran" (the program ended
// with code 0) or "failed"; the page then starts its own Go, which finds
// what it calls compiled, and goes on either way.
let answered = false;
function answer(outcome) {
  if (answered) return;
  answered = true;
  self.postMessage(outcome);
}

self.onmessage = async (e) => {
  if (e.data.exec) {
    try {
      importScripts(e.data.exec); // the Go class
    } catch (err) {
      answer("failed");
    }
    return;
  }
  let outcome = "failed"; // the page's own start reports a broken wasm
  // The page's data, under the name the app reads it by (wasm-start.js
  // sends both: this worker loads no contract.js).
  const data = e.data.data;
  if (data && typeof data.global === "string") self[data.global] = { id: data.id, text: data.text };
  try {
    const go = new Go();
    let code = -1;
    go.exit = (c) => { code = c; };
    const instance = await WebAssembly.instantiate(e.data.module, go.importObject);
    await go.run(instance);
    if (code === 0) outcome = "ran";
  } catch (err) {
    // As above: the page starts the wasm itself and reports.
  }
  answer(outcome);
};
self.onmessageerror = () => answer("failed");
