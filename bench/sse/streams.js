#!/usr/bin/env node
// The SSE-scale load generator (bench/sse-scale.sh): holds N status streams open through the gateway from this one
// process, with Node's built-in http module only (nothing to install) and no keep-alive agent (one TCP connection per
// stream, as N browsers would have), and records for each stream when its GRANTED event arrived. A 503 (a dependency
// too slow for the moment) is tried again after its Retry-After, at most MAX_RETRIES times, as the SDK does; those
// tries are counted per stream (retries), and a stream still refused after them has failed.
//
//   node bench/sse/streams.js <gateway base URL> <queue id> <publishable key> <tokens file> <streams> <out dir>
//
// Progress goes to <out dir>/progress.json (opened, failed, granted, ended), rewritten every second. The driving
// script marks the phases by writing a word to <out dir>/phase: "hold" = the hold starts (status events are counted
// from here), "admit" = the admission starts (the hold's count is frozen; from here the program ends when every open
// stream saw its GRANTED or ended, or after GRANT_WAIT_SECONDS). SIGTERM ends it at once. On exit it writes
// <out dir>/streams.json: one record per stream.
'use strict';
const http = require('http');
const fs = require('fs');

const [base, queue, publishableKey, tokensFile, countArg, outDir] = process.argv.slice(2);
if (!outDir) {
  console.error('usage: streams.js <gateway URL> <queue id> <publishable key> <tokens file> <streams> <out dir>');
  process.exit(2);
}
const url = new URL(base);
const wanted = Number(countArg);
const OPENING_AT_ONCE = Number(process.env.OPENING_AT_ONCE || 200);
const GRANT_WAIT_SECONDS = Number(process.env.GRANT_WAIT_SECONDS || 60);
const OPEN_TIMEOUT_MS = Number(process.env.OPEN_TIMEOUT_MS || 30000);
const MAX_RETRIES = Number(process.env.MAX_RETRIES || 3);
const tokens = fs.readFileSync(tokensFile, 'utf8').split('\n').filter(Boolean).slice(0, wanted);

// The consumer id is the access token's subject: the driving script matches it with queue_entries.granted_at.
function subjectOf(token) {
  try {
    return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sub;
  } catch (e) {
    return null;
  }
}

const streams = tokens.map((token, i) => ({
  i, consumer: subjectOf(token), token, openedAt: null, failed: null, firstStatus: null,
  statusEvents: 0, heartbeats: 0, holdEvents: 0, grantedAt: null, endedAt: null, retries: 0,
}));
let holdStartedAt = null;
let admissionAt = null;
// pending: streams open that have not yet seen their GRANTED nor ended.
// retrying: streams waiting out a 503's Retry-After.
let opened = 0, failed = 0, granted = 0, ended = 0, next = 0, inFlight = 0, pending = 0, retrying = 0;

function open(stream) {
  inFlight++;
  const request = http.request({
    host: url.hostname, port: url.port || 80, method: 'GET', agent: false,
    path: `/api/v1/queues/${queue}/status`,
    headers: {
      'Accept': 'text/event-stream', 'X-Publishable-Key': publishableKey, 'Authorization': `Bearer ${stream.token}`,
    },
  });
  let settled = false;
  const settle = () => { if (!settled) { settled = true; inFlight--; openMore(); } };
  const openTimer = setTimeout(() => { fail(stream, 'open timeout'); request.destroy(); }, OPEN_TIMEOUT_MS);
  request.on('response', (response) => {
    if (response.statusCode === 503 && stream.retries < MAX_RETRIES) {
      clearTimeout(openTimer);
      response.resume();
      stream.retries++;
      settle();
      const seconds = Number(response.headers['retry-after']) || 1;
      retrying++;
      setTimeout(() => { retrying--; open(stream); }, seconds * 1000);
      return;
    }
    if (response.statusCode !== 200) {
      clearTimeout(openTimer);
      fail(stream, `HTTP ${response.statusCode}`);
      response.resume();
      settle();
      return;
    }
    response.setEncoding('utf8');
    let buffer = '';
    response.on('data', (chunk) => {
      buffer += chunk;
      let cut;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        if (stream.openedAt === null) {
          // Open once the first event (the status now) arrived: the stream is then held by both processes.
          clearTimeout(openTimer);
          stream.openedAt = Date.now();
          opened++;
          pending++;
          settle();
        }
        onEvent(stream, event);
      }
    });
    response.on('end', () => { clearTimeout(openTimer); if (stream.openedAt === null) fail(stream, 'ended before an event'); else onEnd(stream); settle(); });
    response.on('error', () => {});
  });
  request.on('error', (e) => { clearTimeout(openTimer); if (stream.openedAt === null) fail(stream, e.code || e.message); else onEnd(stream, e.code); settle(); });
  request.end();
}

