import Commands
import EventStore
import Foundation
import Hummingbird
import HTTPTypes
import NIOCore
import Nominations
import Workflow

/// Where a request came from, recorded in the metadata of the events it appends and echoed in
/// the response: the client's `X-Request-Id` and `X-Correlation-Id` when well formed (1 to 100
/// visible ASCII characters), else the server's request id for both.
package struct RequestTrace: Sendable {
    package let requestID: String
    package let correlationID: String

    package init(_ request: Request, context: LaurelRequestContext) {
        requestID = Self.wellFormed(request.headers[.requestID]) ?? context.id
        correlationID = Self.wellFormed(request.headers[.correlationID]) ?? requestID
    }

    static func wellFormed(_ id: String?) -> String? {
        guard let id, (1...100).contains(id.utf8.count), id.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else { return nil }
        return id
    }
}

/// What every POST reads before its own body: the caller (who may write), `If-Match`,
/// `Idempotency-Key`, the trace ids and the body.
struct CommandRequest {
    let caller: Caller
    /// The tenant the caller acts in: the command runs through its command handler.
    let tenant: TenantServices
    let ifMatch: Int64?
    let idempotency: IdempotencyKey?
    let trace: RequestTrace
    /// The W3C trace the events will name (see ``Traceparent``).
    let traceparent: String?
    /// The command as its route names it: `POST /v1/nominations/{id}/accept`.
    let commandName: String
    let body: FieldReader
    /// The body as sent: with `acceptsCSV`, a `text/csv` upload, which `body` then does not read.
    let data: Data
    let isCSV: Bool

    /// - Parameters:
    ///   - allowedRoles: the roles that may run this command anywhere in the workflows; others
    ///     get 403 before the body is read.
    ///   - acceptsCSV: the command also takes a `text/csv` upload.
    init(_ request: Request, context: LaurelRequestContext, maxBodyBytes: Int, allowedRoles: Set<String>,
         acceptsCSV: Bool = false) async throws {
        let (caller, tenant) = try context.requireCallerAndTenant()
        try Self.requireWriter(caller, allowedRoles: allowedRoles)
        var request = request
        let ifMatch = try Self.version(request.headers[.ifMatch])
        let key = try Self.idempotencyKey(request.headers[.idempotencyKey])
        let type = request.headers[.contentType]?.lowercased()
        let isCSV = acceptsCSV && type?.hasPrefix("text/csv") == true
        if let type, !type.hasPrefix("application/json"), !isCSV {
            throw Problem(code: "unsupported_media_type", status: .unsupportedMediaType, title: "Unsupported media type",
                          detail: acceptsCSV ? "send the body as application/json or text/csv" : "send the body as application/json")
        }
        let data = try await request.bodyData(limit: maxBodyBytes)
        self.data = data
        self.isCSV = isCSV
        self.caller = caller
        self.tenant = tenant
        self.ifMatch = ifMatch
        self.idempotency = key.map {
            IdempotencyKey(key: $0, method: request.method.rawValue, path: request.uri.path, ifMatch: request.headers[.ifMatch],
                           body: data)
        }
        self.trace = RequestTrace(request, context: context)
        self.traceparent = Traceparent.current(headers: request.headers)
        self.commandName = "\(request.method.rawValue) \(context.endpointPath ?? request.uri.path)"
        self.body = try FieldReader(body: isCSV ? Data() : data)
    }

    /// A console form's command: its fields, as text, read as the API reads a body, with the
    /// same checks on who may write.
    ///
    /// - Parameter command: the command's name for the spans (`console accept`).
    init(form fields: [String: JSONValue], caller: Caller, tenant: TenantServices, trace: RequestTrace, allowedRoles: Set<String>,
         command: String) throws(Problem) {
        try Self.requireWriter(caller, allowedRoles: allowedRoles)
        self.caller = caller
        self.tenant = tenant
        ifMatch = nil
        idempotency = nil
        self.trace = trace
        traceparent = Traceparent.current(headers: [:])
        commandName = command
        body = FieldReader(text: fields)
        data = Data()
        isCSV = false
    }

