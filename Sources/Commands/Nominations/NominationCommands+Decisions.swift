import EventStore
import Nominations
import Synchronization
import Workflow

extension NominationCommands {
    /// What the issuer writes of an award decision; its number comes from the authority's register.
    public struct DecisionDraft: Sendable {
        public let authority: String
        public let year: Int
        public let symbol: String
        public let date: LocalDate
        public let place: String
        public let subject: String
        public let signer: DecisionSigner
        /// The nominations it awards, in the order of its list.
        public let nominations: [String]
        /// Legal bases besides those of the nominations' rule sets.
        public let additionalBases: [String]
        public let recipients: [String]
        public let corrects: String?
        public let correction: String?

        public init(
            authority: String, year: Int, symbol: String, date: LocalDate, place: String, subject: String, signer: DecisionSigner,
            nominations: [String], additionalBases: [String], recipients: [String], corrects: String? = nil, correction: String? = nil
        ) {
            self.authority = authority
            self.year = year
            self.symbol = symbol
            self.date = date
            self.place = place
            self.subject = subject
            self.signer = signer
            self.nominations = nominations
            self.additionalBases = additionalBases
            self.recipients = recipients
            self.corrects = corrects
            self.correction = correction
        }
    }

    /// Issues an award decision: it takes the next number of its authority's register for the
    /// year, and every listed nomination is approved by it, in one append with the decision (and,
    /// for a correction, the mark on the decision it corrects); or nothing is stored and
    /// ``BatchRefused`` names every nomination that may not be approved by it. Decisions issued at
    /// once take consecutive numbers: those of one process in the order they were issued, each
    /// appending its approvals while the one before is stored, and taking its number after that
    /// one's (``DecisionQueue``). When other decisions of the authority keep taking the number
    /// first, it fails as contended after as many attempts as any command makes.
    public func issueDecision(
        _ draft: DecisionDraft, actor: Actor, options: CommandOptions,
        reply: @escaping @Sendable (AwardDecision, [Outcome<Nomination?>]) throws -> StoredResponse
    ) async throws -> StoredResponse {
        let key = RegisterKey(authority: draft.authority, year: draft.year)
        let (before, place) = decisionQueue.join(key)
        defer { decisionQueue.leave(key, place) }
        var attempt = 0
        while true {
            attempt += 1
            // First the number after the decision before this one here; once that guess failed, the
            // register's, read once the decision before has ended.
            let sequence: Int
            if attempt == 1, let previous = await before?.number.value() {
                sequence = previous + 1
            } else {
                await before?.ended.value()
                sequence = try await reader.load(DecisionRegister.self, streams.decisionRegister(key)).state.nextNumber
            }
            place.number.set(sequence)
            do {
                return try await issue(draft, sequence: sequence, after: attempt == 1 ? before : nil, at: place, actor: actor,
                                       options: options, reply: reply)
            } catch let error as DomainError where error.code == .decisionNumberTaken {
                // Another decision of the authority took the number first: take the next one. After
                // as many attempts as any command makes, the register is contended: nothing was
                // stored, and the request may be sent again.
                if attempt == CommandHandler.attempts { throw CommandError.contended(streams.decisionRegister(key).description) }
            }
        }
    }

    /// The decision `id`, as it is now.
    public func awardDecision(_ id: String) async throws -> Loaded<AwardDecision?> {
        try await reader.load(AwardDecision.self, streams.awardDecision(id))
    }

