import EventStore
import Foundation
import Nominations
import Postgres
import Projections
import Synchronization
import Workflow

/// An aggregate's state folded from its stream, with the version it was read at.
struct Loaded<State: Sendable>: Sendable {
    let state: State?
    let version: Int64
}

/// Where a request came from, recorded in the metadata of the events it appends.
struct RequestTrace: Sendable {
    let requestID: String
    let correlationID: String
}

/// Commands and reads on nominations and council sessions: load the stream, replay, decide with
/// everything the rules consult, append with the version that was read.
struct NominationService: Sendable {
    let store: EventStore
    let configuration: DomainConfiguration
    let queries: ReadModelQueries
    let tenant: String
    let executor: CommandExecutor
    /// Today in Vietnam; injectable so tests can move through working days.
    let today: @Sendable () -> LocalDate
    /// A unit's headcount, for the cap on annual titles; nil for a unit the organisation does not have.
    let headcount: @Sendable (String) -> Int?
    /// Waits until the nominations read model has applied the log up to a checkpoint.
    let waitForNominationList: @Sendable (LogCheckpoint) async throws -> Void
    /// Nominations as this process's commands last left them.
    let folded = FoldedNominations()

    func nominationStream(_ id: String) -> StreamName { StreamName(tenant: tenant, category: "nomination", id: id) }
    func sessionStream(_ id: String) -> StreamName { StreamName(tenant: tenant, category: "council", id: id) }

    /// Every event of a stream, page by page.
    func records(of stream: StreamName, asOf point: StreamPoint? = nil) async throws -> [RecordedEvent] {
        if let point { return try await store.readStream(stream, asOf: point) }
        var records: [RecordedEvent] = []
        while true {
            let page = try await store.readStream(stream, from: Int64(records.count) + 1, limit: 1000)
            records += page
            if page.count < 1000 { return records }
        }
    }

    func nomination(_ id: String, asOf point: StreamPoint? = nil) async throws -> Loaded<Nomination> {
        try Self.fold(try await records(of: nominationStream(id), asOf: point))
    }

    /// A nomination's state folded from its stream's records.
    static func fold(_ records: [RecordedEvent]) throws -> Loaded<Nomination> {
        var nomination: Nomination?
        for record in records {
            guard case .nomination(let event) = try ProjectedEvent(record).body else { continue }
            nomination = Nomination.evolve(nomination, event)
        }
        return Loaded(state: nomination, version: records.last?.version ?? 0)
    }

    func session(_ id: String) async throws -> Loaded<CouncilSession> {
        let records = try await records(of: sessionStream(id))
        var session: CouncilSession?
        for record in records {
            guard case .council(let event) = try ProjectedEvent(record).body else { continue }
            session = CouncilSession.evolve(session, event)
        }
        return Loaded(state: session, version: records.last?.version ?? 0)
    }

    /// Decides and stores a nomination command; the response is the nomination after it.
    ///
    /// - Parameters:
    ///   - ifMatch: the version the client saw; a different current version is a 409.
    ///   - initiatives: recognised initiatives the submission declares (submit only).
    func execute(
        _ command: NominationCommand, caller: Caller, ifMatch: Int64?, initiatives: [RecognisedInitiative] = [],
        trace: RequestTrace, idempotency: IdempotencyKey?, created: Bool = false
    ) async throws -> StoredResponse {
        let id = command.nominationID
        // The first attempt may decide on the nomination as this process last left it; a retry
        // after a conflict (another process moved the stream) reads the stream.
        let firstAttempt = Mutex(true)
        do {
            return try await executor.run(actorID: caller.actor.id, idempotency: idempotency, retryOnConflict: ifMatch == nil) { serialization in
                try await decide(command, caller: caller, ifMatch: ifMatch, initiatives: initiatives, trace: trace, created: created,
                                 serialization: serialization, mayUseKept: firstAttempt.withLock { first in
                                     defer { first = false }
                                     return first
                                 })
            }
        } catch {
            folded.forget(id)
            throw error
        }
    }

