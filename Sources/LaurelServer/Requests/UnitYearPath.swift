import Hummingbird
import Nominations

/// A route's `{unit}` and `{year}`: a unit of the organisation and a year, 404 otherwise. A read
/// of a unit the caller does not cover is 404 too, as for one that does not exist, so a reader
/// learns nothing of units beyond its own; a command on one is left to the rules, which refuse
/// it with 403 `unit_not_allowed` (the caller named the unit, so there is nothing to hide).
struct UnitYearPath {
    let unitYear: UnitYear

    init(_ context: LaurelRequestContext, reading: Bool) throws {
        let (caller, tenant) = try context.requireCallerAndTenant()
        let organization = tenant.organization
        let unit = context.parameters.get("unit") ?? ""
        guard organization.unit(code: unit) != nil, !reading || caller.maySee(unit: unit, in: organization) else {
            throw Problem.notFound("'\(unit.prefix(64))' is not a unit that you cover")
        }
        let text = context.parameters.get("year") ?? ""
        guard text.count == 4, let year = Int(text), year >= 1000 else {
            throw Problem.notFound("'\(text.prefix(16))' is not a year such as 2026")
        }
        unitYear = UnitYear(unit: unit, year: year)
    }
}
