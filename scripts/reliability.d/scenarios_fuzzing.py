"""Scenario 5: schemathesis fuzzes the served OpenAPI document with valid tokens.

Schemathesis (from PyPI) is installed into `.laurel/venv` when missing; it is the one part of the
suite that is not standard library. Before it runs, nominations in several states and a council
session are created, and schemathesis draws most `{id}`s and session ids from them, so commands
reach the workflow instead of stopping at 404.
"""
import base64
import json
import os
import subprocess
import sys

from harness import COUNCIL_MEMBERS, ROOT, SECTOR, UNIT, ad_hoc_body, annual_body, convene_body, nomination_id, ready_for_grassroots

# Pinned: which checks exist, what they flag, and the report's format change between releases.
SCHEMATHESIS = "schemathesis==4.32.5"
VENV = os.path.join(ROOT, ".laurel", "venv")
CHECKS = ["not_a_server_error", "status_code_conformance", "content_type_conformance", "response_schema_conformance",
          "response_headers_conformance", "unsupported_method", "allow_header_conformance"]
# Everyone who may act, so every command is within some role's reach; and a unit officer alone,
# who sees only the unit's nominations and reads no sessions.
PASSES = [
    ("every role", ["administrator", "standing_office", "council_secretary", "head_of_agency", "inspector",
                    "unit_officer"], int(os.environ.get("LAUREL_FUZZ_SECONDS", "100"))),
    ("unit officer", ["unit_officer"], int(os.environ.get("LAUREL_FUZZ_OFFICER_SECONDS", "40"))),
]


