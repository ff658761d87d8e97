import EventStore
import Nominations
import Workflow

/// Nomination and council session commands through the command handler: what each decision
/// reads besides its own aggregate (the session, the unit's quota, the nominee's awards, all
/// from their streams) and what follows from it in those aggregates.
public struct NominationCommands: Sendable {
    public let handler: CommandHandler
    public let streams: Streams
    public let configuration: DomainConfiguration
    /// Today in Vietnam, from the service's clock.
    public let today: @Sendable () -> LocalDate
    /// Nominations as this process's commands last left them.
    public let kept: KeptStates<Nomination?>
    /// The award decisions this process is issuing, numbered in turn per register.
    let decisionQueue = DecisionQueue()

    public init(
        handler: CommandHandler, tenant: String, configuration: DomainConfiguration, today: @escaping @Sendable () -> LocalDate,
        kept: KeptStates<Nomination?> = KeptStates()
    ) {
        self.handler = handler
        self.streams = Streams(tenant: tenant)
        self.configuration = configuration
        self.today = today
        self.kept = kept
    }

    var reader: AggregateReader { handler.reader }

    /// Decides and stores a nomination command.
    ///
    /// - Parameters:
    ///   - initiatives: recognised initiatives the submission declares (submit only).
    ///   - visible: refuses a caller who may not see the nomination (checked before anything is decided).
    public func run(
        _ command: NominationCommand, actor: Actor, options: CommandOptions, initiatives: [RecognisedInitiative] = [],
        visible: @escaping @Sendable (Nomination) throws -> Void,
        reply: @escaping @Sendable (Outcome<Nomination?>) throws -> StoredResponse
    ) async throws -> StoredResponse {
        try await handler.handle(Nomination.self, command, on: streams.nomination(command.nominationID), options: options,
                                 kept: kept, prepare: { loaded in
            if let nomination = loaded.state { try visible(nomination) }
            return try await prepare(command, loaded.state, actor: actor, initiatives: initiatives,
                                     candidacyIsNew: loaded.isAssumedNew, linked: LinkedStates(reader: reader))
        }, reply: reply)
    }

    /// Decides and stores a council session command.
    ///
    /// - Parameter visible: refuses a caller who may not see the session (checked before anything is decided).
    public func run(
        _ command: CouncilSessionCommand, actor: Actor, options: CommandOptions,
        visible: @escaping @Sendable (CouncilSession) throws -> Void = { _ in },
        reply: @escaping @Sendable (Outcome<CouncilSession?>) throws -> StoredResponse
    ) async throws -> StoredResponse {
        try await handler.handle(CouncilSession.self, command, on: streams.councilSession(command.sessionID), options: options,
                                 prepare: { [configuration] loaded in
            if let session = loaded.state { try visible(session) }
            // Convening takes the council's membership in force on the session's date, from the
            // council's recorded changes.
            guard case .convene(_, let council, _, _, _) = command else {
                return Preparation(context: CouncilSessionContext(actor: actor, configuration: configuration))
            }
            let membership = try await councilMembership(council).state
            return Preparation(context: CouncilSessionContext(actor: actor, configuration: configuration, membership: membership))
        }, reply: reply)
    }

    /// The nomination `id` as it is now, or as it stood at `point`.
    public func nomination(_ id: String, asOf point: StreamPoint? = nil) async throws -> Loaded<Nomination?> {
        try await reader.load(Nomination.self, streams.nomination(id), asOf: point)
    }

    /// The council session `id` as it is now.
    public func session(_ id: String) async throws -> Loaded<CouncilSession?> {
        try await reader.load(CouncilSession.self, streams.councilSession(id))
    }

