import Crypto
import Foundation
import Hummingbird
@testable import LaurelServer
import PostgresTestSupport
import Testing

/// Awards held before Laurel imported over HTTP: a spreadsheet's CSV (byte order mark, CRLF) as
/// the standing office sends it, the awards registry showing the awards as imported, every bad row
/// answered at once with nothing stored, the same file again adding nothing, and the units the
/// importing office covers.
@Suite(.freshDatabase, .serialized, .tags(.database))
struct AwardImportRouteTests {
    static let header = "\u{FEFF}person_id,name,unit,title,year,decision_number,decision_date\r\n"
    static let csv: HTTPFields = [.contentType: "text/csv; charset=utf-8"]

    static func sha256(_ text: String) -> String { SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined() }

    /// The suite's events, or those whose payload names the file `sha256` (the import's and each person's).
    static func events(of sha256: String? = nil, _ app: ServerFixture) async throws -> Int64 {
        try await app.services.pool.query("SELECT count(*)::int8 FROM events WHERE $1::text IS NULL OR payload ->> 'fileSHA256' = $1",
                                          [sha256])[0].decode(0)
    }

    @Test func anImportedFileShowsInTheRegistryAsImportedAndTheSameFileAgainAddsNothing() async throws {
        try await ServerFixture.run { app in
            let file = Self.header
                + "hn-101,Nguyễn Văn An,vksnd-hanoi,grassroots_emulation_fighter,2023,\"123/QĐ-VKS-HN, ngày 20/12\",2023-12-20\r\n"
                + "hn-101,Nguyễn Văn An,vksnd-hanoi,Chiến sĩ thi đua cơ sở,2024,88/QĐ-VKS-HN,2024-12-19\r\n"
                + "hn-102,Trần Thị Bình,vksnd-hanoi,certificate_of_commendation,2024,31/QĐ-VKS-HN,2024-06-01\r\n"
            let sha = Self.sha256(file)
            let created = try await app.send(.post, "/v1/award-imports", as: ["standing_office"], unit: "vksndtc", json: file,
                                             headers: Self.csv)
            #expect(created.status == .created, "\(created.text)")
            #expect(created.json["file_sha256"] as? String == sha)
            #expect(created.json["rows"] as? Int == 3)
            #expect(created.json["people"] as? Int == 2)
            #expect(created.headers[.location] == "/v1/award-imports/\(sha)")
            #expect(try await Self.events(of: sha, app) == 3)

            let checkpoint = try #require(created.json["checkpoint"] as? String)
            let registry = try await app.send(.get, "/v1/awards?nominee_id=hn-101&checkpoint=\(checkpoint)", as: ["auditor"])
            let items = registry.json["items"] as? [[String: Any]] ?? []
            #expect(items.map { $0["year"] as? Int } == [2023, 2024], "\(registry.text)")
            #expect(items.allSatisfy { $0["imported"] as? Bool == true && $0["import_sha256"] as? String == sha })
            #expect(items.first?["decision_number"] as? String == "123/QĐ-VKS-HN, ngày 20/12")
            #expect(items.first?["decision_date"] as? String == "2023-12-20")
            #expect(items.first?["nominee_name"] as? String == "Nguyễn Văn An")

            let again = try await app.send(.post, "/v1/award-imports", as: ["standing_office"], unit: "vksnd-hanoi", json: file,
                                           headers: Self.csv)
            #expect(again.status == .ok, "\(again.text)")
            #expect(again.json["recorded_by"] as? String == created.json["recorded_by"] as? String)
            #expect(again.json["rows"] as? Int == 3)
            #expect(try await Self.events(of: sha, app) == 3, "nothing added")

            let shown = try await app.send(.get, "/v1/award-imports/\(sha)", as: ["auditor"])
            #expect(shown.status == .ok)
            #expect((shown.json["awards"] as? [[String: Any]])?.first?["person_id"] as? String == "hn-101")
            let elsewhere = try await app.send(.get, "/v1/award-imports/\(sha)", as: ["standing_office"], unit: "vksnd-danang")
            #expect(elsewhere.status == .notFound, "an office not covering the import's units does not see it")
        }
    }

    @Test func threeImportedGrassrootsTitlesMakeTheSectorTitleOneToSubmit() async throws {
        try await ServerFixture.run { app in
            let nominee = "staff-imported-eligibility"
            let refused = try await app.send(.post, "/v1/nominations", as: ["unit_officer"],
                                             json: EligibilityFromTheLogTests.sectorFighter(nominee: nominee, year: 2025))
            #expect(refused.problemType == "urn:laurel:problem:not_eligible", "\(refused.text)")
            let file = Self.header + (2023...2025).map {
                "\(nominee),Đỗ Thị Hạnh,vksnd-hanoi,grassroots_emulation_fighter,\($0),\($0)/QĐ-VKS-HN,\($0)-12-20\r\n"
            }.joined()
            let imported = try await app.send(.post, "/v1/award-imports", as: ["standing_office"], unit: "vksndtc", json: file,
                                              headers: Self.csv)
            #expect(imported.status == .created, "\(imported.text)")
            let eligible = try await app.send(.post, "/v1/nominations", as: ["unit_officer"],
                                              json: EligibilityFromTheLogTests.sectorFighter(nominee: nominee, year: 2025))
            #expect(eligible.status == .created, "\(eligible.text)")
        }
    }

