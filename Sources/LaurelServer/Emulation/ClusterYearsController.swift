import Commands
import Hummingbird
import Nominations

/// `/v1/clusters/{code}/years/{year}`: a cluster's or bloc's emulation year (cụm, khối thi đua).
/// The standing office covering the members records the year's head unit (`/head`); the head
/// unit's officer draws up the programme (`/programme`), gathers the members' registrations
/// (`/registrations`) and sends the whole to the standing office (`/send`); each member's officer
/// signs its own commitments in the pact (`/pact/{unit}`). After the sending every change needs a
/// `reason`. Read by whoever covers a member.
struct ClusterYearsController {
    let services: LaurelServices

    func addRoutes(to group: RouterGroup<LaurelRequestContext>) {
        group.get("clusters/:code/years/:year", use: show)
        group.put("clusters/:code/years/:year/head", use: recordHead)
        group.put("clusters/:code/years/:year/programme", use: drawUpProgramme)
        group.post("clusters/:code/years/:year/pact/:unit", use: sign)
        group.post("clusters/:code/years/:year/registrations", use: gather)
        group.post("clusters/:code/years/:year/send", use: send)
    }

    /// The year as it stands, with its history; a year nothing was recorded for shows the
    /// organisation file's head unit and version 0.
    @Sendable func show(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let path = try ClusterYearPath(context, reading: true)
        let read = try await context.requireTenant().commands.clusterYear(path.key)
        return try ClusterYearResource(group: path.group, year: path.key.year, state: read.loaded.state, history: read.history,
                                       version: read.loaded.version, checkpoint: nil).response(status: 200)
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
                                    checkpoint: tenant.checkpoints.token(for: outcome.checkpoint)).response(status: 200)
        }
    }
}
