import Hummingbird
import Nominations

/// A score's `{unit}` and `{year}` for a read: as ``UnitYearPath`` reads them, and visible to
/// whoever covers the unit and to the officers of the year's head unit of its cluster or bloc
/// (recorded for the year, or else the organisation file's), who review it; 404 for anyone
/// else, as for a unit that does not exist.
package struct ScorePath {
    package let unitYear: UnitYear

    package init(_ context: LaurelRequestContext) async throws {
        let (caller, tenant) = try context.requireCallerAndTenant()
        let unitYear = try UnitYearPath(context, reading: false).unitYear
        let organization = tenant.organization
        var reviews = false
        if !caller.maySee(unit: unitYear.unit, in: organization), caller.actor.roles.contains("unit_officer"),
           let group = organization.emulationGroup(of: unitYear.unit) {
            // Read only for a caller who does not cover the unit: the head's officers are few.
            let year = try await tenant.commands.clusterYear(GroupYear(group: group.code, year: unitYear.year))
            reviews = year.loaded.state.head(in: group) == caller.actor.unit
        }
        guard reviews || caller.maySee(unit: unitYear.unit, in: organization) else {
            throw Problem.notFound("'\(unitYear.unit)' is not a unit that you cover")
        }
        self.unitYear = unitYear
    }
}
