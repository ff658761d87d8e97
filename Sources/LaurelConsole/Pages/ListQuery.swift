import EventStore
import Foundation
import Hummingbird
import LaurelServer
import Projections
import Workflow

/// The nomination list's query string: filters by state, kind, year and name, the page's cursor
/// and a checkpoint to wait for. A value that cannot be (an unknown state, a year out of range)
/// filters nothing rather than failing the page.
struct ListQuery {
    let filter: NominationFilter
    let cursor: String?
    let checkpoint: LogCheckpoint?
    private let states: [String]
    private let kinds: [String]

    init(_ request: Request, workflows: WorkflowRegistry, checkpoints: CheckpointTokens) {
        let definitions = workflows.allDefinitions
        kinds = definitions.map(\.kind).sorted()
        var seen = Set<String>()
        states = definitions.flatMap { $0.states.map(\.name) }.filter { seen.insert($0).inserted }
        let query = request.uri.queryParameters
        func value(_ key: String) -> String? {
            query.get(key).map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        let states = states, kinds = kinds
        let state = value("state").flatMap { states.contains($0) ? $0 : nil }
        let kind = value("kind").flatMap { kinds.contains($0) ? $0 : nil }
        let year = value("year").flatMap(Int.init).flatMap { (1945...2100).contains($0) ? $0 : nil }
        let name = value("q").map { String($0.prefix(200)) }
        filter = NominationFilter(kind: kind, year: year, state: state, nomineeName: name)
        cursor = value("cursor").map { String($0.prefix(200)) }
        checkpoint = value("checkpoint").flatMap(checkpoints.checkpoint(in:))
    }

    /// The list's link with the same filters and `cursor`.
    func link(cursor: String?) -> String {
        var items: [(String, String)] = []
        if let state = filter.state { items.append(("state", state)) }
        if let kind = filter.kind { items.append(("kind", kind)) }
        if let year = filter.year { items.append(("year", String(year))) }
        if let name = filter.nomineeName { items.append(("q", name)) }
        if let cursor { items.append(("cursor", cursor)) }
        let query = items.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
        return "/nominations" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
    }

    func stateChoices(_ language: Language) -> [[String: Any]] {
        states.map { ["value": $0, "label": language.text("state.\($0)"), "selected": $0 == filter.state] }
    }

    func kindChoices(_ language: Language) -> [[String: Any]] {
        kinds.map { ["value": $0, "label": language.text("kind.\($0)"), "selected": $0 == filter.kind] }
    }
}
