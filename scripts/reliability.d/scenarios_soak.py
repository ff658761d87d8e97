"""Scenario 11: minutes of mixed load; memory stays flat, no unexpected error, lag stays bounded."""
import json
import os
import random
import threading
import time

from harness import SECTOR, ad_hoc_body, nomination_id
from scenarios_outage import Load, check_nothing_lost

SECONDS = int(os.environ.get("LAUREL_SOAK_SECONDS", "600"))
# Resident size may grow while caches and pools warm up; beyond this share of the size after the
# first minute (or after a tenth of a shorter run), it is a leak.
GROWTH_ALLOWED = 0.25
LAG_ALLOWED = 5_000
READERS = 4


class MixedLoad(Load):
    """32 clients, each taking ad hoc nominations down one of four paths in turn: approval;
    return, amendment and resubmission; a hold placed and lifted, then a higher authority's
    decision; withdrawal, then the withdrawal repeated, which must be refused with a 409."""

    def __init__(self, harness):
        super().__init__(harness)
        self.head = harness.token(["head_of_agency"], unit=SECTOR)
        self.inspector = harness.token(["inspector"])
        self.repeats = []  # the deliberate repeats' replies: each must be a 409
        # Yesterday in UTC is never after the server's today, whatever its time zone.
        self.yesterday = time.strftime("%Y-%m-%d", time.gmtime(time.time() - 86_400))

    def client(self, index):
        turn = index
        while not self.stopping.is_set():
            submitted = self.send("POST", "/v1/nominations", self.officer, ad_hoc_body(name=f"Khách {index}"))
            if not submitted or submitted.status != 201:
                time.sleep(0.05)
                continue
            nomination = nomination_id(submitted)
            self.acknowledge(nomination, submitted)
            self.follow(turn % 4, nomination, index)
            turn += 1

    def chain(self, nomination, steps):
        """Sends commands in turn until one fails; a body may be a function of the previous reply."""
        previous = None
        for command, token, body in steps:
            reply = self.send("POST", f"/v1/nominations/{nomination}/{command}", token,
                              body(previous) if callable(body) else body)
            if not reply or reply.status != 200:
                return None
            self.acknowledge(nomination, reply)
            previous = reply
        return previous

    def follow(self, path, nomination, index):
        number = f"{index}-{nomination}/QĐ"
        decision = {"decision_number": number, "decision_date": self.yesterday}
        if path == 0:
            self.chain(nomination, [("accept", self.office, {}), ("approve", self.head, decision)])
        elif path == 1:
            amended = ad_hoc_body()
            self.chain(nomination, [
                ("return-for-amendment", self.office, {"reasons": ["Thiếu tờ trình"]}),
                ("amend", self.officer, {"achievement_summary": amended["achievement_summary"],
                                         "documents": amended["documents"]}),
                ("resubmit", self.officer, {}),
                ("accept", self.office, {})])
        elif path == 2:
            self.chain(nomination, [
                ("accept", self.office, {}),
                ("place-hold", self.inspector, {"hold_kind": "complaint", "reference": "Đơn thư"}),
                ("lift-hold", self.inspector,
                 lambda held: {"hold_id": held.json["nomination"]["holds"][0]["id"], "note": "Đã xác minh"}),
                ("forward", self.head, {"authority": "Thủ tướng", "submission_number": number}),
                ("record-higher-decision", self.office, dict(decision, authority="Thủ tướng", outcome="awarded"))])
        elif self.chain(nomination, [("withdraw", self.officer, {"reason": "Rút hồ sơ"})]):
            repeat = self.send("POST", f"/v1/nominations/{nomination}/withdraw", self.officer, {"reason": "Rút hồ sơ"})
            with self.lock:
                self.repeats.append(repeat)


def resident_by_tenth(samples):
    """The resident size (MiB) of the last sample in each tenth of the run: the curve, to tell a
    warm-up that levels off from a steady leak."""
    tenths = {}
    for elapsed, kib, _ in samples:
        tenths[min(9, int(10 * elapsed / SECONDS))] = kib // 1024
    return " ".join(str(tenths[k]) for k in sorted(tenths))


