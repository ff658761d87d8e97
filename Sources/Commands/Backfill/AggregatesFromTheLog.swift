import EventStore
import Nominations
import Postgres

/// Builds the quota, awards and candidacy streams of a log recorded before those aggregates
/// existed, once each: each nomination's stream is folded, and every quota, nominee and candidacy
/// whose places, awards or holder it finds gets its stream opened with them. Afterwards a quota,
/// nominee or candidacy with no stream has no places taken, no awards and no holder.
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
        public var candidacies = 0
    }

    /// The aggregates built, each recorded under its name when done: a log built before a later
    /// aggregate existed gets that one alone.
    enum Part: String, CaseIterable {
        case quotasAndAwards = "quotas_and_awards"
        case candidacies
    }

    /// Builds the streams of every part not built before; nil when all were.
    @discardableResult
    public func buildIfNeeded() async throws -> Summary? {
        let done = try await store.pool.query("SELECT name FROM laurel_log_backfills").map { try $0.decode(0, as: String.self) }
        let parts = Part.allCases.filter { !done.contains($0.rawValue) }
        guard !parts.isEmpty else { return nil }
        let summary = try await build(Set(parts))
        for part in parts {
            try await store.pool.query("INSERT INTO laurel_log_backfills (name) VALUES ($1) ON CONFLICT DO NOTHING", [part.rawValue])
        }
        return summary
    }

    private func build(_ parts: Set<Part>) async throws -> Summary {
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
        var candidacies: [StreamName: Nomination] = [:]
        for (stream, nomination) in nominations {
            guard let nomination else { continue }
            let streams = Streams(tenant: stream.tenant)
            if parts.contains(.quotasAndAwards), rules.countsPlacesSomewhere(nomination.title), nomination.holdsCapPlace {
                holders[streams.quota(nomination.quotaKey), default: []].append(nomination.id)
            }
            if parts.contains(.quotasAndAwards), let decision = nomination.decision, decision.outcome == .awarded {
                awards[streams.awards(of: nomination.nominee.id), default: []].append(NomineeAwards.Award(
                    nominationID: nomination.id, title: nomination.title, year: nomination.year,
                    wasAdHoc: nomination.kind == Nomination.adHocKind, movement: nomination.movement,
                    isRevoked: nomination.revocation != nil))
            }
            // Two live nominations of one person for one title and year could be recorded before
            // the rule: the earlier submitted holds the candidacy, and the later one keeps going.
            if parts.contains(.candidacies), nomination.holdsCandidacy {
                let candidacy = streams.candidacy(nomination.candidacyKey)
                if let holder = candidacies[candidacy],
                   (holder.submittedOn, holder.id) < (nomination.submittedOn, nomination.id) {
                    continue
                }
                candidacies[candidacy] = nomination
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
        for (stream, holder) in candidacies {
            opened.append((stream, .noStream, try CommandHandler.newEvents(
                try Candidacy.decide(.open(holder: holder.id), Candidacy.initialState, holder.candidacyKey), metadata)))
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
        return Summary(nominations: nominations.count, quotas: holders.count, nominees: awards.count,
                       candidacies: candidacies.count)
    }
}
