import Foundation
import Hummingbird
import LaurelServer
import NIOCore
import Nominations

/// A dossier form's files: read from its `multipart/form-data` body, stored by the API's own
/// document store (its type and size rules), each named in its row by its SHA-256.
extension Console {
    /// A form with files (submission, amendment): as ``form(_:_:)``, with the file inputs.
    func upload<Form: DossierForm>(
        _ type: Form.Type,
        _ body: @escaping @Sendable (Request, LaurelRequestContext, Visit, Form, [MultipartForm.Part]) async throws -> Response
    ) -> @Sendable (Request, LaurelRequestContext) async throws -> Response {
        page { request, context, visit in
            let (form, files) = try await readUpload(Form.self, request)
            try requireToken(form, visit)
            return try await body(request, context, visit, form, files)
        }
    }

    /// The form's fields and its file inputs called `files`; a URL-encoded form (no files) is read too.
    ///
    /// - Parameter fileBytes: what the files may hold together (the form's fields may add the
    ///   settings' body size); nil: a dossier's limit.
    func readUpload<Form: Decodable>(
        _ type: Form.Type, _ request: Request, files name: String = "docFile[]", fileBytes: Int? = nil
    ) async throws -> (Form, [MultipartForm.Part]) {
        guard let contentType = request.headers[.contentType], contentType.lowercased().hasPrefix("multipart/form-data") else {
            return (try await readForm(Form.self, request), [])
        }
        var request = request
        let dossierBytes = services.settings.maxDossierBytes
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: (fileBytes ?? dossierBytes) + services.settings.maxBodyBytes)
        } catch is NIOTooManyBytesError {
            guard fileBytes == nil else { throw Problem.tooLarge(limit: fileBytes) }
            throw Problem(code: "dossier_too_large", status: .contentTooLarge, title: "Dossier too large",
                          detail: "a dossier's files may have at most \(dossierBytes) bytes together")
        }
        let multipart = try MultipartForm(body: Data(buffer: buffer), contentType: contentType)
        return (try decodeForm(Form.self, multipart.urlEncodedTexts), multipart.files(named: name))
    }

    /// The form's document rows, each chosen file stored and named in its row (the row's title
    /// the file's name when none was typed). Refused before anything is stored when the files
    /// together pass the dossier's limit.
    func dossierRows(_ form: some DossierForm, files: [MultipartForm.Part], visit: Visit) async throws -> [DossierDocument] {
        var rows = DossierRows.rows(of: form)
        let documents = services.documents(of: visit.tenant.id)
        try documents.requireWithinDossierLimit(files.reduce(0) { $0 + $1.content.count })
        for (index, file) in files.enumerated() where !file.content.isEmpty {
            let stored = try await documents.store(file.content, field: "documents[\(index)]", uploadedBy: visit.caller.actor.id, at: now())
            let row = rows[safe: index]
            let title = (row?.title).flatMap { $0.isEmpty ? nil : $0 } ?? String((file.filename ?? "").prefix(200))
            let document = DossierDocument(kind: row?.kind ?? "", title: title, sha256: stored.sha256)
            if index < rows.count { rows[index] = document } else { rows.append(document) }
        }
        return rows
    }

    /// One file of a nomination, seen exactly as the nomination is (the API's own download).
    func documentFile(_ context: LaurelRequestContext, _ visit: Visit) async throws -> Response {
        try await DocumentsController(services: services).file(nominationID: try nominationID(context),
                                                                sha256: context.parameters.get("sha256") ?? "", caller: visit.caller, in: visit.tenant)
    }

    /// The limits a dossier form states beside its file inputs, in megabytes.
    func documentLimits() -> [String: String] {
        let megabytes = { (bytes: Int) in String(format: "%.0f MB", Double(bytes) / 1_048_576) }
        return ["file": megabytes(services.settings.maxDocumentBytes), "dossier": megabytes(services.settings.maxDossierBytes)]
    }
}
