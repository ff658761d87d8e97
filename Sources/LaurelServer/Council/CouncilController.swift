import Commands
import EventStore
import Foundation
import Hummingbird
import Nominations
import Projections

/// `/v1/council-sessions`: convening sessions, recusals, closing, and the agendas.
///
/// The console's session pages call the same readers and commands through
/// ``perform(_:id:fields:caller:tenant:trace:)`` and the `package` reads below.
package struct CouncilController {
    let services: LaurelServices

    package init(services: LaurelServices) {
        self.services = services
    }

    func addRoutes(to group: RouterGroup<LaurelRequestContext>) {
        group.post("council-sessions", use: convene)
        group.get("council-sessions", use: agendas)
        group.get("council-sessions/:id", use: show)
        group.post("council-sessions/:id/recusals", use: recuse)
        group.post("council-sessions/:id/close", use: close)
        group.post("council-sessions/:id/ballot", use: ballot)
        group.post("council-sessions/:id/agenda", use: agenda)
        group.get("council-sessions/:id/minutes", use: minutes)
    }

    private static let ballotRoles: Set<String> = ["council_secretary"]
    private static let agendaRoles: Set<String> = ["council_secretary", "standing_office"]

    @Sendable func convene(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        try await convene(try await commandRequest(request, context))
    }

    private func convene(_ input: CommandRequest) async throws -> StoredResponse {
        let organization = input.tenant.organization
        let command = try input.body.read { body -> CouncilSessionCommand? in
            let id = body.identifier("session_id", required: false) ?? "S-" + UUID().uuidString.prefix(8).lowercased()
            let unit = body.identifier("council")
            let date = body.date("date")
            let present = body.strings("present", maxCount: 200, maxLength: 64)
            let chair = body.identifier("chair_id", required: false)
            guard let unit else { return nil }
            // `council` names the unit whose council sits; its membership is the council's as
            // constituted on the date (the organisation's, or a recorded change's), never a list
            // the request brings.
            guard organization.council(of: unit) != nil else {
                body.reject("council", "'\(unit)' is not a unit with a council in the organisation")
                return nil
            }
            guard let date, let present else { return nil }
            return .convene(sessionID: id, council: unit, date: date, present: present, chairID: chair)
        }
        return try await execute(command, input, status: 201)
    }

    @Sendable func recuse(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        try await recuse(try NominationsController.id(context), try await commandRequest(request, context))
    }

    private func recuse(_ id: String, _ input: CommandRequest) async throws -> StoredResponse {
        let command = try input.body.read { body -> CouncilSessionCommand? in
            let member = body.identifier("member_id")
            let nomination = body.identifier("nomination_id")
            let reason = body.string("reason", maxLength: 2_000)
            guard let member, let nomination, let reason else { return nil }
            return .recuseMember(sessionID: id, memberID: member, nominationID: nomination, reason: reason)
        }
        return try await execute(command, input)
    }

    @Sendable func close(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        try await close(try NominationsController.id(context), try await commandRequest(request, context))
    }

    private func close(_ id: String, _ input: CommandRequest) async throws -> StoredResponse {
        try input.body.finish()
        return try await execute(.close(sessionID: id), input)
    }

    /// One session's results for its agenda, in one command: `results`, each a nomination's
    /// `nomination_id` with its counts as `record-council-result` takes them. Stored all
    /// together, or refused naming each bad result by its position (from 1).
    @Sendable func ballot(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let id = try NominationsController.id(context)
        return try await ballot(id, try await CommandRequest(request, context: context, maxBodyBytes: services.settings.maxListBytes,
                                                             allowedRoles: Self.ballotRoles))
    }

    private func ballot(_ id: String, _ input: CommandRequest) async throws -> StoredResponse {
        let results = try ListRows.positioned("results") { () throws(Problem) -> [NominationCommand.RecordCouncilResult] in
            try input.body.read { body in
                body.objects("results", maxCount: maxListRows) { result in
                    NominationCommand.RecordCouncilResult.read(nominationID: result.identifier("nomination_id"), sessionID: id,
                                                               from: result)
                }
            }
        }
        guard !results.isEmpty else { throw Problem.invalid(field: "results", "record at least one result") }
        return try await onAgenda(id, input: input, field: "nomination_id") { options, visible, reply in
            try await input.tenant.commands.recordBallot(results, actor: input.caller.actor, options: options, visible: visible, reply: reply)
        }
    }

    /// Puts nominations on the session's agenda in one command (`nominations`: their ids), each
    /// as `schedule-for-council` would; all or none, each refused one named by its position.
    @Sendable func agenda(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let id = try NominationsController.id(context)
        return try await agenda(id, try await CommandRequest(request, context: context, maxBodyBytes: services.settings.maxListBytes,
                                                             allowedRoles: Self.agendaRoles))
    }

    private func agenda(_ id: String, _ input: CommandRequest) async throws -> StoredResponse {
        let nominations = try input.body.read { body in body.strings("nominations", maxCount: maxListRows, maxLength: 64) }
        guard !nominations.isEmpty else { throw Problem.invalid(field: "nominations", "name at least one nomination") }
        return try await onAgenda(id, input: input, field: "nominations") { options, visible, reply in
            try await input.tenant.commands.scheduleAgenda(nominations, sessionID: id, actor: input.caller.actor, options: options,
                                                           visible: visible, reply: reply)
        }
    }

    /// Runs a command on many nominations of session `id`'s agenda: the answer is each
    /// nomination's state and result; refusals are listed by position; a session the caller does
    /// not cover is not found.
    private func onAgenda(
        _ id: String, input: CommandRequest, field: String,
        _ run: (CommandOptions, @escaping @Sendable (CouncilSession) throws -> Void,
                @escaping @Sendable ([Outcome<Nomination?>]) throws -> StoredResponse) async throws -> StoredResponse
    ) async throws -> StoredResponse {
        let (caller, organization, checkpoints) = (input.caller, input.tenant.organization, input.tenant.checkpoints)
        do {
            return try await run(input.options(reason: nil), { session in
                guard caller.maySee(unit: session.council, in: organization) else {
                    throw Problem.notFound("council session \(id) does not exist")
                }
            }) { outcomes in
                try BallotResource(sessionID: id, nominations: outcomes.compactMap(\.state), checkpoint: checkpoints.token(for: outcomes.last?.checkpoint))
                    .response()
            }
        } catch let refused as BatchRefused {
            throw ListRows.listProblem(refused.refusals.map {
                .init(field: field, reason: $0.error.message, row: $0.index + 1, code: $0.error.code.rawValue)
            })
        } catch let error as DomainError where error.code == .sessionNotAvailable {
            throw Problem.notFound("council session \(id) does not exist")
        }
    }

    /// Sessions with their agendas, newest first, in pages; `council` keeps one council's.
    @Sendable func agendas(_ request: Request, context: LaurelRequestContext) async throws -> JSONResponse<Page<CouncilAgenda>> {
        let (caller, tenant) = try context.requireCallerAndTenant()
        let (asked, page, checkpoint) = try FieldReader(query: request.uri.queryParameters).read { query in
            (query.identifier("council", required: false), query.page(), NominationsController.checkpoint(query, of: tenant))
        }
        return JSONResponse(try await agendas(for: caller, in: tenant, council: asked, cursor: page.cursor, limit: page.limit,
                                              checkpoint: checkpoint))
    }

    /// Sessions with their agendas as `caller` may read them, newest first: `GET /v1/council-sessions`.
    package func agendas(
        for caller: Caller, in tenant: TenantServices, council asked: String?, cursor: String?, limit: Int, checkpoint: LogCheckpoint?
    ) async throws -> Page<CouncilAgenda> {
        try Self.requireAgencyReader(caller)
        let organization = tenant.organization
        // Asking for a council the caller does not cover is 403; a caller who does not cover every
        // unit and asks for none reads the sessions of the council that reviews its unit.
        let coversEveryUnit = try caller.units(forQuery: asked, in: organization) == nil
        let council = asked ?? (coversEveryUnit ? nil : organization.council(for: caller.actor.unit)?.unit ?? caller.actor.unit)
        let tenantID = tenant.id
        return try await services.reading("council", checkpoint: checkpoint) { reads in
            try await reads.readModels.councilAgendas(tenant: tenantID, council: council, after: cursor, limit: limit)
        }
    }

    @Sendable func show(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let (caller, tenant) = try context.requireCallerAndTenant()
        try Self.requireAgencyReader(caller)
        let (session, version) = try await visibleSession(try NominationsController.id(context), caller: caller, in: tenant)
        return try SessionResource(session: session, version: version, checkpoint: nil).response(status: 200)
    }

    /// Session `id` if `caller` covers its council (404 otherwise), with its version.
    private func visibleSession(_ id: String, caller: Caller, in tenant: TenantServices) async throws -> (CouncilSession, Int64) {
        let loaded = try await tenant.commands.session(id)
        guard let session = loaded.state, caller.maySee(unit: session.council, in: tenant.organization) else {
            throw Problem.notFound("council session \(id) does not exist")
        }
        return (session, loaded.version)
    }

    /// Session `id` and its agenda's nominations (each as its stream has it, with its council
    /// result), as `caller` may read them: what the minutes and the console's session page show.
    ///
    /// - Parameter checkpoint: waits for the agenda read model to reach a command's effect.
    package func sessionWithAgenda(
        _ id: String, for caller: Caller, in tenant: TenantServices, checkpoint: LogCheckpoint?
    ) async throws -> (session: CouncilSession, agenda: [Nomination]) {
        try Self.requireAgencyReader(caller)
        let (session, _) = try await visibleSession(id, caller: caller, in: tenant)
        // The agenda read model says which nominations the session had; their results are read
        // from their own streams.
        try await services.waitForReadModel("council", checkpoint: checkpoint)
        let ids = try await services.readModels.agendaNominations(tenant: tenant.id, sessionID: id)
        let commands = tenant.commands
        let loaded = try await commands.handler.reader.loadMany(Nomination.self, ids.map { commands.streams.nomination($0) })
        return (session, ids.compactMap { loaded[commands.streams.nomination($0)]?.state })
    }

    /// The session's minutes as a printable page: attendance, recusals, each result with its rule.
    @Sendable func minutes(_ request: Request, context: LaurelRequestContext) async throws -> Response {
        let (caller, tenant) = try context.requireCallerAndTenant()
        let id = try NominationsController.id(context)
        // `checkpoint` (from the ballot's answer) waits for the agenda.
        let (checkpoint, _) = try FieldReader(query: request.uri.queryParameters).read { (NominationsController.checkpoint($0, of: tenant), ()) }
        return try await minutesPage(id, for: caller, in: tenant, checkpoint: checkpoint)
    }

    /// The session's minutes as a printable page: `GET /v1/council-sessions/{id}/minutes`.
    package func minutesPage(_ id: String, for caller: Caller, in tenant: TenantServices, checkpoint: LogCheckpoint?) async throws -> Response {
        let (session, nominations) = try await sessionWithAgenda(id, for: caller, in: tenant, checkpoint: checkpoint)
        return PrintablePage.response(SessionMinutes.template.render(
            SessionMinutes(session: session, nominations: nominations, organization: tenant.organization)))
    }

    /// Runs session action `name` (`convene`, `recusals`, `agenda`, `ballot`, `close`) from a
    /// console form: `fields`, as text, are read as the API reads the action's body, with the same
    /// role checks, sight of the session and command handler as the API's POST.
    ///
    /// - Returns: the session's id (a convened one's is new) and the checkpoint the read models
    ///   reach with the command's effect.
    package func perform(
        _ name: String, id: String?, fields: [String: JSONValue], caller: Caller, tenant: TenantServices, trace: RequestTrace
    ) async throws -> (id: String, checkpoint: String?) {
        let roles = switch name {
        case "ballot": Self.ballotRoles
        case "agenda": Self.agendaRoles
        default: CouncilSession.roles
        }
        let input = try CommandRequest(form: fields, caller: caller, tenant: tenant, trace: trace, allowedRoles: roles,
                                       command: "console session \(name)")
        let sessionID = id ?? ""
        let response = switch name {
        case "convene": try await convene(input)
        case "recusals": try await recuse(sessionID, input)
        case "agenda": try await agenda(sessionID, input)
        case "ballot": try await ballot(sessionID, input)
        case "close": try await close(sessionID, input)
        default: throw Problem.notFound("no session action '\(name)'")
        }
        if case .object(let session)? = response.answer?["session"], case .string(let newID)? = session["id"] {
            return (newID, response.checkpoint)
        }
        return (sessionID, response.checkpoint)
    }

    /// Runs a session command; the response is the session after it. A session of a council the
    /// caller does not cover is not found, as when reading it: a command does not disclose it either.
    private func execute(_ command: CouncilSessionCommand, _ input: CommandRequest, status: Int = 200) async throws -> StoredResponse {
        let (caller, organization, checkpoints) = (input.caller, input.tenant.organization, input.tenant.checkpoints)
        return try await input.tenant.commands.run(command, actor: caller.actor,
                                                   options: input.options(reason: command.reason, startsStream: status == 201),
                                                   visible: { session in
            // Convening names its council, so it is refused for the council (403), as a submission for its unit is.
            guard status == 201 || caller.maySee(unit: session.council, in: organization) else {
                throw Problem.notFound("council session \(session.id) does not exist")
            }
        }) { outcome in
            guard let session = outcome.state else { throw Problem.notFound("session \(command.sessionID) does not exist") }
            return try SessionResource(session: session, version: outcome.version, checkpoint: checkpoints.token(for: outcome.checkpoint))
                .response(status: status)
        }
    }

    private func commandRequest(_ request: Request, _ context: LaurelRequestContext) async throws -> CommandRequest {
        try await CommandRequest(request, context: context, maxBodyBytes: services.settings.maxBodyBytes,
                                 allowedRoles: CouncilSession.roles)
    }

    /// Sessions concern many units' nominations: unit officers do not read them.
    private static func requireAgencyReader(_ caller: Caller) throws(Problem) {
        guard !caller.isUnitScoped else {
            throw Problem.forbidden("council sessions are read by the standing office, the council and auditors")
        }
    }
}
