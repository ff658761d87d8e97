import Hummingbird
import Nominations

/// A route's `{unit}` and `{year}`: a unit of the organisation that the caller may read, and a
/// year. Both are 404 otherwise, one not existing and one not covered alike, so a caller learns
/// nothing of units beyond its own.
struct UnitYearPath {
    let unitYear: UnitYear

    init(_ context: LaurelRequestContext, services: LaurelServices) throws {
        let caller = try context.requireCaller()
        let unit = context.parameters.get("unit") ?? ""
        guard services.organization.unit(code: unit) != nil, caller.maySee(unit: unit, in: services.organization) else {
            throw Problem.notFound("'\(unit.prefix(64))' is not a unit that you cover")
        }
        let text = context.parameters.get("year") ?? ""
        guard text.count == 4, let year = Int(text), year >= 1000 else {
            throw Problem.notFound("'\(text.prefix(16))' is not a year such as 2026")
        }
        unitYear = UnitYear(unit: unit, year: year)
    }
}
