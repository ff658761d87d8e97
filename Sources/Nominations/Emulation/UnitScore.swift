import Workflow

/// A unit's score on the year's scoring table (chấm điểm thi đua): its own aggregate, one stream
/// per unit and year (`unit_score-UNIT.YEAR`).
///
/// The unit's officer scores the unit on every criterion, with evidence where the table asks for
/// it, and may score again until the review. The officer of the head unit of its cluster or bloc,
/// or the standing office covering it, reviews the score and may adjust items, each with a
/// reason; after the review the same reviewers correct it, with a reason. Every change is an
/// event, so the stream is the history of who changed what and why.
public struct UnitScore: Sendable, Equatable {
    /// Where the score stands.
    public enum Stage: String, Sendable, Codable {
        case notScored = "not_scored"
        case selfScored = "self_scored"
        case reviewed
    }

    public internal(set) var stage: Stage
    /// Each item's line as it stands now, by item code.
    public internal(set) var lines: [String: ScoreLine]
    /// The table edition of the unit's last self-score.
    public internal(set) var edition: Int
    /// The day of the unit's last self-score, which `earlier_submission` compares.
    public internal(set) var submittedOn: LocalDate?

    public init(stage: Stage = .notScored, lines: [String: ScoreLine] = [:], edition: Int = 0, submittedOn: LocalDate? = nil) {
        self.stage = stage
        self.lines = lines
        self.edition = edition
        self.submittedOn = submittedOn
    }

    /// The points of item `code`, zero when it has none.
    public func points(_ code: String) -> Points { lines[code]?.points ?? .zero }
}

/// The points a unit has on one item of the table, with the evidence for them.
public struct ScoreLine: Sendable, Equatable, Codable {
    public let item: String
    public let points: Points
    public let evidence: [Evidence]

    public init(item: String, points: Points, evidence: [Evidence] = []) {
        self.item = item
        self.points = points
        self.evidence = evidence
    }
}

/// Evidence for points: a document the unit uploaded, by its SHA-256, or a reference in words
/// (a decision's number and date).
public struct Evidence: Sendable, Equatable, Codable {
    public let documentSHA256: String?
    public let text: String?

    public static func document(_ sha256: String) -> Evidence { Evidence(documentSHA256: sha256, text: nil) }
    public static func text(_ text: String) -> Evidence { Evidence(documentSHA256: nil, text: text) }

    /// Whether it is one document hash (64 lower-case hexadecimal digits) or one non-blank text.
    var isWellFormed: Bool {
        switch (documentSHA256, text) {
        case (let hash?, nil): hash.utf8.count == 64 && hash.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
        case (nil, let text?): !text.isBlank
        default: false
        }
    }
}
