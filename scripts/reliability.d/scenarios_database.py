"""Scenarios 9 and 8: the application role's limits, and tampering found by both verifiers."""
import json
import uuid

from harness import nomination_id

# What `laurel_app` (the role requests run as) must not be able to do to the log or the schema.
FORBIDDEN_TO_APPLICATION = [
    "UPDATE events SET payload = '{}'",
    "DELETE FROM events",
    "TRUNCATE events",
    # Events go in only through laurel_append, which computes their hashes as the log's owner.
    "INSERT INTO events (tenant_id, stream, category, stream_version, event_id, event_type, schema_version,"
    " payload, metadata, recorded_at, hash) VALUES ('vks', 'forged-1', 'forged', 1, gen_random_uuid(), 'forged', 1,"
    " '{}', '{}', now(), 'x')",
    "UPDATE seals SET event_count = 0",
    "DELETE FROM seals",
    "TRUNCATE seals",
    "ALTER TABLE events DISABLE TRIGGER events_immutable",
    "ALTER TABLE events ADD COLUMN note text",
    "DROP TABLE events",
    "DROP TRIGGER events_immutable ON events",
    "CREATE TABLE public.reliability_probe (id int)",
    "CREATE OR REPLACE FUNCTION laurel_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
    "SET session_replication_role = replica",
]


def application_role(harness, scenario):
    submitted = harness.submit(name="Trần Thị Quyền")
    scenario.operations += 1
    scenario.check(submitted.status == 201, f"submitting the nomination to protect: {submitted}")
    before = harness.event_count()
    for statement in FORBIDDEN_TO_APPLICATION:
        scenario.operations += 1
        ok, output = harness.sql(statement + ";", role="laurel_app", check=False)
        scenario.check(not ok, f"laurel_app could run: {statement}")
        scenario.check(ok or "permission denied" in output or "must be owner" in output,
                       f"{statement}: refused for another reason than privileges: {output}")
    scenario.check(harness.event_count() == before, "the log changed while the statements were refused")
    ok, _ = harness.sql("SELECT count(*) FROM events;", role="laurel_app", check=False)
    scenario.check(ok, "laurel_app cannot read the log, so the check above proves nothing")


# The tampering cases: each takes the stream picked for it and returns its SQL and the issues
# expected, as (kind, stream suffix or None, version or None, event id or None, seal number or None).

def alter_payload(events, seals):
    target = events[1]
    return ([f"UPDATE events SET payload = payload || '{{\"tampered\": true}}' WHERE event_id = '{target['id']}'"],
            {("altered", target["stream"], target["version"], target["id"], None)})


def delete_event(events, seals):
    # Not the stream's last event: that leaves no gap, and only the seal finds it (as for the last
    # one below).
    target = events[0]
    return ([f"DELETE FROM events WHERE event_id = '{target['id']}'"],
            {("removed", target["stream"], target["version"], None, None),
             ("sealMismatch", None, None, None, seal_covering(seals, target))})


def delete_last_event(events, seals):
    target = events[-1]
    return ([f"DELETE FROM events WHERE event_id = '{target['id']}'"],
            {("sealMismatch", None, None, None, seal_covering(seals, target))})


def delete_stream(events, seals):
    stream = "nomination-" + events[0]["stream"]
    return ([f"DELETE FROM events WHERE stream = '{stream}'"],
            {("sealMismatch", None, None, None, number) for number in {seal_covering(seals, e) for e in events}})


def swap_events(events, seals):
    first, second = events[0], events[1]
    return ([f"UPDATE events SET stream_version = stream_version + 1000 WHERE event_id IN ('{first['id']}', '{second['id']}')",
             f"UPDATE events SET stream_version = {second['version']} WHERE event_id = '{first['id']}'",
             f"UPDATE events SET stream_version = {first['version']} WHERE event_id = '{second['id']}'"],
            {("reordered", first["stream"], first["version"], second["id"], None)})


def change_seal(events, seals):
    number = seals[0]["number"]
    return ([f"UPDATE seals SET event_count = event_count + 1 WHERE seal_number = {number}"],
            {("sealMismatch", None, None, None, number)})


CASES = [("alter a payload", alter_payload), ("delete an event", delete_event),
         ("delete a stream's last event", delete_last_event), ("delete a stream", delete_stream),
         ("swap two events", swap_events), ("change a seal", change_seal)]

BACKUP = "reliability_backup"


def seal_covering(seals, event):
    for seal in seals:
        if seal["from"] < event["order"] <= seal["to"]:
            return seal["number"]
    return None


