/// Where a unit stands in the procuracy's hierarchy.
public enum UnitLevel: String, Sendable, CaseIterable {
    /// The Supreme People's Procuracy itself (Viện kiểm sát nhân dân tối cao).
    case supreme
    /// A department, office or agency of the Supreme People's Procuracy (Vụ, Cục, Văn phòng…).
    case supremeDepartment = "supreme_department"
    /// A high-level procuracy (Viện kiểm sát nhân dân cấp cao).
    case high
    /// A provincial or centrally run city procuracy (Viện kiểm sát nhân dân tỉnh, thành phố).
    case provincial
    /// A military procuracy (Viện kiểm sát quân sự).
    case military
}

/// A unit of the procuracy: the submitting unit of a nomination, the home of a council member, and
/// the unit whose headcount a title's cap is a share of.
public struct OrganizationUnit: Sendable, Equatable {
    /// A stable code such as `vksnd-nghean`, used by nominations, actors and council members.
    public let code: String
    /// The official Vietnamese name, with diacritics.
    public let name: String
    public let englishName: String
    public let level: UnitLevel
    /// The code of the unit directly above, or nil for the top of the hierarchy.
    public let parent: String?
    /// The unit's own staff, not counting its subordinate units, year by year: what a cap on
    /// headcount applies to.
    public let headcount: Headcount
}
