/// What makes a nominee one of those whose share of awards the sector's plan asks to raise
/// (Plan 09/KH-VKSTC: "tập thể nhỏ và … người lao động thường xuyên trực tiếp thực thi nhiệm
/// vụ"): front-line staff and small collectives, each defined by the rule set with its source,
/// not ticked by the submitter.
public struct ShareDefinitions: Sendable, Equatable {
    public let frontLine: FrontLineDefinition
    public let smallCollective: SmallCollectiveDefinition
}

/// Front-line staff (người trực tiếp thực thi nhiệm vụ): individuals holding no leadership post,
/// a post being one whose name the position begins with (letter case aside, after "Quyền", acting).
public struct FrontLineDefinition: Sendable, Equatable {
    /// Leadership posts from deputy head of a division up, as positions name them ("Phó Trưởng phòng").
    public let leadershipPosts: [String]
    public let source: String
    /// The posts in lower case, as positions are matched: made once, not for every submission.
    private let lowercasedPosts: [String]

    public init(leadershipPosts: [String], source: String) {
        self.leadershipPosts = leadershipPosts
        self.source = source
        lowercasedPosts = leadershipPosts.map { $0.lowercased() }
    }

    /// Whether someone in `position` is front-line staff.
    public func includes(position: String) -> Bool {
        var words = String(position.drop(while: \.isWhitespace)).lowercased()
        if words.hasPrefix("quyền ") { words = String(words.dropFirst("quyền ".count)) }
        return !lowercasedPosts.contains { words.hasPrefix($0) }
    }
}

/// Small collectives (tập thể nhỏ): the collectives within a unit of the organisation (a
/// division, team or office), not a unit itself.
public struct SmallCollectiveDefinition: Sendable, Equatable {
    public enum Rule: String, Sendable, CaseIterable {
        /// A collective whose id is not a unit's code in the organisation.
        case notAUnit = "not_a_unit"
    }

    public let rule: Rule
    public let source: String

    /// Whether the collective `id` is small in `organization`.
    public func includes(collective id: String, in organization: Organization) -> Bool {
        switch rule {
        case .notAUnit: organization.unit(code: id) == nil
        }
    }
}

extension Nominee {
    /// The nominee with the front-line or small-collective flag `definitions` give it, whatever
    /// the submission said.
    public func classified(by definitions: ShareDefinitions, in organization: Organization) -> Nominee {
        switch type {
        case .individual:
            Nominee(type: type, id: id, name: name, unit: unit, position: position,
                    isFrontLine: position.map { definitions.frontLine.includes(position: $0) } ?? isFrontLine,
                    size: size, isSmallCollective: isSmallCollective)
        case .collective:
            Nominee(type: type, id: id, name: name, unit: unit, position: position, isFrontLine: isFrontLine,
                    size: size, isSmallCollective: definitions.smallCollective.includes(collective: id, in: organization))
        }
    }
}
