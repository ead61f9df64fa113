// Drives the system's Firefox over WebDriver BiDi (puppeteer-core) for the
// Go smoke test in e2e/engines_test.go, which holds the flow: this script
// only runs the commands it reads, one JSON object a line on stdin, and
// answers each with one JSON line on stdout. Nothing here downloads a
// browser: FIREFOX_BIN is the system's binary.
//
//   {"op": "goto", "url": "..."}        navigate, wait for the load event
//   {"op": "reload"}                    reload, wait for the load event
//   {"op": "eval", "js": "..."}         the value of an expression (may await)
//   {"op": "click", "sel": "..."}       a mouse click in the element's middle
//   {"op": "press", "sel": "...", "keys": ["ArrowRight"]}  focus, then keys
//   {"op": "problems"}                  console errors and uncaught exceptions so far
//
// The first line out is {"ready": true, "pid": <firefox>, "version": "..."}
// so that the test can kill Firefox even if this script dies. Closing stdin
// closes the browser.
import { createInterface } from "node:readline";
import puppeteer from "puppeteer-core";

const out = (v) => process.stdout.write(JSON.stringify(v) + "\n");

const browser = await puppeteer.launch({
  browser: "firefox",
  executablePath: process.env.FIREFOX_BIN,
  headless: true,
  protocolTimeout: 60_000,
  defaultViewport: { width: 1280, height: 900 },
});
const [page] = await browser.pages();
page.setDefaultTimeout(60_000);
page.setDefaultNavigationTimeout(60_000);

const problems = [];
page.on("console", (m) => {
  const text = m.text();
  // Go's wasm runtime prints a panic with console.log, not console.error.
  if (m.type() === "error" || m.type() === "assert" || /^(panic:|fatal error:)/.test(text)) {
    problems.push(`console.${m.type()}: ${text}`);
  }
});
page.on("pageerror", (e) => problems.push(`exception: ${e && e.message ? e.message : e}`));

out({ ready: true, pid: browser.process().pid, version: await browser.version() });

const ops = {
  goto: (c) => page.goto(c.url, { waitUntil: "load" }).then(() => null),
  reload: () => page.reload({ waitUntil: "load" }).then(() => null),
  eval: (c) => page.evaluate(`(async () => (${c.js}))()`),
  click: (c) => page.click(c.sel).then(() => null),
  press: async (c) => {
    await page.focus(c.sel);
    for (const k of c.keys) await page.keyboard.press(k);
    return null;
  },
  problems: async () => problems,
};

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const c = JSON.parse(line);
  try {
    const op = ops[c.op];
    if (!op) throw new Error(`unknown op ${c.op}`);
    const value = await op(c);
    out({ value: value === undefined ? null : value });
  } catch (e) {
    out({ error: String(e && e.stack ? e.stack : e) });
  }
}
await browser.close();
