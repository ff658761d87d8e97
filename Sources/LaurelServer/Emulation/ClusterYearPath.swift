import Hummingbird
import Nominations

/// A route's cluster or bloc `{code}` and `{year}`: a cluster or bloc of the tenant's
/// organisation and four digits; 404 otherwise. With `reading`, also 404 for a caller who covers
/// none of its members, as if it did not exist. Package-visible: the console's cluster year page
/// reads its path with the same checks.
package struct ClusterYearPath {
    package let group: EmulationGroup
    package let key: GroupYear

    package init(_ context: LaurelRequestContext, reading: Bool) throws {
        let (caller, tenant) = try context.requireCallerAndTenant()
        let code = context.parameters.get("code") ?? ""
        let year = try YearPath(context).year
        guard let group = tenant.organization.emulationGroup(code: code),
              !reading || group.members.contains(where: { caller.maySee(unit: $0, in: tenant.organization) }) else {
            throw Problem.notFound("'\(code.prefix(64))' is not a cluster or bloc that you cover")
        }
        self.group = group
        key = GroupYear(group: group.code, year: year)
    }
}
