import ArgumentParser
import Foundation

/// `laurel reports`: the reports on awards and the forms of the statistical report to the
/// Ministry of Home Affairs, saved through a running `laurel serve` as the caller may read them.
struct ReportsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reports",
        abstract: "Save a report: the five-year summary, a unit's yearbook, or Form 0601 or 0603 for the Ministry of Home Affairs.",
        discussion: """
            Each report is saved as a printable page (--format document, HTML), as CSV (UTF-8 with a byte order mark) or as \
            JSON, of the units the token's holder covers.
            """,
        subcommands: [FiveYear.self, Yearbook.self, Form0601.self, Form0603.self])

    /// What to save and where.
    struct Output: ParsableArguments {
        @Option(help: "csv, document (a printable HTML page) or json.") var format: Format = .csv
        @Option(help: "The file to write.") var output: String
    }

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case csv, document, json

        /// The route's suffix for the format.
        var suffix: String {
            switch self {
            case .csv: ".csv"
            case .document: "/document"
            case .json: ""
            }
        }
    }

    struct FiveYear: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "five-year", abstract: "The multi-year summary of awards by year, title and unit, with the shares to small collectives and front-line staff.")
        @Option(help: "The first year (default: five years up to last year).") var from: Int?
        @Option(help: "The last year.") var to: Int?
        @Option(help: "One unit the token's holder covers.") var unit: String?
        @OptionGroup var output: Output
        @OptionGroup var service: ServiceOptions

        func run() async throws {
            try await ReportsCommand.save("/v1/reports/five-year", output, ["from": from.map(String.init), "to": to.map(String.init), "unit": unit],
                                          service)
        }
    }

    struct Yearbook: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every award of a unit since its founding, imported ones included.")
        @Option(help: "The unit.") var unit: String
        @OptionGroup var output: Output
        @OptionGroup var service: ServiceOptions

        func run() async throws {
            try await ReportsCommand.save("/v1/units/\(unit)/yearbook", output, [:], service)
        }
    }

    /// What both forms take: the report year, the unit, and where to save.
    struct FormOptions: ParsableArguments {
        @Option(help: "The report year (default: the last one ended).") var year: Int?
        @Option(help: "One unit the token's holder covers.") var unit: String?
        @OptionGroup var output: Output
        @OptionGroup var service: ServiceOptions

        /// Saves form `number` (0601, 0603) of the statistical report.
        func save(form number: String) async throws {
            try await ReportsCommand.save("/v1/reports/moha/\(number)", output, ["year": year.map(String.init), "unit": unit], service)
        }
    }

    struct Form0601: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "form-0601", abstract: "Form 0601.N/BNV-TĐKT: the emulation movements that ran in the report year (1 December to 30 November).")
        @OptionGroup var options: FormOptions

        func run() async throws { try await options.save(form: "0601") }
    }

    struct Form0603: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "form-0603", abstract: "Form 0603.N/BNV-TĐKT: the awards at the sector's level decided in the report year.")
        @OptionGroup var options: FormOptions

        func run() async throws { try await options.save(form: "0603") }
    }

    /// Saves the report at `path` in the format asked, with the query's given values.
    static func save(_ path: String, _ output: Output, _ query: [String: String?], _ service: ServiceOptions) async throws {
        var components = URLComponents()
        components.queryItems = query.compactMap { key, value in value.map { URLQueryItem(name: key, value: $0) } }.sorted { $0.name < $1.name }
        let parameters = components.queryItems?.isEmpty == false ? "?" + (components.percentEncodedQuery ?? "") : ""
        try await ServiceRequest.save(path + output.format.suffix + parameters, to: output.output, service: service)
    }
}
