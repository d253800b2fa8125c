#!/usr/bin/env python3
"""Writes the four public OpenAPI 3.1 documents (docs/adr/0018-api-documents.md) from the services' source.

    python3 tools/openapi/generate.py          # (re)writes gateway/src/main/resources/openapi/*.json
    python3 tools/openapi/generate.py --check  # exits 1 if a committed document differs from what the source gives

It reads every @RestController of the gateway and the services (method, path, path variables, the typed request
record a JSON body is read into, the response record, the status), the Java records behind them (fields, Jackson
names, Bean Validation constraints), and sorts each route onto its surface with the same rules as the gateway
(ConsumerPaths, /v1/admin, /v1/sdk). /internal/** routes and internal parameters (the signed InternalContext) are
never written. The gateway's ApiDocumentsIT checks the result against the live route tables of the running services.
"""
import json
import os
import re
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MODULES = ["gateway", "experiences-service", "audience-service", "consumer-service", "commerce-service",
           "analytics-service", "shared-contracts"]
OUT = os.path.join(ROOT, "gateway", "src", "main", "resources", "openapi")

# ---------------------------------------------------------------------------------------------------------------
# Java source index (types, records, enums), good enough for this code base's plain style.
# ---------------------------------------------------------------------------------------------------------------


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    return text


def matching(text, start, open_char, close_char):
    """Index just after the bracket closing the one at text[start]."""
    depth = 0
    i = start
    in_string = False
    while i < len(text):
        c = text[i]
        if in_string:
            if c == "\\":
                i += 2
                continue
            if c == '"':
                in_string = False
        elif c == '"':
            in_string = True
        elif c == open_char:
            depth += 1
        elif c == close_char:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(text)


def split_top(text, sep=","):
    parts, depth, current, in_string = [], 0, "", False
    for c in text:
        if in_string:
            current += c
            if c == '"':
                in_string = False
            continue
        if c == '"':
            in_string = True
        elif c in "<([{":
            depth += 1
        elif c in ">)]}":
            depth -= 1
        if c == sep and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += c
    if current.strip():
        parts.append(current)
    return [p.strip() for p in parts]


TYPE_DECL = re.compile(r"((?:@[\w.]+(?:\([^)]*\))?\s*)*)((?:public|private|protected|static|final|abstract|sealed|non-sealed|\s)*)"
                       r"\b(record|class|enum|interface)\s+(\w+)\s*(<[^>{]*>)?\s*")


class JavaType:
    def __init__(self, kind, name, qualified, package, file, body, header, annotations, params, outer):
        self.kind, self.name, self.qualified, self.package = kind, name, qualified, package
        self.file, self.body, self.header, self.annotations = file, body, header, annotations
        self.type_params = params
        self.outer = outer
        self.components = []  # (annotations, type, name) for records
        self.constants = []  # for enums


TYPES = {}  # qualified (package.Outer.Inner) -> JavaType
BY_SIMPLE = {}
FILES = {}  # file -> (package, imports, source)
RAW = {}  # file -> the source's lines, comments included (for Javadoc)


def index_types(text, start, end, package, file, outer):
    i = start
    while True:
        m = TYPE_DECL.search(text, i, end)
        if not m:
            return
        kind, name = m.group(3), m.group(4)
        params = [p.split()[0] for p in split_top(m.group(5)[1:-1])] if m.group(5) else []
        pos = m.end()
        components = None
        if kind == "record":
            if pos >= len(text) or text[pos] != "(":
                i = m.end()
                continue
            close = matching(text, pos, "(", ")")
            components = text[pos + 1:close - 1]
            pos = close
        brace = text.find("{", pos)
        semi = text.find(";", pos)
        if brace < 0 or brace > end:
            i = m.end()
            continue
        close = matching(text, brace, "{", "}")
        qualified = (outer.qualified if outer else package) + "." + name
        t = JavaType(kind, name, qualified, package, file, text[brace + 1:close - 1], text[m.start():brace],
                     m.group(1) or "", params, outer)
        t.body_line = text.count("\n", 0, brace + 1)
        if components is not None:
            for part in split_top(components):
                annotations = " ".join(re.findall(r"@[\w.]+(?:\((?:[^()]|\([^)]*\))*\))?", part))
                rest = re.sub(r"@[\w.]+(?:\((?:[^()]|\([^)]*\))*\))?", "", part).strip()
                pieces = rest.rsplit(None, 1)
                if len(pieces) == 2:
                    t.components.append((annotations, pieces[0].strip(), pieces[1].strip()))
        if kind == "enum":
            enum_body = t.body.split(";")[0]
            for part in split_top(enum_body):
                constant = re.match(r"(?:@\w+\s*)*([A-Z][A-Z0-9_]*)", part.strip())
                if constant:
                    t.constants.append(constant.group(1))
        TYPES[qualified] = t
        BY_SIMPLE.setdefault(name, []).append(t)
        index_types(text, brace + 1, close - 1, package, file, t)
        i = close


def load_sources():
    for module in MODULES:
        base = os.path.join(ROOT, module, "src", "main", "java")
        for directory, _, names in os.walk(base):
            for name in sorted(names):
                if not name.endswith(".java"):
                    continue
                path = os.path.join(directory, name)
                with open(path, encoding="utf-8") as f:
                    raw = f.read()
                RAW[path] = raw.split("\n")
                source = strip_comments(raw)
                package = re.search(r"^package\s+([\w.]+);", source, re.M).group(1)
                imports = {imp.rsplit(".", 1)[1]: imp for imp in re.findall(r"^import\s+([\w.]+);", source, re.M)}
                FILES[path] = (package, imports, source)
                index_types(source, 0, len(source), package, path, None)


