"""Scenarios 3, 4, 6 and 7 over real HTTP: races, retries, authentication and hostile input."""
import base64
import copy
import json
import time

from harness import (COUNCIL_MEMBERS, OTHER_UNIT, UNIT, ad_hoc_body, all_at_once, annual_body, convene_body, forge_token, history_length,
                     nomination_id, ready_for_grassroots)

# Each is allowed only from `submitted`, so once one is recorded every other is refused. (Reject
# is not among them: it is also allowed after acceptance, so accept-then-reject is two decisions.)
DECISIONS = [("accept", {}), ("return-for-amendment", {"reasons": ["Thiếu hồ sơ"]})]


def submitted_nomination(harness, scenario, name_or_body):
    """Submits a nomination (an ad hoc one for a name) to work on; its id, or None (and a failure)
    when the submit fails."""
    body = name_or_body if isinstance(name_or_body, dict) else ad_hoc_body(name=name_or_body)
    if body["title"] == "grassroots_emulation_fighter":
        scenario.operations += ready_for_grassroots(harness, body)
    submitted = harness.as_role(["unit_officer"], "POST", "/v1/nominations", body)
    scenario.operations += 1
    if scenario.check(submitted.status == 201, f"submit: {submitted}"):
        return nomination_id(submitted)
    return None


def races(harness, scenario):
    """50 concurrent decisions on one nomination: one is recorded, every other is a 409."""
    nomination = submitted_nomination(harness, scenario, "Phạm Văn Đua")
    if not nomination:
        return
    token = harness.token(["standing_office"])

    def decide(index):
        command, body = DECISIONS[index % len(DECISIONS)]
        return harness.request("POST", f"/v1/nominations/{nomination}/{command}", token=token, body=body)

    replies = all_at_once(50, decide)
    scenario.operations += len(replies)
    statuses = [reply.status for reply in replies]
    scenario.check(statuses.count(200) == 1, f"{statuses.count(200)} decisions succeeded: {sorted(set(statuses))}")
    scenario.check(statuses.count(409) == 49, f"{statuses.count(409)} of the others are 409: "
                                              f"{[r for r in replies if r.status not in (200, 409)][:3]}")
    scenario.check(all(reply.is_problem for reply in replies if reply.status == 409), "a 409 is not problem+json")
    scenario.check(history_length(harness, nomination) == 2, "the log does not hold exactly submit and one decision")

    # The same race with If-Match: every loser is a version conflict, whatever its command.
    submitted = harness.submit(name="Phạm Văn Đua Hai")
    nomination = nomination_id(submitted)
    replies = all_at_once(50, lambda index: harness.request(
        "POST", f"/v1/nominations/{nomination}/{DECISIONS[index % 2][0]}", token=token, body=DECISIONS[index % 2][1],
        headers={"If-Match": '"1"'}))
    scenario.operations += 1 + len(replies)
    statuses = [reply.status for reply in replies]
    scenario.check(statuses.count(200) == 1 and statuses.count(409) == 49, f"with If-Match: {sorted(statuses)}")
    scenario.check(history_length(harness, nomination) == 2, "with If-Match: more than one decision recorded")
    tallies(harness, scenario)


