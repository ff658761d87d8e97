#!/usr/bin/env python3
"""Looks at a printed award decision and its certificates as a person would: Debian's chromium,
driven by Playwright, renders each page to PNG and PDF, and the checks below read what it drew.

Usage: print_check.py BASE_URL TOKEN DECISION_ID OUT_DIR
Exit 1 (with the reasons) when a check fails."""
import re
import shutil
import sys
from playwright.sync_api import sync_playwright

base, token, decision, out = sys.argv[1:5]
failures = []


def check(name, passed, detail=""):
    print(("  ✓ " if passed else "  ✗ ") + name + (f" ({detail})" if detail else ""))
    if not passed:
        failures.append(name)


with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
    context = browser.new_context(extra_http_headers={"Authorization": f"Bearer {token}"},
                                  viewport={"width": 900, "height": 1273}, locale="vi-VN")
    page = context.new_page()

    response = page.goto(f"{base}/v1/award-decisions/{decision}/document")
    check("the decision page opens", response.ok, f"HTTP {response.status}")
    page.screenshot(path=f"{out}/decision.png", full_page=True)
    page.pdf(path=f"{out}/decision.pdf", format="A4", print_background=True)
    text = page.inner_text("body")
    for words in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "QUYẾT ĐỊNH", "Căn cứ Luật số 06/2022/QH15",
                  "Điều 1.", "Nơi nhận:", "DANH SÁCH"]:
        check(f"the decision reads “{words}”", words in text)
    # The heading: the issuer on the left, the national title on the right, on one line.
    issuer = page.locator("td.issuer-cell").bounding_box()
    nation = page.locator("td.nation-cell").bounding_box()
    check("the issuer and the national title head the page side by side",
          issuer and nation and abs(issuer["y"] - nation["y"]) < 2 and issuer["x"] + issuer["width"] <= nation["x"] + 1,
          f"{issuer} {nation}")
    subject = page.locator(".subject").bounding_box()
    title = page.locator("h1").bounding_box()
    check("the subject follows the title QUYẾT ĐỊNH, centred under it",
          subject and title and subject["y"] > title["y"] and abs((subject["x"] + subject["width"] / 2) - (title["x"] + title["width"] / 2)) < 3)
    rows = page.locator("table.list tbody tr").count()
    check("the annexed list has a row per awardee", rows > 0, f"{rows} rows")
    names = page.locator("table.list tbody tr td:nth-child(2)").all_inner_texts()
    check("names keep their diacritics", any(any(ord(c) > 0x7f for c in name) for name in names), ", ".join(names[:3]))
    with open(f"{out}/decision.pdf", "rb") as pdf:
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read()))
    check("the printed decision has its list on a later page", pages >= 2, f"{pages} pages")
    check("the list starts on a page of its own", page.locator("section.annex").evaluate(
        "e => getComputedStyle(e).breakBefore === 'page' || getComputedStyle(e).pageBreakBefore === 'always'"))

    response = page.goto(f"{base}/v1/award-decisions/{decision}/certificates")
    check("the certificates page opens", response.ok, f"HTTP {response.status}")
    certificates = page.locator("section.certificate")
    check("one certificate per awardee", certificates.count() == rows, f"{certificates.count()} for {rows} awardees")
    certificates.first.screenshot(path=f"{out}/certificate.png")
    page.pdf(path=f"{out}/certificates.pdf", landscape=True, format="A4", print_background=True)
    first = certificates.first.inner_text()
    check("a certificate names its awardee with diacritics", names and names[0] in first, names[0] if names else "")
    box = certificates.first.bounding_box()
    check("a certificate is landscape", box and box["width"] > box["height"], f"{box}")
    browser.close()

if failures:
    print(f"print check: {len(failures)} failed", file=sys.stderr)
    sys.exit(1)
print(f"print check: the decision and {rows} certificates rendered to {out}/decision.png and {out}/certificate.png")