def resolve(name, context):
    """The JavaType a simple or dotted name means inside `context` (a JavaType), or None."""
    head, _, tail = name.partition(".")
    found = None
    scope = context
    while scope is not None and found is None:
        candidate = TYPES.get(scope.qualified + "." + head)
        if candidate:
            found = candidate
        elif scope.name == head:
            found = scope
        scope = scope.outer
    if found is None:
        package, imports, _ = FILES[context.file]
        if head in imports:
            found = TYPES.get(imports[head])
        if found is None:
            found = TYPES.get(package + "." + head)
        if found is None:
            candidates = BY_SIMPLE.get(head, [])
            found = candidates[0] if len(candidates) == 1 else None
    while found is not None and tail:
        head, _, tail = tail.partition(".")
        found = TYPES.get(found.qualified + "." + head)
    return found


# ---------------------------------------------------------------------------------------------------------------
# Java types -> JSON Schema
# ---------------------------------------------------------------------------------------------------------------

SCALARS = {
    "String": {"type": "string"}, "char": {"type": "string"}, "Character": {"type": "string"},
    "int": {"type": "integer", "format": "int32"}, "Integer": {"type": "integer", "format": "int32"},
    "long": {"type": "integer", "format": "int64"}, "Long": {"type": "integer", "format": "int64"},
    "short": {"type": "integer"}, "Short": {"type": "integer"},
    "double": {"type": "number"}, "Double": {"type": "number"}, "float": {"type": "number"},
    "Float": {"type": "number"}, "BigDecimal": {"type": "number"}, "BigInteger": {"type": "integer"},
    "boolean": {"type": "boolean"}, "Boolean": {"type": "boolean"},
    "Instant": {"type": "string", "format": "date-time"}, "OffsetDateTime": {"type": "string", "format": "date-time"},
    "ZonedDateTime": {"type": "string", "format": "date-time"}, "LocalDate": {"type": "string", "format": "date"},
    "LocalDateTime": {"type": "string", "format": "date-time"}, "Duration": {"type": "string"},
    "UUID": {"type": "string", "format": "uuid"}, "URI": {"type": "string", "format": "uri"},
    "ZoneId": {"type": "string"}, "Locale": {"type": "string"},
    "JsonNode": {}, "ObjectNode": {"type": "object"}, "ArrayNode": {"type": "array", "items": {}},
    "Object": {}, "Void": {}, "void": {}, "byte[]": {"type": "string", "format": "byte"},
}
CONTAINERS = {"List", "Set", "Collection", "SortedSet", "Iterable", "LinkedHashSet", "ArrayList", "Flux"}
MAPS = {"Map", "LinkedHashMap", "HashMap", "SortedMap", "TreeMap"}
WRAPPERS = {"Optional", "Mono", "Tristate", "ResponseEntity"}


def is_type(schema, name):
    kind = schema.get("type")
    return kind == name or (isinstance(kind, list) and name in kind)


