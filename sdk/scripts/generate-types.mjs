// Generates src/generated/<surface>.ts from the gateway's OpenAPI documents (docs/adr/0018) with openapi-typescript,
// so that the SDKs' types are the documents' and cannot drift from them. Run by `npm run build`; the output is not
// committed.
import { mkdir, writeFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import path from "node:path";
import openapiTS, { astToString } from "openapi-typescript";

const here = path.dirname(fileURLToPath(import.meta.url));
const documents = path.resolve(here, "../../gateway/src/main/resources/openapi");
const out = path.resolve(here, "../src/generated");
await mkdir(out, { recursive: true });
for (const surface of ["admin", "consumer"]) {
  const ast = await openapiTS(pathToFileURL(path.join(documents, `${surface}.json`)));
  const banner = `// Generated from gateway/src/main/resources/openapi/${surface}.json by scripts/generate-types.mjs. Do not edit.\n`;
  await writeFile(path.join(out, `${surface}.ts`), banner + astToString(ast));
  console.log(`types: src/generated/${surface}.ts`);
}
