// wasm-warm.js is a worker: wasm-start.js runs the lesson's compiled wasm
// here once before the page runs it. V8 compiles a wasm function the first
// time it is called, on the thread that calls it, and shares the code with
// every instance of the module. Here, Go's runtime start and package
// initialisation (about 1 200 functions, ~0.15–0.25 s of compiling on a
// tablet-class CPU) compile beside the page instead of in its main thread;
// the program then sees no document and ends (cmd/wasm).
//
// Two messages: first {exec}, go-app's wasm_exec.js, loaded while the wasm
// downloads and compiles; then {module}. It says "started" as Go starts
// (the page then starts its own Go, which trails this one and so finds
// what it calls compiled), then answers once with "ran" (the program ended
// with code 0) or "failed"; the page goes on either way.
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
  try {
    const go = new Go();
    let code = -1;
    go.exit = (c) => { code = c; };
    const instance = await WebAssembly.instantiate(e.data.module, go.importObject);
    self.postMessage("started");
    await go.run(instance);
    if (code === 0) outcome = "ran";
  } catch (err) {
    // As above: the page starts the wasm itself and reports.
  }
  answer(outcome);
};
self.onmessageerror = () => answer("failed");
