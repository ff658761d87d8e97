import Foundation
import Nominations

/// A made-up organisation at a sector's scale for the emulation benchmarks: the Supreme People's
/// Procuracy over `units` units spread in turn over `groups` emulation groups, the first ones
/// clusters of provincial procuracies and the last `blocs` blocs of the Supreme's departments,
/// each group headed by its first member. Written as `config/organization.yaml` is and loaded the
/// same way, so the benchmark's commands check it as they check the real one.
struct SyntheticOrganization {
    let units: Int
    let groups: Int
    let blocs: Int

    /// The code of unit `index` (from 0).
    static func unit(_ index: Int) -> String { "dv-\(String(format: "%03d", index + 1))" }

    /// `base` with this organisation in place of its own.
    func configuration(replacing base: DomainConfiguration) throws -> DomainConfiguration {
        DomainConfiguration(workflows: base.workflows, rules: base.rules, calendar: base.calendar,
                            organization: try Organization.load(file: "synthetic organization.yaml", text: yaml))
    }

    /// The organisation as `config/organization.yaml` would hold it.
    var yaml: String {
        let clusters = groups - blocs
        let members = (0..<groups).map { group in stride(from: group, to: units, by: groups).map(Self.unit) }
        var lines = [
            "sector_wide_roles: [auditor, administrator]",
            "units:",
            "  - { code: vksndtc, name: Viện kiểm sát nhân dân tối cao, name_en: \"Supreme People's Procuracy\", level: supreme, headcount: 28 }",
        ]
        for index in 0..<units {
            let level = index % groups < clusters ? "provincial" : "supreme_department"
            lines.append("  - { code: \(Self.unit(index)), name: Đơn vị \(index + 1), name_en: Unit \(index + 1), level: \(level), "
                         + "parent: vksndtc, headcount: 100 }")
        }
        func group(_ index: Int, kind: String) -> String {
            "  - { code: \(kind)-\(index + 1), name: Nhóm thi đua \(index + 1), name_en: Emulation group \(index + 1), "
                + "head: \(members[index][0]), members: [\(members[index].joined(separator: ", "))] }"
        }
        lines.append(clusters == 0 ? "clusters: []" : "clusters:")
        lines += (0..<clusters).map { group($0, kind: "cum") }
        lines.append(blocs == 0 ? "blocs: []" : "blocs:")
        lines += (clusters..<groups).map { group($0, kind: "khoi") }
        lines += [
            "councils:",
            "  - code: hdtdkt-vksndtc",
            "    unit: vksndtc",
            "    name: Hội đồng Thi đua – Khen thưởng Viện kiểm sát nhân dân tối cao",
            "    members:",
            "      - { id: cb-1, name: Chủ tịch Hội đồng, unit: vksndtc, role: chair }",
            "      - { id: cb-2, name: Thường trực Hội đồng, unit: vksndtc, role: standing_member }",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}
