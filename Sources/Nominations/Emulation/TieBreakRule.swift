/// One rule of a table's tie-break, applied in the table's order to units with the same total,
/// written as the table states it:
/// - `group_total:CODE`: the higher total on the criteria of group CODE first;
/// - `fewer_penalty_points`: the fewer points taken off by penalties first;
/// - `more_bonus_points`: the more bonus points first;
/// - `earlier_submission`: the unit that submitted its self-score on an earlier day first.
public enum TieBreakRule: Sendable, Hashable, Codable, CustomStringConvertible {
    case groupTotal(String)
    case fewerPenaltyPoints
    case moreBonusPoints
    case earlierSubmission

    /// The rule `text` states; nil for text that states none.
    public init?(_ text: String) {
        switch text {
        case "fewer_penalty_points": self = .fewerPenaltyPoints
        case "more_bonus_points": self = .moreBonusPoints
        case "earlier_submission": self = .earlierSubmission
        default:
            let prefix = "group_total:"
            guard text.hasPrefix(prefix), text.count > prefix.count else { return nil }
            self = .groupTotal(String(text.dropFirst(prefix.count)))
        }
    }

    public var description: String {
        switch self {
        case .groupTotal(let group): "group_total:\(group)"
        case .fewerPenaltyPoints: "fewer_penalty_points"
        case .moreBonusPoints: "more_bonus_points"
        case .earlierSubmission: "earlier_submission"
        }
    }

    /// The rules' texts, for messages and the API's description.
    public static let forms = ["group_total:GROUP", "fewer_penalty_points", "more_bonus_points", "earlier_submission"]

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let rule = TieBreakRule(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a tie-break rule"))
        }
        self = rule
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
