import Crypto
import Foundation
import HTTPTypes
import Postgres
import PostgresTestSupport
import Testing

/// A dossier's files uploaded with the console's forms: stored by their SHA-256, their type told by
/// their first bytes, within the settings' limits, handed back only to who may see the nomination
/// and only while they still match their hash.
@Suite(.freshDatabase, .tags(.database))
struct ConsoleDocumentsTests {
    /// A small PDF: what its first bytes must say, and a body unique to `seed`.
    static func pdf(_ seed: String, bytes: Int = 600) -> Data {
        var content = Data("%PDF-1.7\n% \(seed)\n".utf8)
        content.append(Data(repeating: UInt8(ascii: "x"), count: max(0, bytes - content.count)))
        return content
    }

    static func sha(_ data: Data) -> String { SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() }

    /// The submission's text fields, its two rows' hashes left empty for the files.
    static func fields(_ session: Session, id: String) -> [(String, String)] {
        [
            ("csrf", session.csrf), ("title", "certificate_of_merit"), ("year", "2026"), ("nomineeType", "individual"),
            ("nomineeId", id), ("nomineeName", "Trần Thị Bình"), ("position", "Kiểm sát viên"),
            ("summary", "Thành tích đột xuất trong vụ án."),
            ("docKind[]", "submission"), ("docTitle[]", ""), ("docSha[]", ""),
            ("docKind[]", "achievement_summary"), ("docTitle[]", "Báo cáo tóm tắt"), ("docSha[]", ""),
        ]
    }

    /// Submits with `files` for the two rows; the response.
    static func submit(_ fixture: ConsoleFixture, _ session: Session, id: String, files: [Data]) async throws -> Page {
        try await fixture.sendMultipart("/nominations", cookies: session.cookies, fields: fields(session, id: id),
                                        files: files.enumerated().map { (name: "docFile[]", filename: "to-trinh-\($0.offset).pdf", content: $0.element) })
    }

    @Test func filesUploadedWithTheSubmissionAreStoredByHashAndHandedBackToWhoMaySeeIt() async throws {
        try await ConsoleFixture.run { fixture in
            try await fixture.account("lan-d1", roles: ["unit_officer"])
            try await fixture.account("hai-d1", roles: ["unit_officer"], unit: "vksnd-haiphong")
            let lan = try await fixture.session("lan-d1")
            let (first, second) = (Self.pdf("d1-a"), Self.pdf("d1-b"))
            let submitted = try await Self.submit(fixture, lan, id: "cb-d1", files: [first, second])
            #expect(submitted.status == .seeOther, "\(submitted.text)")
            let id = try #require(submitted.location?.firstMatch(of: /\/nominations\/(N-[0-9a-f]+)/)).1.description
            // The event keeps the hashes; a row with no title takes the file's name.
            let documents = try #require(try await fixture.services.tenants.defaultTenant.commands.nomination(id).state?.documents)
            #expect(documents.map(\.sha256) == [Self.sha(first), Self.sha(second)])
            #expect(documents.map(\.title) == ["to-trinh-0.pdf", "Báo cáo tóm tắt"])
            let page = try await fixture.send(.get, "/nominations/\(id)", cookies: lan.cookies)
            #expect(page.text.contains("href=\"/nominations/\(id)/documents/\(Self.sha(first))\""), "\(page.text)")
            let download = try await fixture.send(.get, "/nominations/\(id)/documents/\(Self.sha(first))", cookies: lan.cookies)
            #expect(download.status == .ok && download.headers[.contentType] == "application/pdf")
            #expect(download.text == String(decoding: first, as: UTF8.self))
            #expect(download.headers[.contentDisposition]?.hasPrefix("attachment;") == true)
            // Another unit's officer, by the same URL: the not-found page, nothing of the file.
            let hai = try await fixture.session("hai-d1")
            let other = try await fixture.send(.get, "/nominations/\(id)/documents/\(Self.sha(first))", cookies: hai.cookies)
            #expect(other.status == .notFound && other.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(!other.text.contains("d1-a"))
            // A hash the dossier does not name is not found either, even when stored for another nomination.
            let stranger = try await fixture.send(.get, "/nominations/\(id)/documents/\(String(repeating: "ab", count: 32))", cookies: lan.cookies)
            #expect(stranger.status == .notFound)
        }
    }