    /// What a nomination command's decision consults besides the nomination, and what follows from it.
    ///
    /// - Parameters:
    ///   - candidacyIsNew: the submission's candidacy is taken to have no stream yet (not
    ///     read), as its nomination's is: a person is nearly always nominated once for a title and
    ///     year, and a candidacy claimed before fails the claim's append, so the next attempt reads
    ///     both streams and decides.
    ///   - linked: the other aggregates as this attempt has read and changed them (in a batch,
    ///     shared by its commands, so each sees the places and candidacies the ones before it took).
    func prepare(
        _ command: NominationCommand, _ nomination: Nomination?, actor: Actor, initiatives: [RecognisedInitiative],
        candidacyIsNew: Bool, linked: LinkedStates
    ) async throws -> Preparation<Nomination> {
        let today = today()
        var history = NomineeHistory(initiatives: initiatives)
        var nomineeYear = NomineeYear()
        var capUsage: CapUsage?
        var session: CouncilSession?
        if let submitted = command.submission,
           Nomination.submissionReadsAwards(title: submitted.title, on: today, rules: configuration.rules) {
            let awards = try await linked.load(NomineeAwards.self, streams.awards(of: submitted.nominee.id))
            history = NomineeHistory(titles: awards.state.heldTitles, initiatives: initiatives)
        }
        if let submitted = command.submission {
            nomineeYear = try await self.nomineeYear(of: submitted, on: today, linked: linked)
        }
        if case .accept = command, let nomination,
           configuration.rules.ruleSet(version: nomination.ruleSetVersion)?.title(nomination.title)?.cap != nil {
            // The places taken are counted on the quota's stream, which the intake appends to at
            // the version read here: intakes racing for the last places are ordered by it.
            let quota = try await linked.load(TitleQuota.self, streams.quota(nomination.quotaKey))
            capUsage = try await capBase(of: nomination, linked: linked).map {
                CapUsage(base: $0, alreadyAccepted: quota.state.placesTaken(besides: nomination.id))
            }
        }
        // Read once per attempt: a ballot's results all read their session.
        if let sessionID = command.sessionID {
            session = try await linked.load(CouncilSession.self, streams.councilSession(sessionID)).state
        }
        // A deputy head acts as the head only under a delegation in force today.
        let delegation = actor.roles.contains(HeadDelegations.deputyRole)
            ? try await delegations(of: actor.unit).state.inForce(for: actor.id, on: today) : nil
        // A thematic award reads the movement it names, which it does not change.
        var movement: Movement?
        if let id = command.submission?.movement {
            movement = try await linked.load(Movement.self, streams.movement(id)).state
        }
        // A proposal from a cluster's or bloc's ranking reads the year's head unit, which alone makes it.
        var rankingHead: String?
        if let link = command.submission?.ranking, let group = configuration.organization.emulationGroup(code: link.group) {
            let key = GroupYear(group: link.group, year: link.year)
            rankingHead = try await linked.load(ClusterYear.self, streams.clusterYear(key)).state.head(in: group)
        }
        let context = DecisionContext(today: today, actor: actor, configuration: configuration, history: history,
                                      nomineeYear: nomineeYear, capUsage: capUsage, session: session, delegation: delegation,
                                      movement: movement, rankingHead: rankingHead)
        return Preparation(context: context, linked: { before, after, events in
            try await linkedAppends(before: before, after: after, events: events, linked: linked, candidacyIsNew: candidacyIsNew)
        }, reads: linked)
    }

    /// What a submission's rules need to know of the nominee's year, each from its own stream:
    /// the unit's registration, the unit's task ratings, the nominee's candidacies for titles
    /// required the same year (live or awarded: both nominations come in the same year-end list).
    ///
    /// Read through `linked`: in a year-end list every row of a unit reads the same registration
    /// and ratings once, and a row sees the candidacies the rows before it claimed (list the
    /// advanced workers before the grassroots fighters of the same people).
    private func nomineeYear(
        of submitted: NominationCommand.Submit, on today: LocalDate, linked: LinkedStates
    ) async throws -> NomineeYear {
        let reads = Nomination.submissionReads(title: submitted.title, on: today, rules: configuration.rules)
        let unitYear = UnitYear(unit: submitted.nominee.unit, year: submitted.year)
        let registration = reads.registration ? try await linked.load(EmulationRegistration.self, streams.registration(unitYear)).state : nil
        let rating = reads.taskRating
            ? try await linked.load(UnitTaskRatings.self, streams.taskRatings(unitYear)).state.rating(of: submitted.nominee.id) : nil
        var candidacies = Set<String>()
        for title in reads.sameYearTitles {
            let key = CandidacyKey(nomineeID: submitted.nominee.id, title: title, year: submitted.year)
            if try await linked.load(Candidacy.self, streams.candidacy(key)).state.holder != nil { candidacies.insert(title) }
        }
        return NomineeYear(registration: registration, taskRating: rating, candidacies: candidacies)
    }

    /// The base of the nomination's cap in its year: the unit's headcount, or its advanced workers
    /// (the places of the advanced worker quota, taken at intake); nil when it is not known.
    private func capBase(of nomination: Nomination, linked: LinkedStates) async throws -> Int? {
        guard let cap = configuration.rules.ruleSet(version: nomination.ruleSetVersion)?.title(nomination.title)?.cap else { return nil }
        guard let title = cap.base.title else {
            return configuration.organization.headcount(of: nomination.nominee.unit, in: nomination.year)
        }
        let key = QuotaKey(unit: nomination.nominee.unit, title: title, year: nomination.year)
        return try await linked.load(TitleQuota.self, streams.quota(key)).state.holders.count
    }

    /// The candidacy, the quota place and the award that follow from a nomination's events.
    private func linkedAppends(
        before: Nomination?, after: Nomination?, events: [NominationEvent], linked: LinkedStates, candidacyIsNew: Bool
    ) async throws -> [LinkedAppend] {
        guard let after else { return [] }
        var appends: [LinkedAppend] = []
        if let command = Nomination.candidacyCommand(before: before, after: after) {
            let key = after.candidacyKey
            if let append = try await linked.decide(Candidacy.self, command, on: streams.candidacy(key), context: key,
                                                    assumedNew: candidacyIsNew) {
                appends.append(append)
            }
        }
        if let command = Nomination.quotaCommand(before: before, after: after, rules: configuration.rules),
           let append = try await linked.decide(TitleQuota.self, command, on: streams.quota(after.quotaKey), context: ()) {
            appends.append(append)
        }
        // A nomination's command leads to one event, so to one change of the nominee's awards at most.
        if let command = events.lazy.compactMap({ Nomination.awardsCommand(for: $0, nomination: after) }).first {
            let stream = streams.awards(of: after.nominee.id)
            let append = if command.readsAwards {
                try await linked.decide(NomineeAwards.self, command, on: stream, context: ())
            } else {
                try LinkedAppend.unconditional(NomineeAwards.self, command, on: stream, context: ())
            }
            if let append { appends.append(append) }
        }
        return appends
    }
}