    @Test func everyBadRowIsAnsweredAtOnceAndNothingIsStored() async throws {
        try await ServerFixture.run { app in
            let file = Self.header
                + "hn-111,Lê Văn Cường,vksnd-hanoi,grassroots_emulation_fighter,2024,1/QĐ,2024-12-20\r\n"
                + "hn-112,Phạm Thị Dung,vksnd-hanoi,best_prosecutor,2024,2/QĐ,2024-12-20\r\n"
                + "hn-113,Hoàng Văn Em,vksnd-hanoi,grassroots_emulation_fighter,twenty,3/QĐ,2024-12-20\r\n"
                + "hn-111,Lê Văn Cường,vksnd-hanoi,grassroots_emulation_fighter,2024,1b/QĐ,2024-12-21\r\n"
            let before = try await Self.events(app)
            let refused = try await app.send(.post, "/v1/award-imports", as: ["standing_office"], unit: "vksndtc", json: file,
                                             headers: Self.csv)
            #expect(refused.status == .unprocessableContent, "\(refused.text)")
            #expect(refused.headers[.contentType] == "application/problem+json")
            #expect(refused.problemType == "urn:laurel:problem:invalid_rows")
            let rows = refused.json["errors"] as? [[String: Any]] ?? []
            #expect(rows.map { "\($0["row"] as? Int ?? 0) \($0["field"] as? String ?? "-")" } == ["2 title", "3 year", "4 "],
                    "every row by number, from 1 as a year-end list's")
            #expect(try await Self.events(app) == before)

            let notUTF8 = try await app.client.execute(
                uri: "/v1/award-imports", method: .post,
                headers: [.authorization: "Bearer \(try await app.token(["standing_office"], unit: "vksndtc"))", .contentType: "text/csv"],
                body: ByteBuffer(bytes: Array(Self.header.utf8) + [0x4e, 0x67, 0x75, 0x79, 0xea, 0x6e, 0x0d, 0x0a])) { $0.status }
            #expect(notUTF8 == .badRequest)
            #expect(try await Self.events(app) == before)

            let xml = try await app.send(.post, "/v1/award-imports", as: ["standing_office"], unit: "vksndtc", json: "<rows/>",
                                         headers: [.contentType: "application/xml"])
            #expect(xml.status == .unsupportedMediaType)
        }
    }

    @Test func rowsSentAsJSONAreCheckedAsAFilesAre() async throws {
        try await ServerFixture.run { app in
            let row = #"{"person_id": "hn-131", "name": "Đặng Thị Hoa", "unit": "vksnd-hanoi", "title": "TITLE", "year": 2024, "#
                + #""decision_number": "5/QĐ-VKS-HN", "decision_date": "2024-12-20"}"#
            let bad = #"{"rows": [\#(row.replacingOccurrences(of: "TITLE", with: "grassroots_emulation_fighter")), "#
                + #"\#(row.replacingOccurrences(of: "TITLE", with: "nope"))]}"#
            let refused = try await app.send(.post, "/v1/award-imports", as: ["standing_office"], unit: "vksndtc", json: bad)
            #expect(refused.problemType == "urn:laurel:problem:invalid_rows", "\(refused.text)")
            #expect((refused.json["errors"] as? [[String: Any]])?.map { $0["row"] as? Int } == [2])
            let mistyped = try await app.send(.post, "/v1/award-imports", as: ["standing_office"], unit: "vksndtc",
                                              json: #"{"rows": [{"year": "2024"}]}"#)
            #expect(mistyped.problemType == "urn:laurel:problem:validation_failed", "\(mistyped.text)")
            let good = #"{"rows": [\#(row.replacingOccurrences(of: "TITLE", with: "grassroots_emulation_fighter"))]}"#
            let created = try await app.send(.post, "/v1/award-imports", as: ["standing_office"], unit: "vksndtc", json: good)
            #expect(created.status == .created, "\(created.text)")
            #expect(created.json["file_sha256"] as? String == Self.sha256(good))
        }
    }

    @Test func onlyTheStandingOfficeImportsAndOnlyForTheUnitsItCovers() async throws {
        try await ServerFixture.run { app in
            let file = Self.header + "na-121,Lý Văn Phúc,vksnd-nghean,grassroots_emulation_fighter,2024,8/QĐ,2024-12-20\r\n"
            let officer = try await app.send(.post, "/v1/award-imports", as: ["unit_officer"], unit: "vksnd-nghean", json: file,
                                             headers: Self.csv)
            #expect(officer.status == .forbidden)
            #expect(officer.problemType == "urn:laurel:problem:role_not_allowed")
            let hanoi = try await app.send(.post, "/v1/award-imports", as: ["standing_office"], unit: "vksnd-hanoi", json: file,
                                           headers: Self.csv)
            #expect(hanoi.status == .forbidden, "\(hanoi.text)")
            #expect(hanoi.problemType == "urn:laurel:problem:unit_not_allowed")
            #expect((hanoi.json["errors"] as? [[String: Any]])?.first?["row"] as? Int == 1)
            #expect(try await Self.events(of: Self.sha256(file), app) == 0)
            let nghean = try await app.send(.post, "/v1/award-imports", as: ["standing_office"], unit: "vksnd-nghean", json: file,
                                            headers: Self.csv)
            #expect(nghean.status == .created, "\(nghean.text)")
        }
    }
}
