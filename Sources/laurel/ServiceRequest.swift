import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// What the commands talking to a running service share (`laurel lists`, `laurel awards import`,
/// `laurel sessions`, `laurel decisions`): the token, the file, the request and how a refusal is
/// printed.
enum ServiceRequest {
    /// `given`, else `LAUREL_TOKEN`.
    static func token(_ given: String?, of role: String) throws -> String {
        guard let token = given ?? ProcessInfo.processInfo.environment["LAUREL_TOKEN"], !token.isEmpty else {
            throw ValidationError("give a \(role)'s token with --token or LAUREL_TOKEN (laurel token issue prints one)")
        }
        return token
    }

    /// The file at `path`.
    static func file(_ path: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ValidationError("cannot read \(path): give the path of a CSV file")
        }
    }

    /// Sends `request` with `body` (CSV unless `contentType` says otherwise; none for a GET) and
    /// `token`: the status and the body of the answer.
    static func send(
        _ request: HTTPClientRequest, token: String, body: HTTPClientRequest.Body?, server: String,
        contentType: String = "text/csv; charset=utf-8"
    ) async throws -> (status: Int, body: Data) {
        var request = request
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = body
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let response = try await client.execute(request, timeout: .seconds(600))
            let answer = (Int(response.status.code), Data(buffer: try await response.body.collect(upTo: 32 << 20)))
            try await client.shutdown()
            return answer
        } catch {
            try? await client.shutdown()
            throw ValidationError("cannot reach \(server): \(error)")
        }
    }

    /// `method` on `path` of `server` with a JSON body (or none): the status and the answer,
    /// parsed when it is a JSON object.
    static func json(
        _ method: HTTPMethod, _ path: String, server: String, token: String, body: Any? = nil
    ) async throws -> (status: Int, body: Data, object: [String: Any]) {
        var request = HTTPClientRequest(url: server + path)
        request.method = method
        let data = try body.map { try JSONSerialization.data(withJSONObject: $0) }
        let answer = try await send(request, token: token, body: data.map { .bytes(ByteBuffer(data: $0)) }, server: server,
                                    contentType: "application/json")
        let object = (try? JSONSerialization.jsonObject(with: answer.body)) as? [String: Any] ?? [:]
        return (answer.status, answer.body, object)
    }

    /// Prints the service's refusal and each refused row on a line of its own; exit status 1 when
    /// the problem is `rowsCode` (rows refused), 2 for any other refusal.
    static func refusal(_ answer: [String: Any], status: Int, rowsCode: String) -> ExitCode {
        var lines = ["laurel: \(answer["detail"] as? String ?? "the service answered \(status)")"]
        for error in answer["errors"] as? [[String: Any]] ?? [] {
            let row = (error["row"] as? Int).map { $0 == 0 ? "header" : "row \($0)" } ?? ""
            let code = (error["code"] as? String).map { " [\($0)]" } ?? ""
            lines.append("  \(row)  \(error["field"] as? String ?? ""): \(error["reason"] as? String ?? "")\(code)")
        }
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        return ExitCode(answer["code"] as? String == rowsCode ? 1 : 2)
    }
}
