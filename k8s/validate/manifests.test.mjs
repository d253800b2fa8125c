// node --test: renders every overlay under k8s/overlays and checks it (see manifests.mjs). Run by .ci/run.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { parser as promql } from "@prometheus-io/lezer-promql";
import {
  appModules, imageProblems, overlays, referenceProblems, render, repo, schemaErrors, urlProblems, urlVariables,
} from "./manifests.mjs";

test("the images are built as the manifests expect them (pom.xml's Jib configuration)", () => {
  // imageProblems holds the manifests to uid 10001 and dropline/<app>; this holds the image build to the same.
  const pom = readFileSync(join(repo, "pom.xml"), "utf8");
  const jib = pom.slice(pom.indexOf("<artifactId>jib-maven-plugin</artifactId>"));
  assert.match(jib, /<user>10001:10001<\/user>/);
  assert.match(jib, /<image>dropline\/\$\{project\.artifactId\}:\$\{dropline\.image\.tag\}<\/image>/);
  assert.doesNotMatch(jib.slice(0, jib.indexOf("</plugin>")), /<jvmFlags>/, "JVM flags belong to the Deployments");
  const base = readFileSync(join(repo, "deploy/build-base-image.sh"), "utf8");
  assert.match(base, /dropline:x:10001:10001:/);
  assert.match(base, /User: "10001:10001"/);
});

test("the overlays are dev and production at least, and the apps are the six modules", () => {
  assert.ok(overlays().includes("dev") && overlays().includes("production"), overlays().join(","));
  assert.deepEqual(appModules(), ["analytics-service", "audience-service", "commerce-service", "consumer-service",
    "experiences-service", "gateway"]);
});

test("the URL scan finds what the services read (so an empty scan cannot pass silently)", () => {
  assert.deepEqual([...urlVariables("experiences-service").keys()].filter((v) => v.endsWith("_URL")).sort(),
    ["DROPLINE_AUDIENCE_URL", "DROPLINE_COMMERCE_URL"]);
  assert.ok(urlVariables("consumer-service").has("DROPLINE_EXPERIENCES_URL"));
  assert.ok(urlVariables("commerce-service").has("DROPLINE_EXPERIENCES_URL"));
  assert.ok(urlVariables("analytics-service").has("DROPLINE_COMMERCE_URL"));
  const gateway = [...urlVariables("gateway").keys()];
  for (const name of ["EXPERIENCES", "AUDIENCE", "CONSUMER", "COMMERCE", "ANALYTICS"]) {
    assert.ok(gateway.includes(`DROPLINE_GATEWAY_SERVICES_${name}`), gateway.join(","));
  }
});

for (const overlay of overlays()) {
  describe(`overlay ${overlay}`, () => {
    const resources = render(overlay);

    test("renders", (t) => {
      assert.ok(resources.length > 0);
      t.diagnostic(`${overlay}: ${resources.length} resources`);
    });

    test("every resource is valid against its Kubernetes schema", async () => {
      const errors = (await Promise.all(resources.map(schemaErrors))).flat();
      assert.deepEqual(errors, []);
    });

    test("every app's Deployment sets every URL the app reads, to a Service and port of this overlay", () => {
      assert.deepEqual(urlProblems(resources), []);
    });

    test("references (ConfigMaps, Secrets, ports, selectors, volumes, RBAC) resolve", () => {
      assert.deepEqual(referenceProblems(resources), []);
    });

    test("Dropline containers run as the images are built (uid 10001, read-only root, /tmp writable)", () => {
      assert.deepEqual(imageProblems(resources), []);
    });
  });
}

test("a Deployment without a URL its app reads is caught", () => {
  const resources = render("dev");
  const experiences = resources.find((r) => r.kind === "Deployment" && r.metadata.name === "experiences-service");
  const container = experiences.spec.template.spec.containers[0];
  container.env = container.env.filter((e) => e.name !== "DROPLINE_AUDIENCE_URL");
  assert.deepEqual(urlProblems(resources),
    ["experiences-service reads DROPLINE_AUDIENCE_URL (dropline.experiences.audience.base-url) but its Deployment does not set it"]);
});

