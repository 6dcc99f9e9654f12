// Validates Kubernetes manifests against the Kubernetes JSON schemas shipped in kubernetes-models.
// Usage: node validate.mjs FILE... ("-" reads a stream, e.g. the output of `kubectl kustomize`).
// Every document must be a kind the models know (an unknown apiVersion/kind fails, so a typo cannot pass unchecked)
// and must validate. Exit code 0 when all do, 1 otherwise.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const groups = {
  v1: "kubernetes-models/v1",
  "apps/v1": "kubernetes-models/apps/v1",
  "batch/v1": "kubernetes-models/batch/v1",
  "autoscaling/v2": "kubernetes-models/autoscaling/v2",
  "policy/v1": "kubernetes-models/policy/v1",
  "networking.k8s.io/v1": "kubernetes-models/networking.k8s.io/v1",
};

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node validate.mjs FILE... | -");
  process.exit(2);
}

let failures = 0;
let checked = 0;
for (const file of files) {
  const text = readFileSync(file === "-" ? 0 : file, "utf8");
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) {
      console.error(`${file}: YAML error: ${doc.errors[0].message}`);
      failures++;
      continue;
    }
    const manifest = doc.toJS();
    if (manifest === null || manifest === undefined) {
      continue;
    }
    const where = `${file}: ${manifest.kind ?? "?"} ${manifest.metadata?.name ?? "?"}`;
    const module = groups[manifest.apiVersion];
    const Model = module ? (await import(module))[manifest.kind] : undefined;
    if (!Model) {
      console.error(`${where}: unknown apiVersion/kind ${manifest.apiVersion}/${manifest.kind}`);
      failures++;
      continue;
    }
    try {
      new Model(manifest).validate();
      checked++;
    } catch (error) {
      console.error(`${where}: ${error.message}`);
      failures++;
    }
  }
}

console.log(`kubernetes schemas: ${checked} valid, ${failures} invalid`);
process.exit(failures === 0 && checked > 0 ? 0 : 1);
