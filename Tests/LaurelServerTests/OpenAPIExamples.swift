import Foundation
import HTTPTypes
@testable import LaurelServer
import Testing
import Yams

/// The OpenAPI document's examples, for a test that sends each request example to the server and
/// compares every answer with the example its schema documents for the answer's status.
///
/// Request examples are the named `examples` of an operation's JSON request body; answer examples
/// are the `example` of a response's media type, or of the schema it refers to. Each is marked
/// when used, so the test can require that none is left unchecked.
final class OpenAPIExamples: @unchecked Sendable {
    private let document: [String: Any]
    private(set) var used = Set<String>()

    init() throws {
        document = try #require(try Yams.load(yaml: try OpenAPIDocument.text()) as? [String: Any])
    }

    /// Every example the document holds: `operationId:name` for requests, the JSON pointer of the
    /// schema or media type for answers.
    var all: Set<String> {
        var found = Set<String>()
        for (path, item) in document["paths"] as? [String: [String: Any]] ?? [:] {
            for (method, value) in item {
                guard let operation = value as? [String: Any], let id = operation["operationId"] as? String else { continue }
                for name in (requestContent(operation)?["examples"] as? [String: Any] ?? [:]).keys { found.insert("\(id):\(name)") }
                for (status, response) in operation["responses"] as? [String: Any] ?? [:] {
                    let pointer = "#/paths/\(path)/\(method)/responses/\(status)"
                    if (response as? [String: Any]).flatMap(jsonContent)?["example"] != nil { found.insert(pointer) }
                }
            }
        }
        for (name, schema) in (document["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:] {
            if (schema as? [String: Any])?["example"] != nil { found.insert("#/components/schemas/\(name)") }
        }
        return found
    }

    /// Sends `operationId`'s request example `name` (no body when nil), with `parameters` in its
    /// path and `query` after it, and checks the answer's shape against the documented example
    /// for its status.
    @discardableResult
    func send(
        _ operationID: String, example name: String? = nil, parameters: [String: String] = [:], query: String = "",
        app: ServerFixture, as roles: [String], unit: String = "vksnd-hanoi", headers: HTTPFields = [:],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Reply {
        let (path, method, operation) = try #require(find(operationID), "no operation \(operationID)", sourceLocation: sourceLocation)
        var body: String?
        if let name {
            let examples = requestContent(operation)?["examples"] as? [String: Any]
            let example = try #require((examples?[name] as? [String: Any])?["value"], "\(operationID) has no example \(name)",
                                       sourceLocation: sourceLocation)
            body = String(decoding: try JSONSerialization.data(withJSONObject: example), as: UTF8.self)
            used.insert("\(operationID):\(name)")
        }
        let uri = parameters.reduce(path) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) } + query
        let reply = try await app.send(HTTPRequest.Method(method.uppercased())!, uri, as: roles, unit: unit, json: body, headers: headers)
        let status = String(reply.status.code)
        let responses = operation["responses"] as? [String: Any] ?? [:]
        let pointer = "#/paths/\(path)/\(method)/responses/\(status)"
        guard let response = resolve(responses[status]) as? [String: Any], let content = jsonContent(response) else {
            Issue.record("\(operationID) answered \(status), which it documents with no JSON body: \(reply.text)", sourceLocation: sourceLocation)
            return reply
        }
        let (example, key) = exampleOf(content, pointer: pointer)
        guard let example, let key else {
            Issue.record("\(operationID) has no example for \(status)", sourceLocation: sourceLocation)
            return reply
        }
        used.insert(key)
        let answer = try JSONSerialization.jsonObject(with: reply.body, options: .fragmentsAllowed)
        for difference in Self.differences(answer, from: example, at: "") {
            Issue.record("\(operationID) \(status): \(difference)", sourceLocation: sourceLocation)
        }
        return reply
    }

    /// Where an answer's shape differs from its example's: a field the example does not show, or
    /// a value of another JSON type. A field the example shows and the answer leaves out is fine
    /// (fields without a value are omitted); null in the example stands for any value.
    static func differences(_ answer: Any, from example: Any, at path: String) -> [String] {
        switch (answer, example) {
        case (_, is NSNull):
            return []
        case (let answer as [String: Any], let example as [String: Any]):
            return answer.keys.sorted().flatMap { key -> [String] in
                guard let shown = example[key] else { return ["\(path)/\(key) is not in the example"] }
                return differences(answer[key]!, from: shown, at: "\(path)/\(key)")
            }
        case (let answer as [Any], let example as [Any]):
            guard let first = example.first else { return answer.isEmpty ? [] : ["\(path) has items; the example's list is empty"] }
            return answer.enumerated().flatMap { differences($1, from: first, at: "\(path)/\($0)") }
        default:
            return kind(answer) == kind(example) ? [] : ["\(path) is a \(kind(answer)); the example shows a \(kind(example))"]
        }
    }

    private static func kind(_ value: Any) -> String {
        switch value {
        case is NSNull: "null"
        case let number as NSNumber where String(cString: number.objCType) == "c": "boolean"
        case is NSNumber: "number"
        case is String: "string"
        case is [Any]: "array"
        default: "object"
        }
    }

    private func find(_ operationID: String) -> (String, String, [String: Any])? {
        for (path, item) in document["paths"] as? [String: [String: Any]] ?? [:] {
            for (method, value) in item {
                if let operation = value as? [String: Any], operation["operationId"] as? String == operationID {
                    return (path, method, operation)
                }
            }
        }
        return nil
    }

    private func requestContent(_ operation: [String: Any]) -> [String: Any]? {
        ((operation["requestBody"] as? [String: Any])?["content"] as? [String: Any])?["application/json"] as? [String: Any]
    }

    private func jsonContent(_ response: [String: Any]) -> [String: Any]? {
        let content = response["content"] as? [String: Any]
        return (content?["application/json"] ?? content?["application/problem+json"]) as? [String: Any]
    }

    /// The media type's own example, else its schema's (following one `$ref`), with the key it is marked by.
    private func exampleOf(_ content: [String: Any], pointer: String) -> (Any?, String?) {
        if let example = content["example"] { return (example, pointer) }
        guard let schema = content["schema"] as? [String: Any] else { return (nil, nil) }
        if let ref = schema["$ref"] as? String, let resolved = resolve(schema) as? [String: Any] {
            return (resolved["example"], resolved["example"] == nil ? nil : ref)
        }
        return (nil, nil)
    }

    /// Follows a `$ref` within the document.
    private func resolve(_ node: Any?) -> Any? {
        guard let ref = (node as? [String: Any])?["$ref"] as? String else { return node }
        return ref.dropFirst(2).split(separator: "/").reduce(document as Any?) { ($0 as? [String: Any])?[String($1)] }
    }
}
