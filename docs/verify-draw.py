#!/usr/bin/env python3
"""Verify a Dropline draw from its published results (docs/draws.md). Standard library only.

    python3 verify-draw.py https://api.example.com draw_01J... pk_live_...     # fetches every page
    python3 verify-draw.py results.json                                       # a saved answer (all entries in one file)

Checks that SHA-256(seed) is the seedCommitment published before the draw, recomputes every entry's key from the seed
and the entry id, orders the entries by key and compares the winners and backfills with the published ones.
"""
import hashlib
import hmac
import json
import sys
import urllib.request


def fetch(base, draw, key):
    pages, after = [], None
    while True:
        url = f"{base}/api/v1/draws/{draw}/results?limit=10000" + (f"&after={after}" if after else "")
        request = urllib.request.Request(url, headers={"X-Publishable-Key": key})
        with urllib.request.urlopen(request) as answer:
            page = json.load(answer)
        pages.append(page)
        if not page["pageInfo"]["hasNextPage"]:
            return pages
        after = page["pageInfo"]["endCursor"]


def key_of(seed, entry_id, weight):
    """The smallest of the entry's `weight` tickets: HMAC-SHA256(seed, id) for ticket 1, (seed, id + "#" + t) after."""
    tickets = [entry_id if t == 1 else f"{entry_id}#{t}" for t in range(1, weight + 1)]
    return min(hmac.new(seed, m.encode("utf-8"), hashlib.sha256).hexdigest() for m in tickets)


def verify(pages):
    first = pages[0]
    entries = [entry for page in pages for entry in page["entries"]]
    seed = bytes.fromhex(first["seed"])
    assert hashlib.sha256(seed).hexdigest() == first["seedCommitment"], "the seed does not match its commitment"
    assert len(entries) == first["entryCount"], "entries missing from the pages"
    for entry in entries:
        expected = key_of(seed, entry["entryId"], entry.get("weight", 1))
        assert entry["key"] == expected, f"key of {entry['entryId']} is not HMAC-SHA256(seed, id)"
    order = [e["entryId"] for e in sorted(entries, key=lambda e: e["key"])]
    winners = order[: first["winnerCount"]]
    assert first["winners"] == winners, "published winners differ from the recomputed ones"
    backfills = first.get("backfills", [])
    assert backfills == order[len(winners): len(winners) + len(backfills)], "backfills are not the next entries by key"
    print(f"OK: {len(entries)} entries, {len(winners)} winners, {len(backfills)} backfills, seed matches its commitment")


if __name__ == "__main__":
    if len(sys.argv) == 4:
        verify(fetch(sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]))
    elif len(sys.argv) == 2:
        with open(sys.argv[1]) as saved:
            data = json.load(saved)
        verify(data if isinstance(data, list) else [data])
    else:
        sys.exit(__doc__)
