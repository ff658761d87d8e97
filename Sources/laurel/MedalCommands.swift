import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore

/// `laurel service-records import FILE`: a file of people's service in the sector, sent to a
/// running service (`POST /v1/service-record-imports`) as the standing office whose token it is.
struct ServiceRecordsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "service-records", abstract: "People's service in the sector, for the commemorative medal.",
        subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import a CSV file of service records into a running service: every row stored, or none.",
            discussion: """
                The file: UTF-8 CSV with a header row naming person_id, name, unit and sector_start, and optionally \
                position, is_front_line, sector_end, discipline_from and discipline_to (docs/emulation.md, "The \
                commemorative medal"). The same file again stores nothing and prints the first import. Exit 1 when rows \
                are refused (each is printed by number, field and reason), 2 for any other refusal.
                """)

        @Argument(help: "The CSV file.") var file: String
        @OptionGroup var service: ServiceOptions
        @Flag(help: "Print the service's JSON answer.") var json = false

        func run() async throws {
            let token = try ServiceRequest.token(service.token, of: "standing office")
            let data = try ServiceRequest.file(file)
            var request = HTTPClientRequest(url: "\(service.server)/v1/service-record-imports")
            request.method = .POST
            let (status, body) = try await ServiceRequest.send(request, token: token, body: .bytes(ByteBuffer(data: data)),
                                                               server: service.server)
            if json { print(String(decoding: body, as: UTF8.self)) }
            let answer = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
            guard status == 200 || status == 201 else { throw ServiceRequest.refusal(answer, status: status, rowsCode: "invalid_rows") }
            guard !json else { return }
            let records = "\(answer["rows"] as? Int ?? 0) record(s)"
            let recorded = "recorded by \(answer["recorded_by"] as? String ?? "?") on \(answer["recorded_on"] as? String ?? "?")"
            print(status == 201 ? "\(file): \(records) imported, \(recorded)"
                                : "\(file) was imported before (\(records), \(recorded)); nothing added")
            print("SHA-256 \(answer["file_sha256"] as? String ?? "?")")
        }
    }
}

/// `laurel medal`: the commemorative medal "Vì sự nghiệp Kiểm sát": a year's candidates from the
/// imported service records, and a unit's candidates sent as its year-end list.
struct MedalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "medal", abstract: "The commemorative medal \"Vì sự nghiệp Kiểm sát\".", subcommands: [Candidates.self, SubmitList.self])

    struct Candidates: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Who qualifies in a year, and who does not and why, from the imported service records.")

        @Option(help: "The medal's year (its cut-off is 26 July under rule set 2025.1).") var year: Int
        @Option(help: "Only this unit's people.") var unit: String?
        @Flag(help: "Also list the people who do not qualify, with the reason.") var excluded = false
        @OptionGroup var service: ServiceOptions

        func run() async throws {
            let query = unit.map { "?unit=\($0)" } ?? ""
            try await ServiceRequest.report(try await ServiceRequest.json(
                .GET, "/v1/medals/commemorative/\(year)/candidates\(query)", server: service.server,
                token: try ServiceRequest.token(service.token, of: "reader"))) { answer in
                var lines = ["\(year), rule set \(answer["rule_set"] ?? "?"), cut-off \(answer["cutoff"] ?? "?"):"]
                for candidate in answer["candidates"] as? [[String: Any]] ?? [] { lines.append("  " + Self.line(candidate)) }
                if excluded {
                    for person in answer["excluded"] as? [[String: Any]] ?? [] {
                        lines.append("  not: " + Self.line(person) + " (\(person["reason"] ?? "?"))")
                    }
                }
                lines.append("\((answer["candidates"] as? [Any])?.count ?? 0) candidate(s)")
                return lines.joined(separator: "\n")
            }
        }

        static func line(_ person: [String: Any]) -> String {
            "\(person["person_id"] ?? "?")  \(person["name"] ?? "")  \(person["unit"] ?? "")  from \(person["sector_start"] ?? "?"), "
                + "years reached \(person["qualifies_on"] ?? "?")"
        }
    }

    struct SubmitList: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "submit-list",
            abstract: "Send a unit's candidates of the year as its year-end list for the medal (the unit's officer).")

        @Option(help: "The medal's year.") var year: Int
        @Option(help: "The unit whose candidates are sent.") var unit: String
        @Option(help: "The list's id (letters, digits, '-', '_', '.').") var list: String
        @Option(help: "The submission's SHA-256, uploaded with POST /v1/documents.") var submissionSha256: String?
        @OptionGroup var service: ServiceOptions

        func run() async throws {
            var body: [String: Any] = ["list": list, "unit": unit]
            if let submissionSha256 {
                body["documents"] = [["kind": "submission", "title": "Tờ trình", "sha256": submissionSha256]]
            }
            try await ServiceRequest.report(try await ServiceRequest.json(
                .POST, "/v1/medals/commemorative/\(year)/lists", server: service.server,
                token: try ServiceRequest.token(service.token, of: "unit officer"), body: body)) { answer in
                "sent list \(answer["list_id"] ?? list) of \(unit): \((answer["rows"] as? [Any])?.count ?? 0) candidate(s)"
            }
        }
    }
}
