import Foundation
import Hummingbird
import Nominations
import Projections

/// The reports on awards the sector keeps: the multi-year summary (`/v1/reports/five-year`) and
/// a unit's yearbook (`/v1/units/{unit}/yearbook`), each as JSON, as a printable page and as
/// CSV, from the awards registry (imported awards included), scoped like every report.
package struct AwardReportsController {
    let services: LaurelServices

    package init(services: LaurelServices) { self.services = services }

    /// The longest period a summary covers.
    static let maxYears = 10

    func addRoutes(to group: RouterGroup<LaurelRequestContext>) {
        for (suffix, format) in Format.routes {
            group.get("reports/five-year\(suffix)", use: { request, context in
                let (caller, tenant) = try context.requireCallerAndTenant()
                return try await fiveYear(request.uri.queryParameters, caller: caller, tenant: tenant, as: format)
            })
            group.get("units/:unit/yearbook\(suffix)", use: { request, context in
                let (caller, tenant) = try context.requireCallerAndTenant()
                return try await yearbook(of: context.parameters.get("unit") ?? "", request.uri.queryParameters, caller: caller,
                                          tenant: tenant, as: format)
            })
        }
    }

    /// How a report is answered.
    package enum Format: Sendable {
        case json, document, csv

        /// Each format's route suffix: JSON at the path, the printable page at `/document`, CSV at `.csv`.
        static let routes: [(suffix: String, format: Format)] = [("", .json), ("/document", .document), (".csv", .csv)]
    }

    /// The summary of the years `from` to `to` (default: the five years up to last year), of the
    /// units the caller covers or of `unit`.
    package func fiveYear(
        _ parameters: some Sequence<(key: Substring, value: Substring)>, caller: Caller, tenant: TenantServices, as format: Format
    ) async throws -> Response {
        let lastYear = tenant.commands.today().year - 1
        let (unit, period, checkpoint) = try FieldReader(query: parameters).read { query in
            let to = query.integer("to", in: 1945...2100, required: false) ?? lastYear
            let from = query.integer("from", in: 1945...2100, required: false) ?? to - 4
            if from > to { query.reject("from", "must not be after 'to' (\(to))") }
            if to - from >= Self.maxYears { query.reject("from", "a summary covers at most \(Self.maxYears) years") }
            return (query.identifier("unit", required: false), from <= to ? from...to : to...to,
                    NominationsController.checkpoint(query, of: tenant))
        }
        let units = try caller.units(forQuery: unit, in: tenant.organization)
        let tenantID = tenant.id
        let tallies = try await services.reading("awards", checkpoint: checkpoint) { reads in
            try await reads.readModels.awardTallies(tenant: tenantID, units: units, years: period)
        }
        let summary = FiveYearSummary(years: period, tallies: tallies, organization: tenant.organization)
        switch format {
        case .json:
            return try JSONResponse(summary).response()
        case .document:
            let scope = Self.scopeName(asked: unit, units: units, caller: caller, organization: tenant.organization)
            return PrintablePage.response(ReportTemplates.fiveYear.render(Self.model(summary, scope: scope)))
        case .csv:
            var lines = [["Năm", "Đơn vị", "Mã đơn vị", "Danh hiệu, hình thức", "Loại khen thưởng", "Đối tượng", "Số lượng",
                          "Tập thể nhỏ", "Trực tiếp thực thi nhiệm vụ", "Nhập từ trước"]]
            for tally in tallies.sorted(by: { ($0.year, $0.unit) < ($1.year, $1.unit) }) {
                lines.append(["\(tally.year)", tenant.organization.unit(code: tally.unit)?.name ?? tally.unit, tally.unit, tally.titleName,
                              tally.kind, tally.nomineeType == "collective" ? "Tập thể" : "Cá nhân", "\(tally.awards)",
                              "\(tally.smallCollectives)", "\(tally.frontLine)", "\(tally.imported)"])
            }
            return CSVDownload.response(lines, filename: "tong-ket-khen-thuong-\(period.lowerBound)-\(period.upperBound).csv")
        }
    }

    /// Every award of the unit since its founding, imported ones included and revoked ones
    /// marked. A unit the caller does not cover is not found, as one that does not exist.
    package func yearbook(
        of code: String, _ parameters: some Sequence<(key: Substring, value: Substring)>, caller: Caller, tenant: TenantServices, as format: Format
    ) async throws -> Response {
        guard let unit = tenant.organization.unit(code: code), caller.maySee(unit: unit.code, in: tenant.organization) else {
            throw Problem.notFound("no unit '\(code.prefix(100))'")
        }
        let checkpoint = try FieldReader(query: parameters).read { .some(NominationsController.checkpoint($0, of: tenant)) }
        let tenantID = tenant.id
        let found = try await services.reading("awards", checkpoint: checkpoint) { reads in
            try await reads.readModels.yearbook(tenant: tenantID, unit: unit.code)
        }
        let yearbook = Yearbook(unit: unit.code, unitName: unit.name, awards: Array(found.prefix(ReadModelQueries.yearbookLimit)),
                                complete: found.count <= ReadModelQueries.yearbookLimit)
        switch format {
        case .json:
            return try JSONResponse(yearbook).response()
        case .document:
            return PrintablePage.response(ReportTemplates.yearbook.render(yearbook.printModel))
        case .csv:
            var lines = [["Năm", "Danh hiệu, hình thức", "Đối tượng", "Mã", "Họ tên, tên tập thể", "Số quyết định", "Ngày quyết định",
                          "Ghi chú"]]
            for award in yearbook.awards {
                lines.append(["\(award.year)", award.titleName, award.nomineeType == "collective" ? "Tập thể" : "Cá nhân", award.nomineeID,
                              award.nomineeName, award.decisionNumber, award.decisionDate, Yearbook.note(award)])
            }
            return CSVDownload.response(lines, filename: "ky-yeu-khen-thuong-\(unit.code).csv")
        }
    }

    /// Whose figures a printed report shows: the unit asked for; else the caller's unit and those
    /// under it, or the whole sector when the caller covers every unit.
    static func scopeName(asked unit: String?, units: [String]?, caller: Caller, organization: Organization) -> String {
        let covering = unit ?? (units == nil ? organization.sectorUnit : caller.actor.unit)
        return covering.map { organization.unit(code: $0)?.name ?? $0 } ?? "Toàn ngành"
    }

    /// The summary as the printed page shows it: shares as percentages, the aim's verdicts in words.
    static func model(_ summary: FiveYearSummary, scope: String) -> [String: Any] {
        func percent(_ share: Double?) -> String {
            share.map { String(format: "%.1f%%", $0 * 100).replacingOccurrences(of: ".", with: ",") } ?? "–"
        }
        func verdict(_ rose: Bool?) -> String { rose.map { $0 ? "tăng, đạt mục tiêu" : "không tăng, chưa đạt mục tiêu" } ?? "chưa đủ số liệu" }
        return [
            "from": summary.from, "to": summary.to, "scope": scope, "total": summary.total,
            "yearNumbers": summary.years.map(\.year),
            "years": summary.years.map {
                ["year": $0.year, "awards": $0.awards, "individuals": $0.individuals, "collectives": $0.collectives,
                 "smallCollectives": $0.smallCollectives, "smallShare": percent($0.smallCollectiveShare), "frontLine": $0.frontLine,
                 "frontLineShare": percent($0.frontLineShare), "imported": $0.imported] as [String: Any]
            },
            "titles": summary.titles.map { ["name": $0.name, "byYear": $0.byYear, "total": $0.total] as [String: Any] },
            "units": summary.units.map { ["name": $0.name, "byYear": $0.byYear, "total": $0.total] as [String: Any] },
            "aimText": summary.aim.text, "aimSource": summary.aim.source,
            "smallVerdict": verdict(summary.aim.smallCollectiveShareRose), "frontLineVerdict": verdict(summary.aim.frontLineShareRose),
        ]
    }
}