class Schemas:
    def __init__(self):
        self.components = {}
        self.unresolved = set()
        self.in_progress = set()

    def parse_generic(self, text):
        text = text.strip()
        text = re.sub(r"@[\w.]+(?:\([^)]*\))?\s*", "", text).strip()
        if text.endswith("[]") and text != "byte[]":
            return ("[]", [self.parse_generic(text[:-2])])
        if "<" in text:
            name = text[:text.index("<")].strip()
            args = split_top(text[text.index("<") + 1:text.rindex(">")])
            return (name, [self.parse_generic(a) for a in args])
        return (text, [])

    def schema(self, java_type, context, bindings=None, request=False):
        return self.of(self.parse_generic(java_type) if isinstance(java_type, str) else java_type, context,
                       bindings or {}, request)

    def of(self, parsed, context, bindings, request):
        name, args = parsed
        if name in bindings:
            return bindings[name]
        if name in ("?",) or name.startswith("? extends") or name.startswith("?"):
            return {}
        if name == "[]":
            return {"type": "array", "items": self.of(args[0], context, bindings, request)}
        simple = name.rsplit(".", 1)[-1] if name.startswith(("java.", "tools.", "com.")) else name
        if simple in SCALARS:
            return dict(SCALARS[simple])
        if simple in CONTAINERS:
            return {"type": "array", "items": self.of(args[0], context, bindings, request) if args else {}}
        if simple in MAPS:
            value = self.of(args[1], context, bindings, request) if len(args) == 2 else {}
            return {"type": "object", "additionalProperties": value}
        if simple == "Tristate" and args:
            # Absent, null or a value: null clears the field (PUT semantics).
            inner = self.of(args[0], context, bindings, request)
            if isinstance(inner.get("type"), str):
                return {**inner, "type": [inner["type"], "null"]}
            return {"anyOf": [inner, {"type": "null"}]} if inner else inner
        if simple in WRAPPERS:
            return self.of(args[0], context, bindings, request) if args else {}
        t = TYPES.get(name) or resolve(name, context)
        if t is None:
            self.unresolved.add(name + " in " + context.name)
            return {}
        if t.kind == "enum":
            values = [c for c in t.constants]
            if re.search(r"@JsonValue", t.body):
                # Serialized by a method of its own: the constants' names may not be the wire values.
                return {"type": "string"}
            return {"type": "string", "enum": values}
        if t.kind != "record":
            return self.bean(t)
        if t.type_params:
            local = dict(zip(t.type_params, [self.of(a, context, bindings, request) for a in args]))
            return self.record_schema(t, local, request)
        key = self.component_name(t, request)
        if key not in self.components and key not in self.in_progress:
            self.in_progress.add(key)
            self.components[key] = self.record_schema(t, {}, request)
            self.in_progress.discard(key)
        return {"$ref": "#/components/schemas/" + key}

    def component_name(self, t, request):
        parts = t.qualified[len(t.package) + 1:].split(".")
        # Outer.Inner reads better as OuterInner when the inner name alone is vague (Items, Summary, Body...).
        name = parts[-1] if len(parts) == 1 or len(BY_SIMPLE.get(parts[-1], [])) == 1 else "".join(parts[-2:])
        if name in self.components and self.components.get(name, {}).get("x-java") not in (None, t.qualified):
            name = "".join(parts)
        return name

    def bean(self, t):
        # A plain class (rare in this code base): its public getters are not read; document it as an object.
        return {"type": "object", "description": "See " + t.name}

    def record_schema(self, t, bindings, request):
        properties, required, unwrapped = {}, [], []
        include_non_null = bool(re.search(r"@JsonInclude", t.annotations))
        for annotations, java_type, name in t.components:
            if "@JsonIgnore" in annotations and "@JsonIgnoreProperties" not in annotations:
                continue
            wire = name
            renamed = re.search(r'@JsonProperty\(\s*(?:value\s*=\s*)?"([^"]+)"', annotations)
            if renamed:
                wire = renamed.group(1)
            if "@JsonUnwrapped" in annotations:
                unwrapped.append(self.unwrapped(java_type, t, bindings, request))
                continue
            s = self.schema(java_type, t, bindings, request)
            s = dict(s) if "$ref" not in s else {"allOf": [s]} if any(
                k in annotations for k in ("@Size", "@Min", "@Max", "@Pattern")) else s
            if re.search(r"@(NotNullValue|NotNull|NotBlank)\b", annotations):
                # Null is refused: only absent or a value.
                if isinstance(s.get("type"), list):
                    s = {**s, "type": [k for k in s["type"] if k != "null"][0]}
                elif "anyOf" in s and {"type": "null"} in s["anyOf"]:
                    s = [x for x in s["anyOf"] if x != {"type": "null"}][0]
            self.constraints(annotations, s)
            if "$ref" not in s and "allOf" not in s and not include_non_null and not request and s.get("type"):
                pass
            properties[wire] = s
            if request and re.search(r"@(NotNull|NotBlank|NotEmpty|Required)\b", annotations):
                required.append(wire)
            if not request and java_type.strip() in ("int", "long", "boolean", "double", "float", "short"):
                required.append(wire)
        schema = {"type": "object", "properties": properties}
        if required:
            schema["required"] = required
        if request:
            # RequestBodies refuses unknown fields (400 "Unknown field").
            schema["additionalProperties"] = False
        if unwrapped:
            return {"allOf": [schema] + [u for u in unwrapped if u]}
        return schema

    def unwrapped(self, java_type, context, bindings, request):
        """A @JsonUnwrapped field: its record's fields, or for an interface, one of its implementing records."""
        t = resolve(java_type.strip(), context)
        if t is None:
            return {}
        if t.kind == "interface":
            implementations = sorted((x for x in TYPES.values() if x.kind == "record"
                                      and re.search(r"\bimplements\b[^{]*\b" + t.name + r"\b", x.header)),
                                     key=lambda x: x.name)
            return {"oneOf": [self.of((x.qualified, []), x, {}, request) for x in implementations]}
        return self.of((t.qualified, []), t, bindings, request)

    @staticmethod
    def constraints(annotations, s):
        target = s
        if "allOf" in s:
            return
        for m in re.finditer(r"@Size\(([^)]*)\)", annotations):
            args = dict(re.findall(r"(min|max)\s*=\s*(\d+)", m.group(1)))
            prefix = "Items" if is_type(target, "array") else "Length"
            if "min" in args:
                target["min" + prefix] = int(args["min"])
            if "max" in args:
                target["max" + prefix] = int(args["max"])
        for m in re.finditer(r"@(Min|Max|Positive|PositiveOrZero)(?:\((?:value\s*=\s*)?(-?\d+)L?\))?", annotations):
            kind, value = m.group(1), m.group(2)
            if kind == "Min" and value:
                target["minimum"] = int(value)
            elif kind == "Max" and value:
                target["maximum"] = int(value)
            elif kind == "Positive":
                target["exclusiveMinimum"] = 0
            elif kind == "PositiveOrZero":
                target["minimum"] = 0
        # The shared field rules (shared-contracts body/FieldRules): @Text(max), @IntRange(min, max), @DateTime.
        for m in re.finditer(r"@Text\(([^)]*)\)", annotations):
            limit = re.search(r"max\s*=\s*(\d+)", m.group(1))
            if limit and is_type(target, "string"):
                target["maxLength"] = int(limit.group(1))
        for m in re.finditer(r"@IntRange\(([^)]*)\)", annotations):
            bounds = dict(re.findall(r"(min|max)\s*=\s*(-?\d+)", m.group(1)))
            if is_type(target, "integer"):
                if "min" in bounds:
                    target["minimum"] = int(bounds["min"])
                if "max" in bounds:
                    target["maximum"] = int(bounds["max"])
        if "@DateTime" in annotations and is_type(target, "string"):
            target["format"] = "date-time"
        if "@NotBlank" in annotations and is_type(target, "string"):
            target.setdefault("minLength", 1)
        if "@Email" in annotations:
            target["format"] = "email"


# ---------------------------------------------------------------------------------------------------------------
# Controllers -> routes
# ---------------------------------------------------------------------------------------------------------------

MAPPING = re.compile(r"@(Get|Post|Put|Delete|Patch|Request)Mapping\b(\((?:[^()]|\([^()]*\))*\))?")


def string_constants(t):
    constants = {}
    for m in re.finditer(r"static\s+final\s+String\s+(\w+)\s*=\s*\"([^\"]*)\"\s*;", t.body):
        constants[m.group(1)] = m.group(2)
    return constants


