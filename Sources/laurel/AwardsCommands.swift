import ArgumentParser
import AsyncHTTPClient
import Foundation
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
            abstract: "Import a CSV file of earlier awards into a running service: every row stored, or none.",
            discussion: """
                The file: UTF-8 CSV with a header row naming person_id, name, unit, title, year, decision_number and \
                decision_date (a spreadsheet's "CSV UTF-8" export, byte order mark and CRLF included; \
                docs/awards-before-laurel.md). The same file again stores nothing and prints the first import. Exit 1 \
                when rows are refused (each is printed by number, field and reason), 2 for any other refusal.
                """)

        @Argument(help: "The CSV file.") var file: String
        @Option(help: "The service's address.") var server = "http://127.0.0.1:8080"
        @Option(help: "A standing office's bearer token; defaults to LAUREL_TOKEN.") var token: String?
        @Flag(help: "Print the service's JSON answer.") var json = false

        func run() async throws {
            let token = try ServiceRequest.token(token, of: "standing office")
            let data = try ServiceRequest.file(file)
            var request = HTTPClientRequest(url: "\(server)/v1/award-imports")
            request.method = .POST
            let (status, body) = try await ServiceRequest.send(request, token: token, body: .bytes(ByteBuffer(data: data)), server: server)
            if json { print(String(decoding: body, as: UTF8.self)) }
            let answer = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
            guard status == 200 || status == 201 else { throw ServiceRequest.refusal(answer, status: status, rowsCode: "invalid_rows") }
            guard !json else { return }
            let awards = "\(answer["rows"] as? Int ?? 0) award(s) of \(answer["people"] as? Int ?? 0) person(s)"
            let recorded = "recorded by \(answer["recorded_by"] as? String ?? "?") on \(answer["recorded_on"] as? String ?? "?")"
            print(status == 201 ? "\(file): \(awards) imported, \(recorded)"
                                : "\(file) was imported before (\(awards), \(recorded)); nothing added")
            print("SHA-256 \(answer["file_sha256"] as? String ?? "?")")
        }
    }
}