/// A unit's yearbook (kỷ yếu khen thưởng): its awards since its founding, oldest first.
struct Yearbook: Encodable {
    let unit: String
    let unitName: String
    let awards: [AwardRecord]
    /// False when the unit has more awards than one yearbook lists (``ReadModelQueries/yearbookLimit``).
    let complete: Bool

    static func note(_ award: AwardRecord) -> String {
        [award.imported ? "Khen thưởng trước khi dùng Laurel (nhập từ hồ sơ)" : nil,
         award.revoked ? "Đã bị hủy bỏ" + (award.revocationGround.map { " (\($0))" } ?? "") : nil]
            .compactMap { $0 }.joined(separator: "; ")
    }

    /// `2024-06-01` as Vietnamese writes a date: `01/06/2024`.
    static func day(_ iso: String) -> String {
        let parts = iso.split(separator: "-")
        return parts.count == 3 ? parts.reversed().joined(separator: "/") : iso
    }

    var printModel: [String: Any] {
        let years = Dictionary(grouping: awards, by: \.year).sorted { $0.key < $1.key }.map { year, awards in
            ["year": year, "awards": awards.enumerated().map { index, award in
                ["index": index + 1, "title": award.titleName, "nominee": award.nomineeName,
                 "decision": "\(award.decisionNumber), ngày \(Self.day(award.decisionDate))", "note": Self.note(award)] as [String: Any]
            }] as [String: Any]
        }
        return ["unitName": unitName, "count": awards.count, "years": years,
                "span": awards.isEmpty ? nil : ["first": awards.first?.year ?? 0, "last": awards.last?.year ?? 0] as [String: Any]] as [String: Any]
    }
}
