"""Scenario 12 over real HTTP: who may decide what (issue #21).

Every case of the issue's list, tried as a user would, against the shipped `config/`: each must be
refused with the expected status and problem `type`, and append nothing. A case is one row of
`CASES`: a label, the token it is sent with (roles, unit, and a subject if it matters), the
request, and the expected status and problem code. What a case needs beforehand (a session, a
nomination brought to some stage) is a fixture of `Fixtures`, named in the case's path or body as
`{fixture_name}`: it is built on first use, by the same requests a user would send, and kept for
the cases after. Set-up may append events; the event count is taken right before and right after
each refused request, and must not move.

To add a case, append a `Case` to `CASES` (and, if it needs one, a fixture method to `Fixtures`
returning the id the case's path or body refers to).
"""
import string
import time
import uuid

from harness import COUNCIL_MEMBERS, SECTOR, UNIT, annual_body, ready_for_grassroots

PROBLEM = "urn:laurel:problem:"
NGHEAN = "vksnd-nghean"
TODAY = time.strftime("%Y-%m-%d")

# The councils as config/organization.yaml constitutes them: Nghệ An's seven (its chair cb-00063),
# the Supreme People's Procuracy's fourteen. Hà Nội's nine are the harness's COUNCIL_MEMBERS.
NGHEAN_COUNCIL = [f"cb-{index:05d}" for index in range(63, 70)]
SUPREME_COUNCIL = [f"cb-{index:05d}" for index in range(1, 15)]
# Two Hà Nội members absent from the secret-ballot session, who send written opinions.
ABSENT = ["cb-00022", "cb-00023"]

APPROVAL = {"decision_number": "21/QĐ-VKS", "decision_date": TODAY}


class Case:
    """One request that must be refused: `status` and problem `code` expected, nothing appended.

    `path` and the strings of `body` may name fixtures as `{name}` (see `Fixtures`; a literal brace
    is written twice, as in `str.format`); `roles`, `unit` and `subject` make the token
    (`Harness.token`)."""

    def __init__(self, label, roles, unit, method, path, body=None, status=403, code="forbidden", subject=None):
        self.label, self.roles, self.unit, self.subject = label, roles, unit, subject
        self.method, self.path, self.body = method, path, body
        self.status, self.code = status, code


def documents(*kinds):
    return [{"kind": kind, "title": kind.replace("_", " ").capitalize(), "sha256": "ab" * 32} for kind in kinds]


def nominee(unit, name, nominee_id=None):
    return {"type": "individual", "id": nominee_id or "staff-" + uuid.uuid4().hex[:8], "name": name, "unit": unit,
            "position": "Kiểm sát viên", "is_front_line": True}


def commendation_body(unit, name):
    """A certificate of commendation (Giấy khen): ad hoc, decided by the head of the nominee's unit."""
    return {"kind": "ad_hoc", "title": "certificate_of_commendation", "year": 2026, "nominee": nominee(unit, name),
            "achievement_summary": "Phát hiện vi phạm trong vụ án nghiêm trọng",
            "documents": documents("submission", "achievement_summary")}


def labour_hero_body(unit, name):
    """A Labour Hero proposal: the unit's council, then the Supreme's, both by secret ballot."""
    return {"kind": "labour_hero", "title": "labour_hero", "year": 2025, "nominee": nominee(unit, name),
            "achievement_summary": "Hai mươi năm liên tục hoàn thành xuất sắc nhiệm vụ",
            "documents": documents("submission", "achievement_report", "ballot_minutes", "party_committee_opinion",
                                   "local_government_opinion")}


def annual_title_body(title, year, scope, unit, name, nominee_id):
    """An annual title of one nominee for one year, with the initiative its eligibility asks for."""
    body = annual_body(unit, name)
    body.update(title=title, year=year, initiatives=[{"year": year, "scope": scope}])
    body["nominee"]["id"] = nominee_id
    return body


class SetupFailed(Exception):
    pass