def annotation_paths(args, constants):
    if not args:
        return [""]
    inner = args[1:-1].strip()
    if not inner:
        return [""]
    value = None
    for part in split_top(inner):
        m = re.match(r"(value|path)\s*=\s*(.*)", part, re.S)
        if m:
            value = m.group(2)
        elif "=" not in part.split('"')[0]:
            value = part
    if value is None:
        return [""]
    value = value.strip()
    items = split_top(value[1:-1]) if value.startswith("{") else [value]
    paths = []
    for item in items:
        path = ""
        for piece in item.split("+"):
            piece = piece.strip()
            if piece.startswith('"'):
                path += piece.strip('"')
            elif piece in constants:
                path += constants[piece]
            else:
                raise ValueError("cannot read mapping path " + item)
        paths.append(path)
    return paths


def annotation_attr(args, attr):
    if not args:
        return None
    m = re.search(attr + r"\s*=\s*([^,)]+)", args)
    return m.group(1).strip() if m else None


class Route:
    def __init__(self, method, path, controller, name, signature, body_text, produces, status, doc=None):
        self.method, self.path, self.controller, self.name = method, path, controller, name
        self.signature, self.body_text, self.produces, self.status = signature, body_text, produces, status
        self.doc = doc


def javadoc_before(file, line):
    """The Javadoc just above `line` (0-based) of `file`, skipping annotations, as plain text; or None."""
    lines = RAW[file]
    i = line - 1
    while i >= 0 and (lines[i].strip().startswith("@") or lines[i].strip() == "" or lines[i].strip().endswith(")")
                      and not lines[i].strip().endswith("*/")):
        if lines[i].strip().endswith("}") or lines[i].strip().endswith(";"):
            return None
        i -= 1
    if i < 0 or not lines[i].strip().endswith("*/"):
        return None
    end = i
    while i >= 0 and "/**" not in lines[i]:
        i -= 1
    if i < 0:
        return None
    text = " ".join(l.strip().lstrip("/*").rstrip("*/").strip() for l in lines[i:end + 1])
    text = re.sub(r"\{@(?:code|link|linkplain|literal|value)\s+([^}]*)\}", r"`\1`", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"`#(\w+)`", r"`\1`", text)
    return text or None


def controllers():
    routes = []
    for t in list(TYPES.values()):
        if "@RestController" not in t.annotations and "@Controller" not in t.annotations:
            continue
        constants = string_constants(t)
        outer = t
        while outer.outer:
            outer = outer.outer
            constants.update(string_constants(outer))
        base_match = MAPPING.search(t.annotations)
        bases = annotation_paths(base_match.group(2), constants) if base_match else [""]
        base_produces = annotation_attr(base_match.group(2), "produces") if base_match else None
        for m in MAPPING.finditer(t.body):
            kind = m.group(1)
            args = m.group(2)
            after = t.body[m.end():]
            sig_end = after.find("{")
            signature = after[:sig_end]
            if ";" in signature.split(")")[-1] or "(" not in signature:
                continue
            clean = re.sub(r"@[\w.]+(\((?:[^()]|\([^()]*\))*\))?", "", signature)
            name_match = re.search(r"(\w+)\s*\(", clean)
            name = name_match.group(1)
            annotations_before = t.body[max(0, m.start() - 300):m.start()]
            status = None
            between = re.search(r"@ResponseStatus\((?:code\s*=\s*|value\s*=\s*)?HttpStatus\.(\w+)\)", signature)
            if between:
                status = between.group(1)
            body_close = matching(after, sig_end, "{", "}")
            body_text = after[sig_end:body_close]
            methods = [kind.upper()] if kind != "Request" else [
                x.split(".")[-1] for x in re.findall(r"RequestMethod\.\w+", args or "")] or ["GET"]
            produces = annotation_attr(args, "produces") or base_produces
            doc = javadoc_before(t.file, t.body_line + t.body.count("\n", 0, m.start()))
            try:
                paths = annotation_paths(args, constants)
            except ValueError:
                if "apidocs" in t.file:
                    continue  # springdoc's own endpoint (shared-contracts), hidden at the gateway
                raise
            for base in bases:
                for path in paths:
                    for method in methods:
                        routes.append(Route(method, (base + path) or "/", t, name, signature, body_text,
                                            produces, status, doc))
    return routes


# ---------------------------------------------------------------------------------------------------------------
# Surfaces (the gateway's rules: auth/ConsumerPaths.java, web/GatewayPaths.java)
# ---------------------------------------------------------------------------------------------------------------

ID = "[^/]+"
DISTRIBUTIONS = "(queues|draws|auctions|appointments|timed-releases)"
ACTIONS = "(enter|leave|status|bid|book|cancel|reschedule|me|highest-bid|current-price|bids|events)"
CONSUMER_RULES = [
    ("POST", "/auth/.+"), ("GET", "/experiences/" + ID), ("POST", "/experiences/" + ID + "/(enter|route)"),
    ("DELETE", "/experiences/" + ID + "/leave"), ("POST", "/experiences/archived-status"),
    ("GET", "/" + DISTRIBUTIONS + "/" + ID), (None, "/" + DISTRIBUTIONS + "/" + ID + "/" + ACTIONS + "(/.*)?"),
    ("GET", "/waitlists/" + ID), (None, "/waitlists/" + ID + "/(enter|leave|status)"),
    ("GET", "/draws/" + ID + "/results"), ("GET", "/consumers/me"), ("POST", "/stream-tokens"),
    ("GET", "/organizations/current"), (None, "/loyalty(/.*)?"), ("GET", r"/\.well-known/jwks\.json"),
]
# Routes both keys may call: the secret key gets the admin view, a publishable key the public one.
SHARED = [("GET", "/api/v1/experiences/{id}"), ("GET", "/api/v1/queues/{id}"), ("GET", "/api/v1/draws/{id}"),
          ("GET", "/api/v1/timed-releases/{id}"), ("GET", "/api/v1/waitlists/{id}"),
          ("GET", "/api/v1/auctions/{id}"), ("GET", "/api/v1/auctions/{id}/bids"), ("GET", "/api/v1/appointments/{id}"),
          ("GET", "/api/v1/appointments/{id}/slots"),
          ("GET", "/api/v1/draws/{id}/results"), ("GET", "/api/v1/organizations/current"),
          ("GET", "/api/v1/.well-known/jwks.json")]
