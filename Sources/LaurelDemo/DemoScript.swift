import Crypto
import EventStore
import Foundation
import LaurelServer
import Nominations
import Workflow

/// `laurel demo`: scenarios from real practice, driven through the HTTP API with a token per role.
///
/// Every step goes through the same routes a client uses. Expected outcomes (final states,
/// refusals by the rules, the statistics, the integrity report) are checked as the script goes;
/// `DemoReport.failures` lists any that did not hold. Each run creates new nominations and
/// sessions, so it can run any number of times against one database.
public struct DemoScript: Sendable {
    let transport: any DemoTransport
    let authority: TokenAuthority
    let clock: DemoClock
    let organization: Organization

    /// The demo's first day: a Monday, so the week's working days read naturally.
    public static let start = LocalDate(year: 2026, month: 12, day: 7)!

    public init(transport: any DemoTransport, authority: TokenAuthority, clock: DemoClock, organization: Organization) {
        self.transport = transport
        self.authority = authority
        self.clock = clock
        self.organization = organization
    }

    /// A person acting in the demo: a token subject, their role and unit.
    struct Person: Sendable {
        let id: String
        let name: String
        let role: String
        let unit: String
    }

    static let officerNghean = Person(id: "cb-nghean-tdkt", name: "Nguyễn Thị Lan", role: "unit_officer", unit: "vksnd-nghean")
    static let officerHanoi = Person(id: "cb-hanoi-tdkt", name: "Trần Văn Hùng", role: "unit_officer", unit: "vksnd-hanoi")
    static let office = Person(id: "cb-vksndtc-tdkt", name: "Đinh Thị Phương", role: "standing_office", unit: "vksndtc")
    static let secretary = Person(id: "cb-vksndtc-thuky", name: "Vũ Minh Đức", role: "council_secretary", unit: "vksndtc")
    /// The Prosecutor General, who decides the sector's titles and forwards to the higher authorities.
    static let head = Person(id: "cb-00001", name: "Lê Thanh Hoa", role: "head_of_agency", unit: "vksndtc")
    /// The heads of the Hà Nội and Nghệ An procuracies, who decide their grassroots titles and
    /// forward their proposals to the Supreme.
    static let headHanoi = Person(id: "cb-00015", name: "Ngô Quang Long", role: "head_of_agency", unit: "vksnd-hanoi")
    static let headNghean = Person(id: "cb-00063", name: "Hoàng Minh Nga", role: "head_of_agency", unit: "vksnd-nghean")
    /// A deputy Prosecutor General, who signs the Prosecutor General's decisions under a delegation.
    static let deputyHead = Person(id: "cb-00002", name: "Nguyễn Huy Tiến", role: "deputy_head_of_agency", unit: "vksndtc")
    static let inspector = Person(id: "cb-vksndtc-thanhtra", name: "Lý Văn Long", role: "inspector", unit: "vksndtc")
    static let auditor = Person(id: "kiem-toan-1", name: "Kiểm toán viên", role: Caller.auditor, unit: "vksndtc")

    /// Runs every scenario and gathers the report. A step that fails, or a run cut short (the
    /// service stopping on Ctrl-C), throws ``DemoInterrupted`` with what was done and checked so far.
    public func run() async throws -> DemoReport {
        var run = DemoRun(script: self)
        do {
            let before = try await run.statistics()
            try await run.scenarios()
            return try await run.finish(statisticsBefore: before)
        } catch {
            throw DemoInterrupted(steps: run.report.steps, checks: run.report.checks, cause: "\(error)")
        }
    }

    func token(_ person: Person) async throws -> String {
        try await authority.issue(subject: person.id, name: person.name, roles: [person.role], unit: person.unit,
                                  lifetime: .seconds(3600))
    }
}

/// The demo stopped before its end: what it did and checked until then, and why it stopped.
public struct DemoInterrupted: Error, CustomStringConvertible {
    public let steps: [String]
    public let checks: [DemoReport.Check]
    public let cause: String
    public var description: String { cause }

    /// The steps and checks as the report shows them.
    public func render(colour: Bool) -> String {
        var report = DemoReport()
        report.steps = steps
        report.checks = checks
        return report.render(colour: colour)
    }
}

