"""What an operator's tools read from a running `laurel serve`, read with those tools' own parsers.

    operations_check.py metrics URL   /metrics through prometheus_client's text parser
    operations_check.py log FILE      a run's log with log_format json, after the server stopped
"""
import json
import sys
import urllib.request

from prometheus_client.parser import text_string_to_metric_families


def check_metrics(url):
    text = urllib.request.urlopen(url + "/metrics", timeout=10).read().decode()
    families = {family.name: family for family in text_string_to_metric_families(text)}
    # prometheus_client names a counter family without its _total suffix.
    expected = {
        "http_server_request_duration_seconds": "histogram", "http_server_requests": "counter",
        "http_server_active_requests": "gauge", "laurel_pool_connections": "gauge",
        "laurel_projection_lag_events": "gauge", "laurel_nominations": "gauge", "laurel_decisions": "counter",
        "laurel_build_info": "gauge", "process_cpu_seconds": "counter", "process_resident_memory_bytes": "gauge",
        "process_open_fds": "gauge", "process_max_fds": "gauge", "process_start_time_seconds": "gauge",
    }
    for name, kind in expected.items():
        assert name in families, f"/metrics has no {name}: {sorted(families)}"
        assert families[name].type == kind, f"{name} is a {families[name].type}, not a {kind}"
    for family in families.values():
        assert family.documentation.strip(), f"{family.name} has no # HELP"
        assert not family.name.startswith("hb_"), f"{family.name} is Hummingbird's own name"
    for sample in families["http_server_request_duration_seconds"].samples:
        assert sample.labels.get("http_route", "/").startswith("/") or sample.labels["http_route"] == "unmatched", sample
    build = families["laurel_build_info"].samples[0]
    assert build.value == 1 and build.labels["version"] and build.labels["commit"], build
    approved = sum(s.value for s in families["laurel_decisions"].samples
                   if s.name == "laurel_decisions_total" and s.labels["outcome"] == "approved")
    assert approved > 0, "the demo's approvals are counted"
    nominations = sum(s.value for s in families["laurel_nominations"].samples)
    assert nominations > 0, "the demo's nominations are counted"
    print(f"/metrics: {len(families)} families parsed by prometheus_client, each with HELP; "
          f"{int(nominations)} nominations, {int(approved)} approvals, build {build.labels['version']} {build.labels['commit']}")


def check_log(path):
    lines = open(path, encoding="utf-8").read().splitlines()
    records = []
    for number, line in enumerate(lines, 1):
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            sys.exit(f"{path}:{number} is not JSON: {line[:200]}")
    for record in records:
        for field in ("timestamp", "level", "logger", "message"):
            assert field in record, f"a line without {field}: {record}"
    access = [r for r in records if "route" in r and "status" in r]
    assert access, "no access line"
    for record in access:
        for field in ("method", "route", "status", "duration_ms", "request_id"):
            assert field in record, f"an access line without {field}: {record}"
        assert "authorization" not in json.dumps(record).lower() and "bearer" not in json.dumps(record).lower(), record
    assert any("actor" in r for r in access), "no access line names its actor"
    messages = [r["message"] for r in records]
    assert any(m.startswith("Laurel ") and "listening" in m for m in messages), "the start is not logged"
    assert any(m.startswith("Shutdown requested") for m in messages), "the shutdown request is not logged"
    assert messages[-1].startswith("Laurel stopped"), f"the log does not end with the stop: {messages[-1]}"
    print(f"log_format json: {len(records)} lines parsed, {len(access)} access lines, start and shutdown logged")


if __name__ == "__main__":
    {"metrics": check_metrics, "log": check_log}[sys.argv[1]](sys.argv[2])
