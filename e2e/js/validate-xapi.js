// Validates xAPI statements with Learning Locker's validator
// (@learninglocker/xapi-validation, pinned in package.json). Reads a JSON
// array of statements on stdin; writes a JSON array with, for each
// statement, the list of problems ("path.to.field: WarningName"), empty
// when the statement is valid. Used by e2e/xapi_test.go.
"use strict";
const validate = require("@learninglocker/xapi-validation").default;
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const statements = JSON.parse(input);
  const out = statements.map((s) => validate(s).map((w) => w.path.join(".") + ": " + w.name));
  process.stdout.write(JSON.stringify(out));
});
