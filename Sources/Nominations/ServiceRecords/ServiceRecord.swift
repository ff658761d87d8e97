import Workflow

/// A person's service in the sector, as an import recorded it: when they entered the people's
/// procuracies, when they left (nil while serving), and the disciplinary measure they served, if
/// any, whose days do not count toward the commemorative medal.
public struct ServiceRecord: Sendable, Equatable, Codable {
    /// The person's one identifier across years and units (a nominee's `id`).
    public let personID: String
    /// The name as the file writes it.
    public let name: String
    /// The unit the person serves in (or last served in): the unit that proposes them.
    public let unit: String
    /// The position held, as the file writes it (empty when it does not say).
    public let position: String
    /// Whether the person directly performs the sector's duties (front-line staff), whose share
    /// of awards the agency reports on.
    public let isFrontLine: Bool
    /// The first day of service in the sector.
    public let sectorStart: LocalDate
    /// The last day of service; nil while the person serves.
    public let sectorEnd: LocalDate?
    /// The disciplinary measure (reprimand or heavier) served while in the sector, if any.
    public let discipline: DisciplinePeriod?
    /// The row of the file it came from.
    public let row: Int

    public init(personID: String, name: String, unit: String, position: String = "", isFrontLine: Bool = false,
                sectorStart: LocalDate, sectorEnd: LocalDate?, discipline: DisciplinePeriod?, row: Int) {
        self.personID = personID
        self.name = name
        self.unit = unit
        self.position = position
        self.isFrontLine = isFrontLine
        self.sectorStart = sectorStart
        self.sectorEnd = sectorEnd
        self.discipline = discipline
        self.row = row
    }
}

/// The days a disciplinary measure was served: from its first day to its last (nil while it is
/// still served).
public struct DisciplinePeriod: Sendable, Equatable, Codable {
    public let from: LocalDate
    public let to: LocalDate?

    public init(from: LocalDate, to: LocalDate?) {
        self.from = from
        self.to = to
    }

    /// Whether the measure is still served on `day`.
    public func isServed(on day: LocalDate) -> Bool {
        from <= day && (to.map { day <= $0 } ?? true)
    }
}
