import Workflow

/// A unit's year-end list (danh sách đề nghị): dozens to hundreds of annual nominations sent in
/// one request and stored all together or not at all. Its own aggregate, one stream per list: it
/// names its nominations in row order, and records what the standing office did with the list
/// as a whole. Each nomination keeps its own stream and procedure.
public struct NominationList: Sendable, Equatable {
    public let id: String
    /// The unit that sent it.
    public let unit: String
    public let year: Int
    /// The nominations, row 1 first.
    public let nominations: [String]
    public let submittedOn: LocalDate
    /// The rows the standing office took in, by nomination.
    public internal(set) var takenIn: Set<String> = []
    /// The rows returned for amendment and not taken in since, by nomination.
    public internal(set) var returned: Set<String> = []

    /// The row (from 1) of `nominationID` in the list.
    public func row(of nominationID: String) -> Int? {
        nominations.firstIndex(of: nominationID).map { $0 + 1 }
    }

    init(_ submitted: NominationListSubmitted) {
        id = submitted.listID
        unit = submitted.unit
        year = submitted.year
        nominations = submitted.nominations
        submittedOn = submitted.submittedOn
    }
}

/// The most rows one list may have: a large procuracy's year-end list, with room to spare.
public let maxListRows = 1_000

/// The nomination of row `row` (from 1) of list `listID`: the id is the list's and the row's, so
/// a list sent again names the same nominations.
public func listedNominationID(list listID: String, row: Int) -> String {
    "\(listID)-\(row)"
}

/// The row of list `listID` that nomination `nominationID` is, when it is one of its rows.
public func listedRow(of nominationID: String, list listID: String) -> Int? {
    guard nominationID.hasPrefix(listID + "-") else { return nil }
    return Int(nominationID.dropFirst(listID.count + 1)).flatMap { $0 > 0 ? $0 : nil }
}
