// Renders the Kustomize overlays and checks them offline: every resource against the Kubernetes schemas
// (kubernetes-models; PodMonitor against the Prometheus Operator's monitoring.coreos.com/v1 model), and that the
// manifests hang together: every URL an app reads from its application.yml is in its Deployment's environment and
// names a Service and port of the same overlay, references to ConfigMaps/Secrets/ports resolve, and the apps run
// as the images are built (deploy/build-images.sh: uid 10001, read-only root filesystem with /tmp writable).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const overlaysDir = join(repo, "k8s/overlays");

/** Secrets made outside Kustomize, with the keys their documentation promises. */
export const outOfBandSecrets = {
  // k8s/base/secret.example.yaml: created by the operator before the first apply.
  "dropline-secrets": Object.keys(readYaml(join(repo, "k8s/base/secret.example.yaml"))[0].stringData),
};

/** The kinds this checker has a schema model for; anything else fails the check (no silent skips). */
const models = {
  "monitoring.coreos.com/v1": "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1",
};

export function overlays() {
  return readdirSync(overlaysDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
}

export function render(overlay) {
  const out = execFileSync("kubectl", ["kustomize", join(overlaysDir, overlay)], { encoding: "utf8" });
  return parseAllDocuments(out).map((doc) => {
    if (doc.errors.length) throw new Error(`${overlay}: ${doc.errors[0].message}`);
    return doc.toJS();
  }).filter(Boolean);
}

function readYaml(file) {
  return parseAllDocuments(readFileSync(file, "utf8")).map((doc) => doc.toJS()).filter(Boolean);
}

const id = (r) => `${r.kind}/${r.metadata?.name}`;

/** Schema errors of one resource ([] when valid). */
export async function schemaErrors(resource) {
  const { apiVersion, kind } = resource;
  const base = models[apiVersion] ?? `kubernetes-models/${apiVersion}`;
  let Model;
  try {
    Model = (await import(`${base}/${kind}`))[kind];
  } catch (missing) {
    return [`${id(resource)}: no schema model for ${apiVersion} ${kind} (${missing.code ?? missing.message})`];
  }
  if (!Model) return [`${id(resource)}: no schema model for ${apiVersion} ${kind}`];
  try {
    new Model(resource).validate();
    return [];
  } catch (invalid) {
    return [`${id(resource)}: ${invalid.message}`];
  }
}

/** Walks a YAML tree, yielding [dotted path, string value]. */
function* leaves(node, path = []) {
  if (typeof node === "string") yield [path.join("."), node];
  else if (Array.isArray(node)) for (const [i, v] of node.entries()) yield* leaves(v, [...path, String(i)]);
  else if (node && typeof node === "object") for (const [k, v] of Object.entries(node)) yield* leaves(v, [...path, k]);
}

/** Spring Boot's relaxed binding of a property to an environment variable: a.b-c.d -> A_BC_D. */
const envName = (property) => property.replace(/\[|\]/g, "").replace(/-/g, "").replace(/\./g, "_").toUpperCase();

const LOOPBACK = /^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?/;

/**
 * The environment variables an app's configuration reads to reach another app or a server: every `${ENV}`
 * placeholder in a property named *url/*uri or whose variable names a URL or a host (*_HOST), and every property whose literal value is a loopback URL
 * (it can only be changed through its relaxed-binding variable, e.g. dropline.gateway.services.audience ->
 * DROPLINE_GATEWAY_SERVICES_AUDIENCE). Files: the module's application*.yml (not the bootstrap profile's) and the
 * shared defaults it imports.
 */
export function urlVariables(module) {
  const resources = join(repo, module, "src/main/resources");
  const files = readdirSync(resources).filter((f) => /^application\.ya?ml$/.test(f)).map((f) => join(resources, f));
  const docs = files.flatMap(readYaml);
  const imports = docs.flatMap((d) => [d?.spring?.config?.import ?? []].flat());
  for (const imported of imports) {
    const shared = join(repo, "shared-contracts/src/main/resources", imported.replace(/^(optional:)?classpath:/, ""));
    if (existsSync(shared)) docs.push(...readYaml(shared));
  }
  const required = new Map(); // variable -> the property that reads it
  for (const doc of docs) {
    for (const [property, value] of leaves(doc)) {
      const urlish = /(url|uri)$/i.test(property);
      for (const match of value.matchAll(/\$\{([A-Z][A-Z0-9_]*)(?::[^}]*)?\}/g)) {
        if (urlish || /URL|URI|_HOST$/.test(match[1])) required.set(match[1], property);
      }
      if (LOOPBACK.test(value)) required.set(envName(property), property);
    }
  }
  return required;
}

/** Modules that are deployed: a folder with src/main/resources/application.yml and a Spring Boot main class. */
export function appModules() {
  return readdirSync(repo, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(repo, d.name, "src/main/resources/application.yml")))
    .map((d) => d.name).sort();
}

