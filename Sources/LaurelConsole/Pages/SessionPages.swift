import EventStore
import Foundation
import Hummingbird
import LaurelServer
import Nominations
import Projections

/// The council secretary's pages: convening a session of the council (its members from the
/// organisation, attendance ticked), its agenda and recusals, one ballot for the agenda (with the
/// absent members' written opinions ticked), each tally with the rule that decided it, and the
/// printable minutes. Every action goes through the API's own `CouncilController`.
extension Console {
    func addSessionRoutes(to router: Router<LaurelRequestContext>) {
        router.get("sessions", use: page { request, _, visit in try await sessionsPage(request, visit) })
        router.post("sessions", use: form(ConveneForm.self) { request, context, visit, form in
            let done = try await councils.perform(
                "convene", id: nil, fields: ["council": .string(form.council ?? ""), "date": .string(form.date ?? ""),
                                             "present": .array((form.present ?? []).map(JSONValue.string))],
                caller: visit.caller, tenant: visit.tenant, trace: RequestTrace(request, context: context))
            return Self.redirect(to: "/sessions/\(done.id)", checkpoint: done.checkpoint)
        })
        router.get("sessions/:id", use: page { request, context, visit in try await sessionPage(request, context, visit) })
        router.get("sessions/:id/minutes", use: page { request, context, visit in
            let checkpoint = request.uri.queryParameters.get("checkpoint").flatMap(visit.tenant.checkpoints.checkpoint(in:))
            return try await councils.minutesPage(try nominationID(context), for: visit.caller, in: visit.tenant, checkpoint: checkpoint)
        })
        router.post("sessions/:id/agenda", use: form(AgendaForm.self) { request, context, visit, form in
            try await sessionAction("agenda", ["nominations": .array((form.nominations ?? []).map(JSONValue.string))],
                                    request, context, visit)
        })
        router.post("sessions/:id/recusals", use: form(RecusalForm.self) { request, context, visit, form in
            try await sessionAction("recusals", ["member_id": .string(form.memberId ?? ""), "nomination_id": .string(form.nominationId ?? ""),
                                                 "reason": .string(form.reason ?? "")], request, context, visit)
        })
        router.post("sessions/:id/ballot", use: form(BallotForm.self) { request, context, visit, form in
            try await sessionAction("ballot", ["results": .array(form.results)], request, context, visit)
        })
        router.post("sessions/:id/close", use: form(CSRFForm.self) { request, context, visit, _ in
            try await sessionAction("close", [:], request, context, visit)
        })
    }

    /// Runs a session action from a form through the API's controller, then shows the session.
    private func sessionAction(
        _ name: String, _ fields: [String: JSONValue], _ request: Request, _ context: LaurelRequestContext, _ visit: Visit
    ) async throws -> Response {
        let done = try await councils.perform(name, id: try nominationID(context), fields: fields, caller: visit.caller, tenant: visit.tenant,
                                              trace: RequestTrace(request, context: context))
        return Self.redirect(to: "/sessions/\(done.id)", checkpoint: done.checkpoint)
    }

    /// A redirect after a command, naming the checkpoint the next page waits for.
    static func redirect(to path: String, checkpoint: String?) -> Response {
        Response.redirect(to: path + (checkpoint.map { "?checkpoint=\($0)" } ?? ""), type: .normal)
    }

    /// The sessions the caller may read, newest first, and the form convening one.
    func sessionsPage(_ request: Request, _ visit: Visit) async throws -> Response {
        let language = visit.language
        let query = ListQuery(request, workflows: visit.tenant.domain.workflows, checkpoints: visit.tenant.checkpoints)
        let page = try await councils.agendas(for: visit.caller, in: visit.tenant, council: nil, cursor: query.cursor, limit: 25, checkpoint: query.checkpoint)
        var model = layout(visit, title: language.text("sessions.title"), current: "/sessions")
        model["rows"] = page.items.map { agenda -> [String: Any] in
            ["id": agenda.sessionID, "council": councilName(agenda.council, of: visit.tenant), "date": VietnamTime.day(agenda.date, language: language),
             "present": "\(agenda.present.count)/\(agenda.members.count)", "items": agenda.items.count,
             "status": language.text(agenda.closed ? "sessions.closed" : "sessions.open")]
        }
        model["empty"] = page.items.isEmpty
        model["next"] = page.nextCursor.map { "/sessions?cursor=\($0)" }
        if visit.caller.actor.roles.contains("council_secretary") {
            model["convene"] = conveneModel(request, visit)
        }
        return try renderer.render("sessions", model, language: language)
    }

