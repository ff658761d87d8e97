import Commands
import Hummingbird
import LaurelServer
import Nominations

/// The self-score sheet's fields: each item's points and the evidence it names, by item code.
struct ScoreForm: ConsoleForm {
    let csrf: String?
    let points: [String: String]?
    let evidence: [String: String]?
}

/// The review's fields: accepted as scored, with an optional note.
struct ReviewForm: ConsoleForm {
    let csrf: String?
    let note: String?
}

extension Console {
    /// `/emulation/scores/{unit}/{year}`: a unit's score on the year's table, read as
    /// `GET /v1/units/{unit}/scores/{year}` reads it (``ScorePath``); the unit's officer scores it
    /// there, and its reviewer accepts it, through the API's own ``ScoresController``.
    func addScoreRoutes(to router: Router<LaurelRequestContext>) {
        router.get("emulation/scores/:unit/:year", use: page { request, context, visit in try await scorePage(request, context, visit) })
        router.post("emulation/scores/:unit/:year", use: form(ScoreForm.self) { request, context, visit, form in
            let unitYear = try await ScorePath(context).unitYear
            _ = try await scores.perform(.selfScore, on: unitYear, fields: ["lines": .array(Self.lines(form))],
                                         caller: visit.caller, tenant: visit.tenant, trace: RequestTrace(request, context: context))
            return Response.redirect(to: "/emulation/scores/\(unitYear.unit)/\(unitYear.year)", type: .normal)
        })
        router.post("emulation/scores/:unit/:year/review", use: form(ReviewForm.self) { request, context, visit, form in
            let unitYear = try await ScorePath(context).unitYear
            var fields: [String: JSONValue] = [:]
            if let note = form.note?.trimmingCharacters(in: .whitespacesAndNewlines), !note.isEmpty { fields["note"] = .string(note) }
            _ = try await scores.perform(.review, on: unitYear, fields: fields, caller: visit.caller, tenant: visit.tenant,
                                         trace: RequestTrace(request, context: context))
            return Response.redirect(to: "/emulation/scores/\(unitYear.unit)/\(unitYear.year)", type: .normal)
        })
    }

    /// A unit's score for whoever covers the unit and the head unit's officers: every item of the
    /// table in force with its maximum, the evidence it asks for, the unit's points and evidence;
    /// the totals and band; a sheet to fill in for the unit's own officer until the review, and
    /// the review's button for another unit's officer or the standing office once it is scored.
    func scorePage(_ request: Request, _ context: LaurelRequestContext, _ visit: Visit) async throws -> Response {
        let language = visit.language
        let tenant = visit.tenant
        let unitYear = try await ScorePath(context).unitYear
        let table = try await scoringTable(unitYear.year, of: tenant)
        let score = try await tenant.commands.unitScore(unitYear).state
        let totals = ScoreTotals(score, on: table)
        var model = layout(visit, title: "\(language.text("score.title")) \(unitYear.year): \(unitName(unitYear.unit, of: tenant))",
                           current: "/emulation", request: request)
        let actor = visit.caller.actor
        let mayScore = actor.unit == unitYear.unit && actor.roles.contains("unit_officer") && score.stage != .reviewed
        model["year"] = String(unitYear.year)
        model["source"] = table.source
        model["stage"] = language.text("ranking.stage.\(score.stage.rawValue)")
        model["action"] = "/emulation/scores/\(unitYear.unit)/\(unitYear.year)"
        model["scores"] = mayScore
        model["reviews"] = score.stage == .selfScored && actor.unit != unitYear.unit && !actor.roles.isDisjoint(with: UnitScore.roles)
        model["total"] = decimal(totals.total, language)
        model["band"] = table.band(of: totals.total)?.name ?? "—"
        // Sections take a list: an empty string would still open one.
        model["ranking"] = tenant.organization.emulationGroup(of: unitYear.unit).map { ["/emulation/rankings/\(unitYear.year)?group=\($0.code)"] } ?? []
        func row(_ item: ScoringItem, kind: String) -> [String: Any] {
            let line = score.lines[item.code]
            return [
                "code": item.code, "name": item.name, "kind": language.text("score.kind.\(kind)"), "max": decimal(item.maxPoints, language),
                "evidenceAsked": item.evidence.map { [$0] } ?? [], "points": line.map { mayScore ? $0.points.description : decimal($0.points, language) } ?? "",
                "evidence": line?.evidence.map { $0.text ?? $0.documentSHA256 ?? "" }.joined(separator: "; ") ?? "",
                "required": kind == "criterion", "editable": mayScore,
            ]
        }
        model["items"] = table.groups.flatMap { group in group.criteria.map { row($0, kind: "criterion") } }
            + table.bonuses.map { row($0, kind: "bonus") } + table.penalties.map { row($0, kind: "penalty") }
        return try renderer.render("score", model, language: language)
    }

    /// The year's table in force; a year without one is 404, as the API answers.
    private func scoringTable(_ year: Int, of tenant: TenantServices) async throws -> ScoringTable {
        guard let table = try await tenant.commands.scoringTable(year).state.table else {
            throw Problem.notFound("no scoring table is published for \(year)")
        }
        return table
    }

    /// The sheet's lines as the API's body has them: the items given points, by code (a criterion
    /// left blank is not scored, and an item not in the table is not one: the rules refuse both,
    /// naming them, on the table the command reads); a decimal comma read as a point.
    static func lines(_ form: ScoreForm) -> [JSONValue] {
        (form.points ?? [:]).sorted { $0.key < $1.key }.compactMap { code, value in
            let points = value.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
            guard !points.isEmpty else { return nil }
            var line: [String: JSONValue] = ["item": .string(code), "points": .string(points)]
            if let text = form.evidence?[code]?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty {
                line["evidence"] = .array([.object(["text": .string(text)])])
            }
            return .object(line)
        }
    }
}
