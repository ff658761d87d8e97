import LaurelServer
import Nominations

/// A form that lists a dossier's documents, a row each: its kind, title and SHA-256 (or a file
/// uploaded with it, read apart: see ``Console/dossierRows(_:files:visit:)``).
protocol DossierForm: ConsoleForm {
    var docKind: [String]? { get }
    var docTitle: [String]? { get }
    var docSha: [String]? { get }
}

/// The document rows of the submission and amendment forms.
enum DossierRows {
    /// How many rows a form offers at least.
    static let minimum = 4

    /// The rows' model: each with the kinds to choose from (`kinds`, and none), its title and checksum.
    static func model(kinds: [String], rows: [DossierDocument], language: Language) -> [[String: Any]] {
        let count = max(minimum, rows.count)
        return (0..<count).map { index -> [String: Any] in
            let row = rows[safe: index]
            let chosen = row?.kind ?? ""
            return [
                "row": index + 1,
                "kinds": ([""] + kinds).map { ["value": $0, "label": language.text($0.isEmpty ? "doc.none" : "doc.\($0)"), "selected": $0 == chosen] },
                "title": row?.title ?? "", "sha": row?.sha256 ?? "",
            ]
        }
    }

    /// The rows a form sent back, as documents (unchecked: the API's reader checks them).
    static func rows(of form: some DossierForm) -> [DossierDocument] {
        let count = max(form.docKind?.count ?? 0, form.docTitle?.count ?? 0, form.docSha?.count ?? 0)
        return (0..<count).map {
            DossierDocument(kind: form.docKind?[safe: $0] ?? "", title: form.docTitle?[safe: $0] ?? "", sha256: form.docSha?[safe: $0] ?? "")
        }
    }

    /// The filled rows as the API's `documents` field; a row with neither title nor checksum is left out.
    static func field(_ rows: [DossierDocument]) -> JSONValue {
        .array(rows.compactMap { row in
            guard !row.title.isEmpty || !row.sha256.isEmpty else { return nil }
            return .object(["kind": .string(row.kind), "title": .string(row.title),
                            "sha256": .string(row.sha256.lowercased().trimmingCharacters(in: .whitespaces))])
        })
    }

    /// Every kind of document the titles of `rules` require, in order of first mention.
    static func kinds(_ titles: [TitleRule]) -> [String] {
        var seen = Set<String>()
        return titles.flatMap(\.dossier.requiredDocuments).filter { seen.insert($0).inserted }
    }
}