# /platform: the platform operator's API (docs/adr/0021) is not a merchant's surface and is in no public document.
HIDDEN_PREFIXES = ("/internal", "/actuator", "/fallback", "/health", "/openapi", "/wait", "/operator", "/platform",
                   "/v3/api-docs")


def sample(path):
    return re.sub(r"\{[^}]+\}", "x", path)


def is_consumer(method, path):
    return any((m is None or m == method) and re.fullmatch("/api/v1" + p, sample(path)) for m, p in CONSUMER_RULES)


def surfaces_of(method, path):
    if path.startswith(HIDDEN_PREFIXES) or any(path == p or path.startswith(p + "/") for p in HIDDEN_PREFIXES):
        return []
    if path.startswith("/v1/admin/"):
        return ["spotlight-admin"]
    if path.startswith("/v1/sdk/"):
        return ["spotlight-sdk"]
    if not path.startswith("/api/v1/"):
        return []
    if (method, path) in SHARED:
        return ["admin", "consumer"]
    return ["consumer"] if is_consumer(method, path) else ["admin"]


# ---------------------------------------------------------------------------------------------------------------
# Operations
# ---------------------------------------------------------------------------------------------------------------

STATUS = {"CREATED": "201", "NO_CONTENT": "204", "ACCEPTED": "202", "OK": "200"}


def params_of(signature):
    inner = signature[signature.index("(") + 1:signature.rindex(")")]
    return split_top(inner)


def request_body_type(route, schemas):
    """The typed record a JSON body becomes: the parameter's own type, or the record RequestBodies reads it into."""
    for param in params_of(route.signature):
        if "@RequestBody" not in param:
            continue
        required = "required = false" not in param
        java_type = re.sub(r"@[\w.]+(\([^)]*\))?", "", param).strip().rsplit(None, 1)[0]
        if java_type not in ("JsonNode", "ObjectNode"):
            return schemas.schema(java_type, route.controller, request=True), required, java_type
        if (route.method, route.path) in HAND_READ_BODIES:
            return HAND_READ_BODIES[(route.method, route.path)], required, None
        record = find_body_record(route)
        if record:
            return schemas.of((record.qualified, []), record, {}, True) if not record.type_params else {}, \
                required, record.name
        return {"type": "object"}, required, None
    return None, False, None


# Bodies read field by field rather than into a record (their readers refuse unknown fields): written out here.
MEMBER_IDS = {"type": "object", "required": ["consumerIds"], "additionalProperties": False, "properties": {
    "consumerIds": {"type": "array", "minItems": 1, "maxItems": 1000, "items": {"type": "string", "examples": ["cons_…"]}}}}
HAND_READ_BODIES = {
    ("POST", "/api/v1/audiences/{id}/members"): MEMBER_IDS,
    ("DELETE", "/api/v1/audiences/{id}/members"): MEMBER_IDS,
    ("POST", "/api/v1/auth/refresh"): {
        "type": "object", "required": ["refreshToken"], "additionalProperties": False,
        "properties": {"refreshToken": {"type": "string", "maxLength": 512}}},
    ("POST", "/api/v1/auth/external/exchange"): {
        "type": "object", "required": ["exchangeCode"], "additionalProperties": False,
        "properties": {"exchangeCode": {"type": "string", "maxLength": 512}}},
    ("POST", "/api/v1/auth/external/authorize"): {
        "type": "object", "required": ["provider", "issuer", "subject"], "additionalProperties": False,
        "properties": {"provider": {"type": "string", "maxLength": 100}, "issuer": {"type": "string", "maxLength": 2048},
                       "subject": {"type": "string", "maxLength": 255},
                       "claims": {"type": "object", "additionalProperties": False, "properties": {
                           "email": {"type": "string", "format": "email", "maxLength": 254},
                           "name": {"type": "string", "maxLength": 200}}}}},
}


def find_body_record(route):
    """Follows the controller's call into its feature package to the `read(body, X.class)` that types the body."""
    direct = re.search(r"\.read\(\s*\w+\s*,\s*([\w.]+)\.class", route.body_text)
    if direct:
        found = resolve(direct.group(1), route.controller)
        if found:
            return found
    package_dir = os.path.dirname(route.controller.file)
    called = re.findall(r"\.(\w+)\(", route.body_text)
    seen = set()
    for name in called:
        if name in seen or name in ("require", "map", "flatMap", "then", "just", "notFound", "get", "put"):
            continue
        seen.add(name)
        for path, (_, _, source) in FILES.items():
            if os.path.dirname(path) != package_dir and not path.startswith(package_dir):
                continue
            for m in re.finditer(r"\b" + name + r"\s*\(([^)]*JsonNode\s+(\w+)[^)]*)\)\s*(?:throws[^{]*)?\{", source):
                body = source[m.end() - 1:matching(source, m.end() - 1, "{", "}")]
                read = re.search(r"\.read\(\s*[^;]{0,120}?,\s*([\w.]+)\.class", body)
                if read:
                    owner = next((t for t in TYPES.values() if t.file == path), None)
                    found = resolve(read.group(1), owner) if owner else None
                    if found:
                        return found
    return None


