"""Scenario 10: `laurel serve` refuses a broken config/ with the file and line, exiting non-zero."""
import os
import re
import shutil
import subprocess

from harness import LAUREL, free_port


def break_file(config, relative, edit):
    """Copies config/ with `edit(lines) -> expected line` applied to one file."""
    path = os.path.join(config, relative)
    with open(path, encoding="utf-8") as file:
        lines = file.read().split("\n")
    line = edit(lines)
    with open(path, "w", encoding="utf-8") as file:
        file.write("\n".join(lines))
    return line


def line_of(lines, text):
    """The 1-based number of the only line containing `text`."""
    found = [index for index, line in enumerate(lines) if text in line]
    assert len(found) == 1, f"{text!r} is on {len(found)} lines"
    return found[0] + 1


def replace_on_line(lines, marker, old, new):
    """Replaces `old` with `new` on the only line containing `marker`; returns that line's number."""
    number = line_of(lines, marker)
    lines[number - 1] = lines[number - 1].replace(old, new)
    return number


def malformed_yaml(lines):
    return replace_on_line(lines, "- { command: approve,", "roles: [head_of_agency] }", "roles: [head_of_agency }")


def unreachable_state(lines):
    number = line_of(lines, "- { name: revoked, terminal: true }") + 1
    lines.insert(number - 1, "  - { name: limbo, deadline_working_days: 3 }")
    return number


def unknown_guard(lines):
    return replace_on_line(lines, "guards: [dossier_complete]", "dossier_complete", "dossier_looks_fine")


def rule_group_without_source(lines):
    """Removes the consultation group's source: its value, on the line after the group's key, has none."""
    value = line_of(lines, "consultation:") + 1
    del lines[line_of(lines, "public consultation for 10 working days") - 1]
    return value


BREAKS = [
    ("malformed YAML", "workflows/ad_hoc.yaml", malformed_yaml),
    ("unreachable state", "workflows/ad_hoc.yaml", unreachable_state),
    ("unknown guard", "workflows/ad_hoc.yaml", unknown_guard),
    ("rule set without a source", "rules/2025.1.yaml", rule_group_without_source),
]


def bad_configuration(harness, scenario):
    for label, relative, edit in BREAKS:
        broken = os.path.join(harness.directory, "config-" + re.sub(r"\W+", "-", label))
        shutil.copytree(harness.config, broken)
        line = break_file(broken, relative, edit)
        scenario.operations += 1
        environment = harness.environment(config_dir=broken, port=free_port())
        try:
            result = subprocess.run([LAUREL, "serve"], env=environment, cwd=harness.directory,
                                    capture_output=True, text=True, timeout=120)
        except subprocess.TimeoutExpired:
            scenario.check(False, f"{label}: laurel serve started (still running after 120 s)")
            continue
        output = result.stdout + result.stderr
        scenario.check(result.returncode != 0, f"{label}: exit status 0")
        scenario.check(re.search(re.escape(relative) + rf":{line}\b", output) is not None,
                       f"{label}: no {relative}:{line} in {output.strip()[:300]!r}")

