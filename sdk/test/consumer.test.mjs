// The consumer SDK against the running mesh: guest session, refresh, resume, routing, every distribution type, live
// status over the stream credential with polling as the fallback, and the grant hand-off.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { DroplineAdmin } from "../dist/admin.js";
import { DroplineAuthenticationError, DroplineConsumer } from "../dist/consumer.js";
import { baseUrl, memoryStorage, publishableKey, runId, secretKey } from "./support/env.mjs";
import { FetchEventSource } from "./support/event-source.mjs";

const admin = new DroplineAdmin({ secretKey, baseUrl });
let queueDrop;
let otherDrop;
let drawId;

before(async () => {
  queueDrop = await admin.experiences.create({
    name: `Consumer SDK queue ${runId}`,
    sequence: { name: "General", queues: [{ name: "Line", admitRate: 1, admissionExpirationSeconds: 600 }] },
  });
  otherDrop = await admin.experiences.create({
    name: `Consumer SDK others ${runId}`,
    sequence: { name: "General", timedReleases: [{ name: "Noon", supportsGuest: true }], waitlist: { name: "Restock", capacity: 100, supportsGuest: true } },
  });
  drawId = (await admin.draws.create({
    sequenceId: otherDrop.sequences[0].id, name: "Raffle", drawAt: new Date(Date.now() + 3_600_000).toISOString(),
    winnerCount: 1, admissionExpirationSeconds: 600, supportsGuest: true,
  })).id;
});

function consumer(options = {}) {
  return new DroplineConsumer({ publishableKey, baseUrl, storage: memoryStorage(), eventSource: FetchEventSource, ...options });
}

test("a guest session, refreshed, resumed from storage on the next page load, and logged out", async () => {
  const storage = memoryStorage();
  const first = consumer({ storage });
  const bundle = await first.guest();
  assert.equal(bundle.session.type, "guest");
  assert.match(bundle.accessToken, /.+/);
  const refreshed = await first.refresh();
  assert.notEqual(refreshed.refreshToken, bundle.refreshToken, "refresh tokens rotate");

  const reloaded = consumer({ storage });
  assert.equal(reloaded.resume(), true);
  const me = await reloaded.me();
  assert.equal(me.id, bundle.session.consumerId);
  const again = await reloaded.resumeOrGuest();
  assert.equal(again.session.consumerId, bundle.session.consumerId, "resumed, not a new guest");

  await reloaded.logout();
  assert.equal(reloaded.session, null);
  assert.equal(storage.getItem(`dropline.session.${publishableKey}`), null);
  const stale = consumer({ storage: memoryStorage() });
  await assert.rejects(stale.me(), DroplineAuthenticationError);
});

test("routing, joining a queue, live status over the stream token, leaving", async () => {
  const shopper = consumer();
  await shopper.guest();
  const experience = await shopper.experiences.get(queueDrop.id);
  assert.equal(experience.id, queueDrop.id);
  const route = await shopper.experiences.route(queueDrop.id);
  assert.equal(route.outcome, "routed");

  const queueId = queueDrop.distributions[0].id;
  const entered = await shopper.queues.enter(queueId);
  assert.ok(["QUEUED", "GRANTED"].includes(entered.status), entered.status);
  const polled = await shopper.queues.status(queueId);
  assert.equal(polled.queueId, queueId);

  FetchEventSource.opened.length = 0;
  const statuses = [];
  const watch = shopper.watch("queues", queueId, { onStatus: (status) => statuses.push(status), until: () => true });
  const streamed = await watch.done;
  assert.equal(FetchEventSource.opened.length, 1, "one EventSource");
  assert.match(FetchEventSource.opened[0], /\/api\/v1\/queues\/[^/]+\/status\?streamToken=/);
  assert.equal(streamed.queueId, queueId);
  assert.equal(watch.mode, "stopped");

  const me = await shopper.me();
  assert.ok(me.active?.queues?.[queueId], JSON.stringify(me));
  const left = await shopper.queues.leave(queueId);
  assert.equal(left.status, "LEFT");
});

test("without EventSource the watcher polls, and hands the grant to checkout", async () => {
  const shopper = consumer({ eventSource: null });
  await shopper.guest();
  const releaseId = (await admin.timedReleases.list({ experienceId: otherDrop.id })).data[0].id;
  const entered = await shopper.timedReleases.enter(releaseId);
  assert.equal(entered.status, "GRANTED");
  const fallbacks = [];
  const watch = shopper.watch("timed-releases", releaseId, {
    onStatus: () => {}, until: (status) => status.status === "GRANTED", onFallback: (reason) => fallbacks.push(reason),
    pollIntervalMs: 200,
  });
  const granted = await watch.done;
  assert.equal(granted.status, "GRANTED");
  assert.equal(fallbacks.length, 1, "fell back to polling once");

  const url = shopper.handOff("https://shop.example/checkout?cart=7", "timed-releases", releaseId, granted);
  const checkout = new URL(url);
  assert.equal(checkout.searchParams.get("cart"), "7");
  assert.equal(checkout.searchParams.get("admissionGrant"), granted.admissionGrant);
  assert.equal(checkout.searchParams.get("timedReleaseId"), releaseId);
  // The merchant's server validates the grant with the admin SDK.
  const me = await shopper.me();
  const validation = await admin.timedReleases.validate(releaseId, { consumerId: me.id, admissionGrant: granted.admissionGrant });
  assert.equal(validation.valid, true);
});