def resident_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def soak(harness, scenario):
    pid = harness.server.pid
    auditor = harness.token(["auditor"])
    reads = []  # (path, status)
    stopping = threading.Event()
    started_kib = resident_kib(pid)

    def reader(load):
        # Queries alongside the commands, as users browse while others write: lists, reports, one
        # nomination with its timeline and history, and one nominee's awards.
        while not stopping.is_set():
            with load.lock:
                known = load.acknowledged[-1000:]
            nomination = random.choice(known)[0] if known else "N-none"
            path = random.choice(["/v1/nominations?limit=50", "/v1/reports/statistics", "/v1/reports/deadlines",
                                  "/v1/council-sessions", f"/v1/nominations/{nomination}",
                                  f"/v1/nominations/{nomination}/timeline", f"/v1/nominations/{nomination}/history",
                                  "/v1/awards?nominee_id=staff-none"])
            reads.append((path, harness.request("GET", path, token=auditor).status))

    samples = []  # (seconds since start, resident KiB, largest projection lag)
    with MixedLoad(harness) as load:
        readers = [threading.Thread(target=reader, args=(load,)) for _ in range(READERS)]
        for thread in readers:
            thread.start()
        started = time.time()
        while time.time() - started < SECONDS:
            time.sleep(min(10, SECONDS / 20))
            status = harness.laurel("projections", "status", "--json", "--data-dir", harness.data_dir)
            lag = max(p["lag"] for p in json.loads(status.stdout)) if status.returncode == 0 else -1
            samples.append((time.time() - started, resident_kib(pid), lag))
        stopping.set()
        for thread in readers:
            thread.join()
    scenario.operations += len(load.replies) + len(reads)
    warm = next((s for s in samples if s[0] >= min(60, SECONDS / 10)), samples[0])
    end = samples[-1]
    conflicts = [entry for entry in load.replies if entry[2] == 409]
    scenario.notes = (f"resident {started_kib // 1024} MiB at the start, {warm[1] // 1024} MiB after "
                      f"{warm[0]:.0f} s, {max(s[1] for s in samples) // 1024} MiB at most, {end[1] // 1024} MiB at the "
                      f"end; projection lag at most {max(s[2] for s in samples)} events; {len(load.replies)} commands "
                      f"({len(load.replies) / SECONDS:.0f}/s), {len(conflicts)} of them expected 409s; {len(reads)} reads; "
                      f"resident MiB at each tenth of the run: {resident_by_tenth(samples)}")
    scenario.check(end[1] <= warm[1] * (1 + GROWTH_ALLOWED), f"resident size grew: {scenario.notes}")
    scenario.check(all(0 <= s[2] <= LAG_ALLOWED for s in samples), f"projection lag out of bounds: {samples}")
    scenario.check(load.repeats and all(reply and reply.status == 409 and reply.is_problem for reply in load.repeats),
                   f"a repeated withdrawal was not a 409: {[r for r in load.repeats if not r or r.status != 409][:3]}")
    unexpected = [entry for entry in load.replies if entry[2] not in (200, 201, 409)]
    scenario.check(not unexpected, f"{len(unexpected)} unexpected command replies: {[(e[2], e[3]) for e in unexpected[:3]]}")
    scenario.check(len(conflicts) == len(load.repeats),
                   f"{len(conflicts) - len(load.repeats)} 409s besides the repeated withdrawals: "
                   f"{[e[3] for e in conflicts if e[3] not in load.repeats][:3]}")
    failed_reads = [read for read in reads if read[1] != 200 and not (read[1] == 404 and "N-none" in read[0])]
    scenario.check(not failed_reads, f"{len(failed_reads)} reads failed: {failed_reads[:3]}")
    check_nothing_lost(harness, scenario, load)
