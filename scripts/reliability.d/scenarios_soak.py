"""Scenario 11: minutes of mixed load; memory stays flat, no unexpected error, lag stays bounded."""
import json
import os
import threading
import time

from scenarios_outage import Load, check_nothing_lost

SECONDS = int(os.environ.get("LAUREL_SOAK_SECONDS", "600"))
# Resident size may grow while caches and pools warm up; beyond this share of the size after the
# first minute (or after a tenth of a shorter run), it is a leak.
GROWTH_ALLOWED = 0.25
LAG_ALLOWED = 5_000


def resident_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def soak(harness, scenario):
    pid = harness.server.pid
    auditor = harness.token(["auditor"])
    samples = []  # (seconds since start, resident KiB, largest projection lag)
    reads = []
    stopping = threading.Event()

    def reader():
        # Queries alongside the commands, as users browse while others write.
        while not stopping.is_set():
            reply = harness.request("GET", "/v1/nominations?limit=50", token=auditor)
            reads.append(reply.status)

    with Load(harness) as load:
        readers = [threading.Thread(target=reader) for _ in range(4)]
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
    scenario.notes = (f"resident {samples[0][1] // 1024} MiB at start, {warm[1] // 1024} MiB warm, {end[1] // 1024} MiB "
                      f"at the end; largest lag {max(s[2] for s in samples)} events; {len(load.replies) / SECONDS:.0f} "
                      "commands/s")
    scenario.check(end[1] <= warm[1] * (1 + GROWTH_ALLOWED), f"resident size grew: {scenario.notes}")
    scenario.check(all(0 <= s[2] <= LAG_ALLOWED for s in samples), f"projection lag out of bounds: {samples}")
    unexpected = [e for e in load.replies if e[2] not in (200, 201, 409)] + [s for s in reads if s != 200]
    scenario.check(not unexpected, f"{len(unexpected)} unexpected replies: {unexpected[:3]}")
    check_nothing_lost(harness, scenario, load)