function containersOf(workload) {
  const spec = workload.spec?.template?.spec ?? workload.spec?.jobTemplate?.spec?.template?.spec ?? {};
  return [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
}

/** Every variable a container gets: env, plus the keys of the ConfigMaps/Secrets it reads with envFrom. */
export function environmentOf(container, resources) {
  const env = new Map();
  for (const from of container.envFrom ?? []) {
    if (from.configMapRef) {
      const cm = resources.find((r) => r.kind === "ConfigMap" && r.metadata.name === from.configMapRef.name);
      for (const [k, v] of Object.entries(cm?.data ?? {})) env.set(k, v);
    }
    if (from.secretRef) {
      const secret = resources.find((r) => r.kind === "Secret" && r.metadata.name === from.secretRef.name);
      const keys = secret ? Object.keys({ ...secret.data, ...secret.stringData }) : outOfBandSecrets[from.secretRef.name] ?? [];
      for (const k of keys) env.set(k, "(secret)");
    }
  }
  for (const e of container.env ?? []) env.set(e.name, e.value ?? "(reference)");
  return env;
}

const selects = (selector, labels) =>
  Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels?.[k] === v) &&
  (selector?.matchExpressions ?? []).every(({ key, operator, values }) =>
    operator === "In" ? values.includes(labels?.[key]) :
    operator === "NotIn" ? !values.includes(labels?.[key]) :
    operator === "Exists" ? key in (labels ?? {}) : !(key in (labels ?? {})));

const workloads = (resources) => resources.filter((r) => ["Deployment", "StatefulSet", "Job"].includes(r.kind));

/** The URL variables each deployed app reads but its Deployment does not set, or sets to no Service/port. */
export function urlProblems(resources) {
  const problems = [];
  const services = resources.filter((r) => r.kind === "Service");
  for (const module of appModules()) {
    const deployment = resources.find((r) => r.kind === "Deployment" && r.metadata.name === module);
    if (!deployment) {
      problems.push(`${module}: no Deployment named ${module}`);
      continue;
    }
    const container = deployment.spec.template.spec.containers.find((c) => c.name === module)
      ?? deployment.spec.template.spec.containers[0];
    const env = environmentOf(container, resources);
    for (const [variable, property] of urlVariables(module)) {
      if (!env.has(variable)) {
        problems.push(`${module} reads ${variable} (${property}) but its Deployment does not set it`);
        continue;
      }
      const value = env.get(variable);
      const url = /^https?:\/\//.test(value) ? new URL(value) : null;
      if (!url) continue; // a reference or a host name variable; the URL is assembled elsewhere
      const port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
      const service = services.find((s) => s.metadata.name === url.hostname);
      if (!service) {
        problems.push(`${module}: ${variable}=${value} names no Service of this overlay`);
      } else if (!service.spec.ports.some((p) => p.port === port)) {
        problems.push(`${module}: ${variable}=${value} but Service ${url.hostname} has no port ${port}`);
      }
    }
  }
  return problems;
}

