/// The procuracy as Laurel sees it: its units, emulation clusters and blocs, and councils, loaded
/// from `config/organization.yaml` with `Organization.load(file:text:)`.
///
/// A loaded organisation is consistent: every code it refers to exists, parents form a tree, each
/// unit is in at most one cluster or bloc, and each council has one chair and a standing member.
public struct Organization: Sendable, Equatable {
    /// Every unit, in file order.
    public let units: [OrganizationUnit]
    /// Emulation clusters, in file order.
    public let clusters: [EmulationGroup]
    /// Emulation blocs, in file order.
    public let blocs: [EmulationGroup]
    /// Every council, in file order.
    public let councils: [Council]
    /// Roles that act across the whole sector whatever unit their token names (auditors,
    /// administrators); every other role acts only on the units its unit covers.
    public let sectorWideRoles: Set<String>

    private let unitsByCode: [String: OrganizationUnit]
    private let councilsByUnit: [String: Council]
    let childrenByUnit: [String: [String]]
    /// The unit at the top of the hierarchy (the Supreme People's Procuracy), whose council and
    /// head decide the sector's titles; nil for an organisation without a single top.
    public let sectorUnit: String?

    init(units: [OrganizationUnit], clusters: [EmulationGroup], blocs: [EmulationGroup], councils: [Council],
         sectorWideRoles: Set<String> = []) {
        self.units = units
        self.clusters = clusters
        self.blocs = blocs
        self.councils = councils
        self.sectorWideRoles = sectorWideRoles
        childrenByUnit = Dictionary(grouping: units.filter { $0.parent != nil }, by: { $0.parent! }).mapValues { $0.map(\.code) }
        let tops = units.filter { $0.parent == nil }
        sectorUnit = tops.count == 1 ? tops[0].code : nil
        unitsByCode = Dictionary(uniqueKeysWithValues: units.map { ($0.code, $0) })
        councilsByUnit = Dictionary(uniqueKeysWithValues: councils.map { ($0.unit, $0) })
    }

    /// The unit with `code`, if any.
    public func unit(code: String) -> OrganizationUnit? {
        unitsByCode[code]
    }

    /// The headcount of the unit with `code` in `year`, if the unit exists and the year is covered.
    public func headcount(of code: String, in year: Int) -> Int? {
        unitsByCode[code]?.headcount.in(year)
    }

    /// The units above `code`, nearest first and ending at the top of the hierarchy.
    public func ancestors(of code: String) -> [OrganizationUnit] {
        var ancestors: [OrganizationUnit] = []
        var current = unitsByCode[code]?.parent
        // Loading refuses cycles, so the walk ends at the top.
        while let parentCode = current, let parent = unitsByCode[parentCode] {
            ancestors.append(parent)
            current = parent.parent
        }
        return ancestors
    }

    /// The council whose unit is `code` itself, if that unit has one.
    public func council(of code: String) -> Council? {
        councilsByUnit[code]
    }

    /// The council that reviews the nominations of `code`: the unit's own, or else the nearest
    /// ancestor's. A department of the Supreme People's Procuracy is reviewed by the Supreme council.
    /// The council of the next level up is `council(for:)` of that council's unit's parent.
    public func council(for code: String) -> Council? {
        guard let unit = unitsByCode[code] else { return nil }
        return ([unit] + ancestors(of: code)).lazy.compactMap { self.councilsByUnit[$0.code] }.first
    }

    /// The council with `code`, if any.
    public func council(code: String) -> Council? {
        councils.first { $0.code == code }
    }

    /// The cluster or bloc `code` emulates in, if any.
    public func emulationGroup(of code: String) -> EmulationGroup? {
        (clusters + blocs).first { $0.members.contains(code) }
    }
}
