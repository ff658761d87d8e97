import Commands
import Hummingbird
import LaurelServer
import Nominations

extension Console {
    /// `/emulation/rankings/{year}?group=CODE`: a ranking as `GET /v1/rankings/{year}` reads it,
    /// scoped by the same checks (``ScopedRanking``).
    func addRankingRoutes(to router: Router<LaurelRequestContext>) {
        router.get("emulation/rankings/:year", use: page { request, context, visit in try await rankingPage(request, context, visit) })
    }

    /// The ranking of a year's scoring table within a cluster or bloc (`?group=`) or sector-wide:
    /// the ranked units with their ranks (shared ones marked), totals, bands and the tie-break rule
    /// that set each after the unit above it; the units not ranked yet with their stage; the
    /// table's bands and tie-break; every change behind it, oldest first, with who, when and why.
    func rankingPage(_ request: Request, _ context: LaurelRequestContext, _ visit: Visit) async throws -> Response {
        let language = visit.language
        let tenant = visit.tenant
        let year = try YearPath(context).year
        let code = request.uri.queryParameters.get("group").flatMap { $0.isEmpty ? nil : $0 }
        let ranking = try await ScopedRanking(year: year, group: code, for: visit.caller, in: tenant)
        let (read, table) = (ranking.read, ranking.read.table)
        let place = ranking.group.map { groupName($0, language) } ?? language.text("emulation.sector")
        var model = layout(visit, title: "\(language.text("emulation.ranking")) \(year): \(place)", current: "/emulation", request: request)

        // A unit's score is read by whoever covers it and by the officers of the year's head unit,
        // who review it, as ``ScorePath`` lets them (a list: a section opens on an empty string too).
        func scorePage(_ unit: String) -> [String] {
            let actor = visit.caller.actor
            return visit.caller.maySee(unit: unit, in: tenant.organization)
                || (ranking.head != nil && ranking.head == actor.unit && actor.roles.contains("unit_officer"))
                ? ["/emulation/scores/\(unit)/\(year)"] : []
        }
        let itemNames = Dictionary((table.criteria + table.bonuses + table.penalties).map { ($0.code, $0.name) },
                                   uniquingKeysWith: { first, _ in first })
        model["year"] = String(year)
        model["edition"] = read.yearTable.edition
        model["source"] = table.source
        model["version"] = String(read.version)
        if let group = ranking.group {
            model["group"] = [
                "kind": language.text("emulation.kind.\(group.kind.rawValue)"),
                "head": ranking.head.map { unitName($0, of: tenant) } ?? "",
                "clusterYear": "/emulation/clusters/\(group.code)/\(year)",
            ]
        }
        model["entries"] = read.ranking.entries.map { entry -> [String: Any] in
            [
                "rank": entry.rank, "shared": entry.sharedRank, "unit": unitName(entry.unit, of: tenant), "score": scorePage(entry.unit),
                "criteria": decimal(entry.totals.criteria, language), "bonus": decimal(entry.totals.bonus, language),
                "penalty": decimal(entry.totals.penalty, language), "total": decimal(entry.totals.total, language),
                "band": entry.band?.name ?? "—",
                "decidedBy": entry.decidedBy.map { rule(words: $0, table: table, language) } ?? "",
                "submittedOn": entry.submittedOn.map { VietnamTime.day($0.description, language: language) } ?? "",
            ]
        }
        model["hasEntries"] = !read.ranking.entries.isEmpty
        model["pending"] = read.ranking.pending.map { pending -> [String: Any] in
            ["unit": unitName(pending.unit, of: tenant), "score": scorePage(pending.unit),
             "stage": language.text("ranking.stage.\(pending.stage.rawValue)")]
        }
        model["hasPending"] = !read.ranking.pending.isEmpty
        model["bands"] = table.bands.map { band -> [String: Any] in
            ["name": band.name, "minimum": decimal(band.minimum, language), "below": band.below.map { decimal($0, language) } ?? "—"]
        }
        // In order: the template lists them in an <ol>.
        model["tieBreak"] = table.tieBreak.map { rule -> [String: Any] in ["rule": self.rule(words: rule, table: table, language)] }
        model["hasTieBreak"] = !table.tieBreak.isEmpty
        model["history"] = read.history.map { change in historyItem(change, itemNames: itemNames, language: language, tenant: tenant) }
        return try renderer.render("ranking", model, language: language)
    }

    /// A tie-break rule in words: "điểm nhóm tiêu chí A (Nghiệp vụ) cao hơn".
    private func rule(words rule: TieBreakRule, table: ScoringTable, _ language: Language) -> String {
        switch rule {
        case .groupTotal(let code):
            let group = table.groups.first { $0.code == code }.map { "\(code) (\($0.name))" } ?? code
            return language.text("ranking.rule.group_total").replacingOccurrences(of: "{group}", with: group)
        case .fewerPenaltyPoints: return language.text("ranking.rule.fewer_penalty_points")
        case .moreBonusPoints: return language.text("ranking.rule.more_bonus_points")
        case .earlierSubmission: return language.text("ranking.rule.earlier_submission")
        }
    }

    /// One change behind the ranking: an edition of the table, or a unit's score scored, reviewed
    /// or corrected, with each item's points before and after and the reason given.
    private func historyItem(
        _ change: RankingRead.Change, itemNames: [String: String], language: Language, tenant: TenantServices
    ) -> [String: Any] {
        func changes(_ list: [ScoreChange]) -> [[String: Any]] {
            list.map { change in
                ["item": itemNames[change.item].map { "\(change.item) \($0)" } ?? change.item,
                 "from": decimal(change.from, language), "to": decimal(change.to, language),
                 // One text or none: an empty string would still open the template's section.
                 "reason": change.reason.map { [$0] } ?? []]
            }
        }
        let (type, detail, reason, items): (String, String, String?, [[String: Any]]) = switch change.event {
        case .table(let published):
            (ScoringTablePublished.type, "\(language.text("ranking.edition")) \(published.edition)", published.reason, [])
        case .score(.selfScored(let scored)):
            (UnitSelfScored.type, "\(language.text("ranking.edition")) \(scored.edition)", nil, [])
        case .score(.reviewed(let reviewed)):
            (UnitScoreReviewed.type, "\(language.text("ranking.reviewer")) \(unitName(reviewed.reviewerUnit, of: tenant))", reviewed.note,
             changes(reviewed.changes))
        case .score(.corrected(let corrected)):
            (UnitScoreCorrected.type, "", corrected.reason, changes(corrected.changes))
        }
        return [
            "at": VietnamTime.text(change.recordedAt, language: language), "by": change.actorID ?? "—",
            "unit": change.unit.map { unitName($0, of: tenant) } ?? "", "event": language.text("ranking.event.\(type)"),
            "detail": detail.isEmpty ? [] : [detail], "reason": reason ?? "", "changes": items,
        ]
    }
}