/// A step the API answered with something else than the script expected.
public struct DemoStepFailed: Error, CustomStringConvertible {
    public let step: String
    public let status: Int
    public let body: String
    public var description: String { "\(step): HTTP \(status) \(body)" }
}

/// The state of one demo run: what it did, what it checked, the nominations to show.
struct DemoRun {
    typealias Person = DemoScript.Person
    let script: DemoScript
    var report = DemoReport()
    var lastCheckpoint = ""
    /// Appended to the ids of the people and collectives nominated for annual titles and the
    /// Labour Hero: a person is nominated once per title and year, and every run nominates anew.
    let nomineeTag = String(UInt32.random(in: .min ... .max), radix: 16)
    /// The nominations of the year-end list, in row order.
    var yearEndList: [String] = []

    init(script: DemoScript) {
        self.script = script
    }

    var today: LocalDate { script.clock.today }

    // MARK: Scenarios

    mutating func scenarios() async throws {
        narrate("the scenarios start; the service's calendar is simulated, so weeks pass in seconds")
        let adHoc = try await adHocTeamAward()
        try await thematicAward()
        let annual = try await annualTitles()
        try await yearEndDecision()
        try await clusterYear()
        let hero = try await labourHero()
        try await later(adHoc: adHoc, annual: annual, hero: hero)
    }

