// Validates HAR files against har-1.2.schema.json with Ajv; prints each file's verdict and every violation with its
// JSON path. Usage: node validate-har.mjs FILE.har...
import Ajv from "ajv";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const schema = JSON.parse(readFileSync(join(here, "har-1.2.schema.json"), "utf8"));
const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);

let failed = 0;
for (const file of process.argv.slice(2)) {
  const har = JSON.parse(readFileSync(file, "utf8"));
  if (validate(har)) {
    console.log(`PASS ${file} (${har.log.entries.length} entries)`);
  } else {
    failed++;
    console.log(`FAIL ${file}`);
    for (const e of validate.errors) console.log(`  ${e.instancePath || "/"}: ${e.message}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