def tallies(harness, scenario):
    """50 concurrent tallies of one item of a council session's agenda: one is recorded (in the
    nomination's log and on the agenda), every other is a 409; tallies of other items at the same
    time are all recorded."""
    secretary = harness.token(["council_secretary"])
    convened = harness.request("POST", "/v1/council-sessions", token=secretary, body=convene_body())
    scenario.operations += 1
    if not scenario.check(convened.status == 201, f"convene: {convened}"):
        return
    session = convened.json["session"]["id"]
    items = []
    for index in range(6):
        nomination = submitted_nomination(harness, scenario, annual_body(name=f"Vũ Thị Phiếu {index}"))
        steps = [harness.as_role(["standing_office"], "POST", f"/v1/nominations/{nomination}/accept", {}),
                 harness.request("POST", f"/v1/nominations/{nomination}/schedule-for-council", token=secretary,
                                 body={"session_id": session})] if nomination else []
        scenario.operations += len(steps)
        if not scenario.check(nomination and all(step.status == 200 for step in steps), f"scheduling: {steps}"):
            return
        items.append(nomination)

    def tally(nomination, in_favour):
        return harness.request("POST", f"/v1/nominations/{nomination}/record-council-result", token=secretary,
                               body={"session_id": session, "in_favour": in_favour, "against": members - in_favour,
                                     "abstaining": 0})

    members = len(COUNCIL_MEMBERS)
    # Each request carries its own count (9, 8, 7 or 6 in favour), so the recorded one names its winner.
    replies = all_at_once(50, lambda index: tally(items[0], members - index % 4))
    scenario.operations += len(replies)
    statuses = [reply.status for reply in replies]
    scenario.check(statuses.count(200) == 1, f"{statuses.count(200)} tallies of one item succeeded: {sorted(set(statuses))}")
    scenario.check(statuses.count(409) == 49 and all(r.is_problem for r in replies if r.status == 409),
                   f"{statuses.count(409)} of the other tallies are problem+json 409s: "
                   f"{[r for r in replies if r.status not in (200, 409)][:3]}")
    winners = [index for index, reply in enumerate(replies) if reply.status == 200]
    if not winners:
        return
    recorded = members - winners[0] % 4
    history = harness.as_role(["auditor"], "GET", f"/v1/nominations/{items[0]}/history").json or []
    scenario.operations += 1
    logged = [event["payload"]["result"]["inFavour"] for event in history
              if event.get("type") == "nomination.council_result_recorded"]
    scenario.check(len(history) == 4 and logged == [recorded],
                   f"the item's log holds {len(history)} events and the tallies {logged}, not the winner's {recorded}")

    # Tallies of the five other items at once: no false conflict, each recorded.
    others = all_at_once(5, lambda index: tally(items[index + 1], members))
    scenario.operations += len(others)
    scenario.check(all(reply.status == 200 for reply in others), f"tallies of other items: {sorted(r.status for r in others)}")
    # Checkpoints are sealed tokens that cannot be compared: the list is read after each in turn,
    # and the read model only moves forward, so the last read has them all.
    for checkpoint in [reply.json["checkpoint"] for reply in others + [replies[winners[0]]] if reply.status == 200]:
        agendas = harness.as_role(["auditor"], "GET", f"/v1/council-sessions?limit=200&checkpoint={checkpoint}")
        scenario.operations += 1
    listed_sessions = (agendas.json or {}).get("items", []) if agendas.status == 200 else []
    agenda = next((a for a in listed_sessions if a.get("session_id") == session), {})
    listed = [item for item in agenda.get("items", []) if item.get("nomination_id") == items[0]]
    scenario.check(len(listed) == 1 and listed[0].get("in_favour") == recorded,
                   f"the agenda shows {listed} for the item, not the one tally of {recorded} in favour")
    scenario.check(sorted(item.get("nomination_id") for item in agenda.get("items", [])) == sorted(items),
                   f"the agenda lists {len(agenda.get('items', []))} items, not the {len(items)} tallied")


def retries(harness, scenario):
    """The same request with one Idempotency-Key, 20 times at once, appends once."""
    body = ad_hoc_body(name="Hoàng Văn Lặp")
    token = harness.token(["unit_officer"])
    before = harness.event_count()
    replies = all_at_once(20, lambda _: harness.request("POST", "/v1/nominations", token=token, body=body,
                                                      headers={"Idempotency-Key": "reliability-submit"}))
    scenario.operations += len(replies)
    scenario.check(all(reply.status == 201 for reply in replies), f"submits: {sorted(r.status for r in replies)}")
    scenario.check(len({reply.body for reply in replies}) == 1, "the retries did not all get the first response")
    scenario.check(harness.event_count() == before + 1, f"{harness.event_count() - before} events appended, not 1")

    nomination = nomination_id(replies[0])
    office = harness.token(["standing_office"])
    replies = all_at_once(20, lambda _: harness.request("POST", f"/v1/nominations/{nomination}/accept", token=office,
                                                      body={}, headers={"Idempotency-Key": "reliability-accept"}))
    scenario.operations += len(replies)
    scenario.check(all(reply.status == 200 for reply in replies), f"accepts: {sorted(r.status for r in replies)}")
    scenario.check(len({reply.body for reply in replies}) == 1, "the accept retries did not all get the first response")
    scenario.check(history_length(harness, nomination) == 2, "the accept was appended more than once")

    reused = harness.request("POST", "/v1/nominations", token=token, body=ad_hoc_body(name="Người Khác"),
                             headers={"Idempotency-Key": "reliability-submit"})
    scenario.operations += 1
    scenario.check(reused.status == 422 and reused.is_problem, f"the key reused with another body: {reused}")