    /// Refuses an auditor (who only reads) and a caller none of whose roles may run the command.
    static func requireWriter(_ caller: Caller, allowedRoles: Set<String>) throws(Problem) {
        guard !caller.isReadOnly else { throw Problem.forbidden("an auditor may read everything and change nothing") }
        guard !caller.actor.roles.isDisjoint(with: allowedRoles) else {
            throw Problem(code: DomainError.Code.roleNotAllowed.rawValue, status: .forbidden, title: "Refused by the rules",
                          detail: "roles \(caller.actor.roles.sorted().joined(separator: ", ")) may not run this command")
        }
    }

    /// How the command handler runs the command: the caller's `If-Match` and idempotency key,
    /// and who acts, why and from which request, for the events' metadata.
    ///
    /// - Parameter startsStream: the command creates its aggregate (a submission, a convened session).
    func options(reason: String?, startsStream: Bool = false) -> CommandOptions {
        CommandOptions(
            pinnedVersion: ifMatch, startsStream: startsStream, idempotency: idempotency,
            metadata: EventMetadata(actorID: caller.actor.id, actorRoles: caller.actor.roles.sorted(),
                                    correlationID: trace.correlationID, requestID: trace.requestID, reason: reason,
                                    traceparent: traceparent),
            name: commandName)
    }

    /// `If-Match: "3"` (or `W/"3"`) as version 3. An entity tag is quoted (RFC 9110 §8.8.3): a
    /// bare `3` is refused rather than guessed at.
    static func version(_ header: String?) throws(Problem) -> Int64? {
        guard let header else { return nil }
        // Over the bytes: this runs on every command, and an ETag is ASCII.
        var text = header.utf8[...]
        while let first = text.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { text.removeFirst() }
        while let last = text.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { text.removeLast() }
        if text.starts(with: "W/".utf8) { text.removeFirst(2) }
        guard text.count >= 2, text.first == UInt8(ascii: "\""), text.last == UInt8(ascii: "\"") else {
            throw Problem(code: "invalid_if_match", status: .badRequest, title: "Invalid If-Match",
                          detail: "If-Match must be the ETag of a response, quoted, such as \"3\"")
        }
        text = text.dropFirst().dropLast()
        guard let version = Int64(Substring(text)), version >= 0 else {
            throw Problem(code: "invalid_if_match", status: .badRequest, title: "Invalid If-Match",
                          detail: "If-Match must be the ETag of a response, such as \"3\"")
        }
        return version
    }

    static func idempotencyKey(_ header: String?) throws(Problem) -> String? {
        guard let header else { return nil }
        guard (1...200).contains(header.utf8.count), header.unicodeScalars.allSatisfy({ $0.value >= 0x21 && $0.value < 0x7f }) else {
            throw Problem(code: "invalid_idempotency_key", status: .badRequest, title: "Invalid Idempotency-Key",
                          detail: "Idempotency-Key must be 1 to 200 visible ASCII characters")
        }
        return header
    }
}

extension Request {
    /// The whole body, refusing more than `limit` bytes with 413 before reading further.
    mutating func bodyData(limit: Int) async throws -> Data {
        do {
            return Data(buffer: try await collectBody(upTo: limit))
        } catch is NIOTooManyBytesError {
            throw Problem.tooLarge(limit: limit)
        }
    }
}

extension StoredResponse: ResponseGenerator {
    public func response(from request: Request, context: some RequestContext) throws -> Response { response() }

    /// The response, for a caller that is not a route.
    func response() -> Response {
        var fields = HTTPFields()
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            if let name = HTTPField.Name(name) { fields[name] = value }
        }
        return Response(status: .init(code: status), headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// A JSON response from any encodable value, in the API's JSON form.
struct JSONResponse<Value: Encodable>: ResponseGenerator {
    let value: Value
    let headers: [String: String]
    let keys: JSONEncoder.KeyEncodingStrategy

    /// - Parameter keys: `.useDefaultKeys` for values that carry stored JSON, which must keep its own keys.
    init(_ value: Value, headers: [String: String] = [:], keys: JSONEncoder.KeyEncodingStrategy = ResponseJSON.snakeCase) {
        self.value = value
        self.headers = headers
        self.keys = keys
    }

    func response(from request: Request, context: some RequestContext) throws -> Response { try response() }

    /// The response, for a caller that is not a route.
    func response() throws -> Response {
        let encoder = ResponseJSON.encoder()
        encoder.keyEncodingStrategy = keys
        var stored = StoredResponse(status: 200, headers: headers, body: try encoder.encode(value))
        stored.headers["Content-Type"] = "application/json"
        return stored.response()
    }
}
