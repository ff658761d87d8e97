import Commands
import Nominations

/// A year's ranking as a caller may read it: a cluster's or bloc's for whoever sees one of its
/// members, the sector-wide one for those who see every unit. The checks and reads of
/// `GET /v1/rankings/{year}`, shared with the console's ranking page so both refuse alike.
package struct ScopedRanking: Sendable {
    /// The cluster or bloc; nil for the sector-wide ranking.
    package let group: EmulationGroup?
    /// The group's head unit of the year, which reviewed its members' scores: the one recorded
    /// for the year, or the organisation file's; nil sector-wide.
    package let head: String?
    package let read: RankingRead

    /// Reads the ranking of `year` within the group `code` (sector-wide when nil) for `caller`.
    ///
    /// - Throws: 404 for a group none of whose members the caller sees (as one that does not
    ///   exist) and for a year without a scoring table; 403 for the sector-wide ranking asked by
    ///   a caller who does not see every unit.
    package init(year: Int, group code: String?, for caller: Caller, in tenant: TenantServices) async throws {
        let organization = tenant.organization
        let units: [String]
        if let code {
            guard let found = organization.emulationGroup(code: code),
                  found.members.contains(where: { caller.maySee(unit: $0, in: organization) }) else {
                throw Problem.notFound("'\(code.prefix(64))' is not a cluster or bloc of units you cover")
            }
            group = found
            units = found.members
        } else {
            guard caller.scope(in: organization) == nil else {
                throw Problem.forbidden("the sector-wide ranking is read by those who cover every unit; ask for your cluster or bloc with ?group=")
            }
            group = nil
            units = organization.emulatingUnits
        }
        guard let read = try await tenant.commands.ranking(year: year, units: units) else {
            throw Problem.notFound("no scoring table is published for \(year)")
        }
        self.read = read
        if let group {
            head = try await tenant.commands.clusterYear(GroupYear(group: group.code, year: year)).loaded.state.head(in: group)
        } else {
            head = nil
        }
    }
}
