import Commands
import EventStore
import Foundation
import Nominations
import Workflow

/// The JSON form of responses: snake_case keys, sorted, RFC 3339 times, the same bytes for the
/// same value (idempotent replays are byte-identical).
enum ResponseJSON {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = snakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .timestamp
        return encoder
    }

    static func encode(_ value: some Encodable) throws -> Data { try encoder().encode(value) }

    /// camelCase to snake_case with `ID` and `IDs` as words: `recusedMemberIDs` is
    /// `recused_member_ids` (Foundation's strategy would write `recused_member_i_ds`).
    static let snakeCase = JSONEncoder.KeyEncodingStrategy.custom { path in
        SnakeCaseKey(stringValue: snakeCased(path.last!.stringValue))
    }

    /// The conversion over the key's bytes: every response converts a few dozen keys, and with
    /// Foundation's string replacing and `Character` case tests this cost more than the rest of
    /// encoding a nomination. Keys that are not ASCII (none of Laurel's own) take the slow path.
    static func snakeCased(_ key: String) -> String {
        let bytes = key.utf8
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return snakeCasedUnicode(key) }
        guard bytes.contains(where: isUppercaseASCII) else { return key }
        var snake: [UInt8] = []
        snake.reserveCapacity(bytes.count + 8)
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            index = bytes.index(after: index)
            guard isUppercaseASCII(byte) else {
                snake.append(byte)
                continue
            }
            if !snake.isEmpty { snake.append(UInt8(ascii: "_")) }
            snake.append(byte + 0x20)
            // "ID" is one word: its D stays lowercase in it (and "IDs" is "ids").
            if byte == UInt8(ascii: "I"), index != bytes.endIndex, bytes[index] == UInt8(ascii: "D") {
                snake.append(UInt8(ascii: "d"))
                index = bytes.index(after: index)
            }
        }
        return String(decoding: snake, as: UTF8.self)
    }

    private static func isUppercaseASCII(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }

    private static func snakeCasedUnicode(_ key: String) -> String {
        var snake = ""
        for character in key.replacingOccurrences(of: "ID", with: "Id") {
            if character.isUppercase {
                if !snake.isEmpty { snake.append("_") }
                snake.append(contentsOf: character.lowercased())
            } else {
                snake.append(character)
            }
        }
        return snake
    }

    private struct SnakeCaseKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

extension JSONEncoder.DateEncodingStrategy {
    /// Times as ``Timestamp`` writes them, the one way Laurel prints times.
    public static var timestamp: Self {
        .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.format(date))
        }
    }
}

/// A command a caller may run next, with where to send it.
struct ActionLink: Sendable, Encodable, Equatable {
    let command: String
    let method: String
    let href: String
}

/// One nomination as the API shows it: its state, its version (the ETag) and what the caller may do next.
struct NominationResource: Encodable {
    let nomination: Nomination
    let version: Int64
    /// The log position of the last event, for read-your-writes queries; nil when read from the store.
    let checkpoint: String?
    let availableActions: [ActionLink]

    /// - Parameter roles: the roles the caller acts in (a deputy's include the head's under a delegation in force).
    init(nomination: Nomination, version: Int64, checkpoint: String?, caller: Caller, roles: Set<String>, workflows: WorkflowRegistry) {
        self.nomination = nomination
        self.version = version
        self.checkpoint = checkpoint
        self.availableActions = caller.isReadOnly ? [] : nomination.availableCommands(for: roles, workflows: workflows)
            .map { ActionLink(command: $0, method: "POST", href: "/v1/nominations/\(nomination.id)/\(CommandRoute.path(of: $0))") }
    }

    func response(status: Int) throws -> StoredResponse {
        var headers = ["Content-Type": "application/json", "ETag": "\"\(version)\""]
        if status == 201 { headers["Location"] = "/v1/nominations/\(nomination.id)" }
        return StoredResponse(status: status, headers: headers, body: try json())
    }
}

/// One council session as the API shows it.
struct SessionResource: Encodable {
    let session: CouncilSession
    let version: Int64
    let checkpoint: String?

    init(session: CouncilSession, version: Int64, checkpoint: String?) {
        self.session = session
        self.version = version
        self.checkpoint = checkpoint
    }

    func response(status: Int) throws -> StoredResponse {
        var headers = ["Content-Type": "application/json", "ETag": "\"\(version)\""]
        if status == 201 { headers["Location"] = "/v1/council-sessions/\(session.id)" }
        return StoredResponse(status: status, headers: headers, body: try ResponseJSON.encode(self))
    }
}
