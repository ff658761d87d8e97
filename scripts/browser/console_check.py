#!/usr/bin/env python3
"""Drives the console in Debian's chromium (Playwright, no browser download) against a running
`laurel serve`, as each role would, and saves a screenshot of each main page.

Usage: console_check.py BASE_URL OUT_DIR
The accounts (password for all: PASSWORD below) are created beforehand with `laurel accounts create`:
admin (administrator), officer (unit officer, vksnd-hanoi), officer-hp (unit officer,
vksnd-haiphong), office (standing office, vksndtc), head (head of agency, vksndtc), secretary
(council secretary, vksnd-hanoi), head-hn (head of agency, vksnd-hanoi), auditor (auditor,
vksndtc) and victim (unit officer, vksnd-hanoi), with the service's sign-in lock set to lock a
login at its third failure in a row. The annual nomination's prerequisites (the unit's
registration of its nominee, and the nominee's task rating) have no console page: they are
recorded through the API with the tokens in LAUREL_CHECK_OFFICE_TOKEN (standing office, vksndtc)
and LAUREL_CHECK_OFFICER_TOKEN (unit officer, vksnd-hanoi); so are the year's scoring table, scores and
cluster year, and the service records of the commemorative medal, with those and
LAUREL_CHECK_OFFICER_HP_TOKEN (unit officer, vksnd-haiphong, the head of cluster 1).
Exit 1 (with the reasons) when a check fails."""
import datetime
import hashlib
import json
import os
import re
import shutil
import sys
import urllib.error
import urllib.request
from playwright.sync_api import sync_playwright

base, out = sys.argv[1:3]
# A small PDF (what its first bytes must say), uploaded with the main nomination.
PDF = b"%PDF-1.4\n% Laurel console check: to trinh de nghi khen thuong\n%%EOF\n"
YEAR = datetime.date.today().year
PASSWORD = "mật-khẩu-thử-2026"
failures = []
dialogs = []


def check(name, passed, detail=""):
    print(("  ✓ " if passed else "  ✗ ") + name + (f" ({detail})" if detail else ""))
    if not passed:
        failures.append(name)


def sha(text):
    return hashlib.sha256(text.encode()).hexdigest()


def sign_in(page, login, password=PASSWORD):
    page.goto(f"{base}/sign-in")
    page.get_by_label("Tên đăng nhập").fill(login)
    page.get_by_label("Mật khẩu").fill(password)
    follow(page, page.get_by_role("button", name="Đăng nhập"))


def sign_out(page):
    follow(page, page.get_by_role("button", name="Đăng xuất"))


def follow(page, locator):
    """Clicks what leads to another page and waits for that page, not for the one already shown."""
    with page.expect_navigation():
        locator.click()


def shot(page, name):
    page.screenshot(path=f"{out}/{name}.png", full_page=True)


def submit(page, name, nominee_id, upload=False):
    """Submits an ad hoc certificate of merit; with `upload`, the first document is the PDF file itself."""
    page.goto(f"{base}/nominations/new")
    page.get_by_label("Hình thức khen thưởng").select_option("certificate_of_merit")
    page.get_by_label("Mã cán bộ / tập thể").fill(nominee_id)
    page.get_by_label("Họ tên / tên tập thể").fill(name)
    page.get_by_label("Chức vụ (cá nhân)").fill("Kiểm sát viên")
    page.get_by_label("Tóm tắt thành tích").fill("Phát hiện và kiến nghị khắc phục vi phạm trong vụ án đặc biệt nghiêm trọng.")
    page.locator("#docTitle1").fill("Tờ trình đề nghị khen thưởng")
    if upload:
        page.locator("#docFile1").set_input_files({"name": "to-trinh.pdf", "mimeType": "application/pdf", "buffer": PDF})
        shot(page, "02b-submit-with-file")
    else:
        page.locator("#docSha1").fill(sha("to-trinh-" + nominee_id))
    page.locator("#docTitle2").fill("Báo cáo tóm tắt thành tích")
    page.locator("#docSha2").fill(sha("bao-cao-" + nominee_id))
    follow(page, page.get_by_role("button", name="Trình hồ sơ"))
    match = re.search(r"/nominations/(N-[0-9a-f]+)", page.url)
    return match.group(1) if match else None