class Fixtures:
    """What the cases act on, each built once on first use. A fixture is a method with no argument
    but self that returns an id (a nomination's, a session's); cases name it as `{method_name}`."""

    def __init__(self, harness, scenario):
        self.harness = harness
        self.scenario = scenario
        self.values = {}
        self.failed = {}  # a fixture that failed is not tried again for the next case that needs it

    def __getitem__(self, name):
        if name in self.failed:
            raise self.failed[name]
        if name not in self.values:
            fixture = getattr(self, name, None)
            if not callable(fixture) or name.startswith("_"):
                raise SetupFailed(f"no fixture named {name}")
            try:
                self.values[name] = fixture()
            except SetupFailed as error:
                self.failed[name] = error
                raise
        return self.values[name]

    def _send(self, what, roles, unit, method, path, body=None, status=200):
        reply = self.harness.as_role(roles, method, path, body, unit=unit)
        self.scenario.operations += 1
        if reply.status != status:
            raise SetupFailed(f"{what}: expected {status}, got {reply}")
        return reply.json or {}

    def _convene(self, council, present):
        reply = self._send(f"convening the council of {council}", ["council_secretary"], council, "POST",
                           "/v1/council-sessions", {"council": council, "date": TODAY, "present": present}, 201)
        return reply["session"]["id"]

    def _submit(self, body, accept=True):
        unit = body["nominee"]["unit"]
        if body["title"] == "grassroots_emulation_fighter":
            try:
                self.scenario.operations += ready_for_grassroots(self.harness, body)
            except RuntimeError as error:
                raise SetupFailed(str(error))
        nomination = self._send(f"submitting {body['title']} of {unit}", ["unit_officer"], unit, "POST",
                                "/v1/nominations", body, 201)["nomination"]["id"]
        if accept:
            self._command(nomination, "accept", {}, ["standing_office"], unit)
        return nomination

    def _command(self, nomination, command, body, roles, unit, state=None):
        reply = self._send(f"{command} on {nomination}", roles, unit, "POST", f"/v1/nominations/{nomination}/{command}", body)
        reached = (reply.get("nomination") or {}).get("state")
        if state and reached != state:
            raise SetupFailed(f"{command} on {nomination} left it in {reached}, not {state}")
        return reply

    # Sessions: each convened by its own unit's council secretary, every member as constituted.

    def nghean_session(self):
        return self._convene(NGHEAN, NGHEAN_COUNCIL)

    def supreme_session(self):
        return self._convene(SECTOR, SUPREME_COUNCIL)

    def hanoi_session_two_absent(self):
        """Hà Nội's council with seven of nine present (the quorum is six); two send written opinions."""
        return self._convene(UNIT, [member for member in COUNCIL_MEMBERS if member not in ABSENT])

    # Nominations, each brought to the stage its cases need.

    def nghean_commendation(self):
        """A certificate of commendation of Nghệ An, accepted by Nghệ An's standing office: its head approves it next."""
        return self._submit(commendation_body(NGHEAN, "Lê Thị Ngân"))

    def hanoi_grassroots(self):
        """A grassroots emulation fighter of Hà Nội, accepted: Hà Nội's council reviews it next."""
        return self._submit(annual_body(UNIT, "Trần Văn Cơ Sở"))

    def nominated_person(self):
        """The id of a Hà Nội person with a live grassroots emulation fighter nomination for 2026."""
        body = annual_body(UNIT, "Trần Văn Một Lần")
        self._submit(body, accept=False)
        return body["nominee"]["id"]

    def labour_hero_scheduled(self):
        """A Labour Hero proposal of Hà Nội on the agenda of Hà Nội's council (a secret ballot)."""
        nomination = self._submit(labour_hero_body(UNIT, "Trịnh Văn Kín"))
        self._command(nomination, "schedule-for-council", {"session_id": self["hanoi_session_two_absent"]},
                      ["council_secretary"], UNIT, "scheduled")
        return nomination

    def labour_hero_at_supreme(self):
        """A Labour Hero proposal of Hà Nội recommended by Hà Nội's council and forwarded to the
        Supreme's: its second review is the Supreme council's."""
        nomination = self._submit(labour_hero_body(UNIT, "Đặng Văn Hùng"))
        session = self["hanoi_session_two_absent"]
        self._command(nomination, "schedule-for-council", {"session_id": session}, ["council_secretary"], UNIT, "scheduled")
        self._command(nomination, "record-council-result",
                      {"session_id": session, "in_favour": len(COUNCIL_MEMBERS) - len(ABSENT), "against": 0,
                       "abstaining": 0, "written_opinions_from": ABSENT, "written_in_favour": len(ABSENT)},
                      ["council_secretary"], UNIT, "council_reviewed")
        self._command(nomination, "forward", {"authority": "Viện trưởng Viện kiểm sát nhân dân tối cao",
                                              "submission_number": "21/TTr-VKS"}, ["head_of_agency"], UNIT, "at_supreme")
        return nomination

    def hanoi_grassroots_scheduled(self):
        """A grassroots emulation fighter of Hà Nội on the agenda of Hà Nội's council, not yet decided."""
        nomination = self._submit(annual_body(UNIT, "Vũ Văn Chờ Họp"))
        self._command(nomination, "schedule-for-council", {"session_id": self["hanoi_session_two_absent"]},
                      ["council_secretary"], UNIT, "scheduled")
        return nomination

    def national_fighter_reviewed(self):
        """A national emulation fighter (decided by the Prime Minister) reviewed by the Supreme council."""
        return self._national_fighter("Phan Thị Toàn Quốc")

    def national_fighter_awarded(self):
        """A national emulation fighter the Prime Minister awarded, as the standing office recorded it."""
        nomination = self._national_fighter("Phan Văn Được Tặng")
        self._command(nomination, "forward", {"authority": "Thủ tướng Chính phủ", "submission_number": "30/TTr-VKSTC"},
                      ["head_of_agency"], SECTOR, "forwarded")
        self._command(nomination, "record-higher-decision",
                      {"authority": "Thủ tướng Chính phủ", "outcome": "awarded", "decision_number": "500/QĐ-TTg",
                       "decision_date": TODAY}, ["standing_office"], SECTOR, "approved")
        return nomination

    def _national_fighter(self, name):
        """A national emulation fighter reviewed by the Supreme council. Its nominee must first hold
        the sector title two years running, which needs three grassroots titles: all decided here
        through the Supreme council and its head (the nominee is of vksndtc, whose council and head
        decide its grassroots titles too)."""
        nominee_id = "staff-" + uuid.uuid4().hex[:8]
        session = self["supreme_session"]
        tally = {"session_id": session, "in_favour": len(SUPREME_COUNCIL), "against": 0, "abstaining": 0}
        chain = [("grassroots_emulation_fighter", 2023, "grassroots"), ("grassroots_emulation_fighter", 2024, "grassroots"),
                 ("grassroots_emulation_fighter", 2025, "grassroots"), ("sector_emulation_fighter", 2025, "sector"),
                 ("sector_emulation_fighter", 2026, "sector"), ("national_emulation_fighter", 2026, "national")]
        for title, year, scope in chain:
            nomination = self._submit(annual_title_body(title, year, scope, SECTOR, name, nominee_id))
            self._command(nomination, "schedule-for-council", {"session_id": session}, ["council_secretary"], SECTOR,
                          "scheduled")
            self._command(nomination, "record-council-result", tally, ["council_secretary"], SECTOR, "council_reviewed")
            if title == "national_emulation_fighter":
                return nomination
            self._command(nomination, "approve", APPROVAL, ["head_of_agency"], SECTOR, "approved")