function onEvent(stream, event) {
  if (event.startsWith(':')) {
    stream.heartbeats++;
    return;
  }
  const data = event.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.slice(5)).join('\n');
  stream.statusEvents++;
  if (holdStartedAt !== null && admissionAt === null) stream.holdEvents++;
  let status = null;
  try { status = JSON.parse(data).status; } catch (e) { /* a comment-only or partial event */ }
  if (stream.firstStatus === null) stream.firstStatus = status;
  if (status === 'GRANTED' && stream.grantedAt === null) {
    stream.grantedAt = Date.now();
    granted++;
    if (stream.endedAt === null) pending--;
    maybeFinish();
  }
}

function fail(stream, reason) {
  if (stream.failed === null && stream.endedAt === null) {
    stream.failed = reason;
    failed++;
    maybeFinish();
  }
}

function onEnd(stream, reason) {
  if (stream.endedAt === null) {
    stream.endedAt = Date.now();
    if (stream.grantedAt === null) pending--;
    if (reason && stream.grantedAt === null) stream.failed = `broken after open: ${reason}`;
    ended++;
    maybeFinish();
  }
}

function openMore() {
  while (inFlight < OPENING_AT_ONCE && next < streams.length) open(streams[next++]);
}

function maybeFinish() {
  if (admissionAt === null) return;
  if (pending === 0 && inFlight === 0 && retrying === 0) finish();
}

function writeProgress() {
  try {
    fs.writeFileSync(`${outDir}/progress.json`, JSON.stringify({ wanted: streams.length, opened, failed, granted, ended, inFlight, pending, retrying }));
  } catch (e) {
    process.exit(1); // the driver is gone (its directory removed): nothing left to report to
  }
}

let finished = false;
function finish() {
  if (finished) return;
  finished = true;
  writeProgress();
  const records = streams.map(({ token, ...rest }) => rest);
  try {
    fs.writeFileSync(`${outDir}/streams.json`, JSON.stringify({ holdStartedAt, admissionAt, finishedAt: Date.now(), streams: records }));
  } catch (e) {
    process.exit(1);
  }
  process.exit(0);
}

function readPhase() {
  let phase = '';
  try { phase = fs.readFileSync(`${outDir}/phase`, 'utf8').trim(); } catch (e) { return; }
  if ((phase === 'hold' || phase === 'admit') && holdStartedAt === null) holdStartedAt = Date.now();
  if (phase === 'admit' && admissionAt === null) {
    admissionAt = Date.now();
    setTimeout(finish, GRANT_WAIT_SECONDS * 1000);
    maybeFinish();
  }
}
setInterval(readPhase, 100);
// Never outlives its driver by long: a run that was never admitted ends after MAX_SECONDS (15 minutes).
setTimeout(finish, Number(process.env.MAX_SECONDS || 900) * 1000).unref();
process.on('SIGTERM', finish);
process.on('SIGINT', finish);
setInterval(writeProgress, 1000);
writeProgress();
openMore();
