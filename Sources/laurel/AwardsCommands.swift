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
            guard let token = token ?? ProcessInfo.processInfo.environment["LAUREL_TOKEN"], !token.isEmpty else {
                throw ValidationError("give a standing office's token with --token or LAUREL_TOKEN (laurel token issue prints one)")
            }
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                throw ValidationError("cannot read \(file): give the path of a CSV file")
            }
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            let answer: (status: Int, body: Data)
            do {
                var request = HTTPClientRequest(url: "\(server)/v1/award-imports")
                request.method = .POST
                request.headers.add(name: "Authorization", value: "Bearer \(token)")
                request.headers.add(name: "Content-Type", value: "text/csv; charset=utf-8")
                request.body = .bytes(ByteBuffer(data: data))
                let response = try await client.execute(request, timeout: .seconds(600))
                answer = (Int(response.status.code), Data(buffer: try await response.body.collect(upTo: 32 << 20)))
                try await client.shutdown()
            } catch {
                try? await client.shutdown()
                throw ValidationError("cannot reach \(server): \(error)")
            }
            if json { print(String(decoding: answer.body, as: UTF8.self)) }
            try report(answer.status, answer.body)
        }

        /// What was imported, or the refusal with every refused row on a line of its own.
        private func report(_ status: Int, _ body: Data) throws {
            let answer = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
            if status == 200 || status == 201 {
                guard !json else { return }
                let awards = "\(answer["rows"] as? Int ?? 0) award(s) of \(answer["people"] as? Int ?? 0) person(s)"
                let recorded = "recorded by \(answer["recorded_by"] as? String ?? "?") on \(answer["recorded_on"] as? String ?? "?")"
                print(status == 201 ? "\(file): \(awards) imported, \(recorded)"
                                    : "\(file) was imported before (\(awards), \(recorded)); nothing added")
                print("SHA-256 \(answer["file_sha256"] as? String ?? "?")")
                return
            }
            let errors = answer["errors"] as? [[String: Any]] ?? []
            var lines = ["laurel: \(answer["detail"] as? String ?? "the service answered \(status)")"]
            for error in errors {
                let row = (error["row"] as? Int).map { $0 == 0 ? "header" : "row \($0)" } ?? ""
                lines.append("  \(row)  \(error["field"] as? String ?? ""): \(error["reason"] as? String ?? "")")
            }
            FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
            throw ExitCode(errors.contains { $0["row"] != nil } ? 1 : 2)
        }
    }
}