    @Test func aFileIsJudgedByItsFirstBytesNotItsName() async throws {
        try await ConsoleFixture.run { fixture in
            try await fixture.account("lan-d2", roles: ["unit_officer"])
            let lan = try await fixture.session("lan-d2")
            let script = Data("#!/bin/sh\necho not a pdf\n".utf8)
            let refused = try await Self.submit(fixture, lan, id: "cb-d2", files: [script])
            #expect(refused.status == .unsupportedMediaType, "\(refused.text)")
            #expect(refused.text.contains("document_type_not_allowed") && refused.text.contains("Trần Thị Bình"), "the form comes back filled")
            let stored = try await fixture.services.pool.query("SELECT count(*)::int8 FROM dossier_documents WHERE sha256 = $1",
                                                               [Self.sha(script)])
            #expect(try stored[0].decode(0) as Int64 == 0)
            // PNG and JPEG are taken, by their signatures.
            let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data("d2-png".utf8)
            let jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0]) + Data("d2-jpeg".utf8)
            let taken = try await Self.submit(fixture, lan, id: "cb-d2", files: [png, jpeg])
            #expect(taken.status == .seeOther, "\(taken.text)")
        }
    }

    @Test func aFileOrADossierOverItsLimitIsRefusedWithTheRule() async throws {
        try await ConsoleFixture.run { fixture in
            try await fixture.account("lan-d3", roles: ["unit_officer"])
            let lan = try await fixture.session("lan-d3")
            let large = try await Self.submit(fixture, lan, id: "cb-d3", files: [Self.pdf("d3-large", bytes: 70 * 1024)])
            #expect(large.status == .contentTooLarge && large.text.contains("document_too_large"), "\(large.text)")
            let two = [Self.pdf("d3-a", bytes: 50 * 1024), Self.pdf("d3-b", bytes: 50 * 1024)]
            let dossier = try await Self.submit(fixture, lan, id: "cb-d3", files: two)
            #expect(dossier.status == .contentTooLarge && dossier.text.contains("dossier_too_large"), "\(dossier.text)")
            let stored = try await fixture.services.pool.query(
                "SELECT count(*)::int8 FROM dossier_documents WHERE sha256 = ANY($1::text[])", [PostgresArray(two.map(Self.sha))])
            #expect(try stored[0].decode(0) as Int64 == 0, "a dossier over its limit stores none of its files")
        }
    }

    @Test func anAmendmentAfterAReturnTakesANewFile() async throws {
        try await ConsoleFixture.run { fixture in
            try await fixture.account("lan-d5", roles: ["unit_officer"])
            try await fixture.account("office-d5", roles: ["standing_office"], unit: "vksndtc")
            let lan = try await fixture.session("lan-d5")
            let submitted = try await Self.submit(fixture, lan, id: "cb-d5", files: [Self.pdf("d5-a"), Self.pdf("d5-b")])
            let id = try #require(submitted.location?.firstMatch(of: /\/nominations\/(N-[0-9a-f]+)/)).1.description
            let office = try await fixture.session("office-d5")
            let returned = try await fixture.send(.post, "/nominations/\(id)/return", cookies: office.cookies,
                                                  form: [("csrf", office.csrf), ("reason", "Thiếu báo cáo có xác nhận")])
            #expect(returned.status == .seeOther, "\(returned.text)")
            let (first, second, report) = (Self.pdf("d5-a"), Self.pdf("d5-b"), Self.pdf("d5-report"))
            let amended = try await fixture.sendMultipart(
                "/nominations/\(id)/amend", cookies: lan.cookies,
                fields: [("csrf", lan.csrf), ("summary", "Bổ sung báo cáo có xác nhận."),
                         ("docKind[]", "submission"), ("docTitle[]", "Tờ trình"), ("docSha[]", Self.sha(first)),
                         ("docKind[]", "achievement_summary"), ("docTitle[]", "Báo cáo tóm tắt"), ("docSha[]", Self.sha(second)),
                         ("docKind[]", "achievement_report"), ("docTitle[]", ""), ("docSha[]", "")],
                files: [(name: "docFile[]", filename: "", content: Data()), (name: "docFile[]", filename: "", content: Data()),
                        (name: "docFile[]", filename: "bao-cao-xac-nhan.pdf", content: report)])
            #expect(amended.status == .seeOther, "\(amended.text)")
            let documents = try #require(try await fixture.services.tenants.defaultTenant.commands.nomination(id).state?.documents)
            #expect(documents.map(\.sha256) == [first, second, report].map(Self.sha))
            #expect(documents.last?.title == "bao-cao-xac-nhan.pdf")
            let download = try await fixture.send(.get, "/nominations/\(id)/documents/\(Self.sha(report))", cookies: lan.cookies)
            #expect(download.status == .ok && download.text.contains("d5-report"))
        }
    }

    @Test func aStoredFileThatNoLongerMatchesItsHashIsRefused() async throws {
        try await ConsoleFixture.run { fixture in
            try await fixture.account("lan-d4", roles: ["unit_officer"])
            let lan = try await fixture.session("lan-d4")
            let file = Self.pdf("d4")
            let submitted = try await Self.submit(fixture, lan, id: "cb-d4", files: [file, Self.pdf("d4-summary")])
            #expect(submitted.status == .seeOther, "\(submitted.text)")
            let id = try #require(submitted.location?.firstMatch(of: /\/nominations\/(N-[0-9a-f]+)/)).1.description
            // Someone with the owner's rights alters the bytes behind the application's back.
            try await Connection.withConnection(try TestDatabase.configuration) { connection in
                _ = try await connection.query("UPDATE dossier_documents SET content = $1 WHERE sha256 = $2",
                                               [Self.pdf("d4-forged"), Self.sha(file)])
            }
            let refused = try await fixture.send(.get, "/nominations/\(id)/documents/\(Self.sha(file))", cookies: lan.cookies)
            #expect(refused.status == .conflict && refused.text.contains("document_hash_mismatch"), "\(refused.text)")
            #expect(!refused.text.contains("d4-forged"))
        }
    }
}
