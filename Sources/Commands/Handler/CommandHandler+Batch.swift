import EventStore
import Nominations
import Synchronization
import Tracing

/// One command of a batch and the stream of the aggregate it addresses.
public struct BatchCommand<D: Decider>: Sendable {
    public let command: D.Command
    public let stream: StreamName
    /// The command starts its stream: its first attempt decides on the initial state without
    /// reading, as ``CommandOptions/startsStream`` does for one command.
    public let startsStream: Bool

    public init(_ command: D.Command, on stream: StreamName, startsStream: Bool = false) {
        self.command = command
        self.stream = stream
        self.startsStream = startsStream
    }
}

/// The streams of a batch whose appends wait for their turn in a line (see
/// `EventStore.append(_:inTurn:_:)`): an authority's register, whose numbers its decisions take
/// one after another while their approvals are appended side by side.
public struct BatchTurn: Sendable {
    public let turn: AppendTurn
    public let streams: Set<StreamName>

    public init(_ turn: AppendTurn, streams: Set<StreamName>) {
        self.turn = turn
        self.streams = streams
    }
}

/// One command of a batch as decided: its aggregate before and after, and its events.
public struct BatchDecision<D: Decider>: Sendable {
    public let stream: StreamName
    public let before: D.State
    public let after: D.State
    public let events: [D.Event]
}

/// The commands of a batch the domain refused, each by its position: nothing was stored.
public struct BatchRefused: Error, Sendable {
    /// One refused command.
    public struct Refusal: Sendable {
        /// The command's position in the batch, from 0.
        public let index: Int
        /// The stream of the aggregate it addressed.
        public let stream: StreamName
        public let error: DomainError
    }

    /// The refusals, in the batch's order.
    public let refusals: [Refusal]
}

extension CommandHandler {
    /// Runs `commands`, one per aggregate, as one command: every one of them is decided, and
    /// either all their events (with what follows from them, and what `alongside` adds) are
    /// appended in one transaction, or nothing is stored and ``BatchRefused`` names each refused
    /// command. A conflict decides the whole batch again; the idempotency key covers it whole.
    ///
    /// - Parameters:
    ///   - kept: states this process keeps between commands: the first attempt decides on those
    ///     kept there and reads only the others, in one statement; a refusal decided on a kept
    ///     state, or a conflict, decides the whole batch again on fresh reads. The batch's
    ///     aggregates are kept as it leaves them; a batch that fails forgets them.
    ///   - linkedStreams: the streams the commands' preparations will read, read together in
    ///     one statement before the first is prepared (see ``LinkedStates/prefetch(_:)``).
    ///   - prepare: reads what command `index` needs besides its aggregate; `linked` is shared
    ///     by the attempt's commands, so each sees what the ones before it decided.
    ///   - alongside: the appends that follow from the batch as a whole (the list that names
    ///     its commands, the numbered decision that approves them); a refusal there refuses it whole.
    ///   - inTurn: streams whose appends wait for the batch's turn in a line, after the rest of
    ///     the batch is appended; the rest is done side by side with the batches before it.
    ///   - reply: the response to the outcomes, in the commands' order.
    public func handleBatch<D: Decider>(
        _ decider: D.Type, _ commands: [BatchCommand<D>], options: CommandOptions, kept: KeptStates<D.State>? = nil,
        linkedStreams: [StreamName] = [],
        prepare: @Sendable (_ index: Int, _ loaded: Loaded<D.State>, _ linked: LinkedStates) async throws -> Preparation<D>,
        alongside: @Sendable (_ decisions: [BatchDecision<D>], _ linked: LinkedStates) async throws -> [LinkedAppend] = { _, _ in [] },
        inTurn: BatchTurn? = nil,
        reply: @escaping @Sendable (_ outcomes: [Outcome<D.State>]) throws -> StoredResponse
    ) async throws -> StoredResponse {
        // As a failed command does, a batch that does not succeed forgets what this process kept
        // of its rows: that may be what the failure met (states another instance moved).
        var succeeded = false
        defer { if !succeeded { for command in commands { kept?.forget(command.stream) } } }
        let actorID = options.metadata.actorID ?? ""
        var attempt = 0
        while true {
            attempt += 1
            do {
                let response = try await decideAndAppendBatch(decider, commands, options: options, firstAttempt: attempt == 1,
                                                              kept: kept, linkedStreams: linkedStreams, prepare: prepare,
                                                              alongside: alongside, inTurn: inTurn, reply: reply)
                succeeded = true
                return response
            } catch is StaleRefusal {
                // Refused on a state this process kept: another may have moved it since.
                if attempt == Self.attempts { throw CommandError.contended(commands.first?.stream.description ?? "") }
            } catch is BatchRefused where attempt == 1 && commands.contains(where: \.startsStream) {
                // The first attempt took the streams it starts (and what follows them) to be new
                // without reading them: refusals found then may not be all of them. The next
                // attempt reads everything, and names every refused command.
                if let key = options.idempotency, let stored = try await records.stored(key, actorID: actorID) { return stored }
            } catch {
                if let key = options.idempotency, let stored = try await records.stored(key, actorID: actorID) { return stored }
                if IdempotencyRecords.isDuplicateKey(error) { throw CommandError.requestInProgress }
                guard let conflict = error as? EventStoreError, conflict.code == .versionConflict else { throw error }
                conflicts.increment()
                if attempt == Self.attempts { throw CommandError.contended(conflict.stream?.description ?? "") }
            }
        }
    }

