"""Scenario 13: two `laurel serve` processes on one cluster, as a deployment with two instances
behind a load balancer runs them.

Commands on the same nominations reach both at once: each nomination takes each step once, and an
idempotency key sent to both is answered the same by both. A console session opened on one
instance works on the other. Then the instance whose projections
run is killed: the other takes them over, the lag returns to zero, and the read models equal what
a rebuild from the log produces (nothing projected twice, nothing missed).
"""
import http.client
import http.cookies
import os
import re
import signal
import subprocess
import time
import urllib.parse
import uuid

from harness import LAUREL, SECTOR, UNIT, ad_hoc_body, all_at_once, free_port, nomination_id
from scenarios_outage import check_read_models_as_rebuilt

NOMINATIONS = 12
KEYS = 8
LEADING = "are active in this process"


class Instance:
    """One `laurel serve` on the harness's cluster, logging at info level to a file of its own."""

    def __init__(self, harness, name):
        self.name = name
        self.base = f"http://127.0.0.1:{free_port()}"
        self.log_path = os.path.join(harness.directory, f"{name}.log")
        environment = harness.environment(port=self.base.rsplit(":", 1)[1])
        environment["LAUREL_LOG_LEVEL"] = "info"
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen([LAUREL, "serve"], env=environment, cwd=harness.directory, stdout=log, stderr=log)

    def wait_ready(self, harness, seconds=120):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}: see {self.log_path}")
            try:
                if harness.request("GET", "/readyz", base=self.base, timeout=2).status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"{self.name} was not ready within {seconds} s")

    def leads(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as log:
            return LEADING in log.read()

    def stop(self, kill=False):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
            self.process.wait(30)


def console_sign_in(base, login, password):
    """Signs in through the console's form on `base`; returns the session cookie's value, or None."""
    host, port = urllib.parse.urlsplit(base).hostname, urllib.parse.urlsplit(base).port
    connection = http.client.HTTPConnection(host, port, timeout=30)
    connection.request("GET", "/sign-in")
    page = connection.getresponse()
    form = page.read().decode()
    cookies = http.cookies.SimpleCookie()
    for header in page.headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    token = re.search(r'name="csrf" value="([^"]+)"', form)
    if not token or "laurel_signin" not in cookies:
        return None
    body = urllib.parse.urlencode({"csrf": token.group(1), "login": login, "password": password})
    connection.request("POST", "/sign-in", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"laurel_signin={cookies['laurel_signin'].value}"})
    signed = connection.getresponse()
    signed.read()
    session = http.cookies.SimpleCookie()
    for header in signed.headers.get_all("Set-Cookie") or []:
        session.load(header)
    connection.close()
    return session["laurel_session"].value if "laurel_session" in session and session["laurel_session"].value else None


def console_page(base, path, session):
    """GETs a console page with a session cookie; returns (status, text)."""
    parts = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.request("GET", path, headers={"Cookie": f"laurel_session={session}"})
    reply = connection.getresponse()
    text = reply.read().decode(errors="replace")
    connection.close()
    return reply.status, text