def response_schema(route, schemas):
    sig = route.signature
    name_index = re.search(r"\b" + route.name + r"\s*\(", sig).start()
    head = re.sub(r"@\w+(\([^)]*\))?", "", sig[:name_index]).strip()
    head = re.sub(r"^(public|private|protected|static|final|\s)+", "", head).strip()
    parsed = schemas.parse_generic(head)
    sse = False
    if parsed[0] == "Flux" and parsed[1] and parsed[1][0][0] == "ServerSentEvent":
        sse = True
        parsed = parsed[1][0][1][0]
    elif parsed[0] == "Mono" and parsed[1]:
        parsed = parsed[1][0]
    if parsed[0] == "ResponseEntity" and parsed[1]:
        parsed = parsed[1][0]
    if parsed[0] in ("Void", "void"):
        return None, sse
    if parsed[0] == "?" or parsed[0].startswith("?"):
        return {"type": "object", "description": "The admin view for a secret key, the public view for a publishable key"}, sse
    return schemas.of(parsed, route.controller, {}, False), sse


def query_parameters(route, schema):
    params = []
    for param in params_of(route.signature):
        if "@RequestParam" not in param:
            continue
        if "MultiValueMap" in param or "Map<" in param:
            if is_list(schema):
                params += [
                    {"name": "first", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100},
                     "description": "Page size, forward (default 20)"},
                    {"name": "after", "in": "query", "schema": {"type": "string"}, "description": "Cursor: pageInfo.endCursor"},
                    {"name": "last", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100},
                     "description": "Page size, backward"},
                    {"name": "before", "in": "query", "schema": {"type": "string"}, "description": "Cursor: pageInfo.startCursor"},
                ]
            names = sorted(set(re.findall(r'params\.(?:getFirst|get|containsKey)\("(\w+)"\)', route.body_text)))
            for n in names:
                if n not in ("first", "after", "last", "before"):
                    params.append({"name": n, "in": "query", "schema": {"type": "string"}})
            if is_list(schema):
                params += [p for p in list_filters(route) if p["name"] not in names]
            continue
        m = re.search(r'@RequestParam(?:\(([^)]*)\))?\s+([\w<>, ]+?)\s+(\w+)$', param.strip())
        if not m:
            continue
        args, java_type, variable = m.group(1) or "", m.group(2), m.group(3)
        named = re.search(r'(?:name|value)\s*=\s*"(\w+)"', args) or re.match(r'\s*"(\w+)"', args)
        entry = {"name": named.group(1) if named else variable, "in": "query",
                 "schema": SCALARS.get(java_type, {"type": "string"})}
        if "required = false" not in args and "defaultValue" not in args:
            entry["required"] = True
        params.append(entry)
    return params


def list_filters(route):
    """The filters a keyset list declares (shared-contracts ListFilter) in the resource's repository."""
    resource = route.controller.name[:-len("Controller")] if route.controller.name.endswith("Controller") else None
    path = os.path.join(os.path.dirname(route.controller.file), "%sRepository.java" % resource) if resource else None
    if not path or path not in FILES:
        return []
    source = FILES[path][2]
    params = []
    for m in re.finditer(r"ListFilter\.(search|createdBetween|id|oneOf|of)\(((?:[^()]|\((?:[^()]|\([^()]*\))*\))*)\)", source):
        kind, args = m.group(1), m.group(2)
        if kind == "search":
            params.append({"name": "search", "in": "query", "schema": {"type": "string", "minLength": 2, "maxLength": 200},
                           "description": "Case-insensitive text search"})
        elif kind == "createdBetween":
            params += [{"name": n, "in": "query", "schema": {"type": "string", "format": "date-time"}}
                       for n in ("createdAfter", "createdBefore")]
        elif kind == "id":
            name = re.match(r'\s*"(\w+)"', args)
            if name:
                params.append({"name": name.group(1), "in": "query", "schema": {"type": "string"}})
        elif kind == "oneOf":
            name = re.match(r'\s*"(\w+)"\s*,\s*List\.of\(([^)]*)\)', args)
            if name:
                params.append({"name": name.group(1), "in": "query",
                               "schema": {"type": "string", "enum": re.findall(r'"([^"]*)"', name.group(2))}})
        elif kind == "of":
            names = re.match(r'\s*List\.of\(([^)]*)\)', args)
            for n in re.findall(r'"(\w+)"', names.group(1)) if names else []:
                params.append({"name": n, "in": "query", "schema": {"type": "string"}})
    unique = {}
    for p in params:
        unique.setdefault(p["name"], p)
    return list(unique.values())


def is_list(schema):
    return isinstance(schema, dict) and "pageInfo" in schema.get("properties", {})


def path_parameters(path):
    return [{"name": n, "in": "path", "required": True, "schema": {"type": "string"}}
            for n in re.findall(r"\{(\w+)\}", path)]


def tag_of(path):
    parts = [p for p in path.split("/") if p and not p.startswith("{")]
    if parts[:2] == ["api", "v1"]:
        parts = parts[2:]
    elif parts[:2] in (["v1", "admin"], ["v1", "sdk"]):
        parts = parts[2:]
    return parts[0] if parts else "misc"


# ---------------------------------------------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------------------------------------------

ERROR_STATUSES = {"400": "Validation failed or a malformed request; `details` lists every bad field",
                  "401": "Missing, unknown or expired credentials",
                  "403": "The credential may not do this (e.g. a secret key sent from a browser, a disallowed origin)",
                  "404": "Not found, or not this organization's and environment's",
                  "409": "Conflicts with the current state",
                  "423": "Not open yet: try again after `Retry-After` seconds",
                  "429": "Rate limited: try again after `Retry-After` seconds",
                  "503": "A service is briefly unavailable: try again after `Retry-After` seconds"}

