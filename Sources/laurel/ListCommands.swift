import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore

/// `laurel lists submit`: sends a unit's year-end list (a CSV file) to a running `laurel serve`,
/// with a progress bar, and prints what the service answered: the nominations stored, or every
/// bad row by number, field and reason.
struct ListsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lists", abstract: "A unit's year-end list: send it, take it in, return rows.",
        subcommands: [Submit.self, Intake.self, Return.self])

    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "submit",
            abstract: "Send a year-end list (CSV, UTF-8, a header row) to a running service: every row stored, or none.",
            discussion: """
                The columns are those of PUT /v1/nomination-lists/{list} (docs/http-api.md#year-end-lists). Sending the \
                same file under the same --list again stores nothing and prints the first answer. Exit 1 when rows \
                are refused (each is printed), 2 for any other refusal.
                """)

        @Argument(help: "The CSV file.") var file: String
        @Option(help: "The list's id, chosen by the unit (at most 58 letters, digits, '.', '_', '-').") var list: String
        @Option(help: "The unit sending the list, such as vksnd-hanoi.") var unit: String
        @Option(help: "The year the list is for.") var year: Int
        @Option(help: "The service's address.") var server = "http://127.0.0.1:8080"
        @Option(help: "A unit officer's bearer token; defaults to LAUREL_TOKEN.") var token: String?

        func run() async throws {
            let token = try ServiceRequest.token(token, of: "unit officer")
            let data = try ServiceRequest.file(file)
            let rows = data.split(separator: UInt8(ascii: "\n")).count - 1
            let interactive = isatty(STDOUT_FILENO) == 1
            var request = HTTPClientRequest(url: "\(server)/v1/nomination-lists/\(list)?unit=\(unit)&year=\(year)")
            request.method = .PUT
            let total = data.count
            // On a terminal, a bar redrawn in place; redirected, a line on stderr at each step.
            if !interactive { progressLine("sending \(rows) rows (\(total / 1024) KiB) to \(server)") }
            let answer = try await ServiceRequest.send(request, token: token, body: .stream(UploadChunks(data: data) { sent in
                guard interactive else {
                    if sent >= total { progressLine("sent; the service stores \(rows) rows, all or none") }
                    return
                }
                let line = sent < total ? "sending \(rows) rows" : "storing \(rows) rows (all or none)…"
                FileHandle.standardOutput.write(Data(("\r" + ProgressBar.bar(fraction: Double(sent) / Double(max(total, 1)))
                                                      + " \(sent / 1024)/\(total / 1024) KiB, \(line)").utf8))
            }, length: .known(Int64(total))), server: server)
            if interactive { print() }
            try report(answer.status, answer.body)
        }

        private func report(_ status: Int, _ body: Data) throws {
            let json = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
            if status == 200 || status == 201 {
                let rows = json["rows"] as? [[String: Any]] ?? []
                let first = rows.first?["nomination_id"] as? String ?? "?"
                let last = rows.last?["nomination_id"] as? String ?? "?"
                print("list \(list): \(rows.count) nominations submitted (\(first) … \(last))")
                return
            }
            throw ServiceRequest.refusal(json, status: status, rowsCode: "list_rows_invalid")
        }
    }
}

/// A body sent in chunks, each reported to `progress` with the bytes handed over so far.
struct UploadChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let data: Data
    let progress: @Sendable (Int) -> Void
    static let chunkSize = 64 * 1024

    struct AsyncIterator: AsyncIteratorProtocol {
        let data: Data
        let progress: @Sendable (Int) -> Void
        var offset = 0

        mutating func next() async throws -> ByteBuffer? {
            guard offset < data.count else { return nil }
            let end = Swift.min(offset + UploadChunks.chunkSize, data.count)
            let chunk = ByteBuffer(bytes: data[data.startIndex + offset..<data.startIndex + end])
            offset = end
            progress(offset)
            return chunk
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(data: data, progress: progress) }
}

/// A progress line for output that is not a terminal: on stderr, so stdout stays the result.
func progressLine(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
