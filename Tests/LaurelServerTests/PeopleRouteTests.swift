import Foundation
import Hummingbird
@testable import LaurelServer
import PostgresTestSupport
import Testing

/// People across years and units over HTTP: a search that ignores diacritics and case, every title
/// by year (imported, or decided in Laurel) with the unit it was held in, a transfer between units
/// kept, and only for callers covering one of the person's units.
@Suite(.freshDatabase, .tags(.database))
struct PeopleRouteTests {
    /// Nguyễn Văn An (`person`): grassroots titles at Nghệ An in 2022 and 2023, imported; then at
    /// Hà Nội, nominated in Laurel for a certificate of merit in 2026. Returns the nomination and
    /// the checkpoint of its submission.
    static func transferred(_ person: String, _ app: ServerFixture) async throws -> (nomination: String, checkpoint: String) {
        let file = "person_id,name,unit,title,year,decision_number,decision_date\n"
            + "\(person),Nguyễn Văn An,vksnd-nghean,grassroots_emulation_fighter,2022,51/QĐ-VKS-NA,2022-12-22\n"
            + "\(person),Nguyễn Văn An,vksnd-nghean,grassroots_emulation_fighter,2023,47/QĐ-VKS-NA,2023-12-21\n"
        let imported = try await app.send(.post, "/v1/award-imports", as: ["standing_office"], unit: "vksndtc", json: file,
                                          headers: [.contentType: "text/csv"])
        #expect(imported.status == .created, "\(imported.text)")
        let body = ServerFixture.adHocBody(name: "Nguyễn Văn An", nomineeID: person)
        let submitted = try await app.send(.post, "/v1/nominations", as: ["unit_officer"], unit: "vksnd-hanoi", json: body)
        #expect(submitted.status == .created, "\(submitted.text)")
        #expect(submitted.nomination["nominee"].flatMap { ($0 as? [String: Any])?["id"] as? String } == person)
        return (submitted.id, try #require(submitted.json["checkpoint"] as? String))
    }

    @Test func aSearchWithoutDiacriticsFindsThePersonAndTheirPageKeepsTheTransfer() async throws {
        try await ServerFixture.run { app in
            let (nomination, checkpoint) = try await Self.transferred("pp-201", app)
            let found = try await app.send(.get, "/v1/people?q=NGUYEN%20van%20an&checkpoint=\(checkpoint)", as: ["standing_office"],
                                           unit: "vksndtc")
            let items = (found.json["items"] as? [[String: Any]] ?? []).filter { $0["person_id"] as? String == "pp-201" }
            #expect(items.count == 1, "\(found.text)")
            #expect(items.first?["name"] as? String == "Nguyễn Văn An")
            #expect(items.first?["units"] as? [String] == ["vksnd-nghean", "vksnd-hanoi"])

            let page = try await app.send(.get, "/v1/people/pp-201", as: ["unit_officer"], unit: "vksnd-hanoi")
            #expect(page.status == .ok, "\(page.text)")
            let units = (page.json["units"] as? [[String: Any]] ?? []).map {
                "\($0["unit"] as? String ?? "") \($0["from_year"] as? Int ?? 0)-\($0["to_year"] as? Int ?? 0)"
            }
            #expect(units == ["vksnd-nghean 2022-2023", "vksnd-hanoi 2026-2026"], "the transfer is kept")
            let titles = page.json["titles"] as? [[String: Any]] ?? []
            #expect(titles.map { $0["year"] as? Int } == [2022, 2023, 2026])
            #expect(titles.map { $0["imported"] as? Bool } == [true, true, false])
            #expect(titles.map { $0["unit"] as? String } == ["vksnd-nghean", "vksnd-nghean", "vksnd-hanoi"])
            #expect(titles.first?["decision_number"] as? String == "51/QĐ-VKS-NA")
            #expect(titles.first?["decision_date"] as? String == "2022-12-22")
            #expect(titles.first?["state"] as? String == "imported")
            #expect(titles.last?["nomination_id"] as? String == nomination)
            #expect(titles.last?["state"] as? String == "submitted")
        }
    }

    @Test func aCallerCoveringNoneOfThePersonsUnitsNeitherFindsNorReadsThem() async throws {
        try await ServerFixture.run { app in
            let (_, checkpoint) = try await Self.transferred("pp-202", app)
            let search = try await app.send(.get, "/v1/people?q=an&checkpoint=\(checkpoint)", as: ["unit_officer"], unit: "vksnd-danang")
            #expect(search.status == .ok)
            #expect((search.json["items"] as? [[String: Any]] ?? []).allSatisfy { $0["person_id"] as? String != "pp-202" },
                    "\(search.text)")
            let page = try await app.send(.get, "/v1/people/pp-202", as: ["unit_officer"], unit: "vksnd-danang")
            #expect(page.status == .notFound)
            #expect(page.problemType == "urn:laurel:problem:not_found")
            let nghean = try await app.send(.get, "/v1/people/pp-202", as: ["unit_officer"], unit: "vksnd-nghean")
            #expect(nghean.status == .ok, "the unit the person left still sees their record")
            let otherUnit = try await app.send(.get, "/v1/people?unit=vksnd-hanoi", as: ["unit_officer"], unit: "vksnd-danang")
            #expect(otherUnit.status == .forbidden)
        }
    }
}