/** References inside the overlay that do not resolve. */
export function referenceProblems(resources) {
  const problems = [];
  const has = (kind, name) => resources.some((r) => r.kind === kind && r.metadata.name === name);
  const hasSecret = (name) => has("Secret", name) || name in outOfBandSecrets;
  for (const w of workloads(resources)) {
    const spec = w.spec.template.spec;
    for (const c of containersOf(w)) {
      for (const from of c.envFrom ?? []) {
        if (from.configMapRef && !has("ConfigMap", from.configMapRef.name)) problems.push(`${id(w)}/${c.name}: no ConfigMap ${from.configMapRef.name}`);
        if (from.secretRef && !hasSecret(from.secretRef.name)) problems.push(`${id(w)}/${c.name}: no Secret ${from.secretRef.name}`);
      }
      for (const e of c.env ?? []) {
        const cm = e.valueFrom?.configMapKeyRef;
        if (cm) {
          const map = resources.find((r) => r.kind === "ConfigMap" && r.metadata.name === cm.name);
          if (!map || !(cm.key in (map.data ?? {}))) problems.push(`${id(w)}/${c.name}: ${e.name} reads missing ConfigMap key ${cm.name}/${cm.key}`);
        }
        const sk = e.valueFrom?.secretKeyRef;
        if (sk && !(outOfBandSecrets[sk.name]?.includes(sk.key) || has("Secret", sk.name))) problems.push(`${id(w)}/${c.name}: ${e.name} reads missing Secret key ${sk.name}/${sk.key}`);
      }
      for (const m of c.volumeMounts ?? []) {
        if (!(spec.volumes ?? []).some((v) => v.name === m.name) &&
            !(w.spec.volumeClaimTemplates ?? []).some((t) => t.metadata.name === m.name)) {
          problems.push(`${id(w)}/${c.name}: mounts unknown volume ${m.name}`);
        }
      }
      for (const probe of [c.startupProbe, c.livenessProbe, c.readinessProbe]) {
        const port = probe?.httpGet?.port ?? probe?.tcpSocket?.port;
        if (typeof port === "string" && !(c.ports ?? []).some((p) => p.name === port)) problems.push(`${id(w)}/${c.name}: probe port ${port} is not a container port`);
      }
    }
    for (const v of spec.volumes ?? []) {
      if (v.configMap && !has("ConfigMap", v.configMap.name)) problems.push(`${id(w)}: volume ${v.name} names no ConfigMap ${v.configMap.name}`);
    }
    if (spec.serviceAccountName && !has("ServiceAccount", spec.serviceAccountName)) problems.push(`${id(w)}: no ServiceAccount ${spec.serviceAccountName}`);
    if (w.spec.selector && !selects(w.spec.selector, w.spec.template.metadata.labels)) problems.push(`${id(w)}: selector does not match its pod template`);
  }
  const pods = workloads(resources).map((w) => ({ w, labels: w.spec.template.metadata.labels, containers: containersOf(w) }));
  for (const s of resources.filter((r) => r.kind === "Service")) {
    const targets = pods.filter((p) => selects({ matchLabels: s.spec.selector }, p.labels));
    if (!targets.length) problems.push(`${id(s)}: selects no pods`);
    for (const port of s.spec.ports) {
      if (typeof port.targetPort === "string" && !targets.some((t) => t.containers.some((c) => (c.ports ?? []).some((p) => p.name === port.targetPort)))) {
        problems.push(`${id(s)}: targetPort ${port.targetPort} is no container port of its pods`);
      }
    }
  }
  for (const m of resources.filter((r) => r.kind === "PodMonitor")) {
    const targets = pods.filter((p) => selects(m.spec.selector, p.labels));
    if (!targets.length) problems.push(`${id(m)}: selects no pods`);
    for (const endpoint of m.spec.podMetricsEndpoints) {
      for (const t of targets) {
        if (!t.containers.some((c) => (c.ports ?? []).some((p) => p.name === endpoint.port))) problems.push(`${id(m)}: ${id(t.w)} has no port ${endpoint.port}`);
      }
    }
  }
  for (const r of resources.filter((r) => ["HorizontalPodAutoscaler"].includes(r.kind))) {
    if (!has(r.spec.scaleTargetRef.kind, r.spec.scaleTargetRef.name)) problems.push(`${id(r)}: scales missing ${r.spec.scaleTargetRef.kind}/${r.spec.scaleTargetRef.name}`);
  }
  for (const r of resources.filter((r) => r.kind === "PodDisruptionBudget")) {
    if (!pods.some((p) => selects(r.spec.selector, p.labels))) problems.push(`${id(r)}: selects no pods`);
  }
  for (const r of resources.filter((r) => r.kind === "RoleBinding")) {
    if (!has(r.roleRef.kind, r.roleRef.name)) problems.push(`${id(r)}: no ${r.roleRef.kind} ${r.roleRef.name}`);
    for (const s of r.subjects ?? []) if (s.kind === "ServiceAccount" && !has("ServiceAccount", s.name)) problems.push(`${id(r)}: no ServiceAccount ${s.name}`);
  }
  return problems;
}

/**
 * The Dropline containers must run the way deploy/build-images.sh builds the images: image dropline/<app>, uid 10001,
 * a read-only root filesystem, /tmp writable, no privilege escalation.
 */
export function imageProblems(resources) {
  const problems = [];
  for (const w of workloads(resources)) {
    const spec = w.spec.template.spec;
    for (const c of containersOf(w).filter((c) => c.image.startsWith("dropline/"))) {
      const where = `${id(w)}/${c.name}`;
      const repository = c.image.replace(/[:@].*$/, "");
      if (!appModules().includes(repository.slice("dropline/".length))) problems.push(`${where}: image ${c.image} is built by no module`);
      if (w.kind === "Deployment" && repository !== `dropline/${w.metadata.name}`) problems.push(`${where}: runs ${c.image}, not dropline/${w.metadata.name}`);
      const user = c.securityContext?.runAsUser ?? spec.securityContext?.runAsUser;
      if (user !== 10001) problems.push(`${where}: runAsUser ${user}, the images' user is 10001`);
      if (c.securityContext?.readOnlyRootFilesystem !== true) problems.push(`${where}: root filesystem not read-only`);
      if (c.securityContext?.allowPrivilegeEscalation !== false) problems.push(`${where}: privilege escalation allowed`);
      if (!(c.volumeMounts ?? []).some((m) => m.mountPath === "/tmp")) problems.push(`${where}: /tmp not writable (no volume on /tmp)`);
    }
  }
  return problems;
}
