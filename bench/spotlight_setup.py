"""Sets up the Spotlight benchmark tenant through the real gateway (not measured).

The demo organization trusts a key pair made here for its admin JWTs (inline JWKS, all_authenticated), then an
admin creates and publishes a realistic catalog: tours and content items with URL globs and regexes, inline audience
rules, partial rollouts and schedules, plus a default theme. Prints one eligible answer as a sanity check.
Usage: spotlight_setup.py <gateway> <secret key> <publishable key> <items per kind>
"""
import base64, json, sys, time, urllib.request, urllib.error
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

gateway, sk, pk, per_kind = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

def call(method, path, body=None, headers=None):
    request = urllib.request.Request(gateway + path, method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode()
            return response.status, json.loads(text) if text else None
    except urllib.error.HTTPError as failed:
        raise SystemExit(f"{method} {path} -> {failed.code}: {failed.read().decode()}")

key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
numbers = key.public_key().public_numbers()
kid = "bench-" + str(int(time.time()))
jwk = {"kty": "RSA", "kid": kid, "alg": "RS256", "use": "sig",
       "n": b64(numbers.n.to_bytes((numbers.n.bit_length() + 7) // 8, "big")), "e": b64(numbers.e.to_bytes(3, "big"))}
call("PUT", "/api/v1/settings/spotlight", {"admin_strategy": {"type": "all_authenticated"}, "jwks": {"keys": [jwk]}},
     {"Authorization": "Bearer " + sk})

def token():
    now = int(time.time())
    signing_input = b64(json.dumps({"alg": "RS256", "kid": kid, "typ": "JWT"}).encode()) + "." + \
        b64(json.dumps({"sub": "bench-admin", "iat": now, "exp": now + 3600}).encode())
    signature = key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return signing_input + "." + b64(signature)

admin = {"X-API-Key": sk, "Authorization": "Bearer " + token()}
patterns = [[{"pattern": "/dashboard*", "is_regex": False}], [{"pattern": "/projects/*/settings", "is_regex": False}],
            [{"pattern": "^/billing(/.*)?$", "is_regex": True}], [], [{"pattern": "/admin/**", "is_regex": False}]]
audiences = [None, {"op": "and", "conditions": [{"attribute": "traits.plan", "operator": "in", "value": ["pro", "enterprise"]}]},
             {"op": "or", "conditions": [{"attribute": "traits.seats", "operator": "gte", "value": 10},
                                          {"attribute": "traits.plan", "operator": "eq", "value": "enterprise"}]}]
for i in range(per_kind):
    tour = {"title": f"Bench tour {i}", "description": "Benchmark", "url_patterns": patterns[i % len(patterns)],
            "steps": [{"step_id": f"s{n}", "order": n, "title": f"Step {n}", "body": "Look here.",
                       "element_target": {"data_attribute": f"target-{i}-{n}"}, "position": "bottom"} for n in range(3)],
            "trigger": {"trigger_type": "page_load", "delay_ms": 500}, "audience": audiences[i % len(audiences)],
            "rollout": {"enabled": True, "percentage": [100, 50, 25][i % 3]}, "priority": i * 7 % 100,
            "schedule": {"start_at": "2020-01-01T00:00:00Z", "end_at": None}}
    _, created = call("POST", "/v1/admin/tours", tour, admin)
    call("POST", f"/v1/admin/tours/{created['data']['tour_id']}/publish", None, admin)
    content = {"content_type": ["tooltip", "banner", "modal", "hotspot"][i % 4], "title": f"Bench content {i}",
               "body": "Check out our new reporting tools.", "url_patterns": patterns[(i + 2) % len(patterns)],
               "element_target": {"element_id": f"el-{i}"}, "priority": i * 13 % 100, "dismiss_behavior": "once",
               "cta_text": "Learn more", "cta_url": "/docs/reports", "trigger": {"trigger_type": "page_load", "delay_ms": 0},
               "audience": audiences[(i + 1) % len(audiences)], "rollout": {"enabled": True, "percentage": [100, 60][i % 2]}}
    _, created = call("POST", "/v1/admin/content", content, admin)
    call("POST", f"/v1/admin/content/{created['data']['content_id']}/publish", None, admin)
_, theme = call("POST", "/v1/admin/themes", {"name": "Bench", "variables": {"--spot-primary": "#ff6a4d", "--spot-radius": "10px"}}, admin)
call("POST", f"/v1/admin/themes/{theme['data']['theme_id']}/set-default", None, admin)

_, sample = call("POST", "/v1/sdk/eligible", {"url": "https://app.example.com/dashboard", "user": {"id": "user-7", "traits": {"plan": "pro", "seats": 12}}},
                 {"X-API-Key": pk})
print(json.dumps({"tours": per_kind, "content": per_kind,
                  "sampleEligible": {"tours": len(sample["data"]["tours"]), "content": len(sample["data"]["content"])}}))