def until(condition, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return condition()


def two_instances(harness, scenario):
    harness.stop()
    instances = [Instance(harness, "instance-a"), Instance(harness, "instance-b")]
    try:
        for instance in instances:
            instance.wait_ready(harness)
        both = [instance.base for instance in instances]
        scenario.check(until(lambda: sum(i.leads() for i in instances) == 1, 30),
                       f"{sum(i.leads() for i in instances)} instances run the projections, not one")

        # The same step on the same nomination, sent to both instances at once: one takes it.
        nominations = []
        for index in range(NOMINATIONS):
            submitted = harness.as_role(["unit_officer"], "POST", "/v1/nominations", ad_hoc_body(name=f"Hai Máy {index}"),
                                        base=both[index % 2])
            scenario.operations += 1
            if scenario.check(submitted.status == 201, f"submission on {both[index % 2]}: {submitted}"):
                nominations.append(nomination_id(submitted))
        for nomination in nominations:
            replies = all_at_once(2, lambda side: harness.as_role(
                ["standing_office"], "POST", f"/v1/nominations/{nomination}/accept", {}, unit=SECTOR, base=both[side]))
            scenario.operations += 2
            statuses = sorted(reply.status for reply in replies)
            scenario.check(statuses[0] == 200 and statuses[1] in (409, 422), f"{nomination} accepted on both: {replies}")
        accepted = harness.sql_rows("SELECT stream, count(*) FROM events WHERE event_type = 'nomination.accepted'"
                                    f" AND stream IN ({', '.join(repr('nomination-' + n) for n in nominations)}) GROUP BY stream;")
        scenario.check(len(accepted) == len(nominations) and all(count == "1" for _, count in accepted),
                       f"acceptances per nomination: {accepted}")

        # One idempotency key sent to both at once: one nomination, and the same answer from each
        # (a request still in progress on the other instance is asked again).
        for index in range(KEYS):
            key = str(uuid.uuid4())
            body = ad_hoc_body(name=f"Một Khoá {index}")

            def send(side):
                for _ in range(50):
                    reply = harness.as_role(["unit_officer"], "POST", "/v1/nominations", body,
                                            headers={"Idempotency-Key": key}, base=both[side])
                    if reply.status != 409 or (reply.json or {}).get("code") != "request_in_progress":
                        return reply
                    time.sleep(0.1)
                return reply

            first, second = all_at_once(2, send)
            scenario.operations += 2
            scenario.check(first.status == second.status == 201 and first.json == second.json,
                           f"key {key} answered differently: {first} / {second}")
            made = harness.sql(f"SELECT count(*) FROM events WHERE event_type = 'nomination.submitted'"
                               f" AND payload->'nominee'->>'id' = '{body['nominee']['id']}';")[1]
            scenario.check(made == "1", f"key {key} made {made} nominations")

        # A console session opened on one instance is valid on the other (sessions are in PostgreSQL).
        login, password = f"hai-may-{uuid.uuid4().hex[:6]}", "mật-khẩu-hai-máy"
        created = subprocess.run([LAUREL, "accounts", "create", "--login", login, "--name", "Trần Hai Máy", "--unit", UNIT,
                                  "--role", "unit_officer", "--password-stdin"], input=password + "\n", text=True,
                                 env=harness.environment(), cwd=harness.directory, capture_output=True, timeout=60)
        scenario.operations += 1
        if scenario.check(created.returncode == 0, f"laurel accounts create: {created.stderr[-300:]}"):
            session = console_sign_in(both[0], login, password)
            scenario.operations += 2
            if scenario.check(session is not None, f"no console session from {both[0]}"):
                status, text = console_page(both[1], "/nominations", session)
                scenario.operations += 1
                scenario.check(status == 200 and "Trần Hai Máy" in text,
                               f"the session from {both[0]} on {both[1]}: {status} {text[:200]!r}")

        # The instance running the projections dies; the other takes them over.
        leader = next((instance for instance in instances if instance.leads()), instances[0])
        survivor = instances[1] if leader is instances[0] else instances[0]
        leader.stop(kill=True)
        for index in range(NOMINATIONS):
            reply = harness.as_role(["unit_officer"], "POST", "/v1/nominations", ad_hoc_body(name=f"Sau Sự Cố {index}"),
                                    base=survivor.base)
            scenario.operations += 1
            scenario.check(reply.status == 201, f"submission after the kill: {reply}")
        scenario.check(until(survivor.leads, 60), f"{survivor.name} did not take the projections over")
        check_read_models_as_rebuilt(harness, scenario, seconds=60)
        scenario.notes = f"{leader.name} ran the projections and was killed; {survivor.name} took them over"
    finally:
        for instance in instances:
            instance.stop()
        harness.start()