def tampering(harness, scenario):
    administrator = harness.token(["administrator"])
    # One stream per case, each of two events, sealed in two seals so a case can name one of them.
    streams = []
    for index, (label, _) in enumerate(CASES):
        submitted = harness.submit(name=f"Người thứ {index}")
        accepted = harness.as_role(["standing_office"], "POST", f"/v1/nominations/{nomination_id(submitted)}/accept", {})
        scenario.operations += 2
        if not scenario.check(submitted.status == 201 and accepted.status == 200, f"{label}: setup {submitted} {accepted}"):
            return
        streams.append(nomination_id(submitted))
        if index == 1:
            scenario.operations += 1
            seal = harness.request("POST", "/v1/integrity/seals", token=administrator, body={})
            scenario.check(seal.status == 200, f"sealing: {seal}")
    sealed = harness.laurel("audit", "seal", "--data-dir", harness.data_dir)
    scenario.operations += 1
    scenario.check(sealed.returncode == 0, f"laurel audit seal: {sealed.stderr}")

    harness.sql(f"DROP SCHEMA IF EXISTS {BACKUP} CASCADE; CREATE SCHEMA {BACKUP};"
                f" CREATE TABLE {BACKUP}.events AS TABLE events;"
                f" CREATE TABLE {BACKUP}.seals AS TABLE seals;")
    seals = [{"number": int(n), "from": (int(ft), int(fp)), "to": (int(tt), int(tp))} for n, ft, fp, tt, tp in harness.sql_rows(
        "SELECT seal_number, from_transaction_id, from_position, to_transaction_id, to_position FROM seals ORDER BY 1;")]
    try:
        scenario.check(verify(harness, scenario) == (set(), set()), "the log is not intact before tampering")
        for (label, case), nomination in zip(CASES, streams):
            events = [{"id": i, "stream": s.split("-", 1)[1], "version": int(v), "order": (int(t), int(p))} for i, s, v, t, p in harness.sql_rows(
                "SELECT event_id, stream, stream_version, transaction_id, position FROM events"
                f" WHERE stream LIKE '%{nomination}' ORDER BY stream_version;")]
            statements, expected = case(events, seals)
            harness.sql("BEGIN; SET LOCAL session_replication_role = replica; " + "; ".join(statements) + "; COMMIT;")
            cli, api = verify(harness, scenario)
            scenario.check(cli == expected, f"{label}: laurel audit verify reported {sorted(map(str, cli))}, expected {sorted(map(str, expected))}")
            scenario.check(api == expected, f"{label}: GET /v1/integrity reported {sorted(map(str, api))}, expected {sorted(map(str, expected))}")
            restore(harness)
            scenario.check(verify(harness, scenario) == (set(), set()), f"{label}: the log is not intact after restoring it")
    finally:
        restore(harness)
        harness.sql(f"DROP SCHEMA {BACKUP} CASCADE;")


def restore(harness):
    harness.sql("BEGIN; SET LOCAL session_replication_role = replica;"
                " DELETE FROM events; DELETE FROM seals;"
                f" INSERT INTO events OVERRIDING SYSTEM VALUE SELECT * FROM {BACKUP}.events;"
                f" INSERT INTO seals SELECT * FROM {BACKUP}.seals; COMMIT;")


def verify(harness, scenario):
    """The issues `laurel audit verify --json` and `GET /v1/integrity` report, each as a set."""
    scenario.operations += 2
    cli = harness.laurel("audit", "verify", "--json", "--data-dir", harness.data_dir)
    report = json.loads(cli.stdout)
    scenario.check((cli.returncode == 0) == report["intact"], f"laurel audit verify exit status {cli.returncode} "
                                                               f"with intact = {report['intact']}")
    api = harness.as_role(["auditor"], "GET", "/v1/integrity")
    scenario.check(api.status == 200, f"GET /v1/integrity: {api}")
    return issues(report["report"]), issues(api.json or {})


def issues(report):
    def key(issue):
        stream = issue.get("stream")
        if isinstance(stream, dict):
            stream = stream.get("id")
        # A removed event is named by its stream and version: its id went with it.
        event = field(issue, "eventID", "event_id") if issue["kind"] in ("altered", "reordered") else None
        return (issue["kind"], stream, issue.get("version"), event and str(uuid.UUID(event)),
                field(issue, "sealNumber", "seal_number"))
    return {key(issue) for issue in report.get("issues", [])}


def field(issue, cli_key, api_key):
    """The CLI prints the report's own keys; the API spells them in snake case like its other bodies."""
    return issue.get(cli_key, issue.get(api_key))
