import EventStore
import Nominations
import Synchronization

extension NominationCommands {
    /// One row of a year-end list: its submission and the initiatives it declares.
    public struct ListRow: Sendable {
        public let submission: NominationCommand.Submit
        public let initiatives: [RecognisedInitiative]

        public init(submission: NominationCommand.Submit, initiatives: [RecognisedInitiative]) {
            self.submission = submission
            self.initiatives = initiatives
        }
    }

    /// One row returned for amendment, with its reasons.
    public struct ReturnedRow: Sendable {
        public let nominationID: String
        public let reasons: [String]

        public init(nominationID: String, reasons: [String]) {
            self.nominationID = nominationID
            self.reasons = reasons
        }
    }

    /// Sends `unit`'s year-end list: every row is submitted, each with its own checks, and the
    /// list with them, in one append; or nothing is stored and ``BatchRefused`` names every
    /// refused row (by its position in `rows`).
    public func submitList(
        _ listID: String, unit: String, year: Int, rows: [ListRow], actor: Actor, options: CommandOptions,
        reply: @escaping @Sendable (_ list: NominationList, _ version: Int64, [Outcome<Nomination?>]) throws -> StoredResponse
    ) async throws -> StoredResponse {
        let command = NominationListCommand.submit(listID: listID, unit: unit, year: year,
                                                   nominations: rows.map(\.submission.nominationID))
        if let stored = try await checkWhole(command, try await nominationList(listID).state, actor: actor, options: options) {
            return stored
        }
        let commands = rows.map {
            BatchCommand<Nomination>(.submit($0.submission), on: streams.nomination($0.submission.nominationID), startsStream: true)
        }
        let listAfter = ListAfter()
        // The awards of every nominee whose title's rules read them, in one statement.
        let awards = rows.map(\.submission).filter {
            Nomination.submissionReadsAwards(title: $0.title, on: today(), rules: configuration.rules)
        }.map { streams.awards(of: $0.nominee.id) }
        return try await handler.handleBatch(Nomination.self, commands, options: options, kept: kept, linkedStreams: awards,
                                             prepare: { index, loaded, linked in
            try await prepare(commands[index].command, loaded.state, actor: actor, initiatives: rows[index].initiatives,
                              candidacyIsNew: loaded.isAssumedNew, linked: linked)
        }, alongside: { _, linked in
            try await listAppend(command, actor: actor, linked: linked, after: listAfter)
        }, reply: { outcomes in try listAfter.reply(outcomes, reply) })
    }

    /// The standing office takes in rows of a list (every row waiting for intake, when
    /// `nominations` is nil: submitted or resubmitted, not withdrawn), or returns chosen rows for amendment, in one append with the list's
    /// record of it; or nothing is stored and ``BatchRefused`` names every refused row.
    public func actOnList(
        _ listID: String, takeIn nominations: [String]?, returning returned: [ReturnedRow], actor: Actor, options: CommandOptions,
        reply: @escaping @Sendable (_ list: NominationList, _ version: Int64, [Outcome<Nomination?>]) throws -> StoredResponse
    ) async throws -> StoredResponse {
        try await actOnList(listID, takeIn: nominations, returning: returned, actor: actor, options: options, rowsAsKept: true,
                            reply: reply)
    }