    /// The nomination read from its stream, and kept for the next command.
    private func readAndKeep(_ id: String) async throws -> Loaded<Nomination> {
        let loaded = try await nomination(id)
        folded.keep(id, loaded)
        return loaded
    }

    /// One attempt of `execute`: the nomination (as kept when `mayUseKept`, else from its
    /// stream), the caller's sight of it and `If-Match`, the decision, and the write to store.
    private func decide(
        _ command: NominationCommand, caller: Caller, ifMatch: Int64?, initiatives: [RecognisedInitiative],
        trace: RequestTrace, created: Bool, serialization: CommandSerialization, mayUseKept: Bool
    ) async throws -> CommandWrite {
        if case .submit(_, _, _, _, let nominee, _, _) = command, headcount(nominee.unit) == nil {
            throw Problem.invalid(field: "nominee.unit", "'\(nominee.unit)' is not a unit of the organisation")
        }
        var loaded: Loaded<Nomination>
        if case .submit = command, mayUseKept {
            // A submission names a new id, whose stream is empty: the append expects no stream,
            // so an id already taken fails it, and the retry reads the stream and refuses.
            loaded = Loaded(state: nil, version: 0)
        } else if mayUseKept, let kept = folded.nomination(command.nominationID) {
            loaded = kept
            if let ifMatch, ifMatch != kept.version {
                // The 409 names the current version: the stream's, not what this process kept.
                loaded = try await readAndKeep(command.nominationID)
            }
        } else {
            loaded = try await readAndKeep(command.nominationID)
        }
        if let nomination = loaded.state, !caller.maySee(unit: nomination.nominee.unit) {
            throw Problem.notFound("nomination \(command.nominationID) does not exist")
        }
        if let ifMatch, ifMatch != loaded.version {
            throw Problem.versionConflict(current: loaded.version,
                                          detail: "the nomination is at version \(loaded.version), not \(ifMatch)")
        }
        let context = try await decisionContext(for: command, nomination: loaded.state, caller: caller,
                                                initiatives: initiatives, serialization: serialization)
        let events = try Nomination.decide(command, loaded.state, context)
        var nomination = loaded.state
        for event in events { nomination = Nomination.evolve(nomination, event) }
        let stream = nominationStream(command.nominationID)
        let reason = Self.reason(of: command)
        let newEvents = try events.map { event in
            NewEvent(type: event.type, schemaVersion: event.schemaVersion, payload: try StoredJSONEncoder.encode(event.payload),
                     metadata: metadata(caller: caller, trace: trace, reason: reason))
        }
        guard let after = nomination else { throw Problem.notFound("nomination \(command.nominationID) does not exist") }
        return CommandWrite(
            appends: [(stream, loaded.version == 0 ? .noStream : .exact(loaded.version), newEvents)],
            respond: { [configuration] results in
                let resource = NominationResource(nomination: after, version: results[0].toVersion,
                                                  checkpoint: results[0].checkpoint, caller: caller,
                                                  workflows: configuration.workflows)
                return try resource.response(status: created ? 201 : 200)
            },
            committed: { [folded] results in folded.keep(command.nominationID, Loaded(state: after, version: results[0].toVersion)) })
    }

    /// Decides and stores a council session command; the response is the session after it.
    func execute(
        _ command: CouncilSessionCommand, caller: Caller, trace: RequestTrace, idempotency: IdempotencyKey?,
        created: Bool = false
    ) async throws -> StoredResponse {
        try await executor.run(actorID: caller.actor.id, idempotency: idempotency, retryOnConflict: true) { _ in
            let loaded = try await session(command.sessionID)
            let events = try CouncilSession.decide(command, loaded.state, actor: caller.actor)
            var session = loaded.state
            for event in events { session = CouncilSession.evolve(session, event) }
            let reason: String? = if case .recuseMember(_, _, _, let reason) = command { reason } else { nil }
            let newEvents = try events.map { event in
                NewEvent(type: event.type, schemaVersion: event.schemaVersion, payload: try StoredJSONEncoder.encode(event.payload),
                         metadata: metadata(caller: caller, trace: trace, reason: reason))
            }
            guard let after = session else { throw Problem.notFound("session \(command.sessionID) does not exist") }
            return CommandWrite(
                appends: [(sessionStream(command.sessionID), loaded.version == 0 ? .noStream : .exact(loaded.version), newEvents)],
                respond: { results in
                    try SessionResource(session: after, version: results[0].toVersion, checkpoint: results[0].checkpoint)
                        .response(status: created ? 201 : 200)
                })
        }
    }

