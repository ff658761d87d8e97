import Nominations

/// Evidence as the API reads and shows it: `{"document_sha256": …}` or `{"text": …}`.
struct EvidenceResource: Encodable {
    let documentSHA256: String?
    let text: String?

    init(_ evidence: Evidence) {
        documentSHA256 = evidence.documentSHA256
        text = evidence.text
    }

    enum CodingKeys: String, CodingKey {
        case documentSHA256 = "document_sha256"
        case text
    }

    /// The evidence of `reader`'s field `key`: an array of such objects.
    static func read(_ reader: FieldReader, _ key: String = "evidence") -> [Evidence]? {
        reader.objects(key, maxCount: 50, required: false) { item -> Evidence? in
            let document = item.string("document_sha256", maxLength: 64, required: false)
            let text = item.string("text", maxLength: 1_000, required: false)
            if let document, !DossierDocument.isLowercaseSHA256(document) {
                item.reject("document_sha256", "must be 64 lower-case hexadecimal digits")
                return nil
            }
            switch (document, text) {
            case (let document?, nil): return .document(document)
            case (nil, let text?): return .text(text)
            default:
                item.reject("text", "give either document_sha256 (a document's SHA-256) or text, one of them")
                return nil
            }
        }
    }
}
