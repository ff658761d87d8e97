import Foundation

/// The kinds of file a dossier may hold, told apart by their first bytes ("magic numbers"), never
/// by a file's name or the type a client claims: a script renamed `report.pdf` is refused.
package enum DocumentType: String, Sendable, CaseIterable {
    case pdf = "application/pdf"
    case png = "image/png"
    case jpeg = "image/jpeg"

    /// The type `content` starts as; nil for anything else.
    package init?(sniffing content: Data) {
        guard let type = Self.allCases.first(where: { content.starts(with: $0.signature) }) else { return nil }
        self = type
    }

    /// The bytes every file of the type starts with.
    var signature: [UInt8] {
        switch self {
        case .pdf: Array("%PDF-".utf8)
        case .png: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        case .jpeg: [0xFF, 0xD8, 0xFF]
        }
    }

    /// The file name extension a download is offered with.
    package var fileExtension: String {
        switch self {
        case .pdf: "pdf"
        case .png: "png"
        case .jpeg: "jpg"
        }
    }
}
