import Commands
import Hummingbird
import Nominations

/// `/v1/clusters/{code}/years/{year}`: a cluster's or bloc's emulation year (cụm, khối thi đua).
/// The standing office covering the members records the year's head unit (`/head`); the head
/// unit's officer draws up the programme (`/programme`), gathers the members' registrations
/// (`/registrations`) and sends the whole to the standing office (`/send`); each member's officer
/// signs its own commitments in the pact (`/pact/{unit}`). After the sending every change needs a
/// `reason`. At the year's end the head unit's officer proposes the units the final ranking names
/// (`/proposals`), each as a nomination. Read by whoever covers a member.
struct ClusterYearsController {
    let services: LaurelServices

    func addRoutes(to group: RouterGroup<LaurelRequestContext>) {
        group.get("clusters/:code/years/:year", use: show)
        group.put("clusters/:code/years/:year/head", use: recordHead)
        group.put("clusters/:code/years/:year/programme", use: drawUpProgramme)
        group.post("clusters/:code/years/:year/pact/:unit", use: sign)
        group.post("clusters/:code/years/:year/registrations", use: gather)
        group.post("clusters/:code/years/:year/send", use: send)
        group.post("clusters/:code/years/:year/proposals", use: propose)
    }

    /// The year as it stands, with its history; a year nothing was recorded for shows the
    /// organisation file's head unit and version 0.
    @Sendable func show(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let path = try ClusterYearPath(context, reading: true)
        let tenant = try context.requireTenant()
        let read = try await tenant.commands.clusterYear(path.key)
        return try ClusterYearResource(group: path.group, year: path.key.year, state: read.loaded.state, history: read.history,
                                       version: read.loaded.version, checkpoint: nil,
                                       organization: tenant.organization).response(status: 200)
    }

    @Sendable func recordHead(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        try await run(request, context) { body, reason in body.identifier("unit").map { .recordHead(unit: $0, reason: reason) } }
    }

    @Sendable func drawUpProgramme(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        try await run(request, context) { body, reason in
            let items = body.strings("items", maxCount: 100, maxLength: 2_000)
            let text = body.string("text", maxLength: 20_000)
            guard let items, let text else { return nil }
            return .drawUpProgramme(items: items, text: text, reason: reason)
        }
    }

    @Sendable func sign(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let unit = context.parameters.get("unit") ?? ""
        return try await run(request, context) { body, reason in
            let commitments = body.strings("commitments", maxCount: 100, maxLength: 2_000)
            let targets = body.strings("targets", maxCount: 100, maxLength: 2_000, required: false)
            guard let commitments else { return nil }
            return .signPact(unit: unit, commitments: commitments, targets: targets ?? [], reason: reason)
        }
    }

    @Sendable func gather(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        try await run(request, context) { _, reason in .gatherRegistrations(reason: reason) }
    }

    @Sendable func send(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        try await run(request, context) { _, reason in .send(reason: reason) }
    }

    /// Proposes the units the year's final ranking names under the scoring table's proposal rules,
    /// each as a nomination linked to its place, all in one append: 201 with the year and its
    /// proposals, or 422 `proposals_refused` naming each refused proposal, nothing stored.
    @Sendable func propose(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let input = try await CommandRequest(request, context: context, maxBodyBytes: services.settings.maxBodyBytes,
                                             allowedRoles: ClusterYear.roles)
        let path = try ClusterYearPath(context, reading: false)
        try input.body.read { _ in () }
        let tenant = input.tenant
        do {
            let answer = try await tenant.commands.proposeFromRanking(path.key, actor: input.caller.actor,
                                                                      options: input.options(reason: nil)) { year, version, outcomes in
                try ClusterYearResource(group: path.group, year: path.key.year, state: year, history: nil, version: version,
                                        checkpoint: tenant.checkpoints.token(for: outcomes.last?.checkpoint),
                                        organization: tenant.organization).response(status: 201)
            }
            guard let answer else { throw Problem.notFound("no scoring table is published for \(path.key.year)") }
            return answer
        } catch let refused as BatchRefused {
            var problem = Problem(code: "proposals_refused", status: .unprocessableContent, title: "Proposals refused",
                                  detail: "\(refused.refusals.count) of the ranking's proposals cannot be submitted; nothing was stored")
            problem.errors = refused.refusals.map {
                .init(field: "proposals[\($0.index)]", reason: $0.error.message, row: $0.index + 1, code: $0.error.code.rawValue)
            }
            throw problem
        }
    }

    /// Reads the body's command (with its optional `reason`) and runs it on the year; the answer
    /// is the year as the command left it, without its history.
    private func run(
        _ request: Request, _ context: LaurelRequestContext, command read: (FieldReader, String?) -> ClusterYearCommand?
    ) async throws -> StoredResponse {
        let input = try await CommandRequest(request, context: context, maxBodyBytes: services.settings.maxBodyBytes,
                                             allowedRoles: ClusterYear.roles)
        let path = try ClusterYearPath(context, reading: false)
        var reason: String?
        let command = try input.body.read { body -> ClusterYearCommand? in
            reason = body.string("reason", maxLength: 2_000, required: false)
            return read(body, reason)
        }
        let tenant = input.tenant
        return try await tenant.commands.run(command, clusterYear: path.key, actor: input.caller.actor,
                                             options: input.options(reason: reason)) { outcome in
            try ClusterYearResource(group: path.group, year: path.key.year, state: outcome.state, history: nil, version: outcome.version,
                                    checkpoint: tenant.checkpoints.token(for: outcome.checkpoint),
                                    organization: tenant.organization).response(status: 200)
        }
    }
}