def schemathesis_binary():
    """The pinned schemathesis in `.laurel/venv`, installed with pip when it is missing."""
    binary = os.path.join(VENV, "bin", "schemathesis")
    version = SCHEMATHESIS.split("==")[1]
    if os.path.exists(binary):
        installed = subprocess.run([binary, "--version"], capture_output=True, text=True)
        if installed.returncode == 0 and installed.stdout.split()[-1] == version:
            return binary
    if not os.path.exists(os.path.join(VENV, "bin", "pip")):
        created = subprocess.run([sys.executable, "-m", "venv", VENV], capture_output=True, text=True)
        if created.returncode != 0:  # Debian's python3 has venv in its own package
            subprocess.run((["sudo"] if os.geteuid() != 0 else []) + ["apt-get", "install", "-y", "-qq",
                           "--no-install-recommends", "python3-venv"], capture_output=True,
                           env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
            created = subprocess.run([sys.executable, "-m", "venv", "--clear", VENV], capture_output=True, text=True)
            if created.returncode != 0:
                raise RuntimeError(f"python3 -m venv {VENV}: {created.stderr.strip()[-300:]}")
    installed = subprocess.run([os.path.join(VENV, "bin", "pip"), "install", "-q", SCHEMATHESIS],
                               capture_output=True, text=True, timeout=900)
    if installed.returncode != 0:
        raise RuntimeError(f"pip install {SCHEMATHESIS}: {installed.stderr.strip()[-500:]}")
    return binary


def seed(harness, scenario):
    """Nominations in the states commands start from, and a council session; their ids."""
    officer, office, head = ["unit_officer"], ["standing_office"], ["head_of_agency"]
    secretary, inspector = ["council_secretary"], ["inspector"]

    def command(roles, nomination, name, body=None, unit=UNIT):
        reply = harness.as_role(roles, "POST", f"/v1/nominations/{nomination}/{name}", body or {}, unit=unit)
        scenario.operations += 1
        if reply.status != 200:
            raise RuntimeError(f"seeding: {name} on {nomination}: {reply}")

    def submitted(body):
        if body["title"] == "grassroots_emulation_fighter":
            scenario.operations += ready_for_grassroots(harness, body)
        reply = harness.as_role(officer, "POST", "/v1/nominations", body)
        scenario.operations += 1
        if reply.status != 201:
            raise RuntimeError(f"seeding: submit: {reply}")
        return nomination_id(reply)

    session = harness.as_role(secretary, "POST", "/v1/council-sessions", convene_body())
    scenario.operations += 1
    if session.status != 201:
        raise RuntimeError(f"seeding: convene: {session}")
    session_id = session.json["session"]["id"]
    nominations = [submitted(ad_hoc_body(name="Trần Thị Mờ")) for _ in range(2)]
    returned, accepted, approved, held = (submitted(ad_hoc_body(name="Lê Văn Mẫu")) for _ in range(4))
    command(office, returned, "return-for-amendment", {"reasons": ["Thiếu tờ trình"]})
    for nomination in (accepted, approved, held):
        command(office, nomination, "accept")
    command(head, approved, "approve", {"decision_number": "12/QĐ-VKSTC", "decision_date": "2026-01-05"}, unit=SECTOR)
    command(inspector, held, "place-hold", {"hold_id": "KN-1", "hold_kind": "complaint", "reference": "Đơn số 1"})
    scheduled, reviewed = (submitted(annual_body()) for _ in range(2))
    for nomination in (scheduled, reviewed):
        command(office, nomination, "accept")
        command(secretary, nomination, "schedule-for-council", {"session_id": session_id})
    command(secretary, reviewed, "record-council-result",
            {"session_id": session_id, "in_favour": len(COUNCIL_MEMBERS), "against": 0, "abstaining": 0})
    return nominations + [returned, accepted, approved, held, scheduled, reviewed], [session_id]


def configuration(nominations, sessions):
    """schemathesis.toml: seeded ids for most path ids and session or nomination fields."""
    def strings(values):
        return "[" + ", ".join(json.dumps(value) for value in values) + "]"

    def drawn(dictionary):
        return f'{{ dictionary = "{dictionary}", probability = 0.8 }}'

    return f"""
[dictionaries.nominations]
values = {strings(nominations)}

[dictionaries.sessions]
values = {strings(sessions)}

[dictionaries.units]
values = {strings([UNIT])}

[[operations]]
include-path-regex = "^/v1/nominations/[{{]id[}}]"
parameters = {{ "path.id" = {drawn("nominations")}, "body.session_id" = {drawn("sessions")} }}

[[operations]]
include-path-regex = "^/v1/council-sessions/[{{]id[}}]"
parameters = {{ "path.id" = {drawn("sessions")}, "body.nomination_id" = {drawn("nominations")} }}

[[operations]]
include-path = "/v1/council-sessions"
parameters = {{ "body.council" = {drawn("units")} }}

[[operations]]
include-path = "/v1/nominations"
parameters = {{ "body.nominee.unit" = {drawn("units")} }}
"""


def fuzzing(harness, scenario):
    binary = schemathesis_binary()
    nominations, sessions = seed(harness, scenario)
    config = os.path.join(harness.directory, "schemathesis.toml")
    with open(config, "w") as file:
        file.write(configuration(nominations, sessions))
    notes = []
    for label, roles, seconds in PASSES:
        if not server_answers(harness, scenario, label):
            break
        name = os.path.join(harness.directory, "schemathesis-" + label.replace(" ", "-"))
        run = subprocess.run(
            [binary, "--config-file", config, "run", f"{harness.base}/openapi.yaml", "--url", harness.base,
             "--header", f"Authorization: Bearer {harness.token(roles)}", "--checks", ",".join(CHECKS),
             "--max-time", str(seconds), "--request-timeout", "20", "--report", "ndjson",
             "--report-ndjson-path", name + ".ndjson", "--no-color"],
            cwd=harness.directory, capture_output=True, text=True, timeout=seconds + 300)
        with open(name + ".txt", "w") as file:
            file.write(run.stdout + run.stderr)
        if not os.path.exists(name + ".ndjson"):
            scenario.failures.append(f"{label}: schemathesis wrote no report (exit {run.returncode}): "
                                     f"{(run.stdout + run.stderr).strip()[-400:]}")
            continue
        requests, failures, errors, seed_used = read_report(name + ".ndjson")
        scenario.operations += requests
        scenario.failures += [f"{label}: {failure}" for failure in failures]
        scenario.failures += [f"{label}: schemathesis error: {error}" for error in errors]
        scenario.check(requests > 0, f"{label}: schemathesis sent no request")
        notes.append(f"{label}: {requests} requests, seed {seed_used}")
    else:
        server_answers(harness, scenario, "after fuzzing")
    scenario.notes = "; ".join(notes)


def server_answers(harness, scenario, label):
    """Whether the server is up; when it is not, a failure with its last words, and a restart."""
    if harness.server and harness.server.poll() is None:
        return True
    scenario.failures.append(f"{label}: the server had exited ({harness.server.returncode}): {last_words(harness)}")
    harness.server = None
    try:
        harness.start()
    except RuntimeError:
        scenario.failures.append(f"{label}: the server does not start again: {last_words(harness)}")
        return False
    return True


def last_words(harness):
    harness.log.flush()
    with open(harness.log.name, errors="replace") as log:
        lines = [line.strip() for line in log if line.strip()]
    return lines[-1][:400] if lines else "(nothing logged)"


def read_report(path):
    """(requests sent, unique failed checks as text, run errors, seed) from an NDJSON report."""
    requests = 0
    failures = {}
    errors = []
    seed_used = None
    with open(path) as report:
        for line in report:
            event = json.loads(line)
            if "Initialize" in event:
                seed_used = event["Initialize"].get("seed")
            elif "NonFatalError" in event or "FatalError" in event:
                error = event.get("NonFatalError") or event.get("FatalError")
                errors.append(f"{error.get('label', 'fatal')}: "
                              f"{json.dumps(error.get('value') or error.get('exception'), ensure_ascii=False)}"[:400])
            elif "ScenarioFinished" in event:
                recorder = event["ScenarioFinished"].get("recorder") or {}
                interactions = recorder.get("interactions") or {}
                requests += len(interactions)
                for case, checks in (recorder.get("checks") or {}).items():
                    for check in checks:
                        if check.get("status") != "failure":
                            continue
                        failure = (check.get("failure_info") or {}).get("failure") or {}
                        key = (check["name"], failure.get("operation", recorder.get("label")), failure.get("title"),
                               failure.get("message", "").split("\n")[0])
                        failures.setdefault(key, describe(failure, interactions.get(case)))
    return requests, list(failures.values()), errors, seed_used


def describe(failure, interaction):
    """A failure as one line: the check's code and title, the request, and what came back."""
    text = f"{failure.get('code', '')} {failure.get('title', '')} on {failure.get('operation', '')}"
    message = failure.get("message", "").split("\n")[0]
    if message:
        text += f": {message}"
    if interaction and interaction.get("response"):
        request, response = interaction["request"], interaction["response"]
        uri = request["uri"].split("/", 3)[-1][:200]
        body = base64.b64decode((response.get("content") or {}).get("$base64", "")).decode("utf-8", "replace")
        code = ""
        try:
            code = json.loads(body).get("code", "") if body.startswith("{") else ""
        except ValueError:
            pass
        text += f" ({request['method']} /{uri} answered {response['status_code']} {code})".rstrip()
    return text
