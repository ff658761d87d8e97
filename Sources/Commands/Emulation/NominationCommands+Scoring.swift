import EventStore
import Foundation
import Nominations

/// The year's scoring table and the units' scores through the command handler, and the reads the
/// API makes of them.
extension NominationCommands {
    /// Decides and stores a publication of the year's scoring table.
    public func run(
        _ command: PublishScoringTable, actor: Actor, options: CommandOptions,
        reply: @escaping @Sendable (Outcome<YearScoringTable>) throws -> StoredResponse
    ) async throws -> StoredResponse {
        try await handler.handle(YearScoringTable.self, .publish(command), on: streams.scoringTable(command.year), options: options,
                                 prepare: { [configuration, today] _ in
            Preparation(context: CommandContext(actor: actor, today: today(), configuration: configuration))
        }, reply: reply)
    }

    /// Decides and stores a unit's self-score, its review or a correction. The decision reads the
    /// year's table; a unit's first self-score is noted on the table's stream in the same append,
    /// at the version read, so a new edition published meanwhile makes the score decided again
    /// (and the edition, once a unit has scored, needs a reason). A review or correction also
    /// reads the year of the unit's cluster or bloc, whose recorded head unit reviews.
    public func run(
        _ command: UnitScoreCommand, actor: Actor, options: CommandOptions,
        reply: @escaping @Sendable (Outcome<UnitScore>) throws -> StoredResponse
    ) async throws -> StoredResponse {
        let unitYear = command.unitYear
        return try await handler.handle(UnitScore.self, command, on: streams.unitScore(unitYear), options: options,
                                        prepare: { [configuration, today, streams, reader] _ in
            let linked = LinkedStates(reader: reader)
            let tableStream = streams.scoringTable(unitYear.year)
            let table = try await linked.load(YearScoringTable.self, tableStream).state
            // Only a reviewer's authority depends on the head unit; a self-score need not wait on the read.
            let reviews = switch command {
            case .selfScore: false
            case .review, .correct: true
            }
            var recordedHead: String?
            if reviews, let group = configuration.organization.emulationGroup(of: unitYear.unit) {
                let key = GroupYear(group: group.code, year: unitYear.year)
                recordedHead = try await linked.load(ClusterYear.self, streams.clusterYear(key)).state.recordedHead
            }
            let context = CommandContext(actor: actor, today: today(), configuration: configuration)
            return Preparation(context: UnitScoreContext(command: context, table: table, recordedHead: recordedHead), linked: { _, _, events in
                guard events.contains(where: { if case .selfScored = $0 { true } else { false } }) else { return [] }
                let noted = try await linked.decide(YearScoringTable.self, .noteScored(unit: unitYear.unit), on: tableStream, context: context)
                return noted.map { [$0] } ?? []
            }, reads: linked)
        }, reply: reply)
    }

    /// The year's scoring table as it is now.
    public func scoringTable(_ year: Int) async throws -> Loaded<YearScoringTable> {
        try await reader.load(YearScoringTable.self, streams.scoringTable(year))
    }

    /// A unit's score of a year as it is now.
    public func unitScore(_ key: UnitYear) async throws -> Loaded<UnitScore> {
        try await reader.load(UnitScore.self, streams.unitScore(key))
    }

    /// The ranking of `units` in `year` from their scores and the table as they are now, with
    /// every event of those streams in log order: the ranking's history. Nil before the table
    /// is published.
    public func ranking(year: Int, units: [String]) async throws -> RankingRead? {
        let tableStream = streams.scoringTable(year)
        let scoreStreams = units.map { streams.unitScore(UnitYear(unit: $0, year: year)) }
        let records = try await reader.store.readStreams([tableStream] + scoreStreams)
        let table = try AggregateReader.fold(YearScoringTable.self, records[tableStream] ?? [])
        guard let published = table.state.table else { return nil }
        var scores: [String: UnitScore] = [:]
        var history: [RankingRead.Change] = []
        for (unit, stream) in zip(units, scoreStreams) {
            let stored = records[stream] ?? []
            scores[unit] = try AggregateReader.fold(UnitScore.self, stored).state
            for record in stored {
                history.append(RankingRead.Change(record: record, unit: unit, event: .score(try AggregateReader.event(UnitScore.self, record))))
            }
        }
        for record in records[tableStream] ?? [] {
            // A unit's first score is in its own stream's history already; only the editions count here.
            if case .published(let published) = try AggregateReader.event(YearScoringTable.self, record) {
                history.append(RankingRead.Change(record: record, unit: nil, event: .table(published)))
            }
        }
        history.sort { $0.position < $1.position }
        return RankingRead(yearTable: table.state, table: published, ranking: Ranking(units: units, scores: scores, table: published),
                           history: history, version: Int64(records.values.reduce(0) { $0 + $1.count }))
    }
}

/// A ranking as read: the table it was made on, the ranking, and every change behind it.
public struct RankingRead: Sendable {
    /// One stored change: an edition of the table, or a change of a unit's score.
    public struct Change: Sendable {
        public enum Event: Sendable {
            case table(ScoringTablePublished)
            case score(UnitScoreEvent)
        }

        public let position: Int64
        public let recordedAt: Date
        public let actorID: String?
        /// The unit whose score changed; nil for an edition of the table.
        public let unit: String?
        public let event: Event

        init(record: RecordedEvent, unit: String?, event: Event) {
            position = record.position
            recordedAt = record.recordedAt
            actorID = record.metadata.actorID
            self.unit = unit
            self.event = event
        }
    }

    public let yearTable: YearScoringTable
    public let table: ScoringTable
    public let ranking: Ranking
    /// Oldest first.
    public let history: [Change]

    /// The ranking's version: the events of the table's and the ranked units' streams. Those
    /// streams only grow, so any later change gives a higher one; and unlike a log position it
    /// counts the tenant's own events alone.
    public let version: Int64

    init(yearTable: YearScoringTable, table: ScoringTable, ranking: Ranking, history: [Change], version: Int64) {
        self.yearTable = yearTable
        self.table = table
        self.ranking = ranking
        self.history = history
        self.version = version
    }
}
