"""The reliability and security scenarios of issue #8 (and the authority scenario of issue #21),
against a real `laurel serve` process.

Each scenario is a function of the `Harness` and a `Scenario`, on which it counts its operations
and records each failed check, so the table can show them. Only the Python 3 standard library is
used, so the suite runs wherever the build does; the one exception, schemathesis for scenario 5,
installs itself into `.laurel/venv` when that scenario runs.
"""
import sys
import time

from harness import Harness, Scenario
from scenarios_authority import authority
from scenarios_config import bad_configuration
from scenarios_database import application_role, tampering
from scenarios_fuzzing import fuzzing
from scenarios_http import races, retries, authentication, hostile_input
from scenarios_instances import two_instances
from scenarios_outage import crash, database_outage
from scenarios_soak import soak

# (number, name, function, needs the server, kind): "quick" also runs in scripts/test, "full"
# only in a plain run, "soak" only with --soak.
SCENARIOS = [
    (10, "bad configuration", bad_configuration, False, "quick"),
    (9, "application role", application_role, True, "quick"),
    (8, "tampering", tampering, True, "quick"),
    (3, "races", races, True, "quick"),
    (4, "retries", retries, True, "quick"),
    (6, "authentication", authentication, True, "quick"),
    (7, "hostile input", hostile_input, True, "quick"),
    (12, "authority", authority, True, "quick"),
    (13, "two instances", two_instances, True, "quick"),
    (1, "crash", crash, True, "full"),
    (2, "database outage", database_outage, True, "full"),
    # Last: what the fuzzer stores is arbitrary, and the scenarios above judge the log they wrote.
    (5, "fuzzing", fuzzing, True, "full"),
    (11, "soak", soak, True, "soak"),
]


def main(arguments):
    quick = "--quick" in arguments
    soak_only = "--soak" in arguments
    names = [argument for argument in arguments if not argument.startswith("--")]
    kinds = {"soak"} if soak_only else {"quick"} if quick else {"quick", "full"}
    chosen = [s for s in SCENARIOS if s[4] in kinds and (not names or any(n in s[1] for n in names))]
    harness = Harness()
    results = []
    try:
        if any(s[3] for s in chosen):
            harness.start()
        for number, name, function, _, _ in chosen:
            scenario = Scenario(number, name)
            started = time.time()
            try:
                function(harness, scenario)
            except Exception as error:  # a scenario that cannot finish is a failure, not a crash of the suite
                scenario.failures.append(f"stopped: {type(error).__name__}: {error}")
            scenario.seconds = time.time() - started
            results.append(scenario)
            print(f"  {number:>2} {name}: {'ok' if not scenario.failures else 'FAILED'} ({scenario.seconds:.1f} s)",
                  flush=True)
    finally:
        harness.close()
    print_table(results)
    return 1 if any(s.failures or s.events_lost for s in results) else 0


def print_table(results):
    print()
    print(f"{'#':>2}  {'scenario':<20} {'operations':>10} {'failures':>8} {'events lost':>11}  result")
    for s in results:
        verdict = "pass" if not s.failures and not s.events_lost else "FAIL"
        print(f"{s.number:>2}  {s.name:<20} {s.operations:>10} {len(s.failures):>8} {s.events_lost:>11}  {verdict}")
    for s in results:
        if s.notes:
            print(f"  {s.number} {s.name}: {s.notes}")
        for failure in s.failures:
            print(f"  {s.number} {s.name}: {failure}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
