import Workflow

/// An award a person held before Laurel, as an import recorded it: the title and year, the unit
/// it was held in, and the decision that made it, cited as it is written.
public struct ImportedAward: Sendable, Equatable, Codable {
    /// The person's one identifier across years and units (a nominee's `id`).
    public let personID: String
    /// The person's name as the file writes it.
    public let name: String
    /// The unit the person was in when awarded.
    public let unit: String
    /// The title's id in the rule sets.
    public let title: String
    /// The title's name in the rule set it was found in.
    public let titleName: String
    /// The title's kind in that rule set (`annual`, `ad_hoc`, …).
    public let kind: String
    /// The year the title was for.
    public let year: Int
    /// The decision's number as written, for example `215/QĐ-VKSTC`.
    public let decisionNumber: String
    public let decisionDate: LocalDate
    /// The row of the file it came from.
    public let row: Int

    public init(personID: String, name: String, unit: String, title: String, titleName: String, kind: String, year: Int,
                decisionNumber: String, decisionDate: LocalDate, row: Int) {
        self.personID = personID
        self.name = name
        self.unit = unit
        self.title = title
        self.titleName = titleName
        self.kind = kind
        self.year = year
        self.decisionNumber = decisionNumber
        self.decisionDate = decisionDate
        self.row = row
    }

    /// The award's key among the person's awards (where a nomination's id keys the awards decided
    /// in Laurel), and in the awards registry: one title and year of one person, so the same award
    /// imported again by another file is the same award, counted once.
    public var awardID: String { "imported-\(personID)-\(year)-\(title)" }

    /// As the person's awards hold it: an ad hoc title keeps `wasAdHoc`, as an award decided in
    /// Laurel does, since ad hoc awards may not count toward higher ones.
    public var award: NomineeAwards.Award {
        NomineeAwards.Award(nominationID: awardID, title: title, year: year, wasAdHoc: kind == Nomination.adHocKind)
    }
}
