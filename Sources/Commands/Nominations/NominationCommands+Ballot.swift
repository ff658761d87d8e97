import EventStore
import Nominations

extension NominationCommands {
    /// Records one session's results for its agenda in one command: each nomination gets its
    /// tally, explanation and outcome as `record_council_result` gives them one at a time, all in
    /// one append; or nothing is stored and ``BatchRefused`` names every refused result (a
    /// nomination not on the session's agenda, one named twice, a tally the rules refuse).
    ///
    /// - Parameter visible: refuses a caller who may not see the session (checked before anything is decided).
    public func recordBallot(
        _ results: [NominationCommand.RecordCouncilResult], actor: Actor, options: CommandOptions,
        visible: @escaping @Sendable (CouncilSession) throws -> Void,
        reply: @escaping @Sendable ([Outcome<Nomination?>]) throws -> StoredResponse
    ) async throws -> StoredResponse {
        for sessionID in Set(results.map(\.sessionID)) { try await requireSession(sessionID, visible: visible) }
        let commands = results.map { BatchCommand<Nomination>(.recordCouncilResult($0), on: streams.nomination($0.nominationID)) }
        return try await handler.handleBatch(Nomination.self, commands, options: options, kept: kept, prepare: { index, loaded, linked in
            try await prepare(commands[index].command, loaded.state, actor: actor, initiatives: [], candidacyIsNew: false, linked: linked)
        }, reply: reply)
    }
}

extension NominationCommands {
    /// Puts `nominations` on the agenda of session `sessionID` in one command: each is scheduled
    /// as `schedule_for_council` schedules one (the council due for its stage, its state, holds),
    /// all in one append; or nothing is stored and ``BatchRefused`` names every refused one.
    ///
    /// - Parameter visible: refuses a caller who may not see the session (checked before anything is decided).
    public func scheduleAgenda(
        _ nominations: [String], sessionID: String, actor: Actor, options: CommandOptions,
        visible: @escaping @Sendable (CouncilSession) throws -> Void,
        reply: @escaping @Sendable ([Outcome<Nomination?>]) throws -> StoredResponse
    ) async throws -> StoredResponse {
        try await requireSession(sessionID, visible: visible)
        let commands = nominations.map {
            BatchCommand<Nomination>(.scheduleForCouncil(.init(nominationID: $0, sessionID: sessionID)), on: streams.nomination($0))
        }
        return try await handler.handleBatch(Nomination.self, commands, options: options, kept: kept, prepare: { index, loaded, linked in
            try await prepare(commands[index].command, loaded.state, actor: actor, initiatives: [], candidacyIsNew: false, linked: linked)
        }, reply: reply)
    }
}

extension NominationCommands {
    /// The session exists and the caller may see it.
    private func requireSession(_ sessionID: String, visible: @Sendable (CouncilSession) throws -> Void) async throws {
        guard let session = try await session(sessionID).state else {
            throw DomainError(.sessionNotAvailable, "council session \(sessionID) does not exist")
        }
        try visible(session)
    }
}
