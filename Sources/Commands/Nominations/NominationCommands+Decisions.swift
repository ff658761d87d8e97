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
    /// deciding its approvals while the one before is stored (``DecisionQueue``).
    public func issueDecision(
        _ draft: DecisionDraft, actor: Actor, options: CommandOptions,
        reply: @escaping @Sendable (AwardDecision, [Outcome<Nomination?>]) throws -> StoredResponse
    ) async throws -> StoredResponse {
        let key = RegisterKey(authority: draft.authority, year: draft.year)
        let (before, place) = decisionQueue.join(key)
        let left = Mutex<Loaded<DecisionRegister>?>(nil)
        defer { decisionQueue.leave(key, place, register: left.withLock { $0 }) }
        var attempt = 0
        while true {
            attempt += 1
            // First the number after the decision before this one here; once that guess failed, the register's.
            let sequence: Int
            if attempt == 1, let previous = await before?.number.value() {
                sequence = previous + 1
            } else {
                sequence = try await reader.load(DecisionRegister.self, streams.decisionRegister(key)).state.nextNumber
            }
            place.number.set(sequence)
            do {
                let (response, register) = try await issue(draft, sequence: sequence, after: attempt == 1 ? before : nil, actor: actor,
                                                           options: options, reply: reply)
                left.withLock { $0 = register }
                return response
            } catch let error as DomainError where error.code == .decisionNumberTaken && attempt < CommandHandler.attempts {
                // Another decision of the authority took the number first: take the next one.
                continue
            }
        }
    }

    /// The decision `id`, as it is now.
    public func awardDecision(_ id: String) async throws -> Loaded<AwardDecision?> {
        try await reader.load(AwardDecision.self, streams.awardDecision(id))
    }

    /// Issues `draft` as number `sequence`, its approvals decided and the decision written at once,
    /// and its number taken once the decision at `after` (the one before it in this process) has
    /// ended, on the register as that one left it. Returns the response and the register as this
    /// decision leaves it.
    private func issue(
        _ draft: DecisionDraft, sequence: Int, after previous: DecisionQueue.Place?, actor: Actor, options: CommandOptions,
        reply: @escaping @Sendable (AwardDecision, [Outcome<Nomination?>]) throws -> StoredResponse
    ) async throws -> (StoredResponse, Loaded<DecisionRegister>) {
        let key = RegisterKey(authority: draft.authority, year: draft.year)
        let register = streams.decisionRegister(key)
        let number = "\(sequence)/\(draft.symbol)"
        let commands = draft.nominations.map {
            BatchCommand<Nomination>(.approve(.init(nominationID: $0, decisionNumber: number, decisionDate: draft.date)),
                                     on: streams.nomination($0))
        }
        let issued = Mutex<(decision: AwardDecision, register: Loaded<DecisionRegister>)?>(nil)
        // Only the first attempt takes the register as the decision before left it: a conflict
        // means another writer has moved it since, and the attempts after read it.
        let firstAttempt = Mutex(true)
        let response = try await handler.handleBatch(Nomination.self, commands, options: options, kept: kept, prepare: { index, loaded, linked in
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
            // The number is taken once the decision before has taken its own or given up.
            let before = await previous?.ended.value()
            let isFirstAttempt = firstAttempt.withLock { first in
                defer { first = false }
                return first
            }
            if isFirstAttempt, let before { linked.assume(DecisionRegister.self, register, before) }
            let taken = try await linked.decide(DecisionRegister.self, .take(number: sequence, decisionID: decision.id), on: register,
                                                context: key)
            let left = try await linked.load(DecisionRegister.self, register)
            issued.withLock { issued in issued = signed.map { ($0, left) } }
            return ([taken] + written).compactMap { $0 }
        }, reply: { outcomes in
            guard let decision = issued.withLock({ $0?.decision }) else { throw CommandError.responseNotMade }
            return try reply(decision, outcomes)
        })
        guard let register = issued.withLock({ $0?.register }) else { throw CommandError.responseNotMade }
        return (response, register)
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