    private func metadata(caller: Caller, trace: RequestTrace, reason: String?) -> EventMetadata {
        EventMetadata(actorID: caller.actor.id, actorRoles: caller.actor.roles.sorted(), correlationID: trace.correlationID,
                      requestID: trace.requestID, reason: reason)
    }

    /// What the rules consult besides the nomination: the registry, the unit's cap, the session.
    private func decisionContext(
        for command: NominationCommand, nomination: Nomination?, caller: Caller, initiatives: [RecognisedInitiative],
        serialization: CommandSerialization
    ) async throws -> DecisionContext {
        var history = NomineeHistory()
        var capUsage: CapUsage?
        var session: CouncilSession?
        switch command {
        case .submit(_, _, _, _, let nominee, _, _):
            let titles = try await queries.nomineeHistory(tenant: tenant, nomineeID: nominee.id).titles
            history = NomineeHistory(titles: titles, initiatives: initiatives)
        case .accept:
            // Only a title with a cap needs the count, a query over the unit's nominations.
            if let nomination, let headcount = headcount(nomination.nominee.unit),
               configuration.rules.ruleSet(version: nomination.ruleSetVersion)?.title(nomination.title)?.cap != nil {
                // Intakes that each counted the others before any of them was stored would all
                // pass the cap together: those of one unit, title and year run one at a time.
                try await serialization.serialize(
                    "cap/\(tenant)/\(nomination.nominee.unit)/\(nomination.title)/\(nomination.year)")
                capUsage = CapUsage(headcount: headcount, alreadyAccepted: try await acceptedCount(like: nomination))
            }
        case .scheduleForCouncil(_, let sessionID), .recordCouncilResult(_, let sessionID, _, _, _, _):
            session = try await self.session(sessionID).state
        default:
            break
        }
        return DecisionContext(today: today(), actor: caller.actor, configuration: configuration, history: history,
                               capUsage: capUsage, session: session)
    }

    /// Nominations of the unit for the same title and year that intake accepted and no refusal,
    /// withdrawal or revocation ended, from the nominations read model, once it has applied
    /// every event stored so far (intakes of the same cap run one at a time, so it then holds
    /// every earlier one).
    private func acceptedCount(like nomination: Nomination) async throws -> Int {
        try await waitForNominationList(try await store.headCheckpoint())
        let rows = try await store.pool.query("""
            SELECT count(*)::int8 FROM projection_nominations.nominations
            WHERE tenant = $1 AND unit = $2 AND title = $3 AND year = $4 AND nomination_id <> $5
              AND state NOT IN ('draft', 'submitted', 'returned', 'rejected', 'refused', 'withdrawn', 'revoked')
            """, [tenant, nomination.nominee.unit, nomination.title, nomination.year, nomination.id])
        return Int(try rows[0].decode(0, as: Int64.self))
    }

    /// The reason a person gave with the command, kept in the event's metadata for auditors.
    static func reason(of command: NominationCommand) -> String? {
        switch command {
        case .returnForAmendment(_, let reasons), .reject(_, let reasons): return reasons.joined(separator: "; ")
        case .withdraw(_, let reason), .restore(_, let reason, _): return reason
        case .liftHold(_, _, let note): return note
        case .placeHold(_, _, let kind, let reference): return "\(kind): \(reference)"
        case .revoke(_, let ground, let basis, _): return "\(ground.rawValue): \(basis)"
        default: return nil
        }
    }
}