    /// An ad hoc certificate of merit for a provincial procuracy's team, decided within days.
    mutating func adHocTeamAward() async throws -> String {
        let id = try await submit("ad hoc: the Nghệ An criminal prosecution team after an exceptional case", as: DemoScript.officerNghean, """
            {"kind": "ad_hoc", "title": "certificate_of_merit", "year": 2026,
             "nominee": {"type": "collective", "id": "vksnd-nghean-phong-2", "unit": "vksnd-nghean", "size": 9,
                         "name": "Phòng Thực hành quyền công tố và kiểm sát xét xử án hình sự", "is_small_collective": true},
             "achievement_summary": "Phát hiện, kiến nghị khởi tố đường dây buôn bán ma túy xuyên quốc gia; thu hồi toàn bộ tài sản.",
             "documents": [\(documents("submission", "achievement_summary"))]}
            """)
        nextWorkingDay()
        try await command(id, "accept", as: DemoScript.office, expect: "accepted")
        nextWorkingDay()
        try await delegateToDeputy()
        try await command(id, "approve", as: DemoScript.deputyHead,
                          json: #"{"decision_number": "215/QĐ-VKSTC", "decision_date": "\#(today)"}"#, expect: "approved")
        let history = try await send("GET", "/v1/nominations/\(id)/history", as: DemoScript.auditor, json: nil)
        let approval = history.objects.last { $0["type"] as? String == "nomination.approved" }
        let onBehalf = (approval?["payload"] as? [String: Any])?["signedOnBehalf"] as? [String: Any]
        let signedFor = onBehalf?["forHeadOf"] as? String
        let delegation = onBehalf?["delegation"] as? String
        check("ad hoc: the deputy's approval says whom they signed for and under which delegation",
              signedFor == "vksndtc" && delegation != nil,
              detail: "signed for the head of \(signedFor ?? "nobody") under \(delegation ?? "no delegation")")
        return id
    }

    /// The Prosecutor General lets a deputy sign the year's commendation decisions ("KT. VIỆN
    /// TRƯỞNG / PHÓ VIỆN TRƯỞNG"), unless an earlier run of the demo already did.
    mutating func delegateToDeputy() async throws {
        let deputy = DemoScript.deputyHead
        let recorded = try await send("GET", "/v1/units/\(deputy.unit)/delegations", as: DemoScript.auditor, json: nil)
        let delegations = recorded.object["delegations"] as? [[String: Any]] ?? []
        let inForce = delegations.contains {
            ($0["deputy"] as? [String: Any])?["id"] as? String == deputy.id && $0["in_force_today"] as? Bool == true
        }
        if inForce {
            narrate("\(deputy.name) already signs for the Prosecutor General under a delegation in force")
            return
        }
        _ = try await expect(201, "the Prosecutor General delegates signing to deputy \(deputy.name)", "POST",
                             "/v1/units/\(deputy.unit)/delegations", as: DemoScript.head, json: """
            {"decision_number": "\(8 + delegations.count)/QĐ-VKSTC", "decision_date": "\(today)", "signed_by": "Viện trưởng \(DemoScript.head.name)",
             "deputy": {"id": "\(deputy.id)", "name": "\(deputy.name)", "position": "Phó Viện trưởng"},
             "valid_from": "\(today)", "valid_until": "\(today.year)-12-31"}
            """)
    }

    struct AnnualNominations {
        let approved: [String]
        let onHold: String
        let returned: String
        let waiting: String
    }

    /// Annual titles of the Hà Nội procuracy: its registration, ratings and advanced workers first
    /// (`advancedWorkers(grassroots:)`), then approvals through its council, one refused by the
    /// eligibility rule, one returned for a missing document, one held during a complaint, and one
    /// the standing office has not reached (it will be overdue).
    mutating func annualTitles() async throws -> AnnualNominations {
        let people = [("cb-hn-0101", "Phạm Thị Thu Hà", "Kiểm sát viên sơ cấp"), ("cb-hn-0102", "Đỗ Quang Vinh", "Kiểm sát viên trung cấp"),
                      ("cb-hn-0103", "Ngô Thị Mai", "Kiểm tra viên")]
        try await advancedWorkers(grassroots: (people.map { ($0.0, $0.1) } + [("cb-hn-0104", "Lương Văn Tâm")]).map {
            (id: "\($0.0)-\(nomineeTag)", name: $0.1)
        })
        var approved: [String] = []
        for (index, (staff, name, position)) in people.enumerated() {
            approved.append(try await submit("annual: grassroots emulation fighter \(name)", as: DemoScript.officerHanoi,
                                             fighter(staff: staff, name: name, position: position, frontLine: index != 2)))
        }
        let returned = try await submit("annual: grassroots emulation fighter Lương Văn Tâm (initiative certificate missing)",
                                        as: DemoScript.officerHanoi,
                                        fighter(staff: "cb-hn-0104", name: "Lương Văn Tâm", position: "Kiểm sát viên sơ cấp", frontLine: true,
                                                documents: ["submission", "achievement_report", "review_minutes"]))
        let refusal = try await send("POST", "/v1/nominations", as: DemoScript.officerHanoi, json: """
            {"kind": "annual", "title": "sector_emulation_fighter", "year": 2026,
             "nominee": {"type": "individual", "id": "cb-hn-0105", "name": "Hà Văn Sơn", "unit": "vksnd-hanoi",
                         "position": "Kiểm sát viên trung cấp", "is_front_line": true},
             "achievement_summary": "Chủ trì sáng kiến áp dụng toàn ngành.",
             "documents": [\(documents("submission", "achievement_report", "review_minutes", "initiative_certificate"))],
             "initiatives": [{"year": 2026, "scope": "sector"}]}
            """)
        check("annual: a sector emulation fighter without three consecutive grassroots titles is refused",
              refusal.status == 422 && (refusal.object["type"] as? String) == "urn:laurel:problem:not_eligible",
              detail: refusal.object["detail"] as? String ?? "HTTP \(refusal.status)")
        report.refusals.append((title: "Hà Văn Sơn, sector emulation fighter", reason: refusal.object["detail"] as? String ?? ""))
        let waiting = try await submit("annual: excellent labour collective, the Hà Nội organisation department (not yet taken up)",
                                       as: DemoScript.officerHanoi, """
            {"kind": "annual", "title": "excellent_labour_collective", "year": 2026,
             "nominee": {"type": "collective", "id": "vksnd-hanoi-phong-tccb-\(nomineeTag)", "name": "Phòng Tổ chức cán bộ", "unit": "vksnd-hanoi",
                         "size": 12, "is_small_collective": true},
             "achievement_summary": "Hoàn thành xuất sắc nhiệm vụ năm 2026.",
             "documents": [\(documents("submission", "achievement_report", "review_minutes"))]}
            """)

        nextWorkingDay()
        for id in approved { try await command(id, "accept", as: DemoScript.office, expect: "accepted") }
        try await command(returned, "return-for-amendment", as: DemoScript.office,
                          json: #"{"reasons": ["Thiếu giấy chứng nhận sáng kiến cấp cơ sở"]}"#, expect: "returned")
        let held = approved[1]
        try await command(held, "place-hold", as: DemoScript.inspector,
                          json: #"{"hold_id": "KN-17-2026", "hold_kind": "complaint", "reference": "Đơn khiếu nại số 17/2026 đang xác minh"}"#,
                          expect: "accepted")

        nextWorkingDay()
        try await command(returned, "amend", as: DemoScript.officerHanoi, json: """
            {"achievement_summary": "Hoàn thành xuất sắc nhiệm vụ; sáng kiến rút ngắn thời gian giải quyết án.",
             "documents": [\(documents("submission", "achievement_report", "review_minutes", "initiative_certificate"))]}
            """, expect: "returned")
        try await command(returned, "resubmit", as: DemoScript.officerHanoi, expect: "submitted")
        try await command(returned, "accept", as: DemoScript.office, expect: "accepted")

        nextWorkingDay()
        let council = try await convene("vksnd-hanoi", absent: 1, recusal: nil)
        let blocked = try await send("POST", "/v1/nominations/\(held)/schedule-for-council", as: DemoScript.secretary,
                                     json: #"{"session_id": "\#(council.id)"}"#)
        check("annual: a nomination on hold cannot go to the council", blocked.status == 409
              && (blocked.object["type"] as? String) == "urn:laurel:problem:hold_active",
              detail: blocked.object["detail"] as? String ?? "HTTP \(blocked.status)")
        for id in [approved[0], approved[2], returned] {
            try await review(id, in: council, inFavour: council.present, as: "council_reviewed")
            try await command(id, "approve", as: DemoScript.headHanoi,
                              json: #"{"decision_number": "\#(300 + report.steps.count)/QĐ-VKSND", "decision_date": "\#(today)"}"#,
                              expect: "approved")
        }

        nextWorkingDay()
        try await command(held, "lift-hold", as: DemoScript.inspector,
                          json: #"{"hold_id": "KN-17-2026", "note": "Đã xác minh: đơn không có cơ sở"}"#, expect: "accepted")
        try await review(held, in: council, inFavour: council.present, as: "council_reviewed")
        try await command(held, "approve", as: DemoScript.headHanoi,
                          json: #"{"decision_number": "\#(300 + report.steps.count)/QĐ-VKSND", "decision_date": "\#(today)"}"#,
                          expect: "approved")
        return AnnualNominations(approved: approved + [returned], onHold: held, returned: returned, waiting: waiting)
    }

    /// A Labour Hero proposal of the Nghệ An procuracy: its own council, the Supreme council with
    /// a recusal and a tally against total membership, public consultation over ten working days,
    /// forwarding to the higher authority and its decision.
    mutating func labourHero() async throws -> String {
        let id = try await submit("Labour Hero: procurator Hoàng Văn Minh of Nghệ An", as: DemoScript.officerNghean, """
            {"kind": "labour_hero", "title": "labour_hero", "year": 2026,
             "nominee": {"type": "individual", "id": "cb-nghean-0107-\(nomineeTag)", "name": "Hoàng Văn Minh", "unit": "vksnd-nghean",
                         "position": "Kiểm sát viên cao cấp", "is_front_line": true},
             "achievement_summary": "Hai mươi năm liên tục hoàn thành xuất sắc nhiệm vụ; nhiều sáng kiến được áp dụng toàn ngành.",
             "documents": [\(documents("submission", "achievement_report", "ballot_minutes", "party_committee_opinion",
                                       "local_government_opinion"))]}
            """)
        nextWorkingDay()
        try await command(id, "accept", as: DemoScript.office, expect: "accepted")
        nextWorkingDay()
        let members = try await changeMembership(of: "vksnd-nghean")
        let provincial = try await convene("vksnd-nghean", absent: 0, recusal: nil, members: members)
        let shown = try await send("GET", "/v1/council-sessions/\(provincial.id)", as: DemoScript.auditor, json: nil)
        let basis = (shown.object["session"] as? [String: Any])?["membership_basis"] as? [String: Any]
        check("Labour Hero: the Nghệ An council sits as the decision changing it during the year constituted it",
              basis?["source"] as? String == "decision" && provincial.present == members.count,
              detail: "\(provincial.present) present of \(members.count), membership from the \(basis?["source"] as? String ?? "?")")
        try await review(id, in: provincial, inFavour: provincial.present, as: "council_reviewed")
        try await command(id, "forward", as: DemoScript.headNghean,
                          json: #"{"authority": "Hội đồng Thi đua – Khen thưởng Viện kiểm sát nhân dân tối cao", "submission_number": "45/TTr-VKSND"}"#,
                          expect: "at_supreme")
        nextWorkingDay()
        let supreme = try await convene("vksndtc", absent: 0, recusal: (nomination: id, reason: "Có quan hệ gia đình với người được đề nghị"))
        try await review(id, in: supreme, inFavour: supreme.present - 2, against: 1, as: "supreme_reviewed")
        try await command(id, "forward", as: DemoScript.head,
                          json: #"{"authority": "Ban Thi đua – Khen thưởng Trung ương", "submission_number": "112/TTr-VKSTC"}"#,
                          expect: "forwarded")
        nextWorkingDay()
        try await command(id, "open-consultation", as: DemoScript.office, expect: "in_consultation")
        try await command(id, "record-comment", as: DemoScript.office,
                          json: #"{"commenter": "Cổng thông tin điện tử", "comment": "Nhất trí đề nghị"}"#, expect: "in_consultation")
        let early = try await send("POST", "/v1/nominations/\(id)/close-consultation", as: DemoScript.office, json: nil)
        check("Labour Hero: the consultation cannot close before its ten working days",
              early.status == 409 && (early.object["type"] as? String) == "urn:laurel:problem:consultation_not_finished",
              detail: early.object["detail"] as? String ?? "HTTP \(early.status)")
        return id
    }

    /// Two weeks on: the consultation closes, the President's decision is recorded, the ad hoc
    /// award is revoked on a legal ground, and the collective nobody took up is overdue.
    mutating func later(adHoc: String, annual: AnnualNominations, hero: String) async throws {
        script.clock.advance(days: 17)
        narrate("seventeen days later: two weekends and New Year's Day have passed")
        let late = try await send("POST", "/v1/nominations/\(hero)/record-comment", as: DemoScript.office,
                                  json: #"{"commenter": "Cổng thông tin điện tử", "comment": "Ý kiến gửi muộn"}"#)
        check("Labour Hero: a comment after the consultation's last day is refused",
              late.status == 409 && (late.object["type"] as? String) == "urn:laurel:problem:consultation_ended",
              detail: late.object["detail"] as? String ?? "HTTP \(late.status)")
        try await command(hero, "close-consultation", as: DemoScript.office, expect: "consulted")
        try await command(hero, "record-higher-decision", as: DemoScript.office, json: """
            {"authority": "Chủ tịch nước", "outcome": "awarded", "decision_number": "1234/QĐ-CTN", "decision_date": "\(today)"}
            """, expect: "awarded")
        try await command(adHoc, "revoke", as: DemoScript.head, json: """
            {"ground": "standard_not_met", "legal_basis": "Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 93 khoản 2",
             "decision_number": "17/QĐ-VKSTC"}
            """, expect: "revoked")
        report.nominations = [
            (adHoc, "Ad hoc certificate of merit, Nghệ An team (approved, then revoked)"),
            (annual.returned, "Annual title returned for a missing document, approved after resubmission"),
            (annual.onHold, "Annual title held during a complaint, then approved"),
            (hero, "Labour Hero proposal, Nghệ An"),
        ]
        report.annualApproved = annual.approved
        report.overdueExpected = annual.waiting
    }

    // MARK: Final reports

    mutating func finish(statisticsBefore before: [String: Int]) async throws -> DemoReport {
        let wait = "checkpoint=\(lastCheckpoint)"
        for (id, label) in report.nominations {
            let timeline = try await send("GET", "/v1/nominations/\(id)/timeline?\(wait)", as: DemoScript.auditor, json: nil)
            report.timelines.append(DemoReport.Timeline(nominationID: id, label: label, entries: timeline.objects))
        }
        if let hero = report.timelines.last {
            let consultation = hero.entries.filter {
                ["nomination.consultation_opened", "nomination.consultation_closed"].contains($0["type"] as? String ?? "")
            }
            let explained = consultation.filter { ($0["explanations"] as? [[String: Any]])?.first?["rule"] is String }
            check("Labour Hero timeline: opening and closing the consultation each show the rule applied",
                  consultation.count == 2 && explained.count == 2,
                  detail: "\(explained.count) of \(consultation.count) consultation events explained")
        }
        let after = try await statistics()
        let delta = after.merging(before) { $0 - $1 }
        check("statistics: four grassroots titles and the year-end list's \(Self.advancedWorkerCount) advanced workers approved for Hà Nội "
              + "in 2026", delta["vksnd-hanoi/approved"] == 4 + Self.advancedWorkerCount,
              detail: "\(delta["vksnd-hanoi/approved"] ?? 0) approved")
        check("statistics: five annual nominations of Hà Nội stored besides its \(Self.advancedWorkerCount) advanced workers "
              + "(the refused ones never were)",
              delta["vksnd-hanoi/submitted"] == 5 + Self.advancedWorkerCount, detail: "\(delta["vksnd-hanoi/submitted"] ?? 0) submitted")
        check("statistics: one award of Nghệ An revoked", delta["vksnd-nghean/revoked"] == 1,
              detail: "\(delta["vksnd-nghean/revoked"] ?? 0) revoked")
        let statistics = try await send("GET", "/v1/reports/statistics?year=2026&\(wait)", as: DemoScript.auditor, json: nil)
        report.statistics = statistics.object

        let listed = try await send("GET", "/v1/nominations?unit=vksnd-hanoi&state=approved&limit=200&\(wait)", as: DemoScript.office,
                                    json: nil)
        let listedIDs = Set((listed.object["items"] as? [[String: Any]] ?? []).compactMap { $0["nomination_id"] as? String })
        check("nominations list: the Hà Nội approvals are listed", Set(report.annualApproved).isSubset(of: listedIDs),
              detail: "\(listedIDs.count) approved nominations of vksnd-hanoi listed")

        let overdue = try await send("GET", "/v1/reports/deadlines?overdue=true&limit=200&\(wait)", as: DemoScript.office, json: nil)
        report.overdue = overdue.object["items"] as? [[String: Any]] ?? []
        check("deadlines: the collective nobody took up is overdue",
              report.overdue.contains { $0["nomination_id"] as? String == report.overdueExpected },
              detail: "\(report.overdue.count) overdue")

        var states: [String: String] = [:]
        for id in report.annualApproved + report.nominations.map(\.id) + [report.overdueExpected] {
            let shown = try await send("GET", "/v1/nominations/\(id)", as: DemoScript.auditor, json: nil)
            states[id] = (shown.object["nomination"] as? [String: Any])?["state"] as? String ?? "?"
        }
        let expected = report.annualApproved.map { ($0, "approved") }
            + [(report.nominations[0].id, "revoked"), (report.nominations[3].id, "awarded"), (report.overdueExpected, "submitted")]
        for (id, state) in expected {
            check("final state: \(id) is \(state)", states[id] == state, detail: states[id] ?? "?")
        }
        let integrity = try await send("GET", "/v1/integrity", as: DemoScript.auditor, json: nil)
        report.integrity = integrity.object
        let issues = integrity.object["issues"] as? [Any]
        check("integrity: every hash chain and seal verifies", integrity.status == 200 && issues?.isEmpty == true,
              detail: "\(integrity.object["events_checked"] as? Int ?? 0) events checked, \(issues?.count ?? -1) issues")
        return report
    }

    /// Statistics per unit and outcome for 2026, summed over kinds and titles.
    func statistics() async throws -> [String: Int] {
        let reply = try await send("GET", "/v1/reports/statistics?year=2026\(lastCheckpoint.isEmpty ? "" : "&checkpoint=\(lastCheckpoint)")",
                                   as: DemoScript.auditor, json: nil)
        var totals: [String: Int] = [:]
        for outcome in reply.object["outcomes"] as? [[String: Any]] ?? [] {
            let unit = outcome["unit"] as? String ?? "?"
            for key in ["submitted", "approved", "rejected", "withdrawn", "revoked"] {
                totals["\(unit)/\(key)", default: 0] += outcome[key] as? Int ?? 0
            }
        }
        return totals
    }

    // MARK: Steps

    struct Session {
        let id: String
        let present: Int
    }

    /// The Nghệ An council changes during the year: a member retires and the new head of the
    /// organisation department joins, by a decision taking effect today. Returns the ids of the
    /// membership in force (an earlier run's decision, when one already took effect today).
    mutating func changeMembership(of unit: String) async throws -> [String] {
        let inForce = try await send("GET", "/v1/councils/\(unit)/membership?on=\(today)", as: DemoScript.auditor, json: nil)
        let membership = inForce.object["membership"] as? [String: Any] ?? [:]
        if (membership["basis"] as? [String: Any])?["source"] as? String == "decision" {
            narrate("the council of \(unit) already sits as a decision of this year constituted it")
            return (membership["members"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        }
        guard let council = script.organization.council(of: unit),
              let leaving = council.seats.last(where: { $0.role == .member }) else {
            throw DemoStepFailed(step: "change the council of \(unit)", status: 0, body: "no ordinary member to replace")
        }
        func seat(_ id: String, _ name: String, _ role: String, _ position: String) -> String {
            #"{"id": "\#(id)", "name": "\#(name)", "unit": "\#(unit)", "role": "\#(role)", "position": "\#(position)"}"#
        }
        let seats = council.seats.filter { $0.member.id != leaving.member.id }
            .map { seat($0.member.id, $0.member.name, $0.role.rawValue, $0.position ?? "Ủy viên") }
            + [seat("cb-nghean-0121", "Phan Thị Hạnh", "member", "Trưởng phòng Tổ chức cán bộ")]
        let reply = try await expect(201, "the council of \(unit) changes: \(leaving.member.name) retires, Phan Thị Hạnh joins",
                                     "POST", "/v1/councils/\(unit)/membership-changes", as: DemoScript.office, json: """
            {"decision_number": "112/QĐ-VKSND", "decision_date": "\(today)", "signed_by": "Viện trưởng \(DemoScript.headNghean.name)",
             "effective_from": "\(today)", "members": [\(seats.joined(separator: ", "))]}
            """)
        let changed = (reply.object["membership"] as? [String: Any])?["members"] as? [[String: Any]] ?? []
        return changed.compactMap { $0["id"] as? String }
    }

    /// Convenes the council of `unit` with `members` (by default the organisation's), `absent` of them away.
    mutating func convene(_ unit: String, absent: Int, recusal: (nomination: String, reason: String)?,
                          members: [String]? = nil) async throws -> Session {
        guard let council = script.organization.council(of: unit) else {
            throw DemoStepFailed(step: "convene \(unit)", status: 0, body: "no council in config/organization.yaml")
        }
        let seated = members ?? council.members.map(\.id)
        let present = Array(seated.dropLast(absent))
        let reply = try await expect(201, "convene the council of \(unit) (\(present.count) of \(seated.count) present)",
                                     "POST", "/v1/council-sessions", as: DemoScript.secretary, json: """
            {"council": "\(unit)", "date": "\(today)", "present": [\(present.map { "\"\($0)\"" }.joined(separator: ","))]}
            """)
        let session = reply.object["session"] as? [String: Any] ?? [:]
        let id = session["id"] as? String ?? ""
        if let recusal, let member = council.members.last(where: { $0.id != council.chair.id && present.contains($0.id) }) {
            _ = try await expect(200, "\(member.name) recused: \(recusal.reason)", "POST", "/v1/council-sessions/\(id)/recusals",
                                 as: DemoScript.secretary, json: """
                {"member_id": "\(member.id)", "nomination_id": "\(recusal.nomination)", "reason": "\(recusal.reason)"}
                """)
        }
        return Session(id: id, present: present.count)
    }

    /// Schedules `id` for `session` and records a secret-ballot tally.
    mutating func review(_ id: String, in session: Session, inFavour: Int, against: Int = 0, as state: String) async throws {
        let scheduled = try await send("POST", "/v1/nominations/\(id)/schedule-for-council", as: DemoScript.secretary,
                                       json: #"{"session_id": "\#(session.id)"}"#)
        guard scheduled.status == 200 else {
            throw DemoStepFailed(step: "schedule \(id)", status: scheduled.status, body: String(decoding: scheduled.body, as: UTF8.self))
        }
        try await command(id, "record-council-result", as: DemoScript.secretary,
                          json: #"{"session_id": "\#(session.id)", "in_favour": \#(inFavour), "against": \#(against), "abstaining": 0}"#,
                          expect: state)
    }

    mutating func submit(_ what: String, as person: Person, _ json: String) async throws -> String {
        let reply = try await expect(201, what, "POST", "/v1/nominations", as: person, json: json)
        return (reply.object["nomination"] as? [String: Any])?["id"] as? String ?? ""
    }

    /// Runs a nomination command and checks the state it leads to.
    mutating func command(_ id: String, _ name: String, as person: Person, json: String? = nil, expect state: String) async throws {
        let reply = try await expect(200, "\(id): \(name) by \(person.role)", "POST", "/v1/nominations/\(id)/\(name)", as: person,
                                     json: json)
        let reached = (reply.object["nomination"] as? [String: Any])?["state"] as? String
        guard reached == state else {
            throw DemoStepFailed(step: "\(id): \(name)", status: reply.status, body: "state \(reached ?? "?"), expected \(state)")
        }
    }

    @discardableResult
    mutating func expect(_ status: Int, _ what: String, _ method: String, _ path: String, as person: Person,
                         json: String?) async throws -> DemoResponse {
        let reply = try await send(method, path, as: person, json: json)
        guard reply.status == status else {
            throw DemoStepFailed(step: what, status: reply.status, body: String(decoding: reply.body, as: UTF8.self))
        }
        if let checkpoint = reply.object["checkpoint"] as? String { lastCheckpoint = checkpoint }
        narrate(what)
        return reply
    }

    func send(_ method: String, _ path: String, as person: Person, json: String?) async throws -> DemoResponse {
        try await script.transport.send(method, path, token: try await script.token(person), json: json,
                                        headers: ["X-Correlation-Id": "laurel-demo"])
    }

    mutating func check(_ name: String, _ passed: Bool, detail: String) {
        report.checks.append(DemoReport.Check(name: name, passed: passed, detail: detail))
    }

    mutating func narrate(_ text: String) {
        report.steps.append("\(today)  \(text)")
    }

    /// The next day that is not a Saturday or Sunday: councils and offices work on working days.
    func nextWorkingDay() {
        repeat { script.clock.advance(days: 1) } while today.isWeekend
    }

    func fighter(staff: String, name: String, position: String, frontLine: Bool,
                 documents kinds: [String] = ["submission", "achievement_report", "review_minutes", "initiative_certificate"]) -> String {
        """
        {"kind": "annual", "title": "grassroots_emulation_fighter", "year": 2026,
         "nominee": {"type": "individual", "id": "\(staff)-\(nomineeTag)", "name": "\(name)", "unit": "vksnd-hanoi",
                     "position": "\(position)", "is_front_line": \(frontLine)},
         "achievement_summary": "Hoàn thành xuất sắc nhiệm vụ năm 2026; sáng kiến được công nhận cấp cơ sở.",
         "documents": [\(documents(kinds))],
         "initiatives": [{"year": 2026, "scope": "grassroots"}]}
        """
    }

    func documents(_ kinds: String...) -> String { documents(kinds) }

    /// Dossier entries; each checksum is the SHA-256 of the entry's title, standing in for the scanned file.
    func documents(_ kinds: [String]) -> String {
        kinds.map { kind in
            let title = kind.replacingOccurrences(of: "_", with: " ").capitalized
            let digest = SHA256.hash(data: Data(title.utf8)).lowercaseHex
            return #"{"kind": "\#(kind)", "title": "\#(title)", "sha256": "\#(digest)"}"#
        }.joined(separator: ", ")
    }
}
