import Commands
import EventStore
import Foundation
import Hummingbird
import Nominations
import Projections
import Workflow

/// `/v1/nominations`: submission, every workflow command, and the reads of one nomination.
///
/// Every route works in the tenant of the caller's token (the context's), with that tenant's
/// workflows, organisation and command handler.
package struct NominationsController {
    let services: LaurelServices

    package init(services: LaurelServices) {
        self.services = services
    }

    func addRoutes(to group: RouterGroup<LaurelRequestContext>) {
        group.post("nominations", use: submit)
        group.get("nominations", use: list)
        group.get("nominations/:id", use: show)
        group.get("nominations/:id/history", use: history)
        group.get("nominations/:id/timeline", use: timeline)
        group.get("nominations/:id/state", use: stateAsOf)
        group.get("nominations/:id/integrity", use: integrity)
        for command in CommandRoute.commands {
            group.post("nominations/:id/\(CommandRoute.path(of: command))") { request, context in
                try await run(command, request: request, context: context)
            }
        }
    }

    @Sendable func submit(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let (_, tenant) = try context.requireCallerAndTenant()
        let input = try await CommandRequest(request, context: context, maxBodyBytes: services.settings.maxBodyBytes,
                                             allowedRoles: tenant.rolesByCommand["submit", default: []])
        return try await submit(input, id: Self.newID())
    }

    private func submit(_ input: CommandRequest, id: String) async throws -> StoredResponse {
        let (command, initiatives) = try CommandRoute.submission(id: id, input.body)
        if let unit = command.submission?.nominee.unit, input.tenant.organization.unit(code: unit) == nil {
            throw Problem.invalid(field: "nominee.unit", "'\(unit)' is not a unit of the organisation")
        }
        return try await execute(command, input, initiatives: initiatives, status: 201)
    }

    private func run(_ name: String, request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let id = try Self.id(context)
        let (_, tenant) = try context.requireCallerAndTenant()
        let input = try await CommandRequest(request, context: context, maxBodyBytes: services.settings.maxBodyBytes,
                                             allowedRoles: tenant.rolesByCommand[name, default: []])
        return try await execute(try CommandRoute.command(name, id: id, input.body), input)
    }

    /// Runs command `name` (`submit`, or a workflow command on nomination `id`) from a console
    /// form: `fields`, as text, are read as the API reads the command's body, and the command
    /// passes the same role checks, sight of the nomination and command handler as the API's POST.
    ///
    /// - Returns: the nomination's id (a submission's is new) and the checkpoint the read models
    ///   reach with the command's effect.
    package func perform(
        _ name: String, id: String?, fields: [String: JSONValue], caller: Caller, tenant: TenantServices, trace: RequestTrace
    ) async throws -> (id: String, checkpoint: String?) {
        let input = try CommandRequest(form: fields, caller: caller, tenant: tenant, trace: trace,
                                       allowedRoles: tenant.rolesByCommand[name, default: []], command: "console \(name)")
        let nominationID = id ?? Self.newID()
        let response = if id == nil {
            try await submit(input, id: nominationID)
        } else {
            try await execute(try CommandRoute.command(name, id: nominationID, input.body), input)
        }
        return (nominationID, response.checkpoint)
    }

    /// Runs a nomination command; the response is the nomination after it, as the caller sees it.
    private func execute(
        _ command: NominationCommand, _ input: CommandRequest, initiatives: [RecognisedInitiative] = [], status: Int = 200
    ) async throws -> StoredResponse {
        let (caller, tenant) = (input.caller, input.tenant)
        let id = command.nominationID
        let roles = try await actingRoles(caller, in: tenant)
        let workflows = tenant.domain.workflows
        if let documents = command.dossierDocuments {
            try await services.documents(of: tenant.id).requireWithinDossierLimit(hashes: documents.map(\.sha256))
        }
        return try await tenant.commands.run(
            command, actor: caller.actor, options: input.options(reason: command.reason, startsStream: status == 201),
            initiatives: initiatives,
            visible: { nomination in
                guard caller.maySee(unit: nomination.nominee.unit, in: tenant.organization) else {
                    throw Problem.notFound("nomination \(id) does not exist")
                }
            },
            reply: { outcome in
                guard let nomination = outcome.state else { throw Problem.notFound("nomination \(id) does not exist") }
                return try NominationResource(nomination: nomination, version: outcome.version, checkpoint: tenant.checkpoints.token(for: outcome.checkpoint),
                                              caller: caller, roles: roles, workflows: workflows).response(status: status)
            })
    }

    /// The roles the caller acts in today, for the actions a nomination offers them: a deputy
    /// head's include the head's while a delegation to them is in force (read only for deputies).
    private func actingRoles(_ caller: Caller, in tenant: TenantServices) async throws -> Set<String> {
        let actor = caller.actor
        guard actor.roles.contains(HeadDelegations.deputyRole) else { return actor.roles }
        let delegations = try await tenant.commands.delegations(of: actor.unit).state
        return actor.roles(under: delegations.inForce(for: actor.id, on: tenant.commands.today()))
    }

    @Sendable func list(_ request: Request, context: LaurelRequestContext) async throws -> JSONResponse<Page<NominationSummary>> {
        let (caller, tenant) = try context.requireCallerAndTenant()
        let query = try FieldReader(query: request.uri.queryParameters)
        let (filter, unit, page, checkpoint) = try query.read { query in
            let filter = NominationFilter(
                kind: query.identifier("kind", required: false), title: query.identifier("title", required: false),
                year: query.integer("year", in: 1945...2100, required: false),
                state: query.identifier("state", required: false), onHold: query.bool("on_hold", required: false),
                nomineeName: query.string("q", maxLength: 200, required: false))
            return (filter, query.identifier("unit", required: false), query.page(), Self.checkpoint(query, of: tenant))
        }
        var scoped = filter
        scoped.units = try caller.units(forQuery: unit, in: tenant.organization)
        let (tenantID, scopedFilter, tokens) = (tenant.id, scoped, tenant.checkpoints)
        // The cursor is a log position, handed out sealed like a checkpoint (``CheckpointTokens``).
        let cursor = try page.cursor.map { token in
            guard let cursor = tokens.cursor(in: token) else {
                throw Problem.invalid(field: "cursor", "'\(token)' is not a cursor this list gave out")
            }
            return cursor
        }
        let found = try await services.reading("nominations", checkpoint: checkpoint) { reads in
            try await reads.list.list(tenant: tenantID, filter: scopedFilter, after: cursor, limit: page.limit)
        }
        return JSONResponse(Page(items: found.items, nextCursor: tokens.token(forCursor: found.nextCursor)))
    }

    @Sendable func show(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let (caller, tenant) = try context.requireCallerAndTenant()
        let (nomination, version) = try await visible(try Self.id(context), caller: caller, in: tenant)
        let etag = "\"\(version)\""
        if ConditionalRequest.noneMatchFails(request.headers[.ifNoneMatch], etag: etag) {
            return StoredResponse(status: 304, headers: ["ETag": etag], body: Data())
        }
        return try NominationResource(nomination: nomination, version: version, checkpoint: nil, caller: caller,
                                      roles: try await actingRoles(caller, in: tenant), workflows: tenant.domain.workflows)
            .response(status: 200)
    }

    /// The stream's events as stored, each with its integrity hash: what an auditor checks.
    @Sendable func history(_ request: Request, context: LaurelRequestContext) async throws -> JSONResponse<[EventRecord]> {
        let (caller, tenant) = try context.requireCallerAndTenant()
        let stream = try await visibleStream(try Self.id(context), caller: caller, in: tenant)
        return JSONResponse(stream.records.map(EventRecord.init), keys: .useDefaultKeys)
    }

    /// The decision timeline: who, when, why, under which rule. Read from the stream itself, so
    /// it always holds the caller's own writes: there is nothing to wait for, and a `checkpoint`
    /// is only checked, as the reads of read models check it.
    @Sendable func timeline(_ request: Request, context: LaurelRequestContext) async throws -> JSONResponse<[TimelineEntry]> {
        let (caller, tenant) = try context.requireCallerAndTenant()
        let id = try Self.id(context)
        let checkpoint = try FieldReader(query: request.uri.queryParameters).read { .some(Self.checkpoint($0, of: tenant)) }
        let stream = try await visibleStream(id, caller: caller, in: tenant)
        if let checkpoint { try await services.projections.requireInLog(checkpoint) }
        return JSONResponse(zip(stream.records, stream.events).map(TimelineEntry.init))
    }

    /// The nomination as it stood at a time (`as_of`, ISO 8601) or a version.
    @Sendable func stateAsOf(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let (caller, tenant) = try context.requireCallerAndTenant()
        let id = try Self.id(context)
        let point = try FieldReader(query: request.uri.queryParameters).read { query -> StreamPoint? in
            let time = query.string("as_of", maxLength: 40, required: false)
            let version = query.integer("version", in: 1...Int(Int32.max), required: false)
            switch (time, version) {
            case (let time?, nil):
                guard let date = Timestamp.parse(time) else {
                    query.reject("as_of", "must be an existing time written as RFC 3339, such as 2026-03-01T09:00:00Z")
                    return nil
                }
                return .time(date)
            case (nil, let version?): return .version(Int64(version))
            default:
                query.reject("as_of", "give exactly one of as_of and version")
                return nil
            }
        }
        _ = try await visible(id, caller: caller, in: tenant)
        let loaded = try await tenant.commands.nomination(id, asOf: point)
        guard let nomination = loaded.state else {
            throw Problem.notFound("nomination \(id) did not exist yet at that point")
        }
        return try NominationResource(nomination: nomination, version: loaded.version, checkpoint: nil, caller: caller,
                                      roles: try await actingRoles(caller, in: tenant), workflows: tenant.domain.workflows)
            .response(status: 200)
    }

    @Sendable func integrity(_ request: Request, context: LaurelRequestContext) async throws -> JSONResponse<IntegrityReport> {
        let (caller, tenant) = try context.requireCallerAndTenant()
        let id = try Self.id(context)
        _ = try await visible(id, caller: caller, in: tenant)
        return JSONResponse(try await services.store.verify(stream: tenant.commands.streams.nomination(id)))
    }

    /// Nomination `id` as `caller` sees it, with the commands they may run on it next: what the
    /// console's nomination page shows. 404 as for the API when it is not theirs to see.
    package func nomination(_ id: String, for caller: Caller, in tenant: TenantServices) async throws
        -> (nomination: Nomination, commands: [String]) {
        let (nomination, _) = try await visible(id, caller: caller, in: tenant)
        let commands = caller.isReadOnly
            ? [] : nomination.availableCommands(for: try await actingRoles(caller, in: tenant), workflows: tenant.domain.workflows)
        return (nomination, commands)
    }

    /// The nomination if it exists and the caller may see it; 404 otherwise, so a unit officer
    /// cannot learn which ids other units use.
    private func visible(_ id: String, caller: Caller, in tenant: TenantServices) async throws -> (Nomination, Int64) {
        let loaded = try await tenant.commands.nomination(id)
        guard let nomination = loaded.state, caller.maySee(unit: nomination.nominee.unit, in: tenant.organization) else {
            throw Problem.notFound("nomination \(id) does not exist")
        }
        return (nomination, loaded.version)
    }

    /// Nomination `id`'s stream, its records with their events decoded, when the caller may see the
    /// nomination; a 404 otherwise. One read of the stream serves both the check and the answer.
    private func visibleStream(
        _ id: String, caller: Caller, in tenant: TenantServices
    ) async throws -> (records: [RecordedEvent], events: [NominationEvent]) {
        let records = try await tenant.commands.handler.reader.records(of: tenant.commands.streams.nomination(id))
        let events = try records.map { try AggregateReader.event(Nomination.self, $0) }
        guard let nomination = events.reduce(Nomination.initialState, Nomination.evolve),
              caller.maySee(unit: nomination.nominee.unit, in: tenant.organization) else {
            throw Problem.notFound("nomination \(id) does not exist")
        }
        return (records, events)
    }

    /// The `:id` path parameter; an id that could never exist is a 404.
    package static func id(_ context: LaurelRequestContext) throws -> String {
        let id = context.parameters.get("id") ?? ""
        guard (1...64).contains(id.count), id.unicodeScalars.allSatisfy({ FieldReader.identifierCharacters.contains($0) }) else {
            throw Problem.notFound("no nomination has the id '\(id.prefix(64))'")
        }
        return id
    }

    /// A new id: short, unique, and safe in URLs and stream names; `N-` for a nomination, another
    /// prefix for another aggregate (`M-`, a movement).
    static func newID(prefix: String = "N-") -> String {
        // The UUID's first six bytes, all random (its version bits come later), as 12 hex digits.
        prefix + withUnsafeBytes(of: UUID().uuid) { $0.prefix(6).lowercaseHex }
    }

    /// The `checkpoint` query parameter of read-your-writes queries: a token one of `tenant`'s
    /// command answers carried. Any other (made up, or another tenant's) is reported to `query`,
    /// all alike.
    static func checkpoint(_ query: FieldReader, of tenant: TenantServices) -> LogCheckpoint? {
        guard let text = query.string("checkpoint", maxLength: 100, required: false) else { return nil }
        guard let checkpoint = tenant.checkpoints.checkpoint(in: text) else {
            query.reject("checkpoint", "must be the checkpoint a command's response returned")
            return nil
        }
        return checkpoint
    }

}

