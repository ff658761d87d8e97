import Foundation
import Hummingbird
import Postgres
@testable import LaurelServer
import PostgresTestSupport
import Testing
import Workflow

/// The forms of the statistical report to the Ministry of Home Affairs over HTTP, for report year
/// 2026 (01/12/2025 to 30/11/2026) on a server whose today is 10/12/2026: awards imported and
/// decided, movements launched, every cell counted by hand; JSON, CSV and the printable page;
/// scoped by unit, and another tenant sees none of it.
@Suite(.freshDatabase, .serialized, .tags(.database))
struct StatisticalReportRouteTests {
    static let today = LocalDate(year: 2026, month: 12, day: 10)!

    /// Held before Laurel: two certificates, a fighter and a medal in the period (one on each of
    /// its first and last days), a certificate the day before it and a fighter the day after.
    static let file = AwardImportRouteTests.header
        + "hn-301,Nguyễn Văn Hải,vksnd-hanoi,certificate_of_merit,2025,101/QĐ-VKSTC,2025-12-01\r\n"
        + "hn-302,Trần Thị Lan,vksnd-hanoi,sector_emulation_fighter,2025,102/QĐ-VKSTC,2026-02-10\r\n"
        + "hn-303,Lê Văn Minh,vksnd-hanoi,commemorative_medal,2026,103/QĐ-VKSTC,2026-07-26\r\n"
        + "dn-301,Phạm Thị Thu,vksnd-danang,certificate_of_merit,2026,104/QĐ-VKSTC,2026-11-30\r\n"
        + "hn-304,Vũ Văn Nam,vksnd-hanoi,certificate_of_merit,2025,99/QĐ-VKSTC,2025-11-30\r\n"
        + "hn-305,Đỗ Thị Hà,vksnd-hanoi,sector_emulation_fighter,2026,105/QĐ-VKSTC,2026-12-01\r\n"

    /// Decided in Laurel, written to the registry as its projection would: (nomination, unit,
    /// type, title, kind, decision date, front-line, revoked). T1's nomination names a movement.
    static let decided: [(String, String, String, String, String, String, Bool, Bool)] = [
        ("N-T1", "vksnd-hanoi", "collective", "certificate_of_merit", "ad_hoc", "2026-05-05", false, false),
        ("N-F1", "vksnd-danang", "collective", "sector_emulation_flag", "annual", "2026-01-20", false, false),
        ("N-I1", "vksnd-hanoi", "individual", "certificate_of_merit", "ad_hoc", "2026-04-01", true, false),
        ("N-R1", "vksnd-hanoi", "individual", "sector_emulation_fighter", "annual", "2026-03-01", false, true),
    ]

    /// Writes `decided` as the database's owner: the application may not write read models itself.
    static func record() async throws {
        let pool = ConnectionPool(configuration: try TestDatabase.configuration, options: .init(maxConnections: 1))
        for (id, unit, type, title, kind, date, frontLine, revoked) in Self.decided {
            try await pool.query("""
                INSERT INTO projection_awards.awards (tenant, nomination_id, nominee_type, nominee_id, nominee_name, unit,
                    kind, title, title_name, year, decision_number, decision_date, is_front_line, is_small_collective, revoked)
                VALUES ($8, $1, $2, $1, 'Tập thể, cá nhân ' || $1, $3, $4, $5, $5, 2026, 'QĐ', $6::date, $7, false, $9)
                """, [id, type, unit, kind, title, date, frontLine, ServerFixture.settings().tenant, revoked])
        }
        try await pool.query("""
            INSERT INTO projection_nominations.nominations (tenant, nomination_id, kind, title, title_name, year, nominee_type,
                nominee_id, nominee_name, nominee_search, unit, state, stage_entered_on, rule_set_version, workflow_version,
                submitted_position, version, last_changed_at, movement)
            VALUES ($1, 'N-T1', 'ad_hoc', 'certificate_of_merit', 'Bằng khen', 2026, 'collective', 'N-T1', 'Phòng 1', 'phong 1',
                'vksnd-hanoi', 'approved', '2026-05-05', '2025.1', 1, 1, 3, now(), 'ky-niem-66')
            """, [ServerFixture.settings().tenant])
        await pool.close()
    }

