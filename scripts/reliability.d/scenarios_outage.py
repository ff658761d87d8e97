"""Scenarios 1 and 2: the server killed, and PostgreSQL restarted, while 32 clients send commands."""
import http.client
import json
import threading
import time
import uuid

from harness import ad_hoc_body, nomination_id

CLIENTS = 32


class Load:
    """32 clients, each submitting a nomination and accepting it, over and over, until stopped.

    Every acknowledged command is kept as (nomination, version it reached), and every reply with
    the time it was sent and how long it took, so a scenario can judge any window of the run.
    """

    def __init__(self, harness):
        self.harness = harness
        self.officer = harness.token(["unit_officer"])
        self.office = harness.token(["standing_office"])
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.acknowledged = []
        self.replies = []  # (sent at, seconds, status or None when the connection failed, reply)
        self.threads = [threading.Thread(target=self.client, args=(index,)) for index in range(CLIENTS)]

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_):
        self.stopping.set()
        for thread in self.threads:
            thread.join()

    def send(self, method, path, token, body):
        sent = time.time()
        try:
            reply = self.harness.request(method, path, token=token, body=body,
                                         headers={"Idempotency-Key": str(uuid.uuid4())}, timeout=30)
        except (OSError, http.client.HTTPException):  # the server was killed mid-reply, or refused the connection
            reply = None
        with self.lock:
            self.replies.append((sent, time.time() - sent, reply and reply.status, reply))
        return reply

    def client(self, index):
        while not self.stopping.is_set():
            submitted = self.send("POST", "/v1/nominations", self.officer, ad_hoc_body(name=f"Khách {index}"))
            if not submitted or submitted.status != 201:
                time.sleep(0.05)
                continue
            nomination = nomination_id(submitted)
            self.acknowledge(nomination, submitted)
            accepted = self.send("POST", f"/v1/nominations/{nomination}/accept", self.office, {})
            if accepted and accepted.status == 200:
                self.acknowledge(nomination, accepted)

    def acknowledge(self, nomination, reply):
        with self.lock:
            self.acknowledged.append((nomination, (reply.json or {}).get("version")))

    def between(self, start, end):
        return [entry for entry in self.replies if entry[0] >= start and entry[0] + entry[1] <= end]


def check_nothing_lost(harness, scenario, load):
    """Every acknowledged command's event is in the log, the log is whole, and the read models
    equal what a rebuild from the log produces."""
    stored = dict(harness.sql_rows("SELECT substr(stream, length(category) + 2), max(stream_version) FROM events"
                                   " WHERE category = 'nomination' GROUP BY stream, category;"))
    lost = [(nomination, version) for nomination, version in load.acknowledged
            if int(stored.get(nomination, 0)) < int(version or 0)]
    scenario.events_lost += len(lost)
    scenario.check(not lost, f"acknowledged but not in the log: {lost[:5]}")
    scenario.check(all(isinstance(version, int) for _, version in load.acknowledged), "a 2xx command without a version")
    verified = harness.laurel("audit", "verify", "--json", "--data-dir", harness.data_dir)
    scenario.check(verified.returncode == 0, f"laurel audit verify: {verified.stdout[-500:]}")
    half = harness.sql("SELECT count(*) FROM (SELECT FROM events GROUP BY tenant_id, stream"
                       " HAVING max(stream_version) <> count(*)) gaps;")[1]
    scenario.check(half == "0", f"{half} streams whose last version is not their number of events")
    check_read_models_as_rebuilt(harness, scenario)