    /// Issues `draft` as number `sequence`: its approvals decided and the decision written at once,
    /// its number taken on the register as the decision at `after` (the one before it in this
    /// process) will leave it, and its append's approvals stored side by side with that one's, the
    /// register's number in turn after it. What it takes of the register is published at `place`.
    private func issue(
        _ draft: DecisionDraft, sequence: Int, after previous: DecisionQueue.Place?, at place: DecisionQueue.Place, actor: Actor,
        options: CommandOptions, reply: @escaping @Sendable (AwardDecision, [Outcome<Nomination?>]) throws -> StoredResponse
    ) async throws -> StoredResponse {
        let key = RegisterKey(authority: draft.authority, year: draft.year)
        let register = streams.decisionRegister(key)
        let number = "\(sequence)/\(draft.symbol)"
        let commands = draft.nominations.map {
            BatchCommand<Nomination>(.approve(.init(nominationID: $0, decisionNumber: number, decisionDate: draft.date)),
                                     on: streams.nomination($0))
        }
        let issued = Mutex<AwardDecision?>(nil)
        // Only the first attempt takes the register as the decision before will leave it: a
        // conflict means it was left otherwise (or moved by another writer), and the attempts
        // after read it.
        let firstAttempt = Mutex(true)
        return try await handler.handleBatch(Nomination.self, commands, options: options, kept: kept, prepare: { index, loaded, linked in
            try await prepare(commands[index].command, loaded.state, actor: actor, initiatives: [], candidacyIsNew: false, linked: linked)
        }, alongside: { decisions, linked in
            let nominations = decisions.compactMap(\.after)
            let decision = AwardDecision(
                authority: draft.authority, year: draft.year, sequence: sequence, symbol: draft.symbol, date: draft.date,
                place: draft.place, subject: draft.subject, legalBases: legalBases(of: nominations) + draft.additionalBases,
                signer: draft.signer,
                awardees: nominations.map {
                    Awardee(nominationID: $0.id, nominee: $0.nominee, title: $0.title, titleName: $0.titleName, year: $0.year)
                },
                recipients: draft.recipients, corrects: draft.corrects, correction: draft.correction)
            let delegation = actor.roles.contains(HeadDelegations.deputyRole)
                ? try await delegations(of: actor.unit).state.inForce(for: actor.id, on: today()) : nil
            let context = DecisionContext(today: today(), actor: actor, configuration: configuration, delegation: delegation)
            // The decision's stream is new: its id is made of its authority, year and number, which
            // the register gives it below (a number taken already is refused there, first), so it
            // is not read; its append expects no stream.
            var written = [try await linked.decide(AwardDecision.self, .issue(decision), on: streams.awardDecision(decision.id),
                                                   context: context, assumedNew: true)]
            if let corrects = draft.corrects {
                guard let corrected = try await linked.load(AwardDecision.self, streams.awardDecision(corrects)).state,
                      corrected.authority == draft.authority else {
                    throw DomainError(.decisionNotFound, "no decision \(corrects) of \(draft.authority) to correct")
                }
                written.append(try await linked.decide(AwardDecision.self, .markCorrected(by: decision.id, reason: draft.correction ?? ""),
                                                       on: streams.awardDecision(corrects), context: context))
            }
            let signed = try await linked.load(AwardDecision.self, streams.awardDecision(decision.id)).state
            // The number is taken once the decision before has taken its own or given up, on the
            // register as that one will leave it; after a conflict, on the register read once that
            // one has ended.
            let isFirstAttempt = firstAttempt.withLock { first in
                defer { first = false }
                return first
            }
            if isFirstAttempt, let before = await previous?.taken.value() {
                linked.assume(DecisionRegister.self, register, before)
            } else {
                await previous?.ended.value()
            }
            let taken = try await linked.decide(DecisionRegister.self, .take(number: sequence, decisionID: decision.id), on: register,
                                                context: key)
            place.taken.set(try await linked.load(DecisionRegister.self, register))
            issued.withLock { $0 = signed }
            return ([taken] + written).compactMap { $0 }
        }, inTurn: BatchTurn(AppendTurn(line: register.description, place: Int32(truncatingIfNeeded: sequence)), streams: [register]),
        reply: { outcomes in
            guard let decision = issued.withLock({ $0 }) else { throw CommandError.responseNotMade }
            return try reply(decision, outcomes)
        })
    }

    /// The legal bases of the rule sets the nominations were decided under, each once, in order.
    /// Each rule set's source is read once: a year-end decision's hundreds of nominations share one
    /// or two (splitting it again for each was a tenth of a decision's client CPU in a profile).
    private func legalBases(of nominations: [Nomination]) -> [String] {
        var bases: [String] = []
        var versions = Set<String>()
        for nomination in nominations where versions.insert(nomination.ruleSetVersion).inserted {
            let source = configuration.rules.ruleSet(version: nomination.ruleSetVersion)?.source ?? ""
            for basis in source.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !basis.isEmpty {
                if !bases.contains(basis) { bases.append(basis) }
            }
        }
        return bases
    }
}