# Roles of Hà Nội that are not sector-wide (config/organization.yaml: only auditor and administrator are).
SCOPED_ROLES = ["standing_office", "council_secretary", "head_of_agency", "inspector", "unit_officer"]

CASES = [
    # Councils as constituted: the membership is the organisation's, never the request's.
    Case("convening the Supreme council with a membership of 3 in the request", ["council_secretary"], SECTOR,
         "POST", "/v1/council-sessions",
         {"council": SECTOR, "date": TODAY, "present": SUPREME_COUNCIL,
          "members": [{"id": f"m{index}", "name": f"Ủy viên {index}", "unit": SECTOR} for index in (1, 2, 3)]},
         422, "validation_failed"),
    Case("convening Nghệ An's council with 4 of 7 present (quorum 2/3)", ["council_secretary"], NGHEAN,
         "POST", "/v1/council-sessions", {"council": NGHEAN, "date": TODAY, "present": NGHEAN_COUNCIL[:4]},
         422, "quorum_not_met"),
    Case("convening Nghệ An's council with a Hà Nội member present", ["council_secretary"], NGHEAN,
         "POST", "/v1/council-sessions",
         {"council": NGHEAN, "date": TODAY, "present": NGHEAN_COUNCIL + [COUNCIL_MEMBERS[0]]},
         422, "unknown_member"),
    Case("convening Nghệ An's council with a member present twice", ["council_secretary"], NGHEAN,
         "POST", "/v1/council-sessions",
         {"council": NGHEAN, "date": TODAY, "present": NGHEAN_COUNCIL[:5] + NGHEAN_COUNCIL[:1]},
         422, "unknown_member"),
    Case("convening Nghệ An's council chaired by a Hà Nội member", ["council_secretary"], NGHEAN,
         "POST", "/v1/council-sessions",
         {"council": NGHEAN, "date": TODAY, "present": NGHEAN_COUNCIL, "chair_id": COUNCIL_MEMBERS[0]},
         422, "unknown_member"),

    # Authority per title and level. A head of another province does not see the nomination, so
    # its approval is a 404, as every command on a nomination outside the caller's units is.
    Case("head of Hà Nội approves a Nghệ An certificate of commendation", ["head_of_agency"], UNIT,
         "POST", "/v1/nominations/{nghean_commendation}/approve", APPROVAL, 404, "not_found"),
    Case("head of vksndtc approves a Nghệ An certificate of commendation (its head decides it)", ["head_of_agency"],
         SECTOR, "POST", "/v1/nominations/{nghean_commendation}/approve", APPROVAL, 403, "authority_not_allowed"),
    Case("head of vksndtc approves a national emulation fighter (the Prime Minister decides it)", ["head_of_agency"],
         SECTOR, "POST", "/v1/nominations/{national_fighter_reviewed}/approve", APPROVAL, 403, "authority_not_allowed"),

    # The council due for the stage. Scheduled by the Supreme's secretary, who covers every unit,
    # so that what refuses is the council, not the secretary's scope.
    Case("a Hà Nội grassroots title scheduled on Nghệ An's council's session", ["council_secretary"], SECTOR,
         "POST", "/v1/nominations/{hanoi_grassroots}/schedule-for-council", {"session_id": "{nghean_session}"},
         422, "council_not_due"),
    Case("a Labour Hero's second review scheduled on Hà Nội's council's session", ["council_secretary"], SECTOR,
         "POST", "/v1/nominations/{labour_hero_at_supreme}/schedule-for-council",
         {"session_id": "{hanoi_session_two_absent}"}, 422, "council_not_due"),
    Case("Hà Nội's secretary schedules a Labour Hero's second review on the Supreme council's session",
         ["council_secretary"], UNIT, "POST", "/v1/nominations/{labour_hero_at_supreme}/schedule-for-council",
         {"session_id": "{supreme_session}"}, 403, "unit_not_allowed"),

    # Every role scoped: commands.
    Case("standing office of Hà Nội accepts a Nghệ An dossier", ["standing_office"], UNIT,
         "POST", "/v1/nominations/{nghean_commendation}/accept", {}, 404, "not_found"),
    Case("unit officer of Hà Nội submits for a Nghệ An nominee", ["unit_officer"], UNIT,
         "POST", "/v1/nominations", commendation_body(NGHEAN, "Hồ Văn Khác"), 403, "unit_not_allowed"),
    Case("Hà Nội's secretary convenes Nghệ An's council", ["council_secretary"], UNIT,
         "POST", "/v1/council-sessions", {"council": NGHEAN, "date": TODAY, "present": NGHEAN_COUNCIL},
         403, "unit_not_allowed"),
    Case("standing office of Hà Nội closes a session of Nghệ An's council", ["standing_office"], UNIT,
         "POST", "/v1/council-sessions/{nghean_session}/close", {}, 404, "not_found"),
    Case("Hà Nội's secretary records a recusal on a session of Nghệ An's council", ["council_secretary"], UNIT,
         "POST", "/v1/council-sessions/{nghean_session}/recusals",
         {"member_id": "cb-00063", "nomination_id": "{nghean_commendation}", "reason": "Quan hệ gia đình"}, 404, "not_found"),

    # Every role scoped: queries. One nomination of another province is not disclosed (404); a
    # list or report asked for a unit outside the caller's is 403.
    *[Case(f"{role} of Hà Nội reads a Nghệ An nomination", [role], UNIT,
           "GET", "/v1/nominations/{nghean_commendation}", None, 404, "not_found") for role in SCOPED_ROLES],
    *[Case(f"standing office of Hà Nội reads a Nghệ An nomination's {what}", ["standing_office"], UNIT,
           "GET", "/v1/nominations/{nghean_commendation}/" + what, None, 404, "not_found")
      for what in ["history", "timeline", "state?version=1", "integrity"]],
    Case("standing office of Hà Nội reads a session of Nghệ An's council", ["standing_office"], UNIT,
         "GET", "/v1/council-sessions/{nghean_session}", None, 404, "not_found"),
    *[Case(f"standing office of Hà Nội lists {path} of Nghệ An", ["standing_office"], UNIT,
           "GET", f"{path}?{key}={NGHEAN}", None, 403, "forbidden")
      for path, key in [("/v1/nominations", "unit"), ("/v1/reports/statistics", "unit"),
                        ("/v1/reports/deadlines", "unit"), ("/v1/awards", "unit"), ("/v1/council-sessions", "council")]],
    Case("unit officer of Hà Nội lists the nominations of Nghệ An", ["unit_officer"], UNIT,
         "GET", f"/v1/nominations?unit={NGHEAN}", None, 403, "forbidden"),

    # Secret ballots: counts only, never a member's choice.
    Case("a Labour Hero's secret ballot recorded with a named member's written opinion", ["council_secretary"], UNIT,
         "POST", "/v1/nominations/{labour_hero_scheduled}/record-council-result",
         {"session_id": "{hanoi_session_two_absent}", "in_favour": len(COUNCIL_MEMBERS) - len(ABSENT), "against": 0,
          "abstaining": 0, "written_opinions": [{"member_id": ABSENT[0], "in_favour": True}]},
         422, "secret_ballot_named"),

    # Not tried here: a token signed with the shipped development secret, on a service bound to
    # something other than loopback. The service refuses to start so (the suite's server is bound
    # to loopback, with its own secret), which the Swift tests (SecureDefaultsTests) cover.

    Case("a second nomination of the same person for the same title and year, the first under way",
         ["unit_officer"], UNIT, "POST", "/v1/nominations",
         annual_title_body("grassroots_emulation_fighter", 2026, "grassroots", UNIT, "Trần Văn Một Lần", "{nominated_person}"),
         409, "already_nominated"),

    # A deputy signs for the head only under a delegation the head recorded; a head lends only
    # their own signature; a title decided outside the agency is revoked only by recording the
    # deciding authority's decision.
    Case("a deputy head of Nghệ An approves without a delegation from the head", ["deputy_head_of_agency"], NGHEAN,
         "POST", "/v1/nominations/{nghean_commendation}/approve", APPROVAL, 403, "role_not_allowed",
         subject="pho-vien-truong-nghean"),
    Case("the head of Hà Nội records a delegation of the head of Nghệ An's signature", ["head_of_agency"], UNIT,
         "POST", f"/v1/units/{NGHEAN}/delegations",
         {"decision_number": "9/QĐ-VKS", "decision_date": TODAY, "signed_by": "Viện trưởng",
          "deputy": {"id": "pho-vien-truong-nghean", "name": "Phó Viện trưởng", "position": "Phó Viện trưởng"},
          "valid_from": TODAY}, 403, "authority_not_allowed"),
    Case("head of vksndtc revokes a national emulation fighter without the Prime Minister's decision", ["head_of_agency"],
         SECTOR, "POST", "/v1/nominations/{national_fighter_awarded}/revoke",
         {"ground": "standard_not_met", "legal_basis": "Luật 06/2022/QH15, Điều 93", "decision_number": "31/QĐ-VKSTC"},
         403, "authority_not_allowed"),

    # Moving a nomination off a session that did not decide on it: the council's secretary or
    # standing office, of a unit covering it, with a reason, to a session of the council due.
    Case("a unit officer moves a scheduled nomination to another session", ["unit_officer"], UNIT,
         "POST", "/v1/nominations/{hanoi_grassroots_scheduled}/reschedule",
         {"session_id": "{nghean_session}", "reason": "Phiên họp hoãn"}, 403, "role_not_allowed"),
    Case("Nghệ An's secretary takes a Hà Nội nomination off its council's agenda", ["council_secretary"], NGHEAN,
         "POST", "/v1/nominations/{hanoi_grassroots_scheduled}/unschedule", {"reason": "Phiên họp hoãn"}, 404, "not_found"),
    Case("a scheduled nomination taken off the agenda without a reason", ["council_secretary"], UNIT,
         "POST", "/v1/nominations/{hanoi_grassroots_scheduled}/unschedule", {}, 422, "validation_failed"),
    Case("a Hà Nội grassroots title moved onto Nghệ An's council's session", ["council_secretary"], SECTOR,
         "POST", "/v1/nominations/{hanoi_grassroots_scheduled}/reschedule",
         {"session_id": "{nghean_session}", "reason": "Phiên họp hoãn"}, 422, "council_not_due"),
]


