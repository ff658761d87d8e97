import Foundation
import Nominations
import Testing

@Suite struct CodingTests {
    @Test(arguments: Path.allCases)
    func eventsRoundTripThroughJSON(path: Path) throws {
        var harness = Harness(configuration: try shippedConfiguration())
        var commands: [NominationCommand] = []
        for step in try path.steps() {
            try harness.run(step.command, by: step.actor, on: step.date, history: step.history, session: step.session)
            commands.append(step.command)
        }
        let encoder = JSONEncoder()
        let decoder = JSONDecoder()
        let decoded = try decoder.decode([NominationEvent].self, from: try encoder.encode(harness.events))
        #expect(decoded == harness.events)
        #expect(try decoder.decode([NominationCommand].self, from: try encoder.encode(commands)) == commands)
        // The event store keeps the type and the payload apart.
        for event in harness.events {
            let payload = try encoder.encode(event.payload)
            let restored = try decoder.decode(PayloadBox.self, from: payload, type: event.type)
            #expect(restored == event)
        }
    }

    @Test func typeNamesAreStableAndUnique() {
        let types = NominationEvent.payloadTypes.map { $0.type }
        #expect(Set(types).count == types.count)
        #expect(types.allSatisfy { $0.hasPrefix("nomination.") })
        #expect(types.contains("nomination.submitted"))
        #expect(NominationEvent.payloadTypes.allSatisfy { $0.schemaVersion == 1 })
    }

    @Test func rejectsAnUnknownType() {
        let json = Data(#"{"type":"nomination.teleported","schema_version":1,"payload":{}}"#.utf8)
        #expect(throws: UnknownTypeError(type: "nomination.teleported")) {
            try JSONDecoder().decode(NominationEvent.self, from: json)
        }
    }
}

/// Decodes a bare payload given its type name, as the event store does.
private struct PayloadBox: Decodable {
    let event: NominationEvent

    init(from decoder: any Decoder) throws {
        guard let type = decoder.userInfo[PayloadBox.typeKey] as? String else { throw UnknownTypeError(type: "?") }
        event = try NominationEvent(type: type, payloadDecoder: decoder)
    }

    static let typeKey = CodingUserInfoKey(rawValue: "type")!
}

private extension JSONDecoder {
    func decode(_: PayloadBox.Type, from data: Data, type: String) throws -> NominationEvent {
        let decoder = JSONDecoder()
        decoder.userInfo[PayloadBox.typeKey] = type
        return try decoder.decode(PayloadBox.self, from: data).event
    }
}