test("a URL that names no Service, or the wrong port, is caught", () => {
  const resources = render("dev");
  const analytics = resources.find((r) => r.kind === "Deployment" && r.metadata.name === "analytics-service");
  for (const e of analytics.spec.template.spec.containers[0].env) {
    if (e.name === "DROPLINE_COMMERCE_URL") e.value = "http://commerce:8084";
    if (e.name === "DROPLINE_EXPERIENCES_URL") e.value = "http://experiences-service:9999";
  }
  assert.deepEqual(urlProblems(resources).sort(), [
    "analytics-service: DROPLINE_COMMERCE_URL=http://commerce:8084 names no Service of this overlay",
    "analytics-service: DROPLINE_EXPERIENCES_URL=http://experiences-service:9999 but Service experiences-service has no port 9999",
  ]);
});

test("a schema violation is caught", async () => {
  const resources = render("dev");
  const deployment = structuredClone(resources.find((r) => r.kind === "Deployment"));
  deployment.spec.template.spec.containers[0].ports[0].containerPort = "http";
  assert.equal((await schemaErrors(deployment)).length, 1);
});

test("a port name that no longer resolves (probes, PodMonitor) is caught", () => {
  const resources = render("production");
  const gateway = resources.find((r) => r.kind === "Deployment" && r.metadata.name === "gateway");
  gateway.spec.template.spec.containers[0].ports.find((p) => p.name === "management").name = "admin";
  const problems = referenceProblems(resources);
  assert.ok(problems.includes("Deployment/gateway/gateway: probe port management is not a container port"), problems.join("\n"));
  assert.ok(problems.includes("PodMonitor/dropline-gateway: Deployment/gateway has no port management"), problems.join("\n"));
});

test("every alert rule says what is wrong and what to do, and the dashboard's ConfigMap holds the dashboard", () => {
  const resources = render("production");
  const rules = resources.filter((r) => r.kind === "PrometheusRule").flatMap((r) => r.spec.groups.flatMap((g) => g.rules));
  assert.ok(rules.length >= 8, `${rules.length} rules`);
  for (const rule of rules) {
    assert.ok(rule.alert && rule.expr, JSON.stringify(rule));
    assert.ok(rule.annotations?.summary, `${rule.alert}: no summary`);
    assert.ok(rule.annotations?.runbook, `${rule.alert}: no runbook line`);
    assert.match(rule.labels?.severity ?? "", /^(warning|critical)$/, `${rule.alert}: severity`);
  }
  const dashboard = resources.find((r) => r.kind === "ConfigMap" && r.metadata.name === "dropline-grafana-dashboard");
  assert.equal(dashboard?.metadata.labels?.grafana_dashboard, "1");
  const json = JSON.parse(dashboard.data["dropline.json"]);
  assert.ok(json.panels.some((p) => p.targets?.length), "the dashboard has queries");
});

/** PromQL syntax errors of an expression, by Prometheus' own grammar (the one its UI uses). */
function promqlErrors(expr) {
  const errors = [];
  promql.parse(expr).iterate({ enter: (node) => { if (node.type.isError) errors.push(node.from); } });
  return errors;
}

test("every alert expression and dashboard query is valid PromQL", () => {
  const resources = render("production");
  const rules = resources.filter((r) => r.kind === "PrometheusRule").flatMap((r) => r.spec.groups.flatMap((g) => g.rules));
  const dashboard = JSON.parse(resources.find((r) => r.metadata.name === "dropline-grafana-dashboard").data["dropline.json"]);
  // Grafana's variables as Grafana substitutes them before Prometheus sees the query.
  const queries = dashboard.panels.flatMap((p) => p.targets ?? []).map((t) => t.expr
    .replaceAll("$__rate_interval", "1m").replaceAll("$distribution", ".*"));
  const invalid = [...rules.map((r) => r.expr), ...queries].filter((expr) => promqlErrors(expr).length);
  assert.deepEqual(invalid, []);
  assert.ok(queries.length >= 15, `${queries.length} queries`);
  assert.ok(promqlErrors("sum by (a) (rate(x_total[5m])").length, "an unbalanced expression is caught");
});
