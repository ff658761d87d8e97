import EventStore
import Foundation
import Nominations
import Workflow

/// The JSON form of responses: snake_case keys, sorted, ISO 8601 times, the same bytes for the
/// same value (idempotent replays are byte-identical).
enum ResponseJSON {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = snakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    static func encode(_ value: some Encodable) throws -> Data { try encoder().encode(value) }

    /// camelCase to snake_case with `ID` and `IDs` as words: `recusedMemberIDs` is
    /// `recused_member_ids` (Foundation's strategy would write `recused_member_i_ds`).
    static let snakeCase = JSONEncoder.KeyEncodingStrategy.custom { path in
        let key = path.last!.stringValue.replacingOccurrences(of: "IDs", with: "Ids").replacingOccurrences(of: "ID", with: "Id")
        var snake = ""
        for character in key {
            if character.isUppercase {
                if !snake.isEmpty { snake.append("_") }
                snake.append(contentsOf: character.lowercased())
            } else {
                snake.append(character)
            }
        }
        return SnakeCaseKey(stringValue: snake)
    }

    private struct SnakeCaseKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
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

    init(nomination: Nomination, version: Int64, checkpoint: LogCheckpoint?, caller: Caller, workflows: WorkflowRegistry) {
        self.nomination = nomination
        self.version = version
        self.checkpoint = checkpoint?.description
        self.availableActions = caller.isReadOnly ? [] : nomination.availableCommands(for: caller.actor.roles, workflows: workflows)
            .map { ActionLink(command: $0, method: "POST", href: "/v1/nominations/\(nomination.id)/\(CommandRoute.path(of: $0))") }
    }

    func response(status: Int) throws -> StoredResponse {
        var headers = ["Content-Type": "application/json", "ETag": "\"\(version)\""]
        if status == 201 { headers["Location"] = "/v1/nominations/\(nomination.id)" }
        return StoredResponse(status: status, headers: headers, body: try ResponseJSON.encode(self))
    }
}

/// One council session as the API shows it.
struct SessionResource: Encodable {
    let session: CouncilSession
    let version: Int64
    let checkpoint: String?

    init(session: CouncilSession, version: Int64, checkpoint: LogCheckpoint?) {
        self.session = session
        self.version = version
        self.checkpoint = checkpoint?.description
    }

    func response(status: Int) throws -> StoredResponse {
        var headers = ["Content-Type": "application/json", "ETag": "\"\(version)\""]
        if status == 201 { headers["Location"] = "/v1/council-sessions/\(session.id)" }
        return StoredResponse(status: status, headers: headers, body: try ResponseJSON.encode(self))
    }
}
