import Commands
import EventStore
import Nominations
import Workflow

/// A year-end list as the API shows it: the list and its rows, each with its nomination; after a
/// command, each row it touched with the nomination's state.
struct NominationListResource: Encodable {
    struct Row: Encodable {
        let row: Int
        let nominationID: String
        let takenIn: Bool
        let returned: Bool
        /// The nomination's state after the command, for the rows it touched.
        let state: String?
        let nomineeID: String?
        let nomineeName: String?
        let title: String?
    }

    let listID: String
    let unit: String
    let year: Int
    let submittedOn: LocalDate
    let rows: [Row]
    let version: Int64
    let checkpoint: String?

    init(list: NominationList, touched: [Nomination] = [], version: Int64, checkpoint: String?) {
        let touched = Dictionary(touched.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
        listID = list.id
        unit = list.unit
        year = list.year
        submittedOn = list.submittedOn
        rows = list.nominations.enumerated().map { index, id in
            let nomination = touched[id]
            return Row(row: index + 1, nominationID: id, takenIn: list.takenIn.contains(id), returned: list.returned.contains(id),
                       state: nomination?.state, nomineeID: nomination?.nominee.id, nomineeName: nomination?.nominee.name,
                       title: nomination?.title)
        }
        self.version = version
        self.checkpoint = checkpoint
    }

    func response(status: Int) throws -> StoredResponse {
        var headers = ["Content-Type": "application/json", "ETag": "\"\(version)\""]
        if status == 201 { headers["Location"] = "/v1/nomination-lists/\(listID)" }
        return StoredResponse(status: status, headers: headers, body: try ResponseJSON.encode(self))
    }
}
