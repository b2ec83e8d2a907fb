// validate.js - checks the generated openapi.json against the OpenAPI 3.1
// schema and resolves every $ref (make test runs it). Exit 1 when invalid.
const SwaggerParser = require("@apidevtools/swagger-parser");

SwaggerParser.validate(process.argv[2])
  .then((api) => {
    const ops = Object.values(api.paths).reduce(
      (n, item) => n + Object.keys(item).filter((k) => k !== "parameters").length, 0);
    console.log(`openapi: valid OpenAPI ${api.openapi}, ${Object.keys(api.paths).length} paths, ${ops} operations`);
  })
  .catch((e) => {
    console.error(`openapi: INVALID: ${e.message}`);
    process.exit(1);
  });
