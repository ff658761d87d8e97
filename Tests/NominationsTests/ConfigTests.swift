import Foundation
import Nominations
import Testing
import Workflow

@Suite struct ShippedConfigTests {
    @Test func shippedConfigurationValidates() throws {
        let configuration = try shippedConfiguration()
        #expect(configuration.workflows.kinds == ["ad_hoc", "annual", "labour_hero"])
        #expect(configuration.rules.ruleSets.map(\.version) == ["2017.1", "2024.1", "2025.1"])
        #expect(Set(configuration.calendar.years.keys) == [2024, 2025, 2026, 2027])
    }

    @Test(arguments: [("2023-12-31", "2017.1"), ("2024-01-01", "2024.1"), ("2025-06-30", "2024.1"), ("2025-07-01", "2025.1")])
    func picksTheRuleSetInForce(date: String, version: String) throws {
        #expect(try shippedConfiguration().rules.ruleSet(inForceOn: day(date))?.version == version)
    }

    @Test func everyTitleCitesItsSources() throws {
        for ruleSet in try shippedConfiguration().rules.ruleSets {
            for title in ruleSet.titles.values {
                #expect(!title.dossier.source.isEmpty)
                #expect(title.kind == "ad_hoc" || title.vote != nil, "\(title.id) in \(ruleSet.version) needs a vote rule")
            }
        }
    }
}

@Suite struct RuleValidationTests {
    static let ruleFile = "config/rules/2024.1.yaml"

    func errors(replacing original: String, with replacement: String) throws -> [String] {
        let files = try configFiles("rules")
        let text = try #require(files.first { $0.name == Self.ruleFile }?.text)
        let changed = text.replacingFirst(original, with: replacement)
        #expect(changed != text, "fragment not found: \(original)")
        do {
            _ = try DomainConfiguration.load(workflowFiles: try configFiles("workflows"), ruleFiles: [(Self.ruleFile, changed)],
                                             calendarFiles: try configFiles("calendar"), organizationFile: organizationFile())
            return []
        } catch let error as ConfigErrors {
            return error.errors.map(\.description)
        }
    }

    @Test(arguments: [
        ("  working_days: 10\n  source: \"Decree 98/2023/NĐ-CP art. 46(1): public consultation for 10 working days\"\n",
         "  working_days: 10\n", "config/rules/2024.1.yaml:13: rule value 'working_days' has no source"),
        ("\"Three consecutive grassroots titles plus an initiative with sector-wide effect (Law 06/2022/QH15)\"", "\"  \"",
         "config/rules/2024.1.yaml:56: rule value 'requires, initiative' has an empty source"),
        ("quorum: \"2/3\"", "quorum: \"two thirds\"", "config/rules/2024.1.yaml:7: 'two thirds' is not a share such as 90% or 2/3"),
        ("    kind: ad_hoc\n", "    kind: adhoc\n", "config/rules/2024.1.yaml:77: unknown workflow kind 'adhoc'"),
        ("{ title: grassroots_emulation_fighter, consecutive_years: 3 }", "{ title: grassroot_fighter, consecutive_years: 3 }",
         "config/rules/2024.1.yaml:54: unknown title 'grassroot_fighter'"),
        ("    supreme_reviewed: 20", "    supreme_review: 20", "config/rules/2024.1.yaml:22: workflow 'labour_hero' has no state 'supreme_review'"),
        ("basis: total_membership, secret_ballot: true, source: \"At least 90%",
         "basis: all_members, secret_ballot: true, source: \"At least 90%",
         "config/rules/2024.1.yaml:50: 'all_members' is not a valid value here"),
    ])
    func reportsRuleErrorsWithFileAndLine(original: String, replacement: String, expected: String) throws {
        let reported = try errors(replacing: original, with: replacement)
        #expect(reported == [expected], "got \(reported)")
    }

    /// The values of registration, task ratings, same-year titles and the cap's base are checked
    /// as every other, at their line.
    @Test(arguments: [
        ("deadline: \"01-31\"", "deadline: \"02-29\"", "config/rules/2024.1.yaml:24: the registration deadline is a month and day such as 01-31"),
        ("deadline: \"01-31\"", "deadline: \"31 January\"", "config/rules/2024.1.yaml:24: the registration deadline is a month and day such as 01-31"),
        ("task_rating: well", "task_rating: good", "config/rules/2024.1.yaml:34: 'good'"),
        ("same_year: [advanced_worker]", "same_year: [advanced_wroker]", "config/rules/2024.1.yaml:43: unknown title 'advanced_wroker'"),
        ("share_of: advanced_workers", "share_of: everyone", "config/rules/2024.1.yaml:44: 'everyone'"),
        ("registration:\n  deadline: \"01-31\"\n", "registration_deadline:\n  deadline: \"01-31\"\n",
         "config/rules/2024.1.yaml:23: unknown key 'registration_deadline'"),
    ])
    func reportsTheYearsRuleErrorsAtTheirLine(original: String, replacement: String, expected: String) throws {
        let reported = try errors(replacing: original, with: replacement)
        #expect(reported.count == 1 && reported[0].hasPrefix(expected), "got \(reported)")
    }

    @Test func aTitleRequiringRegistrationNeedsADeadline() throws {
        let files = try configFiles("rules")
        let text = try #require(files.first { $0.name == Self.ruleFile }?.text)
        let start = try #require(text.range(of: "registration:\n  deadline:"))
        let end = try #require(text.range(of: "titles:\n", range: start.upperBound..<text.endIndex))
        let reported = try errors(replacing: String(text[start.lowerBound..<end.lowerBound]), with: "")
        #expect(reported.count == 1 && reported[0].hasSuffix("registration is required but the rule set has no registration deadline"),
                "got \(reported)")
    }

    @Test func reportsEveryKindOfFileTogether() throws {
        let badWorkflow = try #require(try configFiles("workflows").first { $0.name.hasSuffix("ad_hoc.yaml") })
        let workflows = try configFiles("workflows").filter { $0.name != badWorkflow.name }
            + [(badWorkflow.name, badWorkflow.text.replacingFirst("to: approved, roles: [head_of_agency] }", with: "to: aproved, roles: [head_of_agency] }"))]
        do {
            _ = try DomainConfiguration.load(workflowFiles: workflows, ruleFiles: try configFiles("rules"),
                                             calendarFiles: [("config/calendar/2030.yaml", "year: 2030\n")],
                                             organizationFile: organizationFile())
            Issue.record("expected errors")
        } catch let error as ConfigErrors {
            #expect(error.errors.map(\.description) == [
                "config/workflows/ad_hoc.yaml:36: transition 'approve' goes to unknown state 'aproved'",
                "config/calendar/2030.yaml:1: missing key 'source'",
            ])
        }
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
