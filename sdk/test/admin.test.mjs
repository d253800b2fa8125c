// The admin SDK against the running mesh (gateway + services): resources, cursors, typed errors, retries, rate limits.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  DroplineAdmin, DroplineError, DroplineNotFoundError, DroplineUnavailableError, DroplineValidationError,
} from "../dist/admin.js";
import { baseUrl, runId, secretKey } from "./support/env.mjs";

const admin = new DroplineAdmin({ secretKey, baseUrl });

test("experiences: create with a sequence and a queue, get, update, list and iterate", async () => {
  const created = await admin.experiences.create({
    name: `SDK drop ${runId}`,
    sequence: { name: "General", queues: [{ name: "Line", admitRate: 5, admissionExpirationSeconds: 600 }] },
  });
  assert.match(created.id, /^exp_/);
  assert.equal(created.name, `SDK drop ${runId}`);
  assert.equal(created.sequences.length, 1);
  const queueId = created.distributions[0].id;
  assert.match(queueId, /^queue_/);

  const read = await admin.experiences.get(created.id);
  assert.equal(read.id, created.id);
  const renamed = await admin.experiences.update(created.id, { name: `SDK drop ${runId} (renamed)` });
  assert.equal(renamed.name, `SDK drop ${runId} (renamed)`);

  const queue = await admin.queues.get(queueId);
  assert.equal(queue.admitRate, 5);
  const capped = await admin.queues.update(queueId, { maxAdmissions: 10 });
  assert.equal(capped.maxAdmissions, 10);

  const page = await admin.experiences.list({ first: 1 });
  assert.equal(page.data.length, 1);
  const all = [];
  for await (const experience of admin.experiences.iterate({ first: 1 })) {
    all.push(experience.id);
  }
  assert.ok(all.includes(created.id), "iterate() reaches every page");
  assert.equal(new Set(all).size, all.length, "no experience twice");

  const sequence = await admin.sequences.get(created.sequences[0].id);
  assert.equal(sequence.experienceId, created.id);
  const metrics = await admin.sequences.metrics(sequence.id);
  assert.equal(typeof metrics, "object");
  const distributions = await admin.distributions.list({ first: 50 });
  assert.ok(distributions.data.some((distribution) => distribution.id === queueId));
});

test("consumers: list({ first, search }) and a cursor iteration over pages", async () => {
  const names = ["John Avery", "John Baker", "John Carter"].map((name) => `${name} ${runId}`);
  for (const [i, fullName] of names.entries()) {
    await admin.consumers.create({ fullName, email: `john.${i}.${runId}@example.com` });
  }
  const first = await admin.consumers.list({ first: 2, search: runId });
  assert.equal(first.data.length, 2);
  assert.equal(first.pageInfo.hasNextPage, true);

  const seen = [];
  for await (const consumer of admin.consumers.iterate({ first: 2, search: runId })) {
    seen.push(consumer.fullName);
  }
  assert.deepEqual([...seen].sort(), [...names].sort());
});

test("the other resources: draws, timed releases, waitlists, audiences", async () => {
  const experience = await admin.experiences.create({
    name: `SDK resources ${runId}`,
    sequence: { name: "General", timedReleases: [{ name: "Noon", supportsGuest: true }], waitlist: { name: "Restock", capacity: 10 } },
  });
  const sequenceId = experience.sequences[0].id;
  const draw = await admin.draws.create({
    sequenceId, name: "Raffle", drawAt: new Date(Date.now() + 3_600_000).toISOString(), winnerCount: 1,
    admissionExpirationSeconds: 600, supportsGuest: true,
  });
  assert.match(draw.id, /^draw_/);
  assert.equal((await admin.draws.get(draw.id)).name, "Raffle");
  const releases = await admin.timedReleases.list({ experienceId: experience.id });
  assert.equal(releases.data.length, 1);
  const waitlists = await admin.waitlists.list({ experienceId: experience.id });
  assert.equal(waitlists.data[0].capacity, 10);

  const audience = await admin.audiences.create({ name: `VIPs ${runId}` });
  const consumer = await admin.consumers.create({ fullName: `Audience member ${runId}` });
  const added = await admin.audiences.addMembers(audience.id, { consumerIds: [consumer.id] });
  assert.equal(added.added, 1);
  const members = await admin.audiences.members(audience.id);
  assert.equal(members.data.length, 1);
  await admin.audiences.delete(audience.id);
});

test("errors are typed and carry the API's error body and request id", async () => {
  await assert.rejects(admin.experiences.get("exp_0000000000000000000000000"), (error) => {
    assert.ok(error instanceof DroplineNotFoundError);
    assert.ok(error instanceof DroplineError);
    assert.equal(error.status, 404);
    assert.equal(typeof error.body.error, "string");
    assert.match(error.requestId, /.+/);
    return true;
  });
  await assert.rejects(admin.experiences.create({ name: "" }), (error) => {
    assert.ok(error instanceof DroplineValidationError);
    assert.equal(error.status, 400);
    assert.ok(error.details.some((detail) => detail.field === "name"), JSON.stringify(error.body));
    assert.equal(error.requestId, error.body.requestId);
    return true;
  });
});

test("retries: a GET is tried again after a 503 (Retry-After), a POST never", async () => {
  let calls = 0;
  const busyOnce = async (url, init) => {
    calls++;
    if (calls === 1) {
      return new Response(JSON.stringify({ error: "Service unavailable", requestId: "req_test" }),
        { status: 503, headers: { "Content-Type": "application/json", "Retry-After": "1" } });
    }
    return fetch(url, init);
  };
  const flaky = new DroplineAdmin({ secretKey, baseUrl, fetch: busyOnce });
  const started = Date.now();
  const page = await flaky.experiences.list({ first: 1 });
  assert.equal(calls, 2);
  assert.ok(Date.now() - started >= 900, "waited for Retry-After");
  assert.ok(Array.isArray(page.data));

  let posts = 0;
  const alwaysBusy = async () => {
    posts++;
    return new Response(JSON.stringify({ error: "Service unavailable", requestId: "req_busy" }),
      { status: 503, headers: { "Content-Type": "application/json", "Retry-After": "0" } });
  };
  const busy = new DroplineAdmin({ secretKey, baseUrl, fetch: alwaysBusy });
  await assert.rejects(busy.experiences.create({ name: "never twice" }), (error) => {
    assert.ok(error instanceof DroplineUnavailableError);
    assert.equal(error.retryAfter, 0);
    assert.equal(error.requestId, "req_busy");
    return true;
  });
  assert.equal(posts, 1, "a write is never repeated");
  await assert.rejects(busy.experiences.list(), DroplineUnavailableError);
  assert.equal(posts, 1 + 4, "a read is tried 1 + maxRetries (3) times");
});

test("rate-limit awareness: the gateway's X-RateLimit-* headers are kept", async () => {
  await admin.experiences.list({ first: 1 });
  assert.equal(typeof admin.rateLimit.limit, "number");
  assert.equal(typeof admin.rateLimit.remaining, "number");
  assert.ok(admin.rateLimit.remaining <= admin.rateLimit.limit);
});

test("a publishable key is refused by the admin SDK's constructor", () => {
  assert.throws(() => new DroplineAdmin({ secretKey: "pk_live_x", baseUrl }), TypeError);
});
