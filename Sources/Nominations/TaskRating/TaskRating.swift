/// A person's yearly rating of how they completed their tasks (xếp loại mức độ hoàn thành nhiệm vụ),
/// as their unit records it at year end. Titles may require a rating of at least some level.
public enum TaskRating: String, Sendable, Codable, CaseIterable, Comparable {
    /// Không hoàn thành nhiệm vụ.
    case notCompleted = "not_completed"
    /// Hoàn thành nhiệm vụ.
    case completed
    /// Hoàn thành tốt nhiệm vụ.
    case well
    /// Hoàn thành xuất sắc nhiệm vụ.
    case excellent

    public static func < (lhs: TaskRating, rhs: TaskRating) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The rating as the unit's records word it, in Vietnamese.
    public var vietnamese: String {
        switch self {
        case .notCompleted: "Không hoàn thành nhiệm vụ"
        case .completed: "Hoàn thành nhiệm vụ"
        case .well: "Hoàn thành tốt nhiệm vụ"
        case .excellent: "Hoàn thành xuất sắc nhiệm vụ"
        }
    }
}
