// contract.js - checks every HTTP exchange the integration suite recorded
// (build/contract.jsonl, one {method, path, status, content_type, body}
// per line, written by tests/harness.c) against openapi.json: the route
// and method are documented, the status is one of the operation's
// responses, each of the headers ETag, Link, Location, Idempotent-Replayed,
// Content-Language and Retry-After that was sent is declared on that
// response, the content type is documented, and a JSON body validates
// against its schema (JSON Schema 2020-12, as OpenAPI 3.1 uses), and no
// problem body shows internals (SQL, database errors, paths).  Prints
// the coverage and every violation; exit 1 when there is any.
// Usage: node contract.js openapi.json contract.jsonl
const fs = require("fs");
const SwaggerParser = require("@apidevtools/swagger-parser");
const Ajv2020 = require("ajv/dist/2020");
const addFormats = require("ajv-formats");

const METHODS = ["get", "post", "put", "patch", "delete"];
const LEAK = /\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b|ERROR: |SQLSTATE|syntax error at|\.c:\d+|\/(home|work|usr|tmp|root)\/|libpq|Traceback/;

async function main(specPath, logPath) {
  const api = await SwaggerParser.dereference(specPath);
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addKeyword("example");
  // literal routes before parameterised ones: /v1/x/calendar before /v1/x/{id}
  const routes = Object.entries(api.paths)
    .map(([tpl, item]) => ({
      tpl,
      item,
      params: (tpl.match(/\{/g) || []).length,
      re: new RegExp("^" + tpl.replace(/[.]/g, "\\.").replace(/\{[^}]+\}/g, "[^/]+") + "$"),
    }))
    .sort((a, b) => a.params - b.params);
  const validators = new Map();
  const covered = new Set();
  const violations = [];
  let checked = 0;
  const lines = fs.readFileSync(logPath, "utf8").split("\n").filter(Boolean);
  for (const line of lines) {
    const x = JSON.parse(line);
    const path = x.path.split("?")[0];
    const method = x.method.toLowerCase();
    const route = routes.find((r) => r.re.test(path));
    if (!route) {
      // a test asking for something that does not exist gets the router's 404
      if (x.status !== 404) violations.push(`${x.method} ${path}: answered ${x.status}, route not in the document`);
      continue;
    }
    const op = route.item[method];
    if (!op) {
      if (x.status !== 405 && method !== "options" && method !== "head")
        violations.push(`${x.method} ${route.tpl}: answered ${x.status}, method not in the document`);
      continue;
    }
    checked++;
    covered.add(`${method} ${route.tpl}`);
    const resp = op.responses[String(x.status)] || op.responses.default;
    if (!resp) {
      violations.push(`${x.method} ${route.tpl}: status ${x.status} not documented`);
      continue;
    }
    // every header the server sent that a client may read is declared on that answer
    for (const h of x.headers || []) {
      const declared = Object.keys(resp.headers || {}).some((k) => k.toLowerCase() === h.toLowerCase());
      if (!declared) violations.push(`${x.method} ${route.tpl} ${x.status}: header ${h} not declared`);
    }
    if (x.status === 204 || x.body === null || x.body === "") continue;
    const ct = (x.content_type || "").split(";")[0].trim();
    // no internals in a problem: SQL, database messages, source or file paths
    if (ct === "application/problem+json" && LEAK.test(x.body))
      violations.push(`${x.method} ${route.tpl} ${x.status}: internals in a problem: ${x.body.match(LEAK)[0]}`);
    const media = resp.content && resp.content[ct];
    if (!media) {
      violations.push(`${x.method} ${route.tpl} ${x.status}: content type ${ct} not documented`);
      continue;
    }
    if (!/json$/.test(ct) || !media.schema) continue;
    const key = `${method} ${route.tpl} ${x.status} ${ct}`;
    if (!validators.has(key)) validators.set(key, ajv.compile(media.schema));
    const validate = validators.get(key);
    let body;
    try {
      body = JSON.parse(x.body);
    } catch (e) {
      violations.push(`${key}: body is not JSON`);
      continue;
    }
    if (!validate(body)) {
      const errs = validate.errors.slice(0, 3).map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ");
      violations.push(`${key}: ${errs}`);
    }
  }
  const ops = routes.reduce((n, r) => n + METHODS.filter((m) => r.item[m]).length, 0);
  const unique = [...new Set(violations)];
  console.log(`contract: ${checked} exchanges checked, ${covered.size} of ${ops} operations exercised, ` +
              `${unique.length} violation(s)`);
  for (const v of unique.slice(0, Number(process.env.CONTRACT_SHOW || 60))) console.log(`  ${v}`);
  if (unique.length) process.exit(1);
}

main(process.argv[2], process.argv[3]).catch((e) => {
  console.error(`contract: ${e.message}`);
  process.exit(1);
});
