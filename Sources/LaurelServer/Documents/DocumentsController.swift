import Commands
import Foundation
import Hummingbird
import HTTPTypes
import NIOCore
import Nominations

/// `POST /v1/documents` (a dossier's file, uploaded before the submission or amendment that names
/// its hash) and `GET /v1/nominations/{id}/documents/{sha256}` (one of a nomination's files).
package struct DocumentsController {
    let services: LaurelServices

    package init(services: LaurelServices) {
        self.services = services
    }

    func addRoutes(to group: RouterGroup<LaurelRequestContext>) {
        group.post("documents", use: upload)
        group.get("nominations/:id/documents/:sha256", use: download)
    }

    /// Who may upload in `tenant`: whoever may submit or amend a nomination.
    private func uploaders(in tenant: TenantServices) -> Set<String> {
        tenant.domain.workflows.roles(for: "submit").union(tenant.domain.workflows.roles(for: "amend"))
    }

    /// Stores the body (the file itself, of any declared type: its first bytes decide) and answers
    /// its SHA-256, type and size, 201 (the same file again: the same answer).
    @Sendable func upload(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let (caller, tenant) = try context.requireCallerAndTenant()
        try CommandRequest.requireWriter(caller, allowedRoles: uploaders(in: tenant))
        var request = request
        let documents = services.documents(of: tenant.id)
        let content: Data
        do {
            content = Data(buffer: try await request.collectBody(upTo: documents.maxFileBytes))
        } catch is NIOTooManyBytesError {
            throw Problem(code: "document_too_large", status: .contentTooLarge, title: "Document too large",
                          detail: "a dossier's file may have at most \(documents.maxFileBytes) bytes")
        }
        let stored = try await documents.store(content, field: "body", uploadedBy: caller.actor.id, at: Date())
        let answer = UploadedDocument(sha256: stored.sha256, mediaType: stored.type.rawValue, byteCount: content.count)
        return StoredResponse(status: 201, headers: ["Content-Type": "application/json"], body: try ResponseJSON.encoder().encode(answer))
    }

    @Sendable func download(_ request: Request, context: LaurelRequestContext) async throws -> Response {
        let (caller, tenant) = try context.requireCallerAndTenant()
        return try await file(nominationID: try NominationsController.id(context), sha256: context.parameters.get("sha256") ?? "",
                              caller: caller, in: tenant)
    }

    /// File `sha256` of nomination `nominationID`, seen exactly as the nomination is: 404 when the
    /// caller may not see the nomination, when it names no such document, or when only the hash
    /// was recorded; 409 `document_hash_mismatch` when the stored bytes no longer match the hash.
    package func file(nominationID: String, sha256: String, caller: Caller, in tenant: TenantServices) async throws -> Response {
        let (nomination, _) = try await NominationsController(services: services).nomination(nominationID, for: caller, in: tenant)
        guard let named = nomination.documents.first(where: { $0.sha256 == sha256 }) else {
            throw Problem.notFound("nomination \(nominationID) has no document \(sha256.prefix(64))")
        }
        guard let stored = try await services.documents(of: tenant.id).read(named.sha256) else {
            throw Problem.notFound("only the SHA-256 of \"\(named.title)\" was recorded; its file was never uploaded")
        }
        var headers = HTTPFields()
        headers[.contentType] = stored.type.rawValue
        headers[.contentDisposition] = "attachment; filename=\"\(named.kind)-\(sha256.prefix(12)).\(stored.type.fileExtension)\""
        headers[.cacheControl] = "private, no-store"
        headers[.init("X-Content-SHA256")!] = sha256
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(data: stored.content)))
    }
}

/// The answer to an upload: what a submission's `documents[].sha256` names.
struct UploadedDocument: Encodable {
    let sha256: String
    let mediaType: String
    let byteCount: Int
}