    private func decideAndAppendBatch<D: Decider>(
        _ decider: D.Type, _ commands: [BatchCommand<D>], options: CommandOptions, firstAttempt: Bool, kept: KeptStates<D.State>?,
        linkedStreams: [StreamName], prepare: @Sendable (Int, Loaded<D.State>, LinkedStates) async throws -> Preparation<D>,
        alongside: @Sendable ([BatchDecision<D>], LinkedStates) async throws -> [LinkedAppend], inTurn: BatchTurn?,
        reply: @escaping @Sendable ([Outcome<D.State>]) throws -> StoredResponse
    ) async throws -> StoredResponse {
        let linked = LinkedStates(reader: reader)
        try await linked.prefetch(linkedStreams)
        var decisions: [BatchDecision<D>] = []
        var loadedVersions: [Int64] = []
        var appends = StreamAppends(metadata: options.metadata)
        var refusals: [BatchRefused.Refusal] = []
        var seen = Set<StreamName>()
        // The first attempt takes the aggregates this process kept; the others are read in one
        // statement rather than one per command.
        let read = try await reader.loadMany(decider, commands.filter { !(firstAttempt && $0.startsStream) }.map(\.stream),
                                             keptIn: firstAttempt ? kept : nil)
        var decidedOnKept = false
        for (index, item) in commands.enumerated() {
            guard seen.insert(item.stream).inserted else {
                refusals.append(.init(index: index, stream: item.stream,
                                      error: DomainError(.invalidCommand, "\(item.stream.id) is named more than once")))
                continue
            }
            do {
                let loaded = read[item.stream] ?? Loaded(state: D.initialState, version: 0, isAssumedNew: true)
                decidedOnKept = decidedOnKept || loaded.isKept
                let preparation = try await prepare(index, loaded, linked)
                let events = try D.decide(item.command, loaded.state, preparation.context)
                let after = events.reduce(loaded.state, D.evolve)
                let following = try await preparation.linked(loaded.state, after, events)
                guard refusals.isEmpty else { continue }
                if !events.isEmpty { try appends.add(item.stream, loaded.expected, events) }
                for append in following { try appends.add(append.stream, append.expected, append.events) }
                decisions.append(BatchDecision(stream: item.stream, before: loaded.state, after: after, events: events))
                loadedVersions.append(loaded.version)
            } catch let error as DomainError {
                refusals.append(.init(index: index, stream: item.stream, error: error))
            }
        }
        guard refusals.isEmpty else {
            // Refused on states kept or read that another writer has moved since: decided again,
            // on fresh reads, as a conflict is.
            if decidedOnKept { throw StaleRefusal() }
            if try await linked.movedSinceRead(in: store) {
                throw EventStoreError(code: .versionConflict, stream: nil, message: "a stream read by the batch moved")
            }
            throw BatchRefused(refusals: refusals)
        }
        for append in try await alongside(decisions, linked) { try appends.add(append.stream, append.expected, append.events) }

        let metadata = options.metadata
        let (batch, ordered) = appends.split(waitingFor: inTurn)
        let finalDecisions = decisions
        let versions = loadedVersions
        // Results come in the order of the batch, then of its appends in turn.
        let resultIndex = Dictionary(uniqueKeysWithValues: (batch + ordered).enumerated().map { ($1.0, $0) })
        let positions = decisions.map { resultIndex[$0.stream] }
        let outcomes = { @Sendable (results: [AppendResult]) -> [Outcome<D.State>] in
            finalDecisions.indices.map { index in
                let result = positions[index].map { results[$0] }
                return Outcome(state: finalDecisions[index].after, version: result?.toVersion ?? versions[index],
                               checkpoint: result?.checkpoint)
            }
        }
        guard !batch.isEmpty || !ordered.isEmpty else { return try reply(outcomes([])) }
        let (results, response) = try await withSpan("append") { span in
            span.attributes["laurel.command"] = options.name
            span.attributes["laurel.streams"] = batch.count + ordered.count
            return try await append(batch, then: inTurn.map { ($0.turn, ordered) }, idempotency: options.idempotency,
                                    actorID: metadata.actorID ?? "") { try reply(outcomes($0)) }
        }
        kept?.keep(zip(finalDecisions, positions).compactMap { decision, position in
            position.map { (decision.stream, Loaded(state: decision.after, version: results[$0].toVersion)) }
        })
        return response
    }
}

/// A batch's appends gathered by stream: the events for one stream, from several commands,
/// appended together at the version the first of them read. Each is encoded as it is added, while
/// the batch is still being decided: what follows (`alongside`) may wait for a turn (the
/// decisions of one register), and the encoding need not.
struct StreamAppends {
    let metadata: EventMetadata
    /// Ready to append, in the order the streams were first added.
    private(set) var batch: [(StreamName, ExpectedVersion, [NewEvent])] = []
    private var positions: [StreamName: Int] = [:]

    init(metadata: EventMetadata) { self.metadata = metadata }

    mutating func add(_ stream: StreamName, _ expected: ExpectedVersion, _ events: [any DomainEvent]) throws {
        guard !events.isEmpty else { return }
        let encoded = try CommandHandler.newEvents(events, metadata)
        if let position = positions[stream] {
            batch[position].2 += encoded
        } else {
            positions[stream] = batch.count
            batch.append((stream, expected, encoded))
        }
    }

    /// ``batch`` split in two: the appends to streams that wait for `inTurn`, and the others.
    func split(waitingFor inTurn: BatchTurn?) -> (others: [(StreamName, ExpectedVersion, [NewEvent])],
                                                  inTurn: [(StreamName, ExpectedVersion, [NewEvent])]) {
        guard let streams = inTurn?.streams else { return (batch, []) }
        return (batch.filter { !streams.contains($0.0) }, batch.filter { streams.contains($0.0) })
    }
}
