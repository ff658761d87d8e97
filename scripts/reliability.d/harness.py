"""What every scenario uses: the server process on its own cluster, HTTP, tokens and psql."""
import base64
import concurrent.futures
import hashlib
import hmac
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid

LAUREL = os.path.abspath(os.environ.get("LAUREL_BIN", ".build/debug/laurel"))
ROOT = os.getcwd()
SECRET = "reliability-suite-secret-of-at-least-32-bytes"
UNIT = "vksnd-hanoi"
# The Supreme People's Procuracy: its head decides the certificate of merit of ad_hoc_body.
SECTOR = "vksndtc"
OTHER_UNIT = "vksnd-laocai"


class Scenario:
    """What one scenario did: operations sent, checks that failed (with why), events lost."""

    def __init__(self, number, name):
        self.number = number
        self.name = name
        self.operations = 0
        self.failures = []
        self.events_lost = 0
        self.notes = ""  # what a scenario measured, printed under the table

    def check(self, condition, message):
        if not condition:
            self.failures.append(message)
        return condition


class Reply:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def json(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    @property
    def is_problem(self):
        return self.headers.get("content-type", "").startswith("application/problem+json") and \
            isinstance(self.json, dict) and str(self.json.get("type", "")).startswith("urn:laurel:problem:")

    def __repr__(self):
        return f"{self.status} {self.body[:200]!r}"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def forge_token(claims, secret=SECRET, alg="HS256"):
    """A JWT written here, not by Laurel, to send what Laurel must refuse."""
    header = b64url(json.dumps({"alg": alg, "typ": "JWT"}).encode())
    payload = b64url(json.dumps(claims).encode())
    if alg == "none":
        return f"{header}.{payload}."
    signature = hmac.new(secret.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{b64url(signature)}"


class Harness:
    """A temporary directory with a copy of config/, an embedded cluster, and the server on it."""

    def __init__(self):
        self.directory = tempfile.mkdtemp(prefix="laurel-reliability.")
        os.chmod(self.directory, 0o755)
        self.config = os.path.join(self.directory, "config")
        shutil.copytree(os.path.join(ROOT, "config"), self.config)
        self.data_dir = os.path.join(self.directory, "pgdata")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.server = None
        self.tokens = {}
        self.tokens_lock = threading.Lock()
        self.log = open(os.path.join(self.directory, "server.log"), "ab")

    def environment(self, config_dir=None, port=None):
        environment = dict(os.environ)
        environment.update({
            "LAUREL_CONFIG_DIR": config_dir or self.config,
            "LAUREL_DATABASE_DATA_DIR": self.data_dir,
            "LAUREL_DATABASE_MIGRATIONS_DIR": os.path.join(ROOT, "sql"),
            "LAUREL_SERVER_PORT": str(port or self.port),
            "LAUREL_AUTH_HS256_SECRET": SECRET,
            "LAUREL_LOG_LEVEL": "warning",
            "NO_COLOR": "1",
        })
        return environment

    def laurel(self, *arguments, config_dir=None, timeout=120):
        return subprocess.run([LAUREL, *arguments], env=self.environment(config_dir), cwd=self.directory,
                              capture_output=True, text=True, timeout=timeout)

    # The server

    def start(self):
        self.server = subprocess.Popen([LAUREL, "serve"], env=self.environment(), cwd=self.directory,
                                       stdout=self.log, stderr=self.log)
        deadline = time.time() + 180
        while time.time() < deadline:
            if self.server.poll() is not None:
                raise RuntimeError(f"laurel serve exited with {self.server.returncode}: see {self.log.name}")
            try:
                if self.request("GET", "/readyz", token=None, timeout=2).status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError("laurel serve was not ready within 180 s")

    def stop(self):
        if self.server and self.server.poll() is None:
            self.server.terminate()
            try:
                self.server.wait(30)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()
        self.server = None

    def close(self):
        self.stop()
        subprocess.run([LAUREL, "db", "stop", "--data-dir", self.data_dir], capture_output=True)
        self.log.close()
        if os.environ.get("LAUREL_RELIABILITY_KEEP"):
            print(f"kept {self.directory}")
        else:
            shutil.rmtree(self.directory, ignore_errors=True)

    # HTTP

    def token(self, roles, unit=UNIT, subject=None):
        """A valid token from `laurel token issue`, so the suite exercises the real issuer."""
        subject = subject or "rel-" + "-".join(roles)
        key = (tuple(roles), unit, subject)
        with self.tokens_lock:
            if key not in self.tokens:
                arguments = ["token", "issue", "--sub", subject, "--unit", unit, "--minutes", "120"]
                for role in roles:
                    arguments += ["--role", role]
                issued = self.laurel(*arguments)
                if issued.returncode != 0:
                    raise RuntimeError(f"laurel token issue failed: {issued.stderr}")
                self.tokens[key] = issued.stdout.strip()
            return self.tokens[key]

    def request(self, method, path, token=None, body=None, headers=None, timeout=60, base=None):
        """Sends a request (to this harness's server, or the one at `base`); `body` may be a dict
        (sent as JSON), str or bytes."""
        data = body
        if isinstance(body, (dict, list)):
            data = json.dumps(body, ensure_ascii=False).encode()
        elif isinstance(body, str):
            data = body.encode()
        request = urllib.request.Request((base or self.base) + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return Reply(response.status, {k.lower(): v for k, v in response.headers.items()}, response.read())
        except urllib.error.HTTPError as error:
            return Reply(error.code, {k.lower(): v for k, v in error.headers.items()}, error.read())

    def as_role(self, roles, method, path, body=None, unit=UNIT, headers=None, subject=None, base=None):
        return self.request(method, path, token=self.token(roles, unit, subject), body=body, headers=headers, base=base)

    def submit(self, unit=UNIT, name="Nguyễn Văn An", headers=None):
        return self.as_role(["unit_officer"], "POST", "/v1/nominations", ad_hoc_body(unit, name), unit=unit,
                            headers=headers)

    # The database, as the cluster's superuser

    def sql(self, statements, role=None, check=True):
        """Runs SQL through psql as the superuser (or `SET ROLE role` first); returns (ok, output)."""
        script = (f"SET ROLE {role};\n" if role else "") + statements
        result = subprocess.run(["psql", self.database_url(), "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1"],
                                input=script, capture_output=True, text=True)
        if check and result.returncode != 0:
            raise RuntimeError(f"psql failed: {result.stderr.strip()}\n{script}")
        return result.returncode == 0, (result.stdout if result.returncode == 0 else result.stderr).strip()

    def sql_rows(self, query):
        """A query's rows as lists of text fields."""
        return [line.split("|") for line in self.sql(query)[1].splitlines() if line]

    def database_url(self):
        if not hasattr(self, "_database_url"):
            self._database_url = self.laurel("db", "url", "--data-dir", self.data_dir).stdout.strip()
        return self._database_url

    def event_count(self):
        return int(self.sql("SELECT count(*) FROM events;")[1])


def ad_hoc_body(unit=UNIT, name="Nguyễn Văn An"):
    return {
        "kind": "ad_hoc", "title": "certificate_of_merit", "year": 2026,
        "nominee": {"type": "individual", "id": "staff-" + uuid.uuid4().hex[:8], "name": name, "unit": unit,
                    "position": "Kiểm sát viên", "is_front_line": True},
        "achievement_summary": "Phát hiện và kiến nghị khắc phục vi phạm trong vụ án đặc biệt nghiêm trọng",
        "documents": [
            {"kind": "submission", "title": "Tờ trình", "sha256": "ab" * 32},
            {"kind": "achievement_summary", "title": "Tóm tắt thành tích", "sha256": "cd" * 32}],
    }


def annual_body(unit=UNIT, name="Ngô Thị Mai"):
    """A grassroots emulation fighter: an annual title, reviewed by the unit's council."""
    return {
        "kind": "annual", "title": "grassroots_emulation_fighter", "year": 2026,
        "nominee": {"type": "individual", "id": "staff-" + uuid.uuid4().hex[:8], "name": name, "unit": unit,
                    "position": "Kiểm tra viên", "is_front_line": True},
        "achievement_summary": "Hoàn thành xuất sắc nhiệm vụ năm 2026; sáng kiến được công nhận cấp cơ sở",
        "documents": [{"kind": kind, "title": kind.replace("_", " ").capitalize(), "sha256": "ef" * 32}
                      for kind in ("submission", "achievement_report", "review_minutes", "initiative_certificate")],
        "initiatives": [{"year": 2026, "scope": "grassroots"}],
    }


def advanced_worker_body(unit, year, nominee_id, name):
    """An advanced worker (Lao động tiên tiến) of one person for one year."""
    return {
        "kind": "annual", "title": "advanced_worker", "year": year,
        "nominee": {"type": "individual", "id": nominee_id, "name": name, "unit": unit,
                    "position": "Kiểm tra viên", "is_front_line": True},
        "achievement_summary": f"Hoàn thành tốt nhiệm vụ năm {year}",
        "documents": [{"kind": kind, "title": kind.replace("_", " ").capitalize(), "sha256": "ef" * 32}
                      for kind in ("submission", "achievement_report", "review_minutes")],
    }


def ready_for_grassroots(harness, body):
    """Readies the nominee of a grassroots emulation fighter `body` as the rules ask: registered
    for both titles (years under rule set 2017.1 kept no registration), rated excellent, and an
    advanced worker nomination taken in with six colleagues', so that the cap (15% of the unit's
    advanced workers) leaves a place for it. Returns the number of requests sent; raises
    RuntimeError on any refusal."""
    unit, year, nominee = body["nominee"]["unit"], body["year"], body["nominee"]
    people = [(nominee["id"], nominee["name"])] + [(f"{nominee['id']}-{year}-dn-{index}", f"Đồng nghiệp {index}")
                                                   for index in range(1, 7)]

    def sent(reply, what, statuses=(200, 201)):
        if reply.status not in statuses:
            raise RuntimeError(f"readying a grassroots nominee: {what}: {reply}")
        return reply

    requests = 0
    if year >= 2024:
        entries = [{"title": title, "person": {"id": person, "name": name}}
                   for person, name in people for title in ("advanced_worker", "grassroots_emulation_fighter")]
        path = f"/v1/units/{unit}/registrations/{year}"
        # The standing office amends after the January deadline; before it the unit registers itself.
        reply = harness.as_role(["standing_office"], "POST", path, {"add": entries, "reason": "Bổ sung đăng ký"}, unit=SECTOR)
        if reply.status == 403:
            reply = harness.as_role(["unit_officer"], "POST", path, {"add": entries}, unit=unit)
            requests += 1
        sent(reply, "registration")
        requests += 1
    ratings = [{"person_id": person, "name": name, "rating": "excellent"} for person, name in people]
    sent(harness.as_role(["unit_officer"], "POST", f"/v1/units/{unit}/task-ratings/{year}", {"ratings": ratings}, unit=unit),
         "task ratings")
    for person, name in people:
        submitted = sent(harness.as_role(["unit_officer"], "POST", "/v1/nominations",
                                         advanced_worker_body(unit, year, person, name), unit=unit), "advanced worker", (201,))
        sent(harness.as_role(["standing_office"], "POST", f"/v1/nominations/{nomination_id(submitted)}/accept", {},
                             unit=SECTOR), "intake of the advanced worker")
    return requests + 1 + 2 * len(people)


# The Hà Nội council's nine members as config/organization.yaml seats them: a session's
# membership is the council's as constituted, never a list the request brings.
COUNCIL_MEMBERS = [f"cb-{index:05d}" for index in range(15, 24)]


def convene_body():
    """A session of the Hà Nội council (UNIT's), all its members present."""
    return {"council": UNIT, "date": time.strftime("%Y-%m-%d"), "present": COUNCIL_MEMBERS}


def all_at_once(count, send):
    """Runs `send(index)` on `count` threads released together; returns the replies in order."""
    barrier = threading.Barrier(count)

    def run(index):
        barrier.wait()
        return send(index)

    with concurrent.futures.ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def nomination_id(reply):
    body = reply.json or {}
    return (body.get("nomination") or {}).get("id", "")


def history_length(harness, nomination):
    reply = harness.as_role(["auditor"], "GET", f"/v1/nominations/{nomination}/history")
    return len(reply.json) if isinstance(reply.json, list) else -1