def fixture_names(value):
    """The `{name}` placeholders in a path or a body."""
    if isinstance(value, str):
        return [field for _, field, _, _ in string.Formatter().parse(value) if field]
    if isinstance(value, dict):
        return [name for item in value.values() for name in fixture_names(item)]
    if isinstance(value, list):
        return [name for item in value for name in fixture_names(item)]
    return []


def filled(value, fixtures):
    """`value` with its placeholders replaced by the fixtures' ids."""
    if isinstance(value, str):
        names = fixture_names(value)
        return value.format(**{name: fixtures[name] for name in names}) if names else value
    if isinstance(value, dict):
        return {key: filled(item, fixtures) for key, item in value.items()}
    if isinstance(value, list):
        return [filled(item, fixtures) for item in value]
    return value


def authority(harness, scenario):
    """Every case of `CASES`: refused with its status and problem type, the event count unchanged."""
    fixtures = Fixtures(harness, scenario)
    refused = 0
    for case in CASES:
        try:
            path, body = filled(case.path, fixtures), filled(case.body, fixtures)
        except SetupFailed as error:
            scenario.failures.append(f"{case.label}: set-up failed: {error}")
            continue
        token = harness.token(case.roles, case.unit, case.subject)
        before = harness.event_count()
        reply = harness.request(case.method, path, token=token, body=body)
        appended = harness.event_count() - before
        scenario.operations += 1
        problem = reply.json if reply.is_problem else {}
        expected = f"{case.status} {PROBLEM}{case.code}"
        ok = scenario.check(reply.status == case.status and problem.get("type") == PROBLEM + case.code,
                            f"{case.label}: expected {expected}, got {reply}")
        ok = scenario.check(appended == 0, f"{case.label}: {appended} events appended by a refused request") and ok
        refused += ok
    scenario.notes = f"{refused} of {len(CASES)} cases refused as expected with nothing appended"
