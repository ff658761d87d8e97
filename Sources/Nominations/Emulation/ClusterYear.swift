import Workflow

/// A cluster's or bloc's emulation year (cụm, khối thi đua; Circular 01/2019/TT-VKSTC, since
/// replaced by Circular 02/2024/TT-VKSTC): its own aggregate, one stream per cluster or bloc and
/// year (`cluster_year-CODE.YEAR`). The standing office covering the members records the year's
/// head unit, which rotates; the head unit draws up the programme, each member signs its own
/// commitments in the pact, the head unit gathers the members' registrations and sends the
/// whole to the standing office. After it is sent, every change needs a reason.
public struct ClusterYear: Sendable, Equatable {
    /// The head unit recorded for the year; nil until recorded (the organisation's file names the
    /// head until then, ``head(in:)``).
    public internal(set) var recordedHead: String?
    public internal(set) var programme: ClusterProgramme?
    /// Each member's signed commitments, by member.
    public internal(set) var pact: [String: PactSignature]
    /// The registrations last gathered.
    public internal(set) var gathering: RegistrationGathering?
    /// The day it was last sent to the standing office; nil before.
    public internal(set) var sentOn: LocalDate?
    /// How many times it was sent.
    public internal(set) var sendings: Int
    /// Whether anything changed since it was last sent (false before the first sending).
    public internal(set) var changedSinceSent: Bool
    /// What the year's final ranking proposed; nil before.
    public internal(set) var proposals: ClusterProposals?

    public init(recordedHead: String? = nil, programme: ClusterProgramme? = nil, pact: [String: PactSignature] = [:],
                gathering: RegistrationGathering? = nil, sentOn: LocalDate? = nil, sendings: Int = 0, changedSinceSent: Bool = false) {
        self.recordedHead = recordedHead
        self.programme = programme
        self.pact = pact
        self.gathering = gathering
        self.sentOn = sentOn
        self.sendings = sendings
        self.changedSinceSent = changedSinceSent
    }

    /// The year's head unit: the one recorded for it, or else the one the organisation's file names.
    public func head(in group: EmulationGroup) -> String { recordedHead ?? group.head }
}

/// Which cluster or bloc, which year.
public struct GroupYear: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The cluster's or bloc's code in the organisation (`cum-1`, `khoi-tham-muu`).
    public let group: String
    public let year: Int

    public init(group: String, year: Int) {
        self.group = group
        self.year = year
    }

    /// The stream's id within its category.
    public var streamID: String { "\(group).\(year)" }
    public var description: String { "\(group) in \(year)" }
}

/// The programme the head unit draws up for the year (chương trình công tác của cụm, khối): its
/// items, one line each, and its text.
public struct ClusterProgramme: Sendable, Equatable, Codable {
    public let items: [String]
    public let text: String

    public init(items: [String], text: String) {
        self.items = items
        self.text = text
    }
}

/// What a member signs in the pact (giao ước thi đua): its commitments and its targets, one line each.
public struct PactSignature: Sendable, Equatable, Codable {
    public let commitments: [String]
    public let targets: [String]
    /// The day it signed; the same commitments signed again on another day are no change.
    public let signedOn: LocalDate

    public init(commitments: [String], targets: [String], signedOn: LocalDate) {
        self.commitments = commitments
        self.targets = targets
        self.signedOn = signedOn
    }
}

/// The members' registrations as the head unit gathered them: each registered member's at the
/// version read, and the members without a registration.
public struct RegistrationGathering: Sendable, Equatable, Codable {
    /// One member's registration at the version gathered.
    public struct Gathered: Sendable, Equatable, Codable {
        public let unit: String
        public let version: Int64

        public init(unit: String, version: Int64) {
            self.unit = unit
            self.version = version
        }
    }

    /// In the order of the members in the organisation's file.
    public let gathered: [Gathered]
    /// Members with no registration for the year, in the same order.
    public let missing: [String]
    public let gatheredOn: LocalDate

    public init(gathered: [Gathered], missing: [String], gatheredOn: LocalDate) {
        self.gathered = gathered
        self.missing = missing
        self.gatheredOn = gatheredOn
    }
}

/// The proposals a cluster's or bloc's final ranking made, once a year.
public struct ClusterProposals: Sendable, Equatable {
    public let rankingVersion: Int64
    public let proposals: [RankingProposal]
    public let proposedOn: LocalDate
}