    /// The convening form: the councils the secretary covers, and the chosen one's members
    /// (from the organisation), each ticked present until unticked.
    private func conveneModel(_ request: Request, _ visit: Visit) -> [String: Any] {
        let organization = visit.tenant.organization
        let councils = organization.units.compactMap { organization.council(of: $0.code) }
            .filter { visit.caller.maySee(unit: $0.unit, in: organization) }
        let asked = request.uri.queryParameters.get("council").flatMap { code in councils.first { $0.unit == code } }
        let chosen = asked ?? organization.council(for: visit.caller.actor.unit) ?? councils.first
        return [
            "councils": councils.map { ["value": $0.unit, "label": $0.name, "selected": $0.unit == chosen?.unit] },
            "council": chosen?.unit ?? "",
            "members": (chosen?.seats ?? []).map { seat in
                ["id": seat.member.id, "name": seat.member.name, "role": visit.language.text("council_role.\(seat.role.rawValue)")]
            },
            "date": visit.tenant.commands.today().description,
        ]
    }

    /// One session: attendance, recusals, the agenda with each tally and the rule that decided it,
    /// and (for the council secretary, while it is open) the forms of its agenda, recusals and ballot.
    func sessionPage(_ request: Request, _ context: LaurelRequestContext, _ visit: Visit) async throws -> Response {
        let id = try nominationID(context)
        let checkpoint = request.uri.queryParameters.get("checkpoint").flatMap(visit.tenant.checkpoints.checkpoint(in:))
        let (session, agenda) = try await councils.sessionWithAgenda(id, for: visit.caller, in: visit.tenant, checkpoint: checkpoint)
        let language = visit.language
        var model = layout(visit, title: language.text("session.title").replacingOccurrences(of: "%@", with: id), current: "/sessions")
        let names = Dictionary(session.members.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let absent = session.members.filter { !session.present.contains($0.id) }
        model["session"] = [
            "id": id, "council": councilName(session.council, of: visit.tenant), "date": VietnamTime.day(session.date.description, language: language),
            "chair": names[session.chairID] ?? session.chairID, "status": language.text(session.isClosed ? "sessions.closed" : "sessions.open"),
            "present": "\(session.present.count)/\(session.totalMembership)",
        ]
        model["members"] = session.members.map {
            ["id": $0.id, "name": $0.name, "present": session.present.contains($0.id),
             "attendance": language.text(session.present.contains($0.id) ? "session.present" : "session.absent")]
        }
        model["recusals"] = session.recusals.map {
            ["member": names[$0.memberID] ?? $0.memberID, "nomination": $0.nominationID, "reason": $0.reason]
        }
        model["hasRecusals"] = !session.recusals.isEmpty
        model["agenda"] = agenda.map { agendaItem($0, sessionID: id, language: language, visit) }
        model["hasAgenda"] = !agenda.isEmpty
        model["minutes"] = "/sessions/\(id)/minutes" + (visit.tenant.checkpoints.token(for: checkpoint).map { "?checkpoint=\($0)" } ?? "")
        let secretary = visit.caller.actor.roles.contains("council_secretary") && !session.isClosed
        if secretary || (visit.caller.actor.roles.contains("standing_office") && !session.isClosed) {
            let candidates = try await agendaCandidates(session, visit)
            model["candidates"] = candidates
            model["hasCandidates"] = !candidates.isEmpty
        }
        if secretary {
            let waiting = agenda.filter { $0.councilSessionID == id && $0.councilResult?.sessionID != id }
            model["ballot"] = waiting.isEmpty ? nil : [
                "items": waiting.map { nomination -> [String: Any] in
                    ["id": nomination.id, "nominee": nomination.nominee.name,
                     "absent": absent.map { ["value": "\(nomination.id)|\($0.id)", "name": $0.name] }, "hasAbsent": !absent.isEmpty]
                },
            ]
            model["recuse"] = [
                "members": session.members.filter { session.present.contains($0.id) }.map { ["id": $0.id, "name": $0.name] },
                "nominations": agenda.map { ["id": $0.id, "nominee": $0.nominee.name] }, "hasNominations": !agenda.isEmpty,
            ]
            model["canClose"] = true
        }
        return try renderer.render("session", model, language: language)
    }

    /// One nomination on the agenda: its state and, once the ballot is in, the tally with the
    /// quorum and threshold rules that decided it.
    private func agendaItem(_ nomination: Nomination, sessionID: String, language: Language, _ visit: Visit) -> [String: Any] {
        var item: [String: Any] = [
            "id": nomination.id, "nominee": nomination.nominee.name, "title": nomination.titleName, "unit": unitName(nomination.nominee.unit, of: visit.tenant),
            "state": language.text("state.\(nomination.state)"), "stateCode": nomination.state,
        ]
        if let result = nomination.councilResult, result.sessionID == sessionID {
            var tally: [String: Any] = [
                "inFavour": result.inFavour, "against": result.against, "abstaining": result.abstaining, "votingBase": result.votingBase,
                "recommended": result.recommended,
                "verdict": language.text(result.recommended ? "session.recommended" : "session.not_recommended"),
                "rules": [result.quorum, result.threshold].map { ["text": $0.sentence(in: language), "rule": $0.rule, "source": $0.source, "satisfied": $0.satisfied] },
            ]
            // Written opinions of absent members: in favour, of those sent; absent when none was.
            let written = result.writtenBallots.map { ($0.inFavour, $0.from.count) }
                ?? (result.writtenOpinions.filter(\.inFavour).count, result.writtenOpinions.count)
            tally["written"] = written.1 == 0 ? nil : "\(written.0)/\(written.1)"
            item["result"] = tally
        }
        return item
    }

    /// Nominations the session's council may put on its agenda: those waiting to be scheduled,
    /// of the units whose nominations it reviews.
    private func agendaCandidates(_ session: CouncilSession, _ visit: Visit) async throws -> [[String: Any]] {
        let organization = visit.tenant.organization
        let units = organization.units.map(\.code).filter { organization.council(for: $0)?.unit == session.council }
        let states = Set(visit.tenant.domain.workflows.allDefinitions.flatMap {
            $0.transitions.filter { $0.command == "schedule_for_council" }.flatMap(\.from)
        })
        return try await nominationRows(visit, filter: NominationFilter(states: states.sorted()), cursor: nil, limit: 100, units: units).rows
    }

    /// A council's name from the organisation, or its unit's code.
    func councilName(_ unit: String, of tenant: TenantServices) -> String {
        tenant.organization.council(of: unit)?.name ?? unit
    }
}

/// Convening a session: the council (its unit), the date, and the members present.
struct ConveneForm: ConsoleForm {
    let csrf: String?
    let council: String?
    let date: String?
    let present: [String]?
}

/// Nominations put on a session's agenda.
struct AgendaForm: ConsoleForm {
    let csrf: String?
    let nominations: [String]?
}

/// A member's recusal from one nomination, with the reason.
struct RecusalForm: ConsoleForm {
    let csrf: String?
    let memberId: String?
    let nominationId: String?
    let reason: String?
}

/// One ballot for the agenda: a row per nomination (its counts), and the written opinions of
/// absent members ticked as `nomination|member` (with a count in favour per row, offered only
/// when someone is absent: then on every row, so the rows' arrays stay aligned).
struct BallotForm: ConsoleForm {
    let csrf: String?
    let item: [String]?
    let inFavour: [String]?
    let against: [String]?
    let abstaining: [String]?
    let writtenInFavour: [String]?
    let written: [String]?

    /// The rows as the API's `results`: each nomination's counts, and its written opinions
    /// (who sent one, how many in favour) when any was ticked.
    var results: [JSONValue] {
        (item ?? []).enumerated().map { index, nomination in
            var result: [String: JSONValue] = [
                "nomination_id": .string(nomination), "in_favour": .string(inFavour?[safe: index] ?? ""),
                "against": .string(against?[safe: index] ?? ""), "abstaining": .string(abstaining?[safe: index] ?? ""),
            ]
            let from = (written ?? []).compactMap { tick -> String? in
                let parts = tick.split(separator: "|", maxSplits: 1).map(String.init)
                return parts.count == 2 && parts[0] == nomination ? parts[1] : nil
            }
            if !from.isEmpty {
                result["written_opinions_from"] = .array(from.map(JSONValue.string))
                result["written_in_favour"] = .string(writtenInFavour?[safe: index].flatMap { $0.isEmpty ? nil : $0 } ?? "0")
            }
            return .object(result)
        }
    }
}
