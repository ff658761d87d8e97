import EventStore
import Foundation
import Nominations

/// A cluster's or bloc's emulation year through the command handler, and the read the API makes of it.
extension NominationCommands {
    /// Decides and stores a command on a cluster's or bloc's year. Gathering reads the members'
    /// registrations of the year through the linked reads, so a refusal made on a registration
    /// another writer has moved since is decided again, and the versions recorded are the ones decided on.
    public func run(
        _ command: ClusterYearCommand, clusterYear key: GroupYear, actor: Actor, options: CommandOptions,
        reply: @escaping @Sendable (Outcome<ClusterYear>) throws -> StoredResponse
    ) async throws -> StoredResponse {
        try await handler.handle(ClusterYear.self, command, on: streams.clusterYear(key), options: options,
                                 prepare: { [configuration, today, streams, reader] _ in
            let linked = LinkedStates(reader: reader)
            var registrations: [String: MemberRegistration] = [:]
            if case .gatherRegistrations = command, let group = configuration.organization.emulationGroup(code: key.group) {
                for member in group.members {
                    let loaded = try await linked.load(EmulationRegistration.self, streams.registration(UnitYear(unit: member, year: key.year)))
                    registrations[member] = MemberRegistration(version: loaded.version, registration: loaded.state)
                }
            }
            let context = CommandContext(actor: actor, today: today(), configuration: configuration)
            return Preparation(context: ClusterYearContext(command: context, key: key, registrations: registrations), reads: linked)
        }, reply: reply)
    }

    /// A cluster's or bloc's year as it is now, with every event of its stream, oldest first.
    public func clusterYear(_ key: GroupYear) async throws -> ClusterYearRead {
        let records = try await reader.records(of: streams.clusterYear(key))
        let loaded = try AggregateReader.fold(ClusterYear.self, records)
        let history = try records.map { ClusterYearRead.Change(record: $0, event: try AggregateReader.event(ClusterYear.self, $0)) }
        return ClusterYearRead(loaded: loaded, history: history)
    }
}

/// A cluster's or bloc's year as read: its state and version, and every change with who made it.
public struct ClusterYearRead: Sendable {
    /// One stored change, with who made it, when and why.
    public struct Change: Sendable {
        public let version: Int64
        public let recordedAt: Date
        public let actorID: String?
        public let event: ClusterYearEvent

        init(record: RecordedEvent, event: ClusterYearEvent) {
            version = record.version
            recordedAt = record.recordedAt
            actorID = record.metadata.actorID
            self.event = event
        }
    }

    public let loaded: Loaded<ClusterYear>
    /// Oldest first.
    public let history: [Change]
}
