import ArgumentParser
import AsyncHTTPClient
import Foundation
import LaurelServer
import NIOCore

/// `laurel awards import FILE`: a file of awards held before Laurel, sent to a running service
/// (`POST /v1/award-imports`) as the standing office whose token it is, so that the import is
/// decided, scoped and recorded as every other command.
struct AwardsCommandGroup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "awards", abstract: "Awards held before Laurel.", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import a CSV file of earlier awards through the service's API, all rows or none.",
            discussion: """
                The file: UTF-8 CSV with a header row naming person_id, name, unit, title, year, decision_number and \
                decision_date (a spreadsheet's "CSV UTF-8" export, byte order mark and CRLF included). Every bad row is \
                printed by number, field and reason, and nothing is stored (exit 65). The same file again adds nothing \
                and prints the first import. The token must be a standing office's (laurel token issue).
                """)

        @Argument(help: "The CSV file.") var file: String
        @Option(help: ArgumentHelp("The service; defaults to LAUREL_URL, then http://127.0.0.1:8080.", valueName: "url"))
        var url: String?
        @Option(help: ArgumentHelp("A bearer token; defaults to LAUREL_TOKEN.", valueName: "token")) var token: String?
        @Flag(help: "Print the service's JSON answer.") var json = false

        func run() async throws {
            let environment = ProcessInfo.processInfo.environment
            guard let token = token ?? environment["LAUREL_TOKEN"], !token.isEmpty else {
                throw ValidationError("--token (or LAUREL_TOKEN) is required: a standing office's token from laurel token issue")
            }
            let base = url ?? environment["LAUREL_URL"] ?? "http://127.0.0.1:\(ServerSettings().port)"
            let contents: Data
            do {
                contents = try Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                throw ValidationError("cannot read \(file): \(error.localizedDescription)")
            }
            var request = HTTPClientRequest(url: base.trimmingCharacters(in: ["/"]) + "/v1/award-imports")
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            request.headers.add(name: "Content-Type", value: "text/csv; charset=utf-8")
            request.body = .bytes(ByteBuffer(data: contents))
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            let answer: (status: UInt, body: Data)
            do {
                let response = try await client.execute(request, timeout: .seconds(300))
                answer = (response.status.code, Data(buffer: try await response.body.collect(upTo: 64 << 20)))
                try await client.shutdown()
            } catch {
                try? await client.shutdown()
                throw error
            }
            if json { print(String(decoding: answer.body, as: UTF8.self)) }
            let object = (try? JSONSerialization.jsonObject(with: answer.body)) as? [String: Any] ?? [:]
            guard answer.status == 200 || answer.status == 201 else { throw Self.refusal(object, status: answer.status) }
            guard !json else { return }
            let count = object["rows"] as? Int ?? 0
            let people = object["people"] as? Int ?? 0
            let recorded = "recorded by \(object["recorded_by"] as? String ?? "?") on \(object["recorded_on"] as? String ?? "?")"
            print(answer.status == 201
                  ? "Imported \(count) award(s) of \(people) person(s) from \(file), \(recorded)."
                  : "\(file) was imported before (\(count) award(s) of \(people) person(s), \(recorded)); nothing added.")
            print("SHA-256 \(object["file_sha256"] as? String ?? "?"): \(base)/v1/award-imports/\(object["file_sha256"] as? String ?? "")")
        }

        /// The service's problem, each refused row on a line of its own; exit 65 for a file with
        /// bad rows (EX_DATAERR), 1 for anything else.
        static func refusal(_ problem: [String: Any], status: UInt) -> ExitCode {
            var lines = ["laurel: \(problem["detail"] as? String ?? "the service answered \(status)")"]
            let rows = problem["rows"] as? [[String: Any]] ?? []
            for row in rows {
                lines.append("  row \(row["row"] as? Int ?? 0), \(row["field"] as? String ?? "?"): \(row["reason"] as? String ?? "")")
            }
            FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
            return ExitCode(rows.isEmpty ? 1 : 65)
        }
    }
}
