import Foundation
import Hummingbird
@testable import LaurelServer
import PostgresTestSupport
import Testing
import Workflow

/// A unit's emulation registration and task ratings over HTTP: who records them when, the
/// problem documents of what is refused, who reads them, and a submission that reads them.
/// Serialized: its tests would otherwise hold their connections at once, beside every other suite's.
@Suite(.freshDatabase, .serialized, .tags(.database))
struct RegistrationRouteTests {
    static let january = LocalDate(year: 2026, month: 1, day: 15)!
    static let path = "/v1/units/vksnd-hanoi/registrations/2026"

    static func add(_ title: String, _ id: String, _ name: String) -> String {
        #"{"title": "\#(title)", "person": {"id": "\#(id)", "name": "\#(name)"}}"#
    }

    @Test func theUnitFilesAndAmendsUntilTheDeadlineAndReadsItsOwn() async throws {
        try await ServerFixture.run(today: { Self.january }) { app in
            let filed = try await app.send(.post, Self.path, as: ["unit_officer"], json: """
                {"collective_title": "excellent_labour_collective",
                 "add": [\(Self.add("advanced_worker", "staff-7", "Nguyễn Văn An")), \(Self.add("advanced_worker", "staff-8", "Lê Thị Bình"))]}
                """)
            #expect(filed.status == .created, "\(filed.text)")
            #expect(filed.headers[.location] == Self.path)
            #expect(filed.json["deadline"] as? String == "2026-01-31")
            #expect(filed.json["rule_set"] as? String == "2025.1")
            let amended = try await app.send(.post, Self.path, as: ["unit_officer"], json: """
                {"add": [\(Self.add("grassroots_emulation_fighter", "staff-7", "Nguyễn Văn An"))],
                 "remove": [{"title": "advanced_worker", "person_id": "staff-8"}]}
                """)
            #expect(amended.status == .ok, "\(amended.text)")
            #expect(amended.json["version"] as? Int == 2)

            let read = try await app.send(.get, Self.path, as: ["unit_officer"])
            #expect(read.status == .ok)
            let titles = read.json["individuals"] as? [[String: Any]] ?? []
            #expect(titles.map { $0["title"] as? String } == ["advanced_worker", "grassroots_emulation_fighter"])
            #expect((titles.first?["people"] as? [[String: Any]])?.map { $0["name"] as? String } == ["Nguyễn Văn An"])
            #expect(titles.first?["name"] as? String == "Lao động tiên tiến")
            #expect(read.json["collective_title"] as? String == "excellent_labour_collective")
            let nothingYet = try await app.send(.get, "/v1/units/vksnd-hanoi/registrations/2027", as: ["unit_officer"])
            #expect(nothingYet.status == .ok)
            #expect(nothingYet.json["version"] as? Int == 0)

            // Another unit's officer neither reads nor writes it; the standing office waits for the deadline.
            let elsewhere = try await app.send(.get, Self.path, as: ["unit_officer"], unit: "vksnd-danang")
            #expect(elsewhere.status == .notFound)
            let intruder = try await app.send(.post, Self.path, as: ["unit_officer"], unit: "vksnd-danang",
                                              json: #"{"add": [\#(Self.add("advanced_worker", "staff-9", "Trần Văn Cường"))]}"#)
            #expect(intruder.status == .forbidden, "\(intruder.text)")
            #expect(intruder.problemType == "urn:laurel:problem:unit_not_allowed")
            let early = try await app.send(.post, Self.path, as: ["standing_office"], unit: "vksndtc",
                                           json: #"{"add": [\#(Self.add("advanced_worker", "staff-9", "Trần Văn Cường"))], "reason": "Thay"}"#)
            #expect(early.status == .forbidden)
            #expect(early.problemType == "urn:laurel:problem:role_not_allowed")
            let auditor = try await app.send(.post, Self.path, as: ["auditor"], json: #"{"add": []}"#)
            #expect(auditor.status == .forbidden)

            // Bad input: a problem document with a stable type, nothing stored.
            let nameless = try await app.send(.post, Self.path, as: ["unit_officer"],
                                              json: #"{"add": [{"title": "advanced_worker", "person": {"id": "staff-9"}}]}"#)
            #expect(nameless.status == .unprocessableContent)
            #expect(nameless.problemType == "urn:laurel:problem:validation_failed")
            #expect((nameless.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "add[0].person.name", "\(nameless.text)")
            let unknown = try await app.send(.post, Self.path, as: ["unit_officer"],
                                             json: #"{"add": [\#(Self.add("labour_hero", "staff-9", "Trần Văn Cường"))]}"#)
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.problemType == "urn:laurel:problem:invalid_command")
            let badYear = try await app.send(.get, "/v1/units/vksnd-hanoi/registrations/năm-nay", as: ["unit_officer"])
            #expect(badYear.status == .notFound)
            #expect(try await app.send(.get, Self.path, as: ["unit_officer"]).json["version"] as? Int == 2, "nothing refused was stored")
        }
    }

    @Test func afterTheDeadlineOnlyTheStandingOfficeAmendsWithAReason() async throws {
        try await ServerFixture.run { app in
            let path = "/v1/units/vksnd-hue/registrations/2026"
            let body = #"{"add": [\#(Self.add("advanced_worker", "hue-1", "Phan Thị Hồng"))]}"#
            let late = try await app.send(.post, path, as: ["unit_officer"], unit: "vksnd-hue", json: body)
            #expect(late.status == .forbidden)
            #expect(late.problemType == "urn:laurel:problem:registration_closed")
            #expect((late.json["detail"] as? String)?.contains("closed on 2026-01-31") == true, "\(late.text)")
            let noReason = try await app.send(.post, path, as: ["standing_office"], unit: "vksndtc", json: body)
            #expect(noReason.status == .unprocessableContent)
            #expect(noReason.problemType == "urn:laurel:problem:invalid_command")
            let amended = try await app.send(.post, path, as: ["standing_office"], unit: "vksndtc", json: """
                {"add": [\(Self.add("advanced_worker", "hue-1", "Phan Thị Hồng"))], "reason": "Đơn vị gửi bổ sung ngày 10/02"}
                """)
            #expect(amended.status == .created, "\(amended.text)")
            // A provincial standing office covers its own units only.
            let other = try await app.send(.post, path, as: ["standing_office"], unit: "vksnd-danang", json: body)
            #expect(other.status == .forbidden)
            #expect(other.problemType == "urn:laurel:problem:unit_not_allowed")
        }
    }

    @Test func aUnitRecordsTaskRatingsAndAnAdvancedWorkerNeedsWellOrBetter() async throws {
        try await ServerFixture.run { app in
            let ratings = "/v1/units/vksnd-nghean/task-ratings/2026"
            let unit = "vksnd-nghean"
            let rated = try await app.send(.post, ratings, as: ["unit_officer"], unit: unit, json: """
                {"ratings": [{"person_id": "na-1", "name": "Hồ Văn Dũng", "rating": "completed"},
                             {"person_id": "na-2", "name": "Võ Thị Em", "rating": "excellent"}]}
                """)
            #expect(rated.status == .ok, "\(rated.text)")
            #expect((rated.json["ratings"] as? [[String: Any]])?.last?["rating_vi"] as? String == "Hoàn thành xuất sắc nhiệm vụ")
            let badRating = try await app.send(.post, ratings, as: ["unit_officer"], unit: unit,
                                               json: #"{"ratings": [{"person_id": "na-3", "name": "Đặng Văn Phú", "rating": "good"}]}"#)
            #expect(badRating.status == .unprocessableContent)
            #expect(badRating.problemType == "urn:laurel:problem:validation_failed")
            let changed = try await app.send(.post, ratings, as: ["unit_officer"], unit: unit,
                                             json: #"{"ratings": [{"person_id": "na-1", "name": "Hồ Văn Dũng", "rating": "well"}]}"#)
            #expect(changed.problemType == "urn:laurel:problem:invalid_command", "a change needs a reason")
            let intruder = try await app.send(.post, ratings, as: ["unit_officer"], unit: "vksnd-hue",
                                              json: #"{"ratings": [{"person_id": "na-4", "name": "Lý Thị Gấm", "rating": "well"}]}"#)
            #expect(intruder.problemType == "urn:laurel:problem:unit_not_allowed", "\(intruder.text)")
            #expect(try await app.send(.get, ratings, as: ["unit_officer"], unit: "vksnd-hue").status == .notFound)
            #expect(try await app.send(.get, ratings, as: ["auditor"], unit: "vksndtc").status == .ok)

            let registered = try await app.send(.post, "/v1/units/vksnd-nghean/registrations/2026", as: ["standing_office"],
                                                unit: "vksndtc", json: """
                {"add": [\(Self.add("advanced_worker", "na-1", "Hồ Văn Dũng")), \(Self.add("advanced_worker", "na-2", "Võ Thị Em"))],
                 "reason": "Bổ sung"}
                """)
            #expect(registered.status == .created, "\(registered.text)")
            let completedOnly = try await app.send(.post, "/v1/nominations", as: ["unit_officer"], unit: unit,
                                                   json: ServerFixture.advancedWorkerBody(id: "na-1", unit: unit, year: 2026))
            #expect(completedOnly.status == .unprocessableContent)
            #expect(completedOnly.problemType == "urn:laurel:problem:task_rating_too_low", "\(completedOnly.text)")
            let unregistered = try await app.send(.post, "/v1/nominations", as: ["unit_officer"], unit: unit,
                                                  json: ServerFixture.advancedWorkerBody(id: "na-9", unit: unit, year: 2026))
            #expect(unregistered.problemType == "urn:laurel:problem:task_rating_too_low", "rated first, then registered")
            let excellent = try await app.send(.post, "/v1/nominations", as: ["unit_officer"], unit: unit,
                                               json: ServerFixture.advancedWorkerBody(id: "na-2", unit: unit, year: 2026))
            #expect(excellent.status == .created, "\(excellent.text)")
            let grassroots = try await app.send(.post, "/v1/nominations", as: ["unit_officer"], unit: unit, json:
                CouncilRouteTests.grassrootsFighter(id: "na-1", name: "Hồ Văn Dũng", unit: unit))
            #expect(grassroots.problemType == "urn:laurel:problem:same_year_title_missing", "\(grassroots.text)")
        }
    }
}