def check_read_models_as_rebuilt(harness, scenario, seconds=120):
    """The read models catch up with the log, and then equal, table by table and row by row,
    what `laurel projections rebuild all` produces from it: nothing applied twice or missed."""
    scenario.check(projections_caught_up(harness, seconds), f"the read models did not catch up with the log within {seconds} s")
    live = projection_rows(harness)
    rebuilt = harness.laurel("projections", "rebuild", "all", "--data-dir", harness.data_dir, timeout=600)
    scenario.check(rebuilt.returncode == 0, f"laurel projections rebuild all: {rebuilt.stderr[-300:]}")
    fresh = projection_rows(harness)
    for table in sorted(set(live) | set(fresh)):
        scenario.check(live.get(table) == fresh.get(table),
                       f"{table}: its {row_count(live.get(table))} rows differ from the {row_count(fresh.get(table))} "
                       "a rebuild produces")


def row_count(text):
    return len(text.splitlines()) if text else 0


def projections_caught_up(harness, seconds=120):
    deadline = time.time() + seconds
    while time.time() < deadline:
        status = harness.laurel("projections", "status", "--json", "--data-dir", harness.data_dir)
        if status.returncode == 0 and all(p["lag"] == 0 for p in json.loads(status.stdout)):
            return True
        time.sleep(1)
    return False


def projection_rows(harness):
    tables = harness.sql_rows("SELECT table_schema || '.' || table_name FROM information_schema.tables"
                              " WHERE table_schema LIKE 'projection\\_%' AND table_schema NOT LIKE '%\\_rebuild';")
    return {table: harness.sql(f"SELECT t::text FROM {table} t ORDER BY 1;")[1] for (table,) in tables}


def crash(harness, scenario):
    with Load(harness) as load:
        time.sleep(4)
        harness.server.kill()
        harness.server.wait()
        killed = time.time()
        time.sleep(1)
    scenario.operations += len(load.replies)
    acknowledged_before_kill = len(load.acknowledged)
    scenario.check(acknowledged_before_kill > CLIENTS, f"only {acknowledged_before_kill} commands before the kill")
    harness.start()
    scenario.check(all(entry[0] < killed for entry in load.replies if entry[2] is not None and entry[2] < 300),
                   "a 2xx after the kill")
    scenario.check(not [e for e in load.replies if e[2] is not None and e[2] >= 500],
                   f"5xx before the kill: {[e[3] for e in load.replies if e[2] is not None and e[2] >= 500][:3]}")
    check_nothing_lost(harness, scenario, load)


def database_outage(harness, scenario):
    with Load(harness) as load:
        time.sleep(3)
        stopped = harness.laurel("db", "stop", "--data-dir", harness.data_dir)
        down = time.time()
        scenario.check(stopped.returncode == 0, f"laurel db stop: {stopped.stderr}")
        time.sleep(6)
        up_requested = time.time()
        started = harness.laurel("db", "start", "--data-dir", harness.data_dir)
        scenario.check(started.returncode == 0, f"laurel db start: {started.stderr}")
        up = time.time()
        time.sleep(15)
        finished = time.time()
    scenario.operations += len(load.replies)
    during = load.between(down, up_requested)
    scenario.check(len(during) > CLIENTS, f"only {len(during)} requests during the outage")
    refused = [entry for entry in during if entry[2] != 503 or "retry-after" not in entry[3].headers
               or not entry[3].is_problem]
    scenario.check(not refused, f"{len(refused)} of {len(during)} requests during the outage were not 503 with "
                                f"Retry-After: {[(e[2], e[3]) for e in refused[:3]]}")
    slow = [entry for entry in during if entry[1] > 5]
    scenario.check(not slow, f"{len(slow)} requests during the outage took over 5 s (longest {max(e[1] for e in slow):.1f} s)"
                   if slow else "")
    errors = [entry for entry in load.replies if entry[2] is None or (entry[2] >= 500 and entry[2] != 503)]
    scenario.check(not errors, f"{len(errors)} requests failed other than with 503: {[(e[2], e[3]) for e in errors[:3]]}")
    recovered = load.between(up + 5, finished)
    scenario.check(recovered and all(entry[2] in (200, 201) for entry in recovered),
                   f"5 s after the restart: {sorted(set(e[2] for e in recovered))}")
    check_nothing_lost(harness, scenario, load)
