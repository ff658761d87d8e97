import EventStore
import Nominations
import Postgres

/// Builds the quota and awards streams of a log recorded before those aggregates existed, once:
/// each nomination's stream is folded, and every quota and nominee whose places or awards it
/// finds gets its stream opened with them. Afterwards a quota or nominee with no stream has no
/// places taken and no awards.
public struct AggregatesFromTheLog: Sendable {
    public let store: EventStore
    public let rules: RuleBook

    public init(store: EventStore, rules: RuleBook) {
        self.store = store
        self.rules = rules
    }

    /// What was built.
    public struct Summary: Sendable, Equatable {
        public var nominations = 0
        public var quotas = 0
        public var nominees = 0
    }

    /// The name this backfill is recorded under.
    static let name = "quotas_and_awards"

    /// Builds the streams unless it was done before; nil when it was.
    @discardableResult
    public func buildIfNeeded() async throws -> Summary? {
        let done = try await store.pool.query("SELECT 1 FROM laurel_log_backfills WHERE name = $1", [Self.name])
        guard done.isEmpty else { return nil }
        let summary = try await build()
        try await store.pool.query("INSERT INTO laurel_log_backfills (name) VALUES ($1) ON CONFLICT DO NOTHING", [Self.name])
        return summary
    }

    private func build() async throws -> Summary {
        var nominations: [StreamName: Nomination?] = [:]
        var position: Int64 = 0
        while true {
            let page = try await store.scan(afterPosition: position, limit: 1000)
            for record in page where record.stream.category == "nomination" {
                let event = try AggregateReader.event(Nomination.self, record)
                nominations[record.stream] = Nomination.evolve(nominations[record.stream] ?? nil, event)
            }
            guard let last = page.last else { break }
            position = last.position
        }
        var holders: [StreamName: [String]] = [:]
        var awards: [StreamName: [NomineeAwards.Award]] = [:]
        for (stream, nomination) in nominations {
            guard let nomination else { continue }
            let streams = Streams(tenant: stream.tenant)
            if rules.capsSomewhere(nomination.title), nomination.holdsCapPlace {
                holders[streams.quota(nomination.quotaKey), default: []].append(nomination.id)
            }
            if let decision = nomination.decision, decision.outcome == .awarded {
                awards[streams.awards(of: nomination.nominee.id), default: []].append(NomineeAwards.Award(
                    nominationID: nomination.id, title: nomination.title, year: nomination.year,
                    wasAdHoc: nomination.kind == Nomination.adHocKind, isRevoked: nomination.revocation != nil))
            }
        }
        let metadata = EventMetadata(reason: "built from the nominations recorded before this stream existed")
        var opened: [(StreamName, ExpectedVersion, [NewEvent])] = []
        for (stream, ids) in holders {
            opened.append((stream, .noStream, try CommandHandler.newEvents(
                try TitleQuota.decide(.open(holders: ids), TitleQuota.initialState, ()), metadata)))
        }
        for (stream, list) in awards {
            opened.append((stream, .noStream, try CommandHandler.newEvents(
                try NomineeAwards.decide(.open(list), NomineeAwards.initialState, ()), metadata)))
        }
        for start in stride(from: 0, to: opened.count, by: 100) {
            let batch = Array(opened[start..<min(start + 100, opened.count)])
            do {
                _ = try await store.append(batch)
            } catch let conflict as EventStoreError where conflict.code == .versionConflict {
                // Another process built some of them at the same time: each stream is opened
                // once, and any other failure stops the backfill before it is recorded as done.
                for append in batch {
                    do {
                        _ = try await store.append([append])
                    } catch let conflict as EventStoreError where conflict.code == .versionConflict {
                        continue
                    }
                }
            }
        }
        return Summary(nominations: nominations.count, quotas: holders.count, nominees: awards.count)
    }
}