def fits_phone(page, what, screenshot):
    """Checks the page shown needs no sideways scrolling at a phone's width (set beforehand), and keeps its screenshot."""
    width = page.evaluate("document.documentElement.scrollWidth")
    check(f"{what} fits a phone's width", width <= 390, f"{width}px wide")
    shot(page, screenshot)


def api(method, path, token, body, content_type="application/json"):
    """Calls the API with a bearer token, the body as JSON (or as is, a text of `content_type`); (status, parsed JSON or text)."""
    data = (json.dumps(body) if content_type == "application/json" else body).encode()
    request = urllib.request.Request(f"{base}{path}", method=method, data=data,
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    # Not signed in: every page sends the person to sign in.
    page.goto(f"{base}/nominations")
    check("a page asks a person who has not signed in to sign in", page.url.endswith("/sign-in"), page.url)
    shot(page, "01-sign-in")

    # The unit officer submits one nomination, and one whose nominee's name is a script.
    sign_in(page, "officer")
    check("the unit officer lands on the nominations", page.url.endswith("/nominations"), page.url)
    check("the navigation offers the officer's pages", page.get_by_role("link", name="Trình hồ sơ").count() == 1)
    page.goto(f"{base}/nominations/new")
    shot(page, "02-submit-form")
    main = submit(page, "Nguyễn Thị Hồng Nhung", "cb-console-1", upload=True)
    check("the submission shows the new nomination", main is not None and page.get_by_text("Đã trình").count() > 0, page.url)
    shot(page, "03-nomination-submitted")
    document = f"/nominations/{main}/documents/{hashlib.sha256(PDF).hexdigest()}"
    check("the uploaded file is named in the dossier by its SHA-256, its title a link",
          page.locator(f'.documents a[href="{document}"]').count() == 1, page.url)
    response = context.request.get(f"{base}{document}")
    check("…which downloads the same PDF", response.status == 200 and response.body() == PDF
          and response.headers.get("content-type") == "application/pdf", f"HTTP {response.status}")
    script = "<script>alert(1)</script>"
    scripted = submit(page, script, "cb-console-2")
    check("a nominee named <script>alert(1)</script> is shown as text",
          scripted is not None and page.locator("dd.nominee").inner_text() == script, page.url)
    check("…and no dialog fires", not dialogs, str(dialogs))
    # A dossier lacking a required document goes in; the standing office's intake refuses it below.
    page.goto(f"{base}/nominations/new")
    page.get_by_label("Mã cán bộ / tập thể").fill("cb-console-3")
    page.get_by_label("Họ tên / tên tập thể").fill("Trần Văn Bình")
    page.get_by_label("Chức vụ (cá nhân)").fill("Kiểm tra viên")
    page.get_by_label("Tóm tắt thành tích").fill("Hồ sơ còn thiếu báo cáo tóm tắt thành tích.")
    page.locator("#docTitle1").fill("Tờ trình")
    page.locator("#docSha1").fill(sha("only-one"))
    follow(page, page.get_by_role("button", name="Trình hồ sơ"))
    incomplete = re.search(r"/nominations/(N-[0-9a-f]+)", page.url)
    incomplete = incomplete.group(1) if incomplete else None
    check("a dossier lacking a document is submitted", incomplete is not None, page.url)
    page.goto(f"{base}/nominations?q=nguyen thi hong")
    check("the list finds the nominee by name without diacritics", page.get_by_text("Nguyễn Thị Hồng Nhung").count() == 1)
    shot(page, "04-nominations-list")

    # A form posted without its CSRF token is refused, readably.
    response = context.request.post(f"{base}/nominations/{main}/accept", form={"reason": "x"}, max_redirects=0)
    check("a POST without a CSRF token is refused with 403", response.status == 403, f"HTTP {response.status}")
    check("…and says why in words", "mã chống giả mạo" in response.text())
    response = context.request.post(f"{base}/nominations/{main}/accept", form={"csrf": "0" * 64}, max_redirects=0)
    check("a POST with a wrong CSRF token is refused with 403", response.status == 403, f"HTTP {response.status}")
    sign_out(page)
    check("signing out ends the session", page.url.endswith("/sign-in"))
    page.goto(f"{base}/nominations/{main}")
    check("after signing out the nomination asks for sign-in again", page.url.endswith("/sign-in"), page.url)

    # Another unit's officer opening the nomination's URL gets not-found.
    sign_in(page, "officer-hp")
    response = page.goto(f"{base}/nominations/{main}")
    check("another unit's officer gets a not-found page", response.status == 404 and page.get_by_text("Không tìm thấy").count() > 0,
          f"HTTP {response.status}")
    shot(page, "05-not-found")
    response = page.goto(f"{base}{document}")
    check("…and the nomination's document by its URL too", response.status == 404 and page.get_by_text("Không tìm thấy").count() > 0,
          f"HTTP {response.status}")
    shot(page, "05b-document-not-found")
    response = page.goto(f"{base}/khong-co-trang-nay")
    check("a path nobody serves is a console page, not JSON",
          response.status == 404 and "text/html" in response.headers.get("content-type", ""), f"HTTP {response.status}")
    sign_out(page)

    # The standing office's intake queue: accept the first, return the script one with a reason.
    sign_in(page, "office")
    check("the standing office lands on the intake queue", page.url.endswith("/intake"), page.url)
    row = page.locator("tr", has=page.get_by_role("link", name=main))
    check("the submission waits in the intake queue with a deadline badge", row.count() == 1 and row.locator(".badge").count() == 1)
    shot(page, "06-intake-queue")
    follow(page, row.get_by_role("button", name="Tiếp nhận"))
    check("accepting from the queue takes it off the queue", page.get_by_role("link", name=main).count() == 0, page.url)
    # Accepting the incomplete dossier is refused: the page shows the rule's words and its code.
    page.goto(f"{base}/nominations/{incomplete}")
    follow(page, page.get_by_role("button", name="Tiếp nhận"))
    problem = page.locator(".problem")
    text = problem.inner_text() if problem.count() else ""
    check("an intake the rules refuse shows the problem and its rule", "dossier_incomplete" in text and "achievement_summary" in text,
          text or page.url)
    check("…as words, not JSON or a stack", "{" not in text and "Swift" not in text)
    shot(page, "07-refused-by-the-rules")
    # A hold while a complaint is verified, shown on the nomination, then lifted with a note.
    page.goto(f"{base}/nominations/{incomplete}")
    page.get_by_label("Lý do tạm dừng").select_option("complaint")
    page.get_by_label("Số văn bản, vụ việc").fill("Đơn khiếu nại số 12/2026")
    follow(page, page.get_by_role("button", name="Tạm dừng xét"))
    check("a placed hold is shown on the nomination", page.locator("#holds").get_by_text("Đơn khiếu nại số 12/2026").count() == 1, page.url)
    shot(page, "08-hold")
    page.locator("#holds input[name=note]").fill("Đã xác minh, không có căn cứ")
    follow(page, page.get_by_role("button", name="Tiếp tục xét"))
    check("a lifted hold is gone from the nomination", page.locator("#holds").count() == 0, page.url)
    follow(page, page.get_by_role("link", name="Quá hạn"))
    check("the overdue board opens for the standing office", page.get_by_role("heading", name="Hồ sơ quá hạn xử lý").count() == 1)
    page.goto(f"{base}/nominations/{scripted}")
    page.get_by_label("Lý do trả lại").fill("Thiếu báo cáo thành tích có xác nhận")
    follow(page, page.get_by_role("button", name="Trả lại để bổ sung"))
    check("returning with a reason shows it returned", page.get_by_text("Trả lại bổ sung").count() > 0, page.url)
    sign_out(page)

    # The head approves it from the approvals queue.
    sign_in(page, "head")
    check("the head lands on the approvals queue", page.url.endswith("/approvals"), page.url)
    shot(page, "09-approvals-queue")
    follow(page, page.get_by_role("row", name=re.compile(main)).get_by_role("link", name="Phê duyệt"))
    page.get_by_label("Số quyết định").fill("15/QĐ-VKSTC")
    follow(page, page.get_by_role("button", name="Phê duyệt", exact=True))
    check("the approval shows the nomination approved", page.locator("dd .state").inner_text() == "Đã phê duyệt", page.url)
    timeline = page.locator("ol.timeline > li")
    check("the timeline shows submission, intake and approval", timeline.count() == 3, f"{timeline.count()} events")
    shot(page, "10-nomination-approved")
    sign_out(page)

    # The auditor's timeline with each event's hash, verified.
    sign_in(page, "auditor")
    page.goto(f"{base}/nominations/{main}/audit")
    check("the auditor sees the chain intact", page.locator(".verdict.intact").count() == 1)
    hashes = page.locator(".hash code").all_inner_texts()
    check("…with each event's hash", len(hashes) == 3 and all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes), str(hashes))
    shot(page, "11-audit")
    page.get_by_label("Tình trạng tại thời điểm").fill("2020-01-01T00:00")
    with page.expect_navigation():
        page.get_by_role("button", name="Xem").click()
    then = page.locator(".as-of strong")
    check("the state as of a day before the nomination: it did not exist yet",
          then.count() == 1 and then.inner_text() == "Chưa có hồ sơ", page.url)
    later = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=7, minutes=5)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("Tình trạng tại thời điểm").fill(later)
    with page.expect_navigation():
        page.get_by_role("button", name="Xem").click()
    check("the state as of now: approved", then.count() == 1 and then.inner_text() == "Đã phê duyệt", page.url)
    response = context.request.post(f"{base}/nominations/{main}/accept",
                                    form={"csrf": page.locator("input[name=csrf]").first.get_attribute("value")}, max_redirects=0)
    check("an auditor with a good token still may not act", response.status == 403, f"HTTP {response.status}")
    follow(page, page.get_by_role("link", name="Thống kê"))
    check("the statistics draw their charts as SVG", page.locator("section.chart svg rect").count() >= 2,
          f"{page.locator('section.chart svg rect').count()} bars")
    shot(page, "12-statistics")
    # Movements have no console form: the standing office launches one through the API.
    movement = "Thi đua lập thành tích chào mừng kỷ niệm 66 năm thành lập ngành"
    status, answer = api("POST", "/v1/movements", os.environ.get("LAUREL_CHECK_OFFICE_TOKEN", ""), {
        "id": "kiem-tra-66", "name": movement, "authority": "vksndtc", "decision": "Kế hoạch số 10/KH-VKSTC ngày 15/01/2026",
        "from": f"{YEAR}-01-15", "to": f"{YEAR}-12-31", "goals": ["Hoàn thành xuất sắc các chỉ tiêu nghiệp vụ"],
        "criteria": ["Không để xảy ra oan, sai"]})
    check("a movement is launched through the API for the emulation page", status in (201, 409), f"HTTP {status}: {answer}")
    follow(page, page.get_by_role("link", name="Thi đua", exact=True))
    check("the emulation page lists the year's movement with its stage",
          page.get_by_role("cell", name=movement).count() == 1 and page.get_by_role("cell", name="Đang diễn ra").count() >= 1,
          page.url)
    shot(page, "12-emulation")
    # The year's scoring, cluster year and service records have no console form: recorded through the API.
    office_token = os.environ.get("LAUREL_CHECK_OFFICE_TOKEN", "")
    officer_token = os.environ.get("LAUREL_CHECK_OFFICER_TOKEN", "")
    head_token = os.environ.get("LAUREL_CHECK_OFFICER_HP_TOKEN", "")
    status, answer = api("POST", f"/v1/scoring-tables/{YEAR}", office_token, {
        "source": f"Quyết định số 12/QĐ-VKSTC ngày 10/01/{YEAR}",
        "groups": [{"code": "A", "name": "Công tác nghiệp vụ", "criteria": [{"code": "A1", "name": "Chỉ tiêu nghiệp vụ", "max_points": 60}]},
                   {"code": "B", "name": "Xây dựng đơn vị", "criteria": [{"code": "B1", "name": "Tổ chức cán bộ", "max_points": 40}]}],
        "penalties": [{"code": "TR1", "name": "Vi phạm kỷ luật", "max_points": 5}],
        "bands": [{"code": "xuat_sac", "name": "Xuất sắc", "minimum": 90}, {"code": "tot", "name": "Tốt", "minimum": 75, "below": 90},
                  {"code": "chua_dat", "name": "Chưa đạt", "minimum": 0, "below": 75}],
        "tie_break": ["group_total:A", "fewer_penalty_points"]})
    # Against a service checked before, the table is in force and units have scored on it: a new edition would need a reason.
    check("the year's scoring table is published through the API",
          status == 201 or "a new edition needs a reason" in str(answer), f"HTTP {status}: {answer}")
    sheet = {"lines": [{"item": "A1", "points": 50}, {"item": "B1", "points": 30}]}
    for unit, token in (("vksnd-hanoi", officer_token), ("vksnd-haiphong", head_token)):
        status, answer = api("POST", f"/v1/units/{unit}/scores/{YEAR}", token, sheet)
        check(f"{unit} scores itself through the API", status in (201, 409), f"HTTP {status}: {answer}")
    status, answer = api("POST", f"/v1/units/vksnd-hanoi/scores/{YEAR}/review", head_token, {
        "adjustments": [{"item": "A1", "points": 52, "reason": "Hai kiến nghị được chấp nhận"},
                        {"item": "B1", "points": 28, "reason": "Chưa kiện toàn một chức danh"}],
        "note": "Thẩm định theo biên bản họp cụm"})
    check("the cluster's head reviews Hà Nội's score with its reasons", status in (200, 409), f"HTTP {status}: {answer}")
    status, answer = api("POST", f"/v1/units/vksnd-haiphong/scores/{YEAR}/review", office_token, {})
    check("the standing office reviews the head unit's score", status in (200, 409), f"HTTP {status}: {answer}")
    follow(page, page.get_by_role("link", name="Thi đua", exact=True))
    follow(page, page.get_by_role("link", name="Xem chi tiết, lịch sử thay đổi").first)
    check("the ranking page ranks Hà Nội first, Hải Phòng after it on group A",
          page.get_by_role("cell", name="Viện kiểm sát nhân dân thành phố Hà Nội", exact=True).count() >= 1
          and page.get_by_text("điểm nhóm tiêu chí A (Công tác nghiệp vụ) cao hơn").count() >= 1
          and page.get_by_text("Hai kiến nghị được chấp nhận").count() >= 1, page.url)
    shot(page, "12a-ranking")
    page.goto(f"{base}/emulation/scores/vksnd-hanoi/{YEAR}")
    check("Hà Nội's score page shows each item's points as reviewed, and no sheet once reviewed",
          page.get_by_text("Đã thẩm định", exact=True).count() == 1 and page.locator("input[name='points[A1]']").count() == 0
          and page.get_by_text("Chỉ tiêu nghiệp vụ").count() >= 1, page.url)
    shot(page, "12f-score")
    status, answer = api("PUT", f"/v1/clusters/cum-1/years/{YEAR}/programme", head_token, {
        "items": ["Tổ chức ký kết giao ước thi đua", "Kiểm tra chéo giữa các đơn vị trong cụm"],
        "text": f"Chương trình công tác năm {YEAR} của Cụm thi đua số 1"})
    check("the head unit draws up the cluster's programme", status == 200, f"HTTP {status}: {answer}")
    status, answer = api("POST", f"/v1/clusters/cum-1/years/{YEAR}/pact/vksnd-hanoi", officer_token, {
        "commitments": ["Hoàn thành xuất sắc các chỉ tiêu nghiệp vụ"], "targets": ["100% tin báo được giải quyết đúng hạn"]})
    check("Hà Nội signs the cluster's pact", status == 200, f"HTTP {status}: {answer}")
    page.goto(f"{base}/emulation")
    follow(page, page.get_by_role("row", name=re.compile("Cụm thi đua số 1")).get_by_role("link", name="Chương trình, giao ước, đăng ký"))
    check("the cluster year page shows the programme and who signed",
          page.get_by_text("Kiểm tra chéo giữa các đơn vị trong cụm").count() == 1 and page.get_by_text("Chưa ký", exact=True).count() == 3, page.url)
    shot(page, "12b-cluster-year")
    records = ("person_id,name,unit,position,is_front_line,sector_start,sector_end,discipline_from,discipline_to\r\n"
               f"kc-1,Nguyễn Văn Thâm,vksnd-hanoi,Kiểm sát viên,true,{YEAR - 20}-03-01,,,\r\n"
               f"kc-2,Trần Thị Niên,vksnd-hanoi,Kiểm tra viên,false,{YEAR - 14}-01-10,,,\r\n"
               f"kc-3,Lê Văn Luật,vksnd-haiphong,Kiểm sát viên,true,{YEAR - 25}-05-01,,{YEAR}-06-01,\r\n")
    status, answer = api("POST", "/v1/service-record-imports", office_token, records, "text/csv; charset=utf-8")
    check("service records are imported through the API", status in (200, 201), f"HTTP {status}: {answer}")
    follow(page, page.get_by_role("link", name="Kỷ niệm chương", exact=True))
    check("the medal page lists the candidate and why the others are excluded",
          page.get_by_text("Nguyễn Văn Thâm").count() >= 1 and page.get_by_text("Chưa đủ số năm công tác", exact=True).count() == 1
          and page.get_by_text("Đang chấp hành kỷ luật vào ngày xét", exact=True).count() == 1, page.url)
    shot(page, "12c-medal-candidates")
    follow(page, page.get_by_role("link", name="Thi đua", exact=True))
    check("the emulation page shows the ranking with a link to it and to each cluster's year",
          page.get_by_role("link", name="Xem chi tiết, lịch sử thay đổi").count() == 1
          and page.get_by_role("link", name="Chương trình, giao ước, đăng ký").count() == 7, page.url)
    shot(page, "12d-emulation-ranked")
    page.goto(f"{base}/emulation/rankings/{YEAR}?group=cum-1&lang=en")
    check("the cluster's ranking reads in English, the tie-break in words",
          page.get_by_role("cell", name="higher total on criteria group A (Công tác nghiệp vụ)").count() == 1
          and page.get_by_role("listitem").filter(has_text="higher total on criteria group A").count() == 1, page.url)
    shot(page, "12e-ranking-english")
    page.goto(f"{base}/emulation?lang=vi")
    follow(page, page.get_by_role("link", name="Quy trình"))
    check("each workflow is drawn as SVG", page.locator("section.workflow svg").count() == 3)
    shot(page, "12-workflows")
    follow(page, page.get_by_role("link", name="Toàn vẹn"))
    check("the whole log's integrity report says intact", page.locator(".verdict.intact").count() == 1, page.url)
    shot(page, "13-integrity")
    sign_out(page)

    # The unit officer amends the returned dossier and resubmits it: it waits for intake again.
    sign_in(page, "officer")
    page.goto(f"{base}/nominations/{scripted}")
    check("the returned nomination shows why it was returned", page.get_by_text("Thiếu báo cáo thành tích có xác nhận").count() > 0)
    page.locator("#amend textarea").fill("Bổ sung báo cáo thành tích có xác nhận của thủ trưởng đơn vị.")
    page.locator("#docTitle3").fill("Báo cáo thành tích có xác nhận")
    page.locator("#docKind3").select_option("achievement_report")
    page.locator("#docSha3").fill(sha("xac-nhan"))
    shot(page, "14-amend")
    follow(page, page.get_by_role("button", name="Lưu hồ sơ đã bổ sung"))
    check("the amended dossier lists the new document", page.get_by_text("Báo cáo thành tích có xác nhận").count() > 0, page.url)
    follow(page, page.get_by_role("button", name="Trình lại"))
    check("resubmitted, it is submitted again", page.locator("dd .state").inner_text() == "Đã trình", page.url)
    sign_out(page)

    # The administrator's accounts page: create one, change its roles.
    sign_in(page, "admin")
    check("the administrator lands on the accounts", page.url.endswith("/accounts"), page.url)
    page.locator("#new-login").fill("thu.ky")
    page.locator("#new-name").fill("Lê Thu Kỳ")
    page.locator("#new-unit").select_option("vksnd-hanoi")
    page.locator("#new-password").fill(PASSWORD)
    page.get_by_role("checkbox", name="Thư ký Hội đồng").last.check()
    follow(page, page.get_by_role("button", name="Tạo"))
    check("a created account is listed", page.get_by_role("cell", name="Lê Thu Kỳ").count() == 1, page.url)
    shot(page, "15-accounts")
    sign_out(page)

    # A whole annual nomination, each step by its role: the unit officer submits an advanced
    # worker with a document uploaded, the standing office accepts, the council secretary convenes
    # the Hà Nội council, schedules it, records the ballot and reads the tally with its rule and
    # the minutes, the unit's head issues a numbered decision, and the auditor verifies the chain.
    nominee, listed = "cb-console-aw", "cb-console-list"
    status, answer = api("POST", f"/v1/units/vksnd-hanoi/registrations/{YEAR}", os.environ.get("LAUREL_CHECK_OFFICE_TOKEN", ""),
                         {"add": [{"title": "advanced_worker", "person": {"id": person, "name": name}}
                                  for person, name in ((nominee, "Lương Văn Tiến"), (listed, "Đào Thị Liên"))],
                          "reason": "Bổ sung đăng ký thi đua"})
    check("the nominee is registered for the title (API)", status in (200, 201), f"HTTP {status} {answer}")
    status, answer = api("POST", f"/v1/units/vksnd-hanoi/task-ratings/{YEAR}", os.environ.get("LAUREL_CHECK_OFFICER_TOKEN", ""),
                         {"ratings": [{"person_id": person, "name": name, "rating": "excellent"}
                                      for person, name in ((nominee, "Lương Văn Tiến"), (listed, "Đào Thị Liên"))]})
    check("…and rated (API)", status == 200, f"HTTP {status} {answer}")
    sign_in(page, "officer")
    page.goto(f"{base}/nominations/new")
    page.get_by_label("Hình thức khen thưởng").select_option("advanced_worker")
    page.get_by_label("Năm", exact=True).fill(str(YEAR))
    page.get_by_label("Mã cán bộ / tập thể").fill(nominee)
    page.get_by_label("Họ tên / tên tập thể").fill("Lương Văn Tiến")
    page.get_by_label("Chức vụ (cá nhân)").fill("Kiểm tra viên")
    page.get_by_label("Tóm tắt thành tích").fill("Hoàn thành xuất sắc nhiệm vụ năm.")
    page.locator("#docKind1").select_option("submission")
    page.locator("#docFile1").set_input_files({"name": "to-trinh-ldtt.pdf", "mimeType": "application/pdf",
                                               "buffer": PDF.replace(b"to trinh", b"ldtt to trinh")})
    for row, kind in ((2, "achievement_report"), (3, "review_minutes")):
        page.locator(f"#docKind{row}").select_option(kind)
        page.locator(f"#docTitle{row}").fill(kind)
        page.locator(f"#docSha{row}").fill(sha(kind + nominee))
    follow(page, page.get_by_role("button", name="Trình hồ sơ"))
    annual = re.search(r"/nominations/(N-[0-9a-f]+)", page.url)
    annual = annual.group(1) if annual else None
    check("the unit officer submits an annual title with a file", annual is not None and page.locator(".documents a").count() == 1,
          page.url + " " + (page.locator(".problem").inner_text() if page.locator(".problem").count() else ""))
    # The year-end list as a CSV file: a bad row refuses the whole, named by number and field; then the good file.
    header = "title,nominee_id,name,position,is_front_line,achievement_summary,submission_sha256,achievement_report_sha256,review_minutes_sha256"
    good = f'advanced_worker,{listed},Đào Thị Liên,Kiểm sát viên,true,"Hoàn thành tốt nhiệm vụ",{sha("a")},{sha("b")},{sha("c")}'
    for rows, expected in (([good, good.replace("advanced_worker", "no_such_title").replace(listed, "cb-x")], "refused"), ([good], "stored")):
        follow(page, page.get_by_role("link", name="Danh sách cuối năm"))
        page.get_by_label("Năm", exact=True).fill(str(YEAR))
        page.get_by_label("Tệp CSV").set_input_files({"name": "danh-sach.csv", "mimeType": "text/csv",
                                                     "buffer": "\r\n".join([header] + rows).encode()})
        follow(page, page.get_by_role("button", name="Gửi danh sách"))
        if expected == "refused":
            problem = page.locator(".problem").inner_text() if page.locator(".problem").count() else ""
            check("a year-end list with a bad row is refused whole, the row named by number and field",
                  "list_rows_invalid" in problem and "Dòng 2" in problem and "title" in problem, problem or page.url)
            shot(page, "30-list-refused")
    check("the good list is stored and shown with its row", page.locator(".list-count").count() == 1
          and page.locator(".list-count").inner_text() == "1", page.url)
    shot(page, "31-list")
    sign_out(page)
    sign_in(page, "office")
    page.goto(f"{base}/nominations/{annual}")
    follow(page, page.get_by_role("button", name="Tiếp nhận"))
    check("the standing office accepts it", page.locator("dd .state").inner_text() == "Đã tiếp nhận", page.url)
    sign_out(page)

    sign_in(page, "secretary")
    check("the council secretary lands on the sessions", page.url.endswith("/sessions"), page.url)
    members = page.locator("input[name='present[]']")
    present = members.count()
    check("convening lists the council's members from the organisation, ticked", present == 9 and members.first.is_checked(),
          f"{present} members")
    shot(page, "20-sessions-convene")
    follow(page, page.get_by_role("button", name="Triệu tập"))
    session = re.search(r"/sessions/(S-[0-9a-z-]+)", page.url)
    session = session.group(1) if session else None
    check("the session is convened", session is not None, page.url)
    page.locator(f"input[name='nominations[]'][value='{annual}']").check()
    follow(page, page.get_by_role("button", name="Đưa vào chương trình"))
    check("the nomination is on the agenda", page.locator("#agenda").get_by_role("link", name=annual).count() == 1, page.url)
    shot(page, "21-session-agenda")
    page.get_by_label("Đồng ý", exact=True).fill(str(present))
    shot(page, "22-session-ballot")
    follow(page, page.get_by_role("button", name="Ghi kết quả bỏ phiếu"))
    tally = page.locator("#agenda td.tally")
    check("the tally shows the result and the rule that decided it",
          tally.count() == 1 and "Đề nghị khen thưởng" in tally.inner_text() and tally.locator(".rules code").count() == 2,
          tally.inner_text() if tally.count() else page.url)
    shot(page, "23-session-tally")
    follow(page, page.get_by_role("link", name="Biên bản (bản in)"))
    check("the minutes print from the events", "Lương Văn Tiến" in page.content(), page.url)
    shot(page, "24-session-minutes")
    page.goto(f"{base}/sessions/{session}")
    page.set_viewport_size({"width": 390, "height": 844})
    fits_phone(page, "the session page", "25-session-phone")
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_out(page)

    sign_in(page, "head-hn")
    check("the unit's head lands on the approvals queue", page.url.endswith("/approvals"), page.url)
    page.locator(f"input[name='nominations[]'][value='{annual}']").check()
    page.get_by_label("Ký hiệu").fill("QĐ-VKSHN")
    shot(page, "26-approvals-decision")
    follow(page, page.get_by_role("button", name="Ban hành quyết định"))
    number = page.locator(".decision-number")
    check("the head issues a numbered decision for it", number.count() == 1 and number.inner_text().endswith("/QĐ-VKSHN"), page.url)
    shot(page, "27-decision")
    follow(page, page.get_by_role("link", name="In quyết định"))
    check("the decision prints with its awardee", "Lương Văn Tiến" in page.content(), page.url)
    shot(page, "28-decision-print")
    page.goto(f"{base}/approvals")
    sign_out(page)

    sign_in(page, "auditor")
    page.goto(f"{base}/nominations/{annual}/audit")
    hashes = page.locator(".hash code").all_inner_texts()
    check("the auditor sees the whole way verified: submitted, accepted, scheduled, voted, approved",
          page.locator(".verdict.intact").count() == 1 and len(hashes) == 5, f"{len(hashes)} events")
    shot(page, "29-audit-annual")
    sign_out(page)

    # A locked account cannot sign in, even with its password.
    for _ in range(3):
        sign_in(page, "victim", "wrong password!")
    sign_in(page, "victim")
    check("a locked account cannot sign in with its right password",
          page.url.endswith("/sign-in") and page.get_by_text("tạm khóa").count() == 1, page.url)
    shot(page, "16-locked")

    # English on request, and a phone's width.
    sign_in(page, "officer")
    page.goto(f"{base}/nominations/{main}?lang=en")
    check("English is available", page.get_by_role("heading", name="Timeline").count() == 1)
    shot(page, "17-nomination-english")
    page.goto(f"{base}/nominations?lang=vi")
    page.set_viewport_size({"width": 390, "height": 844})
    fits_phone(page, "the list", "18-nominations-phone")
    page.goto(f"{base}/nominations/new")
    fits_phone(page, "the submission form", "19-submit-phone")
    browser.close()

if failures:
    print(f"console check: {len(failures)} failed: " + "; ".join(failures), file=sys.stderr)
    sys.exit(1)
print("console check: every check passed; screenshots in " + out)
