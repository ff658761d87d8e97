import Crypto
import EventStore
import Foundation
import Nominations
import Postgres

/// A file of a dossier as stored: its SHA-256 (what the nomination's events keep), its type and
/// its bytes.
package struct StoredDocument: Sendable, Equatable {
    package let sha256: String
    package let type: DocumentType
    package let content: Data
}

/// Dossier files in PostgreSQL (`dossier_documents`), addressed by their SHA-256.
///
/// The same rules for the API's upload and the console's form: only PDF, PNG and JPEG by their
/// first bytes, each file within `documents.max_file_bytes`, a dossier's stored files together
/// within `documents.max_dossier_bytes`. Reading recomputes the hash, so a file changed in the
/// table after it was stored is refused rather than handed out as the one the nomination names.
package struct DocumentStore: Sendable {
    let pool: ConnectionPool
    let tenant: String
    package let maxFileBytes: Int
    package let maxDossierBytes: Int

    /// Stores `content` (once: the same bytes again change nothing) and returns it as stored.
    ///
    /// - Parameters:
    ///   - field: the request's field the file came in, for the refusal.
    ///   - login: who uploads it, kept with the first upload.
    /// - Throws: ``Problem`` 413 `document_too_large`, or 415 `document_type_not_allowed`.
    package func store(_ content: Data, field: String, uploadedBy login: String, at time: Date) async throws -> StoredDocument {
        guard content.count <= maxFileBytes else {
            throw Problem(code: "document_too_large", status: .contentTooLarge, title: "Document too large",
                          detail: "\(field): the file has \(content.count) bytes; a dossier's file may have at most \(maxFileBytes)")
        }
        guard !content.isEmpty, let type = DocumentType(sniffing: content) else {
            throw Problem(code: "document_type_not_allowed", status: .unsupportedMediaType, title: "Document type not allowed",
                          detail: "\(field): a dossier's file must be a PDF, PNG or JPEG (told by its content, not its name)")
        }
        let document = StoredDocument(sha256: Self.sha256(content), type: type, content: content)
        _ = try await pool.query("""
            INSERT INTO dossier_documents (tenant, sha256, media_type, byte_count, content, uploaded_by, uploaded_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (tenant, sha256) DO NOTHING
            """, [tenant, document.sha256, type.rawValue, content.count, content, login, time])
        return document
    }

    /// Refuses files that together pass the dossier's limit (413 `dossier_too_large`).
    package func requireWithinDossierLimit(_ bytes: Int) throws(Problem) {
        guard bytes <= maxDossierBytes else {
            throw Problem(code: "dossier_too_large", status: .contentTooLarge, title: "Dossier too large",
                          detail: "the dossier's files have \(bytes) bytes together; a dossier may have at most \(maxDossierBytes)")
        }
    }

    /// Refuses a dossier whose stored files (those of `hashes` uploaded; a hash alone weighs
    /// nothing) pass the dossier's limit together.
    package func requireWithinDossierLimit(hashes: [String]) async throws {
        let distinct = Array(Set(hashes))
        guard !distinct.isEmpty else { return }
        let rows = try await pool.query("""
            SELECT coalesce(sum(byte_count), 0)::int8 FROM dossier_documents WHERE tenant = $1 AND sha256 = ANY($2::text[])
            """, [tenant, PostgresArray(distinct)])
        let total: Int64 = try rows.first?.decode(0) ?? 0
        try requireWithinDossierLimit(Int(total))
    }

    /// Which of `hashes` have their file stored (the others were recorded by their hash alone).
    package func stored(_ hashes: [String]) async throws -> Set<String> {
        guard !hashes.isEmpty else { return [] }
        let rows = try await pool.query("SELECT sha256 FROM dossier_documents WHERE tenant = $1 AND sha256 = ANY($2::text[])",
                                        [tenant, PostgresArray(hashes)])
        return Set(try rows.map { try $0.decode(0) as String })
    }

    /// The file stored under `sha256`; nil when none was uploaded (the nomination keeps only its hash).
    ///
    /// - Throws: ``Problem`` 409 `document_hash_mismatch` when the stored bytes no longer hash to `sha256`.
    package func read(_ sha256: String) async throws -> StoredDocument? {
        let rows = try await pool.query("SELECT media_type, content FROM dossier_documents WHERE tenant = $1 AND sha256 = $2",
                                        [tenant, sha256])
        guard let row = rows.first else { return nil }
        let content: Data = try row.decode(1)
        guard Self.sha256(content) == sha256, let type = DocumentType(rawValue: try row.decode(0)) else {
            throw Problem(code: "document_hash_mismatch", status: .conflict, title: "Document damaged",
                          detail: "the stored file no longer has the SHA-256 \(sha256) its nomination records; it is not handed out")
        }
        return StoredDocument(sha256: sha256, type: type, content: content)
    }

    /// Lower-case hexadecimal SHA-256 of `content`.
    package static func sha256(_ content: Data) -> String { SHA256.hash(data: content).lowercaseHex }
}

extension LaurelServices {
    /// The dossier files of `tenant`, with the settings' limits.
    package func documents(of tenant: String) -> DocumentStore {
        DocumentStore(pool: pool, tenant: tenant, maxFileBytes: settings.maxDocumentBytes, maxDossierBytes: settings.maxDossierBytes)
    }
}

extension NominationCommand {
    /// The documents a submission or an amendment names: the dossier as it will stand.
    var dossierDocuments: [DossierDocument]? {
        switch self {
        case .submit(let submission): submission.documents
        case .amend(let amendment): amendment.documents
        default: nil
        }
    }
}
