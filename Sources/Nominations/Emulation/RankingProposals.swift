/// A rule of the year's scoring table that turns a cluster's or bloc's ranking into proposals
/// (the leading unit for the emulation flag, the next ones for a certificate of merit): the title
/// proposed, how many places it takes, and the bands a unit must be in.
public struct ProposalRule: Sendable, Equatable, Codable {
    /// The title's key in the rule set in force when the proposals are made.
    public let title: String
    /// How many units the rule proposes, in rank order; units sharing the last place's rank are
    /// all proposed, as no rule of the table told them apart.
    public let places: Int
    /// The codes of the bands a unit must be in to be proposed; empty for any band, or none.
    public let bands: [String]

    public init(title: String, places: Int, bands: [String] = []) {
        self.title = title
        self.places = places
        self.bands = bands
    }

    /// Whether a unit in `band` (nil: below every band) may be proposed under the rule.
    func admits(_ band: ClassificationBand?) -> Bool {
        bands.isEmpty || band.map { bands.contains($0.code) } ?? false
    }
}

/// One unit a ranking proposes, with the place that justifies it.
public struct RankingProposal: Sendable, Equatable, Codable {
    public let unit: String
    public let title: String
    public let rank: Int
    public let total: Points
    /// The band's code; nil below every band.
    public let band: String?
    /// The nomination the proposal creates.
    public let nominationID: String

    public init(unit: String, title: String, rank: Int, total: Points, band: String?, nominationID: String) {
        self.unit = unit
        self.title = title
        self.rank = rank
        self.total = total
        self.band = band
        self.nominationID = nominationID
    }
}

/// The ranking a cluster's or bloc's proposals come from, as the command to make them carries it.
public struct ProposalBasis: Sendable, Equatable, Codable {
    /// The ranking's version (``RankingRead/version``): the events of the table's and the
    /// members' score streams it was computed from.
    public let rankingVersion: Int64
    /// Members whose score is not final yet; proposals wait for every one of them.
    public let pending: [String]
    public let proposals: [RankingProposal]

    public init(rankingVersion: Int64, pending: [String], proposals: [RankingProposal]) {
        self.rankingVersion = rankingVersion
        self.pending = pending
        self.proposals = proposals
    }
}

extension Ranking {
    /// The units `rules` propose, rule by rule in the table's order: each rule takes, from the
    /// units no earlier rule took and in rank order, the next `places` units its bands admit, and
    /// any unit sharing the rank of the last one taken. A unit takes one title at most.
    ///
    /// - Parameter nominationID: the id of the nomination for the proposal numbered `n`, from 1.
    public func proposals(_ rules: [ProposalRule], nominationID: (_ n: Int) -> String) -> [RankingProposal] {
        var taken = Set<String>()
        var proposals: [RankingProposal] = []
        for rule in rules {
            var lastRank: Int?
            var count = 0
            for entry in entries where !taken.contains(entry.unit) && rule.admits(entry.band) {
                guard count < rule.places || entry.rank == lastRank else { break }
                taken.insert(entry.unit)
                count += 1
                lastRank = entry.rank
                proposals.append(RankingProposal(unit: entry.unit, title: rule.title, rank: entry.rank, total: entry.totals.total,
                                                 band: entry.band?.code, nominationID: nominationID(proposals.count + 1)))
            }
        }
        return proposals
    }
}

/// How the ids of the nominations a ranking proposes begin; no other nomination's id does.
public let rankingProposalPrefix = "XH-"

/// The nomination of the `n`th proposal (from 1) made from the ranking of `key`: the id is the
/// group's, the year's and the place's, so the proposals of a group and year are made once.
public func rankingProposalID(_ key: GroupYear, _ n: Int) -> String {
    "\(rankingProposalPrefix)\(key.group)-\(key.year)-\(n)"
}

/// The place in a cluster's or bloc's ranking a nomination was proposed from.
public struct RankingLink: Sendable, Equatable, Codable {
    public let group: String
    public let year: Int
    /// The ranking's version the proposal was made on.
    public let rankingVersion: Int64
    public let rank: Int

    public init(group: String, year: Int, rankingVersion: Int64, rank: Int) {
        self.group = group
        self.year = year
        self.rankingVersion = rankingVersion
        self.rank = rank
    }
}

extension RankingProposal {
    /// The nomination the proposal submits: the member unit itself as a collective, for the
    /// achievements of the ranking's year, its summary stating the place that justifies it.
    ///
    /// - Throws: `configuration_missing` when the rule set in force has no such title, or the
    ///   organisation no headcount of the unit for the year.
    public func submission(
        from key: GroupYear, rankingVersion: Int64, ranked: Int, table: ScoringTable, ruleSet: RuleSet, organization: Organization
    ) throws(DomainError) -> NominationCommand.Submit {
        guard let rule = ruleSet.title(title) else {
            throw DomainError(.configurationMissing, "rule set \(ruleSet.version) has no title '\(title)' for the ranking's proposals")
        }
        guard let unitName = organization.unit(code: unit)?.name, let size = organization.headcount(of: unit, in: key.year) else {
            throw DomainError(.configurationMissing, "the organisation gives no name or headcount of \(unit) in \(key.year)")
        }
        let groupName = organization.emulationGroup(code: key.group)?.name ?? key.group
        let bandName = band.flatMap { code in table.bands.first { $0.code == code }?.name }
        let place = "xếp thứ \(rank)/\(ranked) \(groupName) năm \(key.year), \(total) điểm" + (bandName.map { " (mức \($0))" } ?? "")
        // A member of a cluster or bloc is a whole procuracy or department, not a small collective.
        return NominationCommand.Submit(
            nominationID: nominationID, kind: rule.kind, title: title, year: key.year,
            nominee: .collective(id: unit, name: unitName, unit: unit, size: size, isSmall: false),
            achievementSummary: "\(unitName) \(place); đề nghị \(rule.name) theo kết quả chấm điểm, xếp hạng thi đua.",
            documents: [], ranking: RankingLink(group: key.group, year: key.year, rankingVersion: rankingVersion, rank: rank))
    }
}
