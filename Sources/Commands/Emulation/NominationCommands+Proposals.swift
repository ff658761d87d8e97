import EventStore
import Nominations
import Synchronization

extension NominationCommands {
    /// The head unit of a cluster or bloc proposes the units its final ranking of `key.year`
    /// names under the scoring table's proposal rules: every proposal is submitted as a
    /// nomination linked to its ranking place, and the cluster's year records them, in one
    /// append; or nothing is stored and ``BatchRefused`` names every refused proposal.
    ///
    /// - Returns: nil when no scoring table is published for the year.
    public func proposeFromRanking(
        _ key: GroupYear, actor: Actor, options: CommandOptions,
        reply: @escaping @Sendable (_ year: ClusterYear, _ version: Int64, [Outcome<Nomination?>]) throws -> StoredResponse
    ) async throws -> StoredResponse? {
        guard let group = configuration.organization.emulationGroup(code: key.group) else {
            throw DomainError(.invalidCommand, "\(key.group) is not a cluster or bloc of the organisation")
        }
        guard let read = try await ranking(year: key.year, units: group.members) else { return nil }
        let today = today()
        let basis = ProposalBasis(
            rankingVersion: read.version, pending: read.ranking.pending.map(\.unit),
            proposals: read.ranking.proposals(read.table.proposals) { rankingProposalID(key, $0) })
        let command = ClusterYearCommand.propose(basis)
        let stream = streams.clusterYear(key)
        let context = ClusterYearContext(command: CommandContext(actor: actor, today: today, configuration: configuration), key: key)
        // The year's own refusals (who proposes, a ranking not final, proposals made already)
        // come once, before any nomination is decided; a request answered already under its
        // idempotency key gets the stored answer instead.
        do {
            _ = try ClusterYear.decide(command, try await reader.load(ClusterYear.self, stream).state, context)
        } catch {
            guard let stored = try await handler.storedResponse(options) else { throw error }
            return stored
        }
        guard let ruleSet = configuration.rules.ruleSet(inForceOn: today) else {
            throw DomainError(.configurationMissing, "no rule set is in force on \(today)")
        }
        let ranked = read.ranking.entries.count
        let commands = try basis.proposals.map { (proposal) throws(DomainError) in
            let submission = try proposal.submission(from: key, rankingVersion: read.version, ranked: ranked, table: read.table, ruleSet: ruleSet,
                                                     organization: configuration.organization)
            return BatchCommand<Nomination>(.submit(submission), on: streams.nomination(submission.nominationID), startsStream: true)
        }
        let after = Mutex<Loaded<ClusterYear>?>(nil)
        return try await handler.handleBatch(Nomination.self, commands, options: options, kept: kept, prepare: { index, loaded, linked in
            try await prepare(commands[index].command, loaded.state, actor: actor, initiatives: [],
                              candidacyIsNew: loaded.isAssumedNew, linked: linked)
        }, alongside: { _, linked in
            let append = try await linked.decide(ClusterYear.self, command, on: stream, context: context)
            let year = try await linked.load(ClusterYear.self, stream)
            after.withLock { $0 = year }
            return [append].compactMap { $0 }
        }, reply: { outcomes in
            guard let year = after.withLock({ $0 }) else { throw CommandError.responseNotMade }
            return try reply(year.state, year.version, outcomes)
        })
    }
}