def claims(**changes):
    now = int(time.time())
    base = {"sub": "forger", "name": "Forger", "roles": ["standing_office"], "unit": UNIT, "iss": "laurel",
            "iat": now, "exp": now + 3600}
    base.update(changes)
    return base


def altered_claims(token):
    """A real token with its claims changed and its signature kept."""
    header, payload, signature = token.split(".")
    decoded = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    decoded["roles"] = ["administrator", "head_of_agency"]
    forged = forge_token(decoded).split(".")[1]
    return f"{header}.{forged}.{signature}"


def authentication(harness, scenario):
    nomination = submitted_nomination(harness, scenario, "Đỗ Văn Khoá")
    if not nomination:
        return
    accept = f"/v1/nominations/{nomination}/accept"
    unauthenticated = {
        "no token": None,
        "expired token": forge_token(claims(iat=int(time.time()) - 7200, exp=int(time.time()) - 3600)),
        "token signed with another key": forge_token(claims(), secret="another-secret-of-at-least-32-bytes!"),
        "alg none": forge_token(claims(), alg="none"),
        "altered claims": altered_claims(harness.token(["unit_officer"])),
        "another issuer": forge_token(claims(iss="someone-else")),
        "garbage": "not-a-token",
    }
    before = harness.event_count()
    for label, token in unauthenticated.items():
        for method, path, body in [("POST", accept, {}), ("GET", f"/v1/nominations/{nomination}", None),
                                   ("GET", "/v1/integrity", None)]:
            reply = harness.request(method, path, token=token, body=body)
            scenario.operations += 1
            scenario.check(reply.status == 401 and reply.is_problem, f"{label}, {method} {path}: {reply}")
    # The forger's claims are fine once signed with the real key: the refusals above were about the token.
    reply = harness.request("GET", f"/v1/nominations/{nomination}", token=forge_token(claims()))
    scenario.operations += 1
    scenario.check(reply.status == 200, f"a well-signed token is refused, so the 401s prove nothing: {reply}")

    forbidden = [
        ("wrong role", ["unit_officer"], UNIT, "POST", accept, {}, 403),
        ("auditor writes", ["auditor"], UNIT, "POST", accept, {}, 403),
        ("auditor submits", ["auditor"], UNIT, "POST", "/v1/nominations", ad_hoc_body(), 403),
        ("auditor seals", ["auditor"], UNIT, "POST", "/v1/integrity/seals", {}, 403),
        ("auditor opens a session", ["auditor"], UNIT, "POST", "/v1/council-sessions", {}, 403),
        ("other unit reads", ["unit_officer"], OTHER_UNIT, "GET", f"/v1/nominations/{nomination}", None, 404),
        ("other unit withdraws", ["unit_officer"], OTHER_UNIT, "POST", f"/v1/nominations/{nomination}/withdraw",
         {"reason": "Rút hồ sơ"}, 404),
        ("other unit reads history", ["unit_officer"], OTHER_UNIT, "GET", f"/v1/nominations/{nomination}/history", None, 404),
        ("unit officer verifies the log", ["unit_officer"], UNIT, "GET", "/v1/integrity", None, 403),
    ]
    for label, roles, unit, method, path, body, expected in forbidden:
        reply = harness.as_role(roles, method, path, body, unit=unit)
        scenario.operations += 1
        scenario.check(reply.status == expected and reply.is_problem, f"{label}: expected {expected}, got {reply}")
    listed = harness.as_role(["unit_officer"], "GET", "/v1/nominations?limit=100", unit=OTHER_UNIT)
    scenario.operations += 1
    items = (listed.json or {}).get("items", []) if isinstance(listed.json, dict) else []
    scenario.check(listed.status == 200 and all(item.get("id") != nomination for item in items),
                   "another unit's officer sees the nomination in the list")
    scenario.check(harness.event_count() == before, "a refused request stored events")
    scenario.check(history_length(harness, nomination) == 1, "a refused command changed the nomination")