test("draws and waitlists: enter, status, leave", async () => {
  const shopper = consumer();
  await shopper.guest();
  const draw = await shopper.draws.get(drawId);
  assert.equal(draw.status, "OPEN");
  const entry = await shopper.draws.enter(drawId);
  assert.equal(entry.status, "ENTERED");
  assert.equal((await shopper.draws.status(drawId)).status, "ENTERED");
  const streamed = await shopper.watch("draws", drawId, { onStatus: () => {}, until: () => true }).done;
  assert.equal(streamed.drawId, drawId);
  const left = await shopper.draws.leave(drawId);
  assert.ok(["LEFT", "NOT_ENTERED"].includes(left.status), left.status);

  const waitlistId = (await admin.waitlists.list({ experienceId: otherDrop.id })).data[0].id;
  const signedUp = await shopper.waitlists.enter(waitlistId);
  assert.equal(signedUp.isEntered, true);
  assert.equal((await shopper.waitlists.status(waitlistId)).waitlistId, waitlistId);
  await shopper.waitlists.leave(waitlistId);
  assert.equal((await shopper.waitlists.status(waitlistId)).isEntered, false);
});

test("auctions: English bids and an outbid seen live, the admin's bids; a Dutch unit won and handed off", async () => {
  const sequenceId = otherDrop.sequences[0].id;
  const english = await admin.auctions.create({
    sequenceId, name: "Signed guitar", closeAt: new Date(Date.now() + 3_600_000).toISOString(),
    settleAt: new Date(Date.now() + 7_200_000).toISOString(), supportsGuest: true, currencyCode: "EUR",
    startPrice: "100.00", minBidIncrement: "5.00",
  });
  const alice = consumer();
  const bob = consumer();
  await alice.guest();
  await bob.guest();
  assert.equal((await alice.auctions.bid(english.id, { amount: "100.00" })).status, "WINNING");
  const watching = alice.watch("auctions", english.id, { onStatus: () => {}, until: (s) => s.status === "OUTBID" });
  assert.equal((await bob.auctions.bid(english.id, { amount: "150.00" })).status, "WINNING");
  assert.equal((await watching.done).status, "OUTBID", "the outbid bidder learns it live");
  const highest = await alice.auctions.highestBid(english.id);
  assert.equal(highest.amount, "150.00");
  assert.equal(highest.currencyCode, "EUR");
  assert.equal((await alice.auctions.history(english.id)).length, 1);
  const tooLow = await bob.auctions.bid(english.id, { amount: "151.00" }).catch((failure) => failure);
  assert.equal(tooLow.status, 400, "below the increment");
  const bids = await admin.auctions.bids(english.id);
  assert.equal(bids.data.length, 2);
  assert.ok(bids.data.every((bid) => typeof bid.consumerId === "string"), "the admin sees who bid");

  const dutch = await admin.auctions.create({
    sequenceId, name: "Sneakers", auctionType: "dutch", settleAt: new Date(Date.now() + 7_200_000).toISOString(),
    supportsGuest: true, startPrice: "200.00", priceDropAmount: "10.00", priceDropIntervalSeconds: 60, floorPrice: "120.00",
    quantity: 1,
  });
  const price = await alice.auctions.currentPrice(dutch.id);
  assert.equal(price.currentPrice, "200.00");
  assert.equal(price.remainingQuantity, 1);
  const won = await alice.auctions.bid(dutch.id, {});
  assert.equal(won.status, "WON");
  assert.equal(won.winningBidAmount, "200.00");
  const soldOut = await bob.auctions.bid(dutch.id, {}).catch((failure) => failure);
  assert.equal(soldOut.status, 400);
  const checkout = new URL(alice.handOff("https://shop.example/checkout", "auctions", dutch.id, won, { navigate: false }));
  assert.equal(checkout.searchParams.get("auctionId"), dutch.id);
  const me = await alice.me();
  assert.equal((await admin.auctions.validate(dutch.id, { consumerId: me.id, admissionGrant: won.admissionGrant })).valid, true);
});

test("appointments: a location's slots, booked, rescheduled, seen by the admin, cancelled", async () => {
  const week = Object.fromEntries(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    .map((day) => [day, [{ open: "09:00", close: "18:00" }]]));
  const location = await admin.locations.create({ name: `Flagship ${runId}`, timeZone: "Europe/Berlin", operatingHours: week });
  const fittings = await admin.experiences.create({
    name: `Consumer SDK fittings ${runId}`,
    sequence: { name: "General", appointments: [{ name: "Fitting", locationId: location.id, slotDurationMinutes: 30,
      bufferMinutes: 10, maxCapacityPerSlot: 1, supportsGuest: true }] },
  });
  const appointmentId = (await admin.appointments.list({ experienceId: fittings.id })).data[0].id;
  const day = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  const shopper = consumer();
  await shopper.guest();
  const { slots } = await shopper.appointments.slots(appointmentId, { startDate: day, endDate: day });
  assert.ok(slots.length >= 4, `slots on ${day}: ${slots.length}`);
  assert.ok(slots.every((slot) => slot.capacity === 1 && slot.available === 1), "every seat free");
  const booked = await shopper.appointments.book(appointmentId, { slotId: slots[0].id });
  assert.equal(booked.status, "BOOKED");
  const moved = await shopper.appointments.reschedule(appointmentId, { newSlotId: slots[3].id });
  assert.equal(moved.newSlotId, slots[3].id);
  assert.equal((await shopper.appointments.me(appointmentId)).booking.slotId, slots[3].id);
  const attendees = await admin.appointments.attendees({ id: appointmentId, slotId: slots[3].id });
  assert.equal(attendees.data.length, 1, "the admin sees the attendee");
  // The seat is taken: another shopper's booking of it is refused, and nothing changes.
  const other = consumer();
  await other.guest();
  const full = await other.appointments.book(appointmentId, { slotId: slots[3].id }).catch((failure) => failure);
  assert.equal(full.status, 409);
  assert.equal((await shopper.appointments.cancel(appointmentId)).status, "CANCELLED");
});
