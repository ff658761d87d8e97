@testable import EventStore
import Foundation
import Testing

/// The id an append reused, read from the unique index's detail whatever language the server
/// writes its messages in.
@Suite struct UniqueViolationDetailTests {
    static let id = UUID(uuidString: "6F1C2B7E-3D4A-4E5F-8A9B-0C1D2E3F4A5B")!

    @Test(arguments: [
        "Key (event_id)=(6f1c2b7e-3d4a-4e5f-8a9b-0c1d2e3f4a5b) already exists.",
        "Schlüssel »(event_id)=(6f1c2b7e-3d4a-4e5f-8a9b-0c1d2e3f4a5b)« existiert bereits.",
        "Khóa (event_id)=(6f1c2b7e-3d4a-4e5f-8a9b-0c1d2e3f4a5b) đã tồn tại.",
    ])
    func theIDIsFoundInAnyLanguage(detail: String) {
        #expect(EventStore.eventID(inUniqueViolationDetail: detail) == Self.id)
    }

    @Test(arguments: ["Key (event_id)=(not-a-uuid) already exists.", "", "6f1c2b7e-3d4a-4e5f-8a9b-0c1d2e3f4a5"])
    func noIDIsNil(detail: String) {
        #expect(EventStore.eventID(inUniqueViolationDetail: detail) == nil)
    }
}