INJECTIONS = [
    "'; DROP TABLE events; --",
    "Robert'); DELETE FROM streams WHERE ('1'='1",
    "<script>alert(document.cookie)</script>",
    "{{7*7}} ${7*7} %s %n",
    "\" OR \"\"=\"",
    "$(rm -rf /) `id`",
]


def hostile_input(harness, scenario):
    token = harness.token(["unit_officer"])
    office = harness.token(["standing_office"])
    before = harness.event_count()

    def refused(label, reply, statuses=range(400, 500)):
        scenario.operations += 1
        scenario.check(reply.status in statuses and reply.is_problem, f"{label}: {reply}")

    def post(body, headers=None):
        return harness.request("POST", "/v1/nominations", token=token, body=body, headers=headers)

    refused("2 MB body", post(b'{"achievement_summary": "' + b"x" * (2 << 20) + b'"}'), [413])
    refused("100 000 nested arrays", post("{\"documents\": " + "[" * 100_000 + "]" * 100_000 + "}"))
    refused("100 000 nested objects", post("{\"a\":" * 100_000 + "1" + "}" * 100_000))
    refused("invalid UTF-8", post(b'{"kind": "ad_hoc", "nominee": {"name": "\xff\xfe\xc3\x28"}}'))
    refused("truncated JSON", post('{"kind": '))
    refused("not JSON", post("a=b", headers={"Content-Type": "application/x-www-form-urlencoded"}))
    refused("NUL in a string", post(dict(ad_hoc_body(), achievement_summary="a\u0000b")))
    refused("huge name", post(with_nominee(name="Ạ" * 200_000)))
    for year in [-1, 0, 99999, 10 ** 30, 2026.5, "2026", None]:
        refused(f"year {year!r}", post(dict(ad_hoc_body(), year=year)))
    refused("unknown field", post(dict(ad_hoc_body(), approved=True)))
    refused("unknown unit", post(with_nominee(unit="vksnd-atlantis")))
    refused("sha256 not hex", post(dict(ad_hoc_body(), documents=[{"kind": "submission", "title": "T", "sha256": "zz" * 32}])))
    for as_of in ["2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "yesterday", "99999-01-01T00:00:00Z"]:
        refused(f"as_of {as_of}", harness.request("GET", f"/v1/nominations/N-1/state?as_of={as_of}", token=office),
                range(400, 500))
    for query in ["limit=-1", "limit=99999999999999999999", "year=-5", "cursor=%00%ff", "on_hold=maybe"]:
        refused(f"query {query}", harness.request("GET", f"/v1/nominations?{query}", token=office))
    refused("If-Match overflow", harness.request("POST", "/v1/nominations/N-1/accept", token=office, body={},
                                                 headers={"If-Match": '"99999999999999999999999"'}))
    scenario.check(harness.event_count() == before, f"{harness.event_count() - before} events stored by refused requests")

    # Injection strings are data: stored and returned exactly in every text field, and the log is still there.
    for text in INJECTIONS:
        body = with_nominee(name=text, position=text)
        body["achievement_summary"] = text
        body["documents"][0]["title"] = text
        reply = post(body)
        scenario.operations += 2
        if not scenario.check(reply.status == 201, f"injection {text!r} refused: {reply}"):
            continue
        read = harness.request("GET", f"/v1/nominations/{nomination_id(reply)}", token=token)
        nomination = (read.json or {}).get("nomination") or {}
        for path in TEXT_FIELDS:
            value = find(nomination, path)
            scenario.check(value == text, f"injection {text!r} in {'.'.join(map(str, path))} came back as {value!r}")
    scenario.check(harness.event_count() == before + len(INJECTIONS), "the injections did not store one event each")


TEXT_FIELDS = [("nominee", "name"), ("nominee", "position"), ("achievement_summary",), ("documents", 0, "title")]


def find(value, path):
    for key in path:
        try:
            value = value[key]
        except (KeyError, IndexError, TypeError):
            return None
    return value


def with_nominee(**changes):
    body = ad_hoc_body()
    nominee = copy.deepcopy(body["nominee"])
    nominee.update(changes)
    return dict(body, nominee=nominee)