    private func actOnList(
        _ listID: String, takeIn nominations: [String]?, returning returned: [ReturnedRow], actor: Actor, options: CommandOptions,
        rowsAsKept: Bool, reply: @escaping @Sendable (_ list: NominationList, _ version: Int64, [Outcome<Nomination?>]) throws -> StoredResponse
    ) async throws -> StoredResponse {
        let loaded = try await reader.load(NominationList.self, streams.nominationList(listID))
        let rows: [String]
        let commands: [NominationCommand]
        let command: NominationListCommand
        var chosenOnKept = false
        if returned.isEmpty {
            if let nominations {
                rows = nominations
            } else if let list = loaded.state {
                // Every row waiting for intake: submitted (or resubmitted after a return), not
                // withdrawn by its unit meanwhile.
                let states = try await reader.loadMany(Nomination.self, list.nominations.map { streams.nomination($0) },
                                                       keptIn: rowsAsKept ? kept : nil)
                rows = list.nominations.filter { states[streams.nomination($0)]?.state?.state == "submitted" }
                chosenOnKept = states.values.contains(where: \.isKept)
            } else {
                rows = []
            }
            commands = rows.map { .accept(.init(nominationID: $0)) }
            command = .takeIn(listID: listID, nominations: rows)
        } else {
            rows = returned.map(\.nominationID)
            commands = returned.map { .returnForAmendment(.init(nominationID: $0.nominationID, reasons: $0.reasons)) }
            command = .returnRows(listID: listID, nominations: rows)
        }
        if let stored = try await checkWhole(command, loaded.state, actor: actor, options: options) { return stored }
        let listAfter = ListAfter()
        let batch = commands.map { BatchCommand<Nomination>($0, on: streams.nomination($0.nominationID)) }
        do {
            return try await handler.handleBatch(Nomination.self, batch, options: options, kept: kept, prepare: { index, loaded, linked in
                try await prepare(batch[index].command, loaded.state, actor: actor, initiatives: [], candidacyIsNew: false, linked: linked)
            }, alongside: { _, linked in
                try await listAppend(command, actor: actor, linked: linked, after: listAfter)
            }, reply: { outcomes in try listAfter.reply(outcomes, reply) })
        } catch is BatchRefused where chosenOnKept {
            // The rows waiting were chosen on states this process kept; chosen again on fresh
            // reads, a row another process has moved since (withdrawn, say) is left out.
            return try await actOnList(listID, takeIn: nil, returning: [], actor: actor, options: options, rowsAsKept: false,
                                       reply: reply)
        }
    }

    /// The list `id` as it is now.
    public func nominationList(_ id: String) async throws -> Loaded<NominationList?> {
        try await reader.load(NominationList.self, streams.nominationList(id))
    }

    /// The list's command decided before its rows, so that a caller who may not act on the list
    /// at all hears it once, not once per row. A request answered already under its idempotency
    /// key (a list sent again) gets the stored answer instead of the refusal.
    private func checkWhole(
        _ command: NominationListCommand, _ list: NominationList?, actor: Actor, options: CommandOptions
    ) async throws -> StoredResponse? {
        do {
            _ = try NominationList.decide(command, list, CommandContext(actor: actor, today: today(), configuration: configuration))
            return nil
        } catch {
            guard let stored = try await handler.storedResponse(options) else { throw error }
            return stored
        }
    }

    /// The list's own events, decided on the list as this attempt reads it (its version orders
    /// commands on one list), and the list after them for the reply.
    private func listAppend(
        _ command: NominationListCommand, actor: Actor, linked: LinkedStates, after: ListAfter
    ) async throws -> [LinkedAppend] {
        let context = CommandContext(actor: actor, today: today(), configuration: configuration)
        let stream = streams.nominationList(command.listID)
        let append = try await linked.decide(NominationList.self, command, on: stream, context: context)
        let list = try await linked.load(NominationList.self, stream)
        after.loaded.withLock { $0 = list }
        return [append].compactMap { $0 }
    }
}

/// The list as a batch's last attempt left it, for the reply.
private final class ListAfter: Sendable {
    let loaded = Mutex<Loaded<NominationList?>?>(nil)

    func reply(
        _ outcomes: [Outcome<Nomination?>], _ reply: (NominationList, Int64, [Outcome<Nomination?>]) throws -> StoredResponse
    ) throws -> StoredResponse {
        guard let after = loaded.withLock({ $0 }), let list = after.state else { throw CommandError.responseNotMade }
        return try reply(list, after.version, outcomes)
    }
}
