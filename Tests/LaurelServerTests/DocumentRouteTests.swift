import Crypto
import Foundation
import HTTPTypes
import LaurelServer
import NIOCore
import PostgresTestSupport
import Testing

/// `POST /v1/documents` and `GET /v1/nominations/{id}/documents/{sha256}`: a dossier's files by
/// their SHA-256, typed by their first bytes, scoped as their nomination.
@Suite(.freshDatabase, .tags(.database))
struct DocumentRouteTests {
    static func sha(_ data: Data) -> String { SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() }

    /// Uploads `content` as `roles` of `unit`, declared as `type`.
    static func upload(_ fixture: ServerFixture, _ content: Data, as roles: [String], unit: String = "vksnd-hanoi",
                       type: String = "application/pdf") async throws -> Reply {
        let headers: HTTPFields = [.authorization: "Bearer \(try await fixture.token(roles, unit: unit))", .contentType: type]
        return try await fixture.client.execute(uri: "/v1/documents", method: .post, headers: headers, body: ByteBuffer(data: content)) {
            Reply(status: $0.status, headers: $0.headers, body: Data(buffer: $0.body))
        }
    }

    @Test func anUploadedFileIsNamedByTheSubmissionAndReadBackOnlyWithinItsScope() async throws {
        try await ServerFixture.run { fixture in
            let file = Data("%PDF-1.4\nroute test\n".utf8)
            let uploaded = try await Self.upload(fixture, file, as: ["unit_officer"], type: "text/plain")
            #expect(uploaded.status == .created, "\(uploaded.text)")
            #expect(uploaded.json["sha256"] as? String == Self.sha(file) && uploaded.json["media_type"] as? String == "application/pdf")
            #expect(uploaded.json["byte_count"] as? Int == file.count)
            let again = try await Self.upload(fixture, file, as: ["unit_officer"])
            #expect(again.status == .created && again.json["sha256"] as? String == Self.sha(file), "the same file again: the same answer")

            let body = ServerFixture.adHocBody(name: "Lê Văn Tệp").replacingOccurrences(of: String(repeating: "ab", count: 32), with: Self.sha(file))
            let submitted = try await fixture.send(.post, "/v1/nominations", as: ["unit_officer"], json: body)
            #expect(submitted.status == .created, "\(submitted.text)")
            let path = "/v1/nominations/\(submitted.id)/documents/\(Self.sha(file))"
            let read = try await fixture.send(.get, path, as: ["unit_officer"])
            #expect(read.status == .ok && read.body == file && read.headers[.contentType] == "application/pdf")
            #expect(read.headers[HTTPField.Name("X-Content-SHA256")!] == Self.sha(file))
            let otherUnit = try await fixture.send(.get, path, as: ["unit_officer"], unit: "vksnd-haiphong")
            #expect(otherUnit.status == .notFound && otherUnit.problemType.hasSuffix(":not_found"))
            // Only the hash of the second document was recorded: not found, not an empty file.
            let hashOnly = try await fixture.send(.get, "/v1/nominations/\(submitted.id)/documents/\(String(repeating: "cd", count: 32))",
                                                  as: ["unit_officer"])
            #expect(hashOnly.status == .notFound)
        }
    }

    @Test func onlyPDFAndImagesByTheirFirstBytesAndWithinTheLimitAreTaken() async throws {
        var settings = ServerFixture.settings()
        settings.maxDocumentBytes = 2_048
        try await ServerFixture.run(settings: settings) { fixture in
            let html = try await Self.upload(fixture, Data("<html><script>alert(1)</script>".utf8), as: ["unit_officer"])
            #expect(html.status == .unsupportedMediaType && html.problemType.hasSuffix(":document_type_not_allowed"), "\(html.text)")
            let large = try await Self.upload(fixture, Data("%PDF-".utf8) + Data(count: 3_000), as: ["unit_officer"])
            #expect(large.status == .contentTooLarge && large.problemType.hasSuffix(":document_too_large"), "\(large.text)")
            let auditor = try await Self.upload(fixture, Data("%PDF-1.4".utf8), as: ["auditor"])
            #expect(auditor.status == .forbidden)
            let png = try await Self.upload(fixture, Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2]), as: ["unit_officer"])
            #expect(png.status == .created && png.json["media_type"] as? String == "image/png")
        }
    }

    @Test func aDossierWhoseUploadedFilesPassTheLimitIsRefused() async throws {
        var settings = ServerFixture.settings()
        settings.maxDocumentBytes = 2_048
        settings.maxDossierBytes = 3_000
        try await ServerFixture.run(settings: settings) { fixture in
            let (first, second) = (Data("%PDF-a".utf8) + Data(count: 1_800), Data("%PDF-b".utf8) + Data(count: 1_800))
            for file in [first, second] {
                #expect(try await Self.upload(fixture, file, as: ["unit_officer"], unit: "vksnd-danang").status == .created)
            }
            // Đà Nẵng's: no other test of the suite submits for it, so its events are this test's alone.
            let body = ServerFixture.adHocBody(unit: "vksnd-danang", name: "Phạm Văn Lớn")
                .replacingOccurrences(of: String(repeating: "ab", count: 32), with: Self.sha(first))
                .replacingOccurrences(of: String(repeating: "cd", count: 32), with: Self.sha(second))
            let refused = try await fixture.send(.post, "/v1/nominations", as: ["unit_officer"], unit: "vksnd-danang", json: body)
            #expect(refused.status == .contentTooLarge && refused.problemType.hasSuffix(":dossier_too_large"), "\(refused.text)")
            #expect(try await fixture.eventCount(unit: "vksnd-danang") == 0, "nothing of the refused submission is written")
        }
    }
}

/// Reading `multipart/form-data` as a browser sends it.
struct MultipartFormTests {
    @Test func textsAndFilesAreReadInOrderWithQuotedParameters() throws {
        let body = Data((
            "--b0\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n"
            + "--b0\r\nContent-Disposition: form-data; name=\"docTitle[]\"\r\n\r\nTờ trình; số 1 & 2\r\n"
            + "--b0\r\nContent-Disposition: form-data; name=\"docFile[]\"; filename=\"a;b.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-\r\n--x\r\n"
            + "--b0\r\nContent-Disposition: form-data; name=\"docFile[]\"; filename=\"\"\r\n\r\n\r\n"
            + "--b0--\r\n").utf8)
        let form = try MultipartForm(body: body, contentType: "multipart/form-data; boundary=\"b0\"")
        #expect(form.parts.map(\.name) == ["csrf", "docTitle[]", "docFile[]", "docFile[]"])
        let files = form.files(named: "docFile[]")
        #expect(files.map(\.filename) == ["a;b.pdf", ""])
        #expect(files.first?.content == Data("%PDF-\r\n--x".utf8), "a line that only starts like the boundary stays in the file")
        #expect(form.urlEncodedTexts == "csrf=abc&docTitle%5B%5D=T%E1%BB%9D%20tr%C3%ACnh%3B%20s%E1%BB%91%201%20%26%202")
    }

    @Test func aBodyCutShortOrWithoutBoundaryIsRefusedNotCrashed() {
        #expect(throws: Problem.self) { try MultipartForm(body: Data("--b0\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunfinished".utf8),
                                                         contentType: "multipart/form-data; boundary=b0") }
        #expect(throws: Problem.self) { try MultipartForm(body: Data(), contentType: "multipart/form-data") }
        #expect(throws: Problem.self) { try MultipartForm(body: Data("--b0".utf8), contentType: "multipart/form-data; boundary=b0") }
    }
}