SURFACES = {
    "admin": {
        "title": "Dropline Admin API",
        "description": "Server-side management of experiences, distributions, consumers, audiences, commerce, "
                       "analytics and webhooks. Authenticate with a secret key (`Authorization: Bearer sk_…`), never "
                       "from a browser.",
        "schemes": {"secretKey": {"type": "http", "scheme": "bearer", "bearerFormat": "sk_live_… / sk_test_…",
                                  "description": "A secret key. Sent from a browser (with an Origin) it is refused (403)."}},
        "security": lambda method, path: [{"secretKey": []}],
        "error": "ApiError",
    },
    "consumer": {
        "title": "Dropline Consumer API",
        "description": "What a shop's pages and apps call for their visitors: guest sessions and tokens, routing, "
                       "entering and leaving queues, draws, timed releases and waitlists, and their live status. "
                       "Every call carries the publishable key (`X-Publishable-Key: pk_…`); a consumer's calls also "
                       "its access token (`Authorization: Bearer …`). Browsers need their origin on the organization's "
                       "allowed origins. Status streams (`Accept: text/event-stream`) also take `?streamToken=` from "
                       "`POST /api/v1/stream-tokens`, for EventSource.",
        "schemes": {"publishableKey": {"type": "apiKey", "in": "header", "name": "X-Publishable-Key",
                                       "description": "A publishable key (pk_live_… / pk_test_…)."},
                    "consumerToken": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT",
                                      "description": "A consumer's access token from /api/v1/auth/*."},
                    "streamToken": {"type": "apiKey", "in": "query", "name": "streamToken",
                                    "description": "For EventSource: a 5-minute token for one status stream "
                                                   "(POST /api/v1/stream-tokens)."}},
        "security": lambda method, path: (
            [{"publishableKey": []}] if path.startswith("/api/v1/auth/") or path in (
                "/api/v1/.well-known/jwks.json", "/api/v1/draws/{id}/results", "/api/v1/organizations/current")
            or (method == "GET" and re.fullmatch(r"/api/v1/[\w-]+/\{id\}", path))
            else [{"publishableKey": [], "consumerToken": []}]),
        "error": "ApiError",
    },
    "spotlight-admin": {
        "title": "Dropline Spotlight Admin API",
        "description": "Tours, content, themes, admin users, the tenant config and the activity log of Spotlight. "
                       "Every call carries the secret key (`X-API-Key: sk_…`) and the admin's JWT from the tenant's "
                       "identity provider (`Authorization: Bearer …`).",
        "schemes": {"spotlightSecretKey": {"type": "apiKey", "in": "header", "name": "X-API-Key",
                                           "description": "A secret key (sk_…)."},
                    "adminJwt": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT",
                                 "description": "An admin's JWT, verified against the tenant's JWKS."}},
        "security": lambda method, path: [{"spotlightSecretKey": [], "adminJwt": []}],
        "error": "SpotlightError",
    },
    "spotlight-sdk": {
        "title": "Dropline Spotlight SDK API",
        "description": "What the Spotlight SDK calls from a page: eligibility and events, with the publishable key "
                       "(`X-API-Key: pk_…`).",
        "schemes": {"spotlightPublishableKey": {"type": "apiKey", "in": "header", "name": "X-API-Key",
                                                "description": "A publishable key (pk_…)."}},
        "security": lambda method, path: [{"spotlightPublishableKey": []}],
        "error": "SpotlightError",
    },
}


def error_components(kind):
    headers = {
        "RequestId": {"description": "The request's id, also in the error body", "schema": {"type": "string"}},
        "RetryAfter": {"description": "Seconds to wait before trying again", "schema": {"type": "integer"}},
        "RateLimitLimit": {"description": "Requests allowed in the window", "schema": {"type": "integer"}},
        "RateLimitRemaining": {"description": "Requests left in the window", "schema": {"type": "integer"}},
    }
    if kind == "ApiError":
        schemas = {
            "FieldError": {"type": "object", "required": ["field", "message"],
                           "properties": {"field": {"type": "string"}, "message": {"type": "string"}}},
            "ApiError": {"type": "object", "required": ["error", "requestId"], "properties": {
                "error": {"type": "string", "description": "What went wrong, for people"},
                "code": {"type": "string", "description": "A stable code, where the API has one (e.g. QUEUE_NOT_OPEN)"},
                "details": {"type": "array", "items": {"$ref": "#/components/schemas/FieldError"}},
                "requestId": {"type": "string"},
                "retryAfter": {"type": "integer", "description": "Seconds, on 423/429/503"}}},
        }
    else:
        schemas = {"SpotlightError": {"type": "object", "required": ["error"], "properties": {"error": {
            "type": "object", "required": ["code", "message", "request_id"], "properties": {
                "code": {"type": "string", "examples": ["VALIDATION_ERROR", "NOT_FOUND"]},
                "message": {"type": "string"}, "request_id": {"type": "string"}}}}}}
    responses = {}
    for status, description in ERROR_STATUSES.items():
        response_headers = {"X-Request-Id": {"$ref": "#/components/headers/RequestId"}}
        if status in ("423", "429", "503"):
            response_headers["Retry-After"] = {"$ref": "#/components/headers/RetryAfter"}
        responses["E" + status] = {"description": description, "headers": response_headers,
                                   "content": {"application/json": {"schema": {"$ref": "#/components/schemas/" + kind}}}}
    return schemas, responses, headers


def errors_for(method, path, has_body, surface):
    codes = ["401", "429", "503"]
    if has_body or method in ("POST", "PUT", "PATCH", "DELETE") or "{" in path or method == "GET":
        codes.insert(0, "400")
    if "{" in path:
        codes.insert(-2, "404")
    if method in ("POST", "PUT", "PATCH", "DELETE"):
        codes.insert(-2, "409")
    if surface == "consumer" and re.search(r"/(enter|route|status)$", path):
        codes.insert(-2, "423")
    if surface == "consumer" or surface == "spotlight-sdk":
        codes.insert(-2, "403")
    return sorted(set(codes))


