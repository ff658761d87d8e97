import Hummingbird
import Nominations

/// A score's `{unit}` and `{year}` for a read: as ``UnitYearPath`` reads them, and visible to
/// whoever covers the unit and to the officers of the head unit of its cluster or bloc, who
/// review it; 404 for anyone else, as for a unit that does not exist.
struct ScorePath {
    let unitYear: UnitYear

    init(_ context: LaurelRequestContext) throws {
        let (caller, tenant) = try context.requireCallerAndTenant()
        let unitYear = try UnitYearPath(context, reading: false).unitYear
        let organization = tenant.organization
        let reviews = caller.actor.roles.contains("unit_officer")
            && organization.emulationGroup(of: unitYear.unit).map { $0.head == caller.actor.unit } == true
        guard reviews || caller.maySee(unit: unitYear.unit, in: organization) else {
            throw Problem.notFound("'\(unitYear.unit)' is not a unit that you cover")
        }
        self.unitYear = unitYear
    }
}