/// One stored event as the history endpoint shows it.
struct EventRecord: Encodable {
    let version: Int64
    let position: Int64
    let eventID: UUID
    let type: String
    let schemaVersion: Int
    let recordedAt: Date
    let actorID: String?
    let actorRoles: [String]
    let reason: String?
    let requestID: String?
    let correlationID: String?
    /// The W3C trace of the request that wrote the event, when it had one.
    let traceparent: String?
    let payload: RawJSON
    let hash: String
    let previousHash: String?

    enum CodingKeys: String, CodingKey {
        case version, position, type, reason, payload, hash
        case eventID = "event_id", schemaVersion = "schema_version", recordedAt = "recorded_at", actorID = "actor_id"
        case actorRoles = "actor_roles", requestID = "request_id", correlationID = "correlation_id", traceparent
        case previousHash = "previous_hash"
    }

    init(_ record: RecordedEvent) {
        version = record.version
        position = record.position
        eventID = record.id
        type = record.type
        schemaVersion = record.schemaVersion
        recordedAt = record.recordedAt
        actorID = record.metadata.actorID
        actorRoles = record.metadata.actorRoles
        reason = record.metadata.reason
        requestID = record.metadata.requestID
        correlationID = record.metadata.correlationID
        traceparent = record.metadata.traceparent
        payload = RawJSON(record.payload)
        hash = record.hash
        previousHash = record.previousHash
    }
}

/// Stored JSON passed through with its own keys, so an auditor can recompute the hash from it.
struct RawJSON: Encodable {
    let value: JSONValue

    init(_ data: Data) { value = (try? JSONValue.parse(data)) ?? .null }

    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}
