import EventStore
import Foundation
import Hummingbird
import LaurelServer
import Projections

extension Console {
    func addStatisticsRoutes(to router: Router<LaurelRequestContext>) {
        router.get("statistics", use: page { request, _, visit in try await statisticsPage(request, visit) })
        // The reports on awards, as the API prints them, for the person signed in.
        for (suffix, format) in [("/document", AwardReportsController.Format.document), (".csv", .csv)] {
            router.get("reports/five-year\(suffix)", use: page { request, _, visit in
                try await awardReports.fiveYear(request.uri.queryParameters, caller: visit.caller, tenant: visit.tenant, as: format)
            })
            router.get("units/:unit/yearbook\(suffix)", use: page { request, context, visit in
                try await awardReports.yearbook(of: context.parameters.get("unit") ?? "", request.uri.queryParameters, caller: visit.caller,
                                                tenant: visit.tenant, as: format)
            })
            // The forms of the statistical report to the Ministry of Home Affairs.
            router.get("reports/moha/0601\(suffix)", use: page { request, _, visit in
                try await statisticalReports.movements(request.uri.queryParameters, caller: visit.caller, tenant: visit.tenant, as: format)
            })
            router.get("reports/moha/0603\(suffix)", use: page { request, _, visit in
                try await statisticalReports.awards(request.uri.queryParameters, caller: visit.caller, tenant: visit.tenant, as: format)
            })
        }
    }

    /// Statistics as `GET /v1/reports/statistics` gives them to the same person (their units,
    /// a year if chosen), with charts drawn as SVG on the server: awards by unit and by title, the
    /// shares going to front-line staff and small collectives, and the time spent in each stage.
    func statisticsPage(_ request: Request, _ visit: Visit) async throws -> Response {
        let language = visit.language
        var model = layout(visit, title: language.text("stats.title"), current: "/statistics")
        let year = request.uri.queryParameters.get("year").flatMap(Int.init).flatMap { (1945...2100).contains($0) ? $0 : nil }
        let (tenant, units) = (visit.tenant.id, try visit.caller.units(forQuery: nil, in: visit.tenant.organization))
        let checkpoint = request.uri.queryParameters.get("checkpoint").flatMap(visit.tenant.checkpoints.checkpoint(in:))
        let report = try await services.reading("statistics", checkpoint: checkpoint) { reads in
            try await reads.readModels.statistics(tenant: tenant, units: units, year: year)
        }
        let names = visit.tenant.domain.rules.ruleSet(inForceOn: visit.tenant.commands.today())?.titles.mapValues(\.name) ?? [:]
        func awarded(by key: (OutcomeStatistics) -> String, name: (String) -> String) -> [BarChart.Bar] {
            Dictionary(grouping: report.outcomes, by: key)
                .map { (name($0.key), $0.value.reduce(0) { $0 + $1.approved }) }
                .filter { $0.1 > 0 }
                .sorted { ($1.1, $0.0) < ($0.1, $1.0) }
                .prefix(15)
                .map { BarChart.Bar(label: $0.0, shown: String($0.1), measure: Double($0.1)) }
        }
        model["year"] = year.map(String.init) ?? ""
        model["charts"] = [
            BarChart.model(title: language.text("stats.by_unit"), bars: awarded(by: \.unit) { unitName($0, of: visit.tenant) }),
            BarChart.model(title: language.text("stats.by_title"), bars: awarded(by: \.title) { names[$0] ?? $0 }),
            BarChart.model(title: language.text("stats.by_stage"), bars: report.stageTimes
                .filter { $0.stays > 0 }
                .sorted { $0.averageHours > $1.averageHours }
                .prefix(15)
                .map { stage in
                    BarChart.Bar(label: "\(language.text("kind.\(stage.kind)")) · \(language.text("state.\(stage.stage)"))",
                                 shown: duration(hours: stage.averageHours, language: language), measure: stage.averageHours)
                }),
        ]
        let approved = report.outcomes.reduce(0) { $0 + $1.approved }
        model["approved"] = approved
        model["submitted"] = report.outcomes.reduce(0) { $0 + $1.submitted }
        // Vietnamese writes a decimal comma: 12,5%.
        func percent(_ share: Double?) -> String {
            share.map { String(format: "%.1f%%", $0 * 100).replacingOccurrences(of: ".", with: language == .vietnamese ? "," : ".") } ?? "—"
        }
        model["shares"] = [
            ["label": language.text("stats.front_line"), "value": percent(report.frontLineShare)],
            ["label": language.text("stats.small_collective"), "value": percent(report.smallCollectiveShare)],
        ]
        model["yearbook"] = "/units/\(visit.caller.actor.unit)/yearbook"
        return try renderer.render("statistics", model, language: language)
    }

    /// A stay as a person reads it: minutes under an hour, days from two days on, hours between.
    private func duration(hours: Double, language: Language) -> String {
        switch hours {
        case ..<1: String(format: "%.0f %@", hours * 60, language.text("stats.minutes"))
        case ..<48: String(format: "%.1f %@", hours, language.text("stats.hours"))
        default: String(format: "%.1f %@", hours / 24, language.text("stats.days"))
        }
    }
}
