import Foundation
import Hummingbird
@testable import LaurelServer
import PostgresTestSupport
import Testing

/// The multi-year summary and a unit's yearbook over HTTP, on awards imported into an empty
/// registry, every figure counted by hand: JSON, CSV and the printable page, scoped by unit.
@Suite(.freshDatabase, .serialized, .tags(.database))
struct AwardReportRouteTests {
    static let file = AwardImportRouteTests.header
        + "hn-201,Nguyễn Văn Hùng,vksnd-hanoi,grassroots_emulation_fighter,2022,12/QĐ-VKS-HN,2022-12-20\r\n"
        + "hn-202,\"Lê Thị <Mai>\",vksnd-hanoi,certificate_of_commendation,2024,31/QĐ-VKS-HN,2024-06-01\r\n"
        + "hn-203,Phạm Văn Tùng,vksnd-hanoi,certificate_of_commendation,1990,5/QĐ-VKS-HN,1990-07-26\r\n"
        + "dn-201,Trần Thị Hoa,vksnd-danang,grassroots_emulation_fighter,2023,7/QĐ-VKS-ĐN,2023-12-15\r\n"

    @Test func theSummaryAndTheYearbookCountWhatTheRegistryHolds() async throws {
        try await ServerFixture.run { app in
            let imported = try await app.send(.post, "/v1/award-imports", as: ["standing_office"], unit: "vksndtc", json: Self.file,
                                              headers: AwardImportRouteTests.csv)
            #expect(imported.status == .created, "\(imported.text)")
            let checkpoint = try #require(imported.json["checkpoint"] as? String)

            // The sector: 2022 Hà Nội 1, 2023 Đà Nẵng 1, 2024 Hà Nội 1; 1990 is outside the period.
            let summary = try await app.send(.get, "/v1/reports/five-year?from=2021&to=2025&checkpoint=\(checkpoint)", as: ["auditor"])
            #expect(summary.status == .ok, "\(summary.text)")
            let years = summary.json["years"] as? [[String: Any]] ?? []
            #expect(years.map { $0["awards"] as? Int } == [0, 1, 1, 1, 0], "\(summary.text)")
            #expect(years.map { $0["imported"] as? Int } == [0, 1, 1, 1, 0])
            #expect(summary.json["total"] as? Int == 3)
            let titles = summary.json["titles"] as? [[String: Any]] ?? []
            #expect(titles.first?["code"] as? String == "grassroots_emulation_fighter" && titles.first?["total"] as? Int == 2)
            let units = summary.json["units"] as? [[String: Any]] ?? []
            #expect(units.map { $0["code"] as? String } == ["vksnd-hanoi", "vksnd-danang"])

            // Đà Nẵng's officer sees Đà Nẵng's alone, and may not ask for Hà Nội's.
            let danang = try await app.send(.get, "/v1/reports/five-year?from=2021&to=2025", as: ["unit_officer"], unit: "vksnd-danang")
            #expect((danang.json["years"] as? [[String: Any]] ?? []).map { $0["awards"] as? Int } == [0, 0, 1, 0, 0], "\(danang.text)")
            #expect(try await app.send(.get, "/v1/reports/five-year?unit=vksnd-hanoi", as: ["unit_officer"], unit: "vksnd-danang").status
                    == .forbidden)
            for bad in ["from=2025&to=2021", "from=2000&to=2020", "to=1800"] {
                let refused = try await app.send(.get, "/v1/reports/five-year?\(bad)", as: ["auditor"])
                #expect(refused.status == .unprocessableContent && refused.problemType == "urn:laurel:problem:validation_failed", "\(bad): \(refused.text)")
            }

            let csv = try await app.send(.get, "/v1/reports/five-year.csv?from=2021&to=2025", as: ["auditor"])
            #expect(csv.status == .ok && csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.body.starts(with: [0xEF, 0xBB, 0xBF]), "a byte order mark")
            let rows = csv.text.dropFirst().split(separator: "\r\n")
            #expect(rows.count == 4, "a header and one line a tally: \(csv.text)")
            #expect(rows.dropFirst().map { $0.split(separator: ",").first } == ["2022", "2023", "2024"])
            let printed = try await app.send(.get, "/v1/reports/five-year/document?from=2021&to=2025", as: ["auditor"])
            #expect(printed.status == .ok && printed.text.contains("BÁO CÁO TỔNG KẾT CÔNG TÁC KHEN THƯỞNG GIAI ĐOẠN 2021–2025"))
            #expect(printed.text.contains("Kế hoạch số 09/KH-VKSTC"))

            // Hà Nội's yearbook: since its founding, 1990 included, oldest first, imported ones noted.
            let yearbook = try await app.send(.get, "/v1/units/vksnd-hanoi/yearbook?checkpoint=\(checkpoint)", as: ["unit_officer"])
            #expect(yearbook.status == .ok, "\(yearbook.text)")
            let awards = yearbook.json["awards"] as? [[String: Any]] ?? []
            #expect(awards.map { $0["year"] as? Int } == [1990, 2022, 2024], "\(yearbook.text)")
            #expect(awards.allSatisfy { $0["imported"] as? Bool == true })
            #expect(yearbook.json["complete"] as? Bool == true)
            let book = try await app.send(.get, "/v1/units/vksnd-hanoi/yearbook/document", as: ["unit_officer"])
            #expect(book.text.contains("KỶ YẾU KẾT QUẢ KHEN THƯỞNG") && book.text.contains("Năm 1990"))
            #expect(book.text.contains("5/QĐ-VKS-HN, ngày 26/07/1990"))
            #expect(book.text.contains("Lê Thị &lt;Mai&gt;") && !book.text.contains("<Mai>"), "names are escaped")
            let bookCSV = try await app.send(.get, "/v1/units/vksnd-hanoi/yearbook.csv", as: ["unit_officer"])
            #expect(bookCSV.body.starts(with: [0xEF, 0xBB, 0xBF]) && bookCSV.text.contains("Nguyễn Văn Hùng"))
            #expect(bookCSV.text.dropFirst().split(separator: "\r\n").count == 4)

            // Another unit's yearbook is not found, exactly as a unit that does not exist.
            for suffix in ["", "/document", ".csv"] {
                let other = try await app.send(.get, "/v1/units/vksnd-hanoi/yearbook\(suffix)", as: ["unit_officer"], unit: "vksnd-danang")
                let none = try await app.send(.get, "/v1/units/vksnd-nowhere/yearbook\(suffix)", as: ["unit_officer"], unit: "vksnd-danang")
                #expect(other.status == .notFound && none.status == .notFound)
                #expect(other.text.replacingOccurrences(of: "vksnd-hanoi", with: "vksnd-nowhere") == none.text)
            }
        }
    }
}
