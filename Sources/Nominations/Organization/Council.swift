import Workflow

/// A member's place on an emulation-commendation council.
public enum CouncilRole: String, Sendable, CaseIterable, Codable {
    /// The head of the agency; chairs the council's sessions.
    case chair
    case viceChair = "vice_chair"
    /// The member who leads the standing office (Thường trực Hội đồng), which runs intake.
    case standingMember = "standing_member"
    case member
}

/// One seat on a council: who holds it, and in what role.
public struct CouncilSeat: Sendable, Equatable {
    /// The person, as a council session records them (id, name, and the unit used for recusals).
    public let member: CouncilMember
    public let role: CouncilRole
    /// The person's office outside the council, for example `Phó Viện trưởng`, when given.
    public let position: String?

    public init(member: CouncilMember, role: CouncilRole, position: String?) {
        self.member = member
        self.role = role
        self.position = position
    }
}

/// Flat, as the organisation file writes a seat (`id`, `name`, `unit`, `role`, `position`), so a
/// recorded change of membership reads like the file it changes.
extension CouncilSeat: Codable {
    private enum CodingKeys: String, CodingKey {
        case id, name, unit, role, position
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        member = CouncilMember(id: try container.decode(String.self, forKey: .id), name: try container.decode(String.self, forKey: .name),
                               unit: try container.decode(String.self, forKey: .unit))
        role = try container.decode(CouncilRole.self, forKey: .role)
        position = try container.decodeIfPresent(String.self, forKey: .position)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(member.id, forKey: .id)
        try container.encode(member.name, forKey: .name)
        try container.encode(member.unit, forKey: .unit)
        try container.encode(role, forKey: .role)
        try container.encodeIfPresent(position, forKey: .position)
    }
}

/// An emulation-commendation council (Hội đồng Thi đua – Khen thưởng) as constituted, from which
/// council sessions are convened.
public struct Council: Sendable, Equatable {
    public let code: String
    /// The code of the unit whose council this is; sessions record it as their `council`.
    public let unit: String
    /// The Vietnamese name, with diacritics.
    public let name: String
    /// Every seat, in file order.
    public let seats: [CouncilSeat]
    /// The one chair; loading refuses a council without exactly one.
    public let chair: CouncilMember
    /// The standing member; loading refuses a council without one.
    public let standingMember: CouncilMember

    /// The whole membership, as `CouncilSessionCommand.convene` takes it.
    public var members: [CouncilMember] { seats.map(\.member) }

    /// The total membership, which thresholds "of total membership" refer to.
    public var totalMembership: Int { seats.count }

    /// The members from `unit`, who are recused where the rule set extends recusal to the nominee's unit.
    public func members(fromUnit unit: String) -> [CouncilMember] {
        members.filter { $0.unit == unit }
    }
}
