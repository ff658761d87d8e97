"""Checks every response the route tests received against the OpenAPI document's schemas.

    response_check.py openapi.yaml responses.jsonl

The Swift route tests write each answer they get (method, URI, status, content type, body) to the
file named by LAUREL_RESPONSE_LOG. Each JSON body is validated with jsonschema (JSON Schema
2020-12, which OpenAPI 3.1 uses) against the schema its operation documents for that status. A
status the operation does not document, without a `default`, is reported too.
"""
import collections
import json
import re
import sys
import urllib.parse

import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

JSON_TYPES = ("application/json", "application/problem+json")


def main(spec_path, log_path):
    spec = yaml.safe_load(open(spec_path, encoding="utf-8"))
    registry = Registry().with_resource("urn:laurel:openapi", Resource(contents=spec, specification=DRAFT202012))
    # Literal segments beat parameters: /v1/nominations/{id} never answers for /v1/nominations.
    routes = sorted(
        ((re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(path)) + "$"), path) for path in spec["paths"]),
        key=lambda route: -route[1].count("/") * 10 + route[1].count("{"))
    validators = {}
    checked, skipped = collections.Counter(), collections.Counter()
    failures = collections.OrderedDict()
    for line in open(log_path, encoding="utf-8"):
        record = json.loads(line)
        method = record["method"].lower()
        path = urllib.parse.urlsplit(record["uri"]).path
        template = next((template for pattern, template in routes if pattern.match(path)), None)
        operation = spec["paths"].get(template, {}).get(method) if template else None
        if operation is None:
            skipped["no operation (an unserved path or method)"] += 1
            continue
        status = str(record["status"])
        responses = operation["responses"]
        documented_as = next((k for k in (status, status[0] + "XX", "default") if k in responses), None)
        key = f'{operation["operationId"]} {status}'
        if documented_as is None:
            failures.setdefault(key, f"status {status} is not documented for {method.upper()} {template}")
            continue
        response = responses[documented_as]
        pointer = "#/paths/" + template.replace("~", "~0").replace("/", "~1") + f"/{method}/responses/{documented_as}"
        if "$ref" in response:
            pointer = response["$ref"]
            response = resolve(spec, pointer)
        media = (record.get("content_type") or "").split(";")[0].strip()
        if media not in JSON_TYPES or not record["body"]:
            skipped["not JSON, or no body"] += 1
            continue
        content = response.get("content", {})
        documented = media if media in content else next((m for m in JSON_TYPES if m in content), None)
        if documented is None:
            failures.setdefault(key, f"{media} is not documented for status {status}")
            continue
        schema_pointer = pointer + "/content/" + documented.replace("/", "~1") + "/schema"
        if schema_pointer not in validators:
            validators[schema_pointer] = Draft202012Validator({"$ref": "urn:laurel:openapi" + schema_pointer}, registry=registry)
        errors = sorted(validators[schema_pointer].iter_errors(json.loads(record["body"])), key=lambda e: list(e.path))
        checked[key] += 1
        if errors:
            error = errors[0]
            where = "/".join(str(part) for part in error.path) or "(the body)"
            failures.setdefault(key, f"{where}: {error.message[:300]}  [{record['method']} {record['uri']}]")
    total = sum(checked.values())
    for key, message in failures.items():
        print(f"  ✗ {key}: {message}")
    print(f"response bodies: {total} checked against the schemas of {len(checked)} operation statuses; "
          f"{sum(skipped.values())} without a JSON body or operation; {len(failures)} failing")
    sys.exit(1 if failures or total == 0 else 0)


def resolve(spec, ref):
    node = spec
    for part in ref.lstrip("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