    static func movement(_ id: String, authority: String, from: String, to: String, anniversary: String? = nil) -> String {
        let tied = anniversary.map { #", "anniversary": "\#($0)""# } ?? ""
        return """
            {"id": "\(id)", "name": "Phong trào \(id)", "authority": "\(authority)", "decision": "Kế hoạch \(id)",
             "from": "\(from)", "to": "\(to)", "goals": ["Hoàn thành xuất sắc nhiệm vụ"], "criteria": ["Đạt chỉ tiêu"]\(tied)}
            """
    }

    /// The cells of row `code`, nil where blank.
    static func cells(_ reply: Reply, _ code: String) -> [Int?] {
        let rows = reply.json["rows"] as? [[String: Any]] ?? []
        return (rows.first { $0["code"] as? String == code }?["values"] as? [Any] ?? []).map { $0 as? Int }
    }

    @Test func theFormsCountWhatTheRegistryAndTheMovementsHold() async throws {
        try await ServerFixture.run(today: { Self.today }) { app in
            let imported = try await app.send(.post, "/v1/award-imports", as: ["standing_office"], unit: "vksndtc", json: Self.file,
                                              headers: AwardImportRouteTests.csv)
            #expect(imported.status == .created, "\(imported.text)")
            let checkpoint = try #require(imported.json["checkpoint"] as? String)
            try await Self.record()

            // In the period: the certificates hn-301, dn-301, N-T1 (thematic, a collective) and N-I1 (front-line); the
            // fighter hn-302; the flag N-F1 (a collective); the medal hn-303. Out: hn-304, hn-305, N-R1 (revoked).
            let sector = try await app.send(.get, "/v1/reports/moha/0603?year=2026&checkpoint=\(checkpoint)", as: ["auditor"])
            #expect(sector.status == .ok, "\(sector.text)")
            #expect(sector.json["form"] as? String == "0603.N/BNV-TĐKT" && sector.json["from"] as? String == "2025-12-01")
            #expect(Self.cells(sector, "01") == [7, 4, 1, 1, 1], "\(sector.text)")
            #expect(Self.cells(sector, "02") == [2, 1, 0, 1, 0])
            #expect(Self.cells(sector, "03") == [nil, nil, nil, nil, nil])
            #expect(Self.cells(sector, "05") == [5, 3, 1, 0, 1])
            #expect(Self.cells(sector, "10") == [1, 1, 0, 0, 0])
            #expect(Self.cells(sector, "11") == [2, 0, 1, 1, 0])
            #expect(Self.cells(sector, "12") == [1, 1, 0, 0, 0])
            #expect(Self.cells(sector, "13") == [3, 3, 0, 0, 0])
            #expect(Self.cells(sector, "16") == [1, 0, 0, 0, 1])
            #expect((sector.json["notes"] as? [String])?.first?.contains("kể cả 4 khen thưởng") == true)
            // December: the default year is the one whose period just ended.
            let byDefault = try await app.send(.get, "/v1/reports/moha/0603", as: ["auditor"])
            #expect(byDefault.json["year"] as? Int == 2026 && Self.cells(byDefault, "01") == [7, 4, 1, 1, 1])
            #expect(Self.cells(try await app.send(.get, "/v1/reports/moha/0603?year=2025", as: ["auditor"]), "01") == [1, 1, 0, 0, 0],
                    "hn-304, the day before 2026's period")

            // Each unit's officer sees the awards of the units it covers, and may not ask for another's.
            let danang = try await app.send(.get, "/v1/reports/moha/0603?year=2026", as: ["unit_officer"], unit: "vksnd-danang")
            #expect(Self.cells(danang, "01") == [2, 1, 0, 1, 0], "\(danang.text)")
            let hanoi = try await app.send(.get, "/v1/reports/moha/0603?year=2026", as: ["unit_officer"], unit: "vksnd-hanoi")
            #expect(Self.cells(hanoi, "01") == [5, 3, 1, 0, 1], "\(hanoi.text)")
            #expect(try await app.send(.get, "/v1/reports/moha/0603?unit=vksnd-hanoi", as: ["unit_officer"], unit: "vksnd-danang").status
                    == .forbidden)
            let refused = try await app.send(.get, "/v1/reports/moha/0603?year=1800", as: ["auditor"])
            #expect(refused.status == .unprocessableContent && refused.problemType == "urn:laurel:problem:validation_failed")

            let csv = try await app.send(.get, "/v1/reports/moha/0603.csv?year=2026", as: ["auditor"])
            #expect(csv.status == .ok && csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.body.starts(with: [0xEF, 0xBB, 0xBF]), "a byte order mark")
            let lines = csv.text.dropFirst().split(separator: "\r\n")
            #expect(lines.count == 18, "a header and the 17 coded rows: \(csv.text)")
            #expect(lines[1] == "01,Tổng số,,7,4,1,1,1")
            #expect(lines[3] == "03,Trong đó: Doanh nghiệp,Doanh nghiệp,,,,,")
            let printed = try await app.send(.get, "/v1/reports/moha/0603/document?year=2026", as: ["auditor"])
            #expect(printed.status == .ok && printed.text.contains("Biểu số 0603.N/BNV-TĐKT"), "\(printed.text)")
            #expect(printed.text.contains("Đơn vị báo cáo: <b>Viện kiểm sát nhân dân tối cao</b>"), "\(printed.text)")
            #expect(printed.text.contains("<th>Đơn vị tính</th>") && printed.text.contains("<td class=\"n\">—</td>"))

            // Movements: the sector's year and its anniversary's; Hà Nội's two years; Đà Nẵng's five ending in the
            // period's first month. Not counted: the sector's 2025 one ended 30/11/2025, Hà Nội's next starts 01/12/2026.
            let office = ["standing_office"]
            for (id, authority, from, to, anniversary) in [
                ("thi-dua-2026", "vksndtc", "2026-01-15", "2026-12-31", nil),
                ("ky-niem-66", "vksndtc", "2026-03-01", "2026-07-26", "66 năm thành lập ngành KSND"),
                ("hn-2025-2027", "vksnd-hanoi", "2025-06-01", "2027-05-31", nil),
                ("dn-2021-2025", "vksnd-danang", "2021-01-01", "2025-12-31", nil),
                ("thi-dua-2025", "vksndtc", "2025-01-10", "2025-11-30", nil),
                ("hn-2027", "vksnd-hanoi", "2026-12-01", "2027-06-30", nil),
            ] as [(String, String, String, String, String?)] {
                let launched = try await app.send(.post, "/v1/movements", as: office, unit: authority,
                                                  json: Self.movement(id, authority: authority, from: from, to: to, anniversary: anniversary))
                #expect(launched.status == .created, "\(id): \(launched.text)")
            }
            let movements = try await app.send(.get, "/v1/reports/moha/0601?year=2026", as: ["auditor"])
            #expect(movements.status == .ok, "\(movements.text)")
            #expect(movements.json["measure"] as? String == "Phong trào")
            #expect(Self.cells(movements, "01") == [4, nil, 2, 2], "\(movements.text)")
            #expect(Self.cells(movements, "02") == [nil, nil, nil, nil])
            #expect(Self.cells(movements, "03") == [2, nil, 2, 0])
            #expect(Self.cells(movements, "05") == [2, nil, 0, 2])
            #expect(Self.cells(movements, "06") == [1, nil, 1, 0])
            #expect(Self.cells(movements, "07") == [1, nil, 1, 0])
            #expect(Self.cells(movements, "08") == [1, nil, 0, 1])
            #expect(Self.cells(movements, "10") == [1, nil, 0, 1])
            #expect(Self.cells(movements, "11") == [3, nil, 1, 2])
            #expect(Self.cells(movements, "12") == [1, nil, 1, 0])
            let hanoiMovements = try await app.send(.get, "/v1/reports/moha/0601?year=2026", as: ["unit_officer"], unit: "vksnd-hanoi")
            #expect(Self.cells(hanoiMovements, "01") == [1, nil, 0, 1], "Hà Nội's own: \(hanoiMovements.text)")
            let movementsCSV = try await app.send(.get, "/v1/reports/moha/0601.csv?year=2026", as: ["auditor"])
            #expect(movementsCSV.body.starts(with: [0xEF, 0xBB, 0xBF]))
            #expect(movementsCSV.text.dropFirst().split(separator: "\r\n").count == 13)
            let movementsPage = try await app.send(.get, "/v1/reports/moha/0601/document?year=2026", as: ["unit_officer"], unit: "vksnd-hanoi")
            #expect(movementsPage.text.contains("Số phong trào thi đua") && movementsPage.text.contains("Viện kiểm sát nhân dân thành phố Hà Nội"),
                    "\(movementsPage.text)")

            // Another tenant, with the same organisation, counts nothing of this one's.
            let record = try await TenantTests.record("agency-forms", renamed: [:])
            try await TenantTests.save(record)
            _ = try await app.services.tenants.refresh()
            let token = try await TenantTests.token(record, roles: ["auditor"])
            for path in ["/v1/reports/moha/0603?year=2026", "/v1/reports/moha/0601?year=2026"] {
                let other = try await TenantTests.send(app, .get, path, token: token)
                #expect(other.status == .ok, "\(path): \(other.text)")
                #expect(Self.cells(other, "01").allSatisfy { $0 == nil || $0 == 0 }, "\(path): \(other.text)")
            }
        }
    }
}