def build():
    load_sources()
    routes = controllers()
    documents = {}
    counts = {}
    for surface, spec in SURFACES.items():
        schemas = Schemas()
        error_schemas, error_responses, headers = error_components(spec["error"])
        paths = {}
        operation_ids = set()
        for route in sorted(routes, key=lambda r: (r.path, r.method)):
            if surface not in surfaces_of(route.method, route.path):
                continue
            body_schema, body_required, body_name = request_body_type(route, schemas)
            schema, sse = response_schema(route, schemas)
            item = paths.setdefault(route.path, {})
            method = route.method.lower()
            if sse:
                # The same path's JSON operation exists; the stream is a second answer to it (content negotiation).
                target = item.get(method)
                stream = {"schema": schema}
                if target:
                    target["responses"]["200"]["content"]["text/event-stream"] = stream
                    target.setdefault("security", []).append({"publishableKey": [], "streamToken": []}) \
                        if surface == "consumer" else None
                else:
                    item[method] = {"_pending_stream": stream}
                continue
            base_id = route.name
            operation_id = camel(tag_of(route.path)) + base_id[0].upper() + base_id[1:]
            while operation_id in operation_ids:
                operation_id += "_"
            operation_ids.add(operation_id)
            status = STATUS.get(route.status, "200")
            if schema is None and status == "200":
                status = "204"
            produces = (route.produces or "application/json").strip('"')
            if "MediaType." in produces:
                produces = "application/json"
            success = {"description": "OK" if status == "200" else {"201": "Created", "204": "No content"}.get(status, status)}
            if schema is not None and status != "204":
                media = "text/csv" if "csv" in produces else "application/json"
                success["content"] = {media: {"schema": schema if media == "application/json" else {"type": "string"}}}
            success["headers"] = {"X-Request-Id": {"$ref": "#/components/headers/RequestId"}}
            if surface in ("admin", "consumer"):
                success["headers"]["X-RateLimit-Limit"] = {"$ref": "#/components/headers/RateLimitLimit"}
                success["headers"]["X-RateLimit-Remaining"] = {"$ref": "#/components/headers/RateLimitRemaining"}
            operation = {"operationId": operation_id, "summary": summary(route), "tags": [tag_of(route.path)],
                         "security": spec["security"](route.method, route.path)}
            if route.doc:
                operation["description"] = route.doc
            parameters = path_parameters(route.path) + query_parameters(route, schema)
            if parameters:
                operation["parameters"] = parameters
            if body_schema is not None:
                operation["requestBody"] = {"required": body_required,
                                            "content": {"application/json": {"schema": body_schema}}}
            operation["responses"] = {status: success}
            for code in errors_for(route.method, route.path, body_schema is not None, surface):
                operation["responses"][code] = {"$ref": "#/components/responses/E" + code}
            pending = item.get(method, {}).get("_pending_stream")
            if pending and "content" in success:
                success["content"]["text/event-stream"] = pending
                if surface == "consumer":
                    operation["security"].append({"publishableKey": [], "streamToken": []})
            item[method] = operation
        for item in paths.values():
            for key in [k for k, v in item.items() if "_pending_stream" in v]:
                del item[key]
        components = {"securitySchemes": spec["schemes"],
                      "schemas": dict(sorted({**schemas.components, **error_schemas}.items())),
                      "responses": error_responses, "headers": headers}
        documents[surface] = {
            "openapi": "3.1.0",
            "info": {"title": spec["title"], "version": "v1", "description": spec["description"]},
            "servers": [{"url": "/", "description": "The gateway"}],
            "tags": [{"name": n} for n in sorted({op["tags"][0] for item in paths.values() for op in item.values()})],
            "paths": dict(sorted(paths.items())),
            "components": components,
        }
        counts[surface] = sum(len(item) for item in paths.values())
        if schemas.unresolved:
            print("%s: unresolved types (documented as any): %s" % (surface, ", ".join(sorted(schemas.unresolved))),
                  file=sys.stderr)
    return documents, counts


def summary(route):
    """A short name for the operation from the handler's name and resource; the Javadoc goes to the description."""
    parts = [p for p in route.path.split("/") if p and not p.startswith("{")]
    parts = parts[2:] if parts[:2] in (["api", "v1"], ["v1", "admin"], ["v1", "sdk"]) else parts
    resource = (parts[0] if parts else "api").replace("-", " ")
    singular = resource[:-1] if resource.endswith("s") and resource not in ("settings", "analytics") else resource
    collection = not route.path.endswith("}")
    article = "an " if singular[:1] in "aeiou" else "a "
    names = {"create": "Create " + article + singular, "list": "List " + resource, "get": "Get " + article + singular,
             "update": "Update " + article + singular, "delete": "Delete " + article + singular,
             "archive": "Archive " + article + singular}
    if route.name in names and len(parts) == 1 and (collection == (route.name in ("create", "list"))):
        return names[route.name]
    words = re.sub(r"([A-Z])", r" \1", route.name).lower().strip()
    detail = " ".join(p.replace("-", " ") for p in parts[1:])
    return (words[:1].upper() + words[1:]) + " (" + (resource + (" " + detail if detail else "")) + ")"


def camel(text):
    parts = [p for p in re.split(r"[^A-Za-z0-9]+", text) if p]
    return parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:])


def main():
    documents, counts = build()
    check = "--check" in sys.argv
    stale = []
    os.makedirs(OUT, exist_ok=True)
    for surface, document in documents.items():
        path = os.path.join(OUT, surface + ".json")
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        if check:
            with open(path, encoding="utf-8") as f:
                if f.read() != text:
                    stale.append(path)
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    print("operations per surface: " + ", ".join("%s %d" % item for item in counts.items()))
    if stale:
        print("stale (run python3 tools/openapi/generate.py): " + ", ".join(stale), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
