import Commands
import Hummingbird
import LaurelServer
import Nominations
import Workflow

extension Console {
    /// `/emulation/clusters/{code}/{year}`: a cluster's or bloc's year as
    /// `GET /v1/clusters/{code}/years/{year}` reads it, with the same checks (``ClusterYearPath``).
    func addClusterYearRoutes(to router: Router<LaurelRequestContext>) {
        router.get("emulation/clusters/:code/:year", use: page { request, context, visit in try await clusterYearPage(request, context, visit) })
    }

    /// A cluster's or bloc's year for whoever covers one of its members: the year's head unit
    /// (recorded, or the organisation file's), the programme, each member's place in the pact (and
    /// those that have not signed), the registrations gathered, whether it was sent to the
    /// standing office, and every change with who made it, when and why.
    func clusterYearPage(_ request: Request, _ context: LaurelRequestContext, _ visit: Visit) async throws -> Response {
        let language = visit.language
        let tenant = visit.tenant
        let path = try ClusterYearPath(context, reading: true)
        let (group, year) = (path.group, path.key.year)
        let read = try await tenant.commands.clusterYear(path.key)
        let state = read.loaded.state
        var model = layout(visit, title: "\(groupName(group, language)): \(language.text("cluster.year")) \(year)", current: "/emulation",
                           request: request)
        func day(_ date: LocalDate) -> String { VietnamTime.day(date.description, language: language) }

        model["year"] = String(year)
        model["kind"] = language.text("emulation.kind.\(group.kind.rawValue)")
        model["head"] = unitName(state.head(in: group), of: tenant)
        model["headSource"] = language.text(state.recordedHead == nil ? "cluster.head_from_file" : "cluster.head_recorded")
        model["ranking"] = "/emulation/rankings/\(year)?group=\(group.code)"
        model["programme"] = state.programme.map { programme -> [[String: Any]] in [["items": programme.items, "text": programme.text]] } ?? []
        model["pact"] = group.members.map { unit -> [String: Any] in
            let signature = state.pact[unit]
            return [
                "unit": unitName(unit, of: tenant), "signed": signature != nil,
                "signedOn": signature.map { day($0.signedOn) } ?? "",
                "commitments": signature?.commitments ?? [], "targets": signature?.targets ?? [],
            ]
        }
        let unsigned = group.members.filter { state.pact[$0] == nil }.map { unitName($0, of: tenant) }
        model["unsigned"] = unsigned.isEmpty ? [] : [unsigned.joined(separator: ", ")]
        model["registrations"] = state.gathering.map { gathering -> [[String: Any]] in
            [[
                "gatheredOn": day(gathering.gatheredOn),
                "gathered": gathering.gathered.map { unitName($0.unit, of: tenant) }.joined(separator: ", "),
                "missing": gathering.missing.isEmpty ? [] : [gathering.missing.map { unitName($0, of: tenant) }.joined(separator: ", ")],
            ]]
        } ?? []
        model["sent"] = state.sentOn.map { sentOn -> [[String: Any]] in
            [["sentOn": day(sentOn), "sendings": state.sendings, "changedSinceSent": state.changedSinceSent]]
        } ?? []
        model["history"] = read.history.map { change -> [String: Any] in
            let (unit, reason) = change.event.subject
            return [
                "at": VietnamTime.text(change.recordedAt, language: language), "by": change.actorID ?? "—",
                "event": language.text("cluster.event.\(change.event.type)"), "unit": unit.map { unitName($0, of: tenant) } ?? "",
                "reason": reason ?? "",
            ]
        }
        let titles = tenant.domain.rules.ruleSet(inForceOn: tenant.commands.today())
        model["proposals"] = state.proposals.map { made -> [[String: Any]] in
            [[
                "proposedOn": day(made.proposedOn), "version": made.rankingVersion,
                "rows": made.proposals.map { proposal -> [String: Any] in
                    [
                        "rank": proposal.rank, "unit": unitName(proposal.unit, of: tenant), "total": proposal.total.description,
                        "title": titles?.title(proposal.title)?.name ?? proposal.title,
                        "nomination": proposal.nominationID, "href": "/nominations/\(proposal.nominationID)",
                    ]
                },
            ]]
        } ?? []
        model["hasHistory"] = !read.history.isEmpty
        return try renderer.render("cluster-year", model, language: language)
    }
}
