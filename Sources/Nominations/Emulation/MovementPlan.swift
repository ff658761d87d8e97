/// A unit's plan for a movement: its targets, one line each, and the plan's signed document if
/// it was uploaded.
public struct MovementPlan: Sendable, Equatable, Codable {
    public let targets: [String]
    /// The SHA-256 of the uploaded plan document.
    public let documentSHA256: String?

    public init(targets: [String], documentSHA256: String? = nil) {
        self.targets = targets
        self.documentSHA256 = documentSHA256
    }
}

extension MovementPlan {
    /// Every problem of the plan: at least one target, none blank or stated twice, and a
    /// document hash of 64 lower-case hexadecimal digits.
    public func problems() -> [String] {
        var problems: [String] = []
        if targets.isEmpty { problems.append("targets: the plan states no target") }
        var seen = Set<String>()
        for (index, target) in targets.enumerated() {
            if target.isBlank {
                problems.append("targets[\(index)]: must not be blank")
            } else if !seen.insert(target).inserted {
                problems.append("targets[\(index)]: is stated twice")
            }
        }
        if let documentSHA256, !Evidence.document(documentSHA256).isWellFormed {
            problems.append("document_sha256: must be 64 lower-case hexadecimal digits")
        }
        return problems
    }
}
