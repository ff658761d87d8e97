import Commands
import EventStore
import Foundation
import Hummingbird
import Nominations
import Workflow

/// `/v1/nomination-lists/{list}`: a unit's year-end list, sent in one request (a JSON body or a
/// CSV upload) and stored whole or not at all; the standing office takes its rows in, or returns
/// chosen rows, in one command each.
///
/// The console's year-end list upload calls ``submitCSV(listID:unit:year:csv:caller:tenant:trace:)``:
/// the same reading of the file and the same command.
package struct NominationListsController {
    let services: LaurelServices

    package init(services: LaurelServices) {
        self.services = services
    }

    func addRoutes(to group: RouterGroup<LaurelRequestContext>) {
        group.put("nomination-lists/:list", use: submit)
        group.get("nomination-lists/:list", use: show)
        group.post("nomination-lists/:list/intake", use: takeIn)
        group.post("nomination-lists/:list/returns", use: returnRows)
    }

    /// The longest list id: its rows' nomination ids (`<list>-<row>`) stay within 64 characters.
    static let maxIDLength = 58

    /// Sends the list. Its id is the client's key: the same request sent again is answered as
    /// the first time, and stores nothing.
    @Sendable func submit(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let listID = try Self.listID(context)
        let input = try await CommandRequest(request, context: context, maxBodyBytes: services.settings.maxListBytes,
                                             allowedRoles: NominationList.submitRoles, acceptsCSV: true)
        let header: ListRows.Header
        let rows: [NominationCommands.ListRow]
        if input.isCSV {
            header = try Self.csvHeader(try FieldReader(query: request.uri.queryParameters))
            rows = try ListRows.csv(listID: listID, header: header, input.data)
        } else {
            (header, rows) = try ListRows.json(listID: listID, input.body)
        }
        return try await store(listID, header: header, rows: rows, input: input, body: input.data, path: request.uri.path)
    }

    /// A CSV upload's unit and year, from the query (or a console form's fields).
    private static func csvHeader(_ fields: FieldReader) throws(Problem) -> ListRows.Header {
        try fields.read { fields -> ListRows.Header? in
            let unit = fields.identifier("unit")
            let year = fields.integer("year", in: 1945...2100)
            guard let unit, let year else { return nil }
            return ListRows.Header(unit: unit, year: year)
        }
    }

    /// Sends a CSV list from the console: read as `PUT /v1/nomination-lists/{list}` reads a
    /// `text/csv` upload, with the same role check and command; all rows or none, bad rows listed
    /// by number, field and reason.
    ///
    /// - Returns: the checkpoint token of the list, for the read models to reach.
    package func submitCSV(
        listID: String, unit: String, year: String, csv: Data, caller: Caller, tenant: TenantServices, trace: RequestTrace
    ) async throws -> String? {
        guard Self.isListID(listID) else {
            throw Problem.invalid(field: "list", "is 1 to \(Self.maxIDLength) letters, digits, '-', '_' or '.'")
        }
        let input = try CommandRequest(form: [:], caller: caller, tenant: tenant, trace: trace, allowedRoles: NominationList.submitRoles,
                                       command: "console submit_list")
        guard csv.count <= services.settings.maxListBytes else { throw Problem.tooLarge(limit: services.settings.maxListBytes) }
        let header = try Self.csvHeader(FieldReader(text: ["unit": .string(unit), "year": .string(year)]))
        let rows = try ListRows.csv(listID: listID, header: header, csv)
        let response = try await store(listID, header: header, rows: rows, input: input, body: csv, path: "/v1/nomination-lists/\(listID)")
        return response.checkpoint
    }

    /// Stores a list read from `body` (its rows checked first), once: the same body under the
    /// same id again is answered as the first time.
    private func store(
        _ listID: String, header: ListRows.Header, rows: [NominationCommands.ListRow], input: CommandRequest, body: Data, path: String
    ) async throws -> StoredResponse {
        let organization = input.tenant.organization
        guard organization.unit(code: header.unit) != nil else {
            throw Problem.invalid(field: "unit", "'\(header.unit)' is not a unit of the organisation")
        }
        let strangers = rows.enumerated().compactMap { index, row -> Problem.FieldError? in
            let unit = row.submission.nominee.unit
            guard organization.unit(code: unit) == nil else { return nil }
            return .init(field: "nominee.unit", reason: "'\(unit)' is not a unit of the organisation", row: index + 1)
        }
        guard strangers.isEmpty else { throw ListRows.listProblem(strangers) }

        let checkpoints = input.tenant.checkpoints
        var options = input.options(reason: nil)
        if options.idempotency == nil {
            options.idempotency = IdempotencyKey(key: "nomination-list:\(listID)", method: "PUT", path: path, ifMatch: nil, body: body)
        }
        do {
            return try await input.tenant.commands.submitList(listID, unit: header.unit, year: header.year, rows: rows,
                                                              actor: input.caller.actor, options: options) { list, version, outcomes in
                try NominationListResource(list: list, touched: outcomes.compactMap(\.state), version: version,
                                           checkpoint: checkpoints.token(for: outcomes.last?.checkpoint)).response(status: 201)
            }
        } catch let refused as BatchRefused {
            throw ListRows.refused(refused, listID: listID)
        }
    }

    /// The list and its rows; a list of a unit the caller does not cover does not exist for them.
    @Sendable func show(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let (caller, tenant) = try context.requireCallerAndTenant()
        let (list, version) = try await list(try Self.listID(context), for: caller, in: tenant)
        return try NominationListResource(list: list, version: version, checkpoint: nil).response(status: 200)
    }

    /// List `listID` with its version, if `caller` covers its unit (404 otherwise).
    package func list(_ listID: String, for caller: Caller, in tenant: TenantServices) async throws -> (list: NominationList, version: Int64) {
        let loaded = try await tenant.commands.nominationList(listID)
        guard let list = loaded.state, caller.maySee(unit: list.unit, in: tenant.organization) else { throw Self.noList(listID) }
        return (list, loaded.version)
    }

    /// Takes in the rows named (`rows`: row numbers), or every row waiting for intake (submitted or resubmitted, not withdrawn).
    @Sendable func takeIn(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let listID = try Self.listID(context)
        let input = try await CommandRequest(request, context: context, maxBodyBytes: services.settings.maxBodyBytes,
                                             allowedRoles: NominationList.intakeRoles)
        struct Intake { let rows: [Int]? }
        let intake = try input.body.read { body in Intake(rows: body.integers("rows", in: 1...maxListRows, maxCount: maxListRows,
                                                                              required: false)) }
        return try await act(listID, takeIn: intake.rows.map { $0.map { listedNominationID(list: listID, row: $0) } }, returning: [],
                             input: input)
    }

    /// Returns the rows named, each with its reasons: `rows: [{row, reasons}]`.
    @Sendable func returnRows(_ request: Request, context: LaurelRequestContext) async throws -> StoredResponse {
        let listID = try Self.listID(context)
        let input = try await CommandRequest(request, context: context, maxBodyBytes: services.settings.maxBodyBytes,
                                             allowedRoles: NominationList.intakeRoles)
        let returned = try input.body.read { body in
            body.objects("rows", maxCount: maxListRows) { row -> NominationCommands.ReturnedRow? in
                let number = row.integer("row", in: 1...maxListRows)
                let reasons = row.strings("reasons", maxCount: CommandRoute.maxReasons)
                guard let number, let reasons else { return nil }
                return NominationCommands.ReturnedRow(nominationID: listedNominationID(list: listID, row: number), reasons: reasons)
            }
        }
        guard !returned.isEmpty else { throw Problem.invalid(field: "rows", "name at least one row to return") }
        return try await act(listID, takeIn: nil, returning: returned, input: input)
    }

    private func act(
        _ listID: String, takeIn rows: [String]?, returning returned: [NominationCommands.ReturnedRow], input: CommandRequest
    ) async throws -> StoredResponse {
        let (caller, checkpoints) = (input.caller, input.tenant.checkpoints)
        let reason = returned.isEmpty ? nil : returned.flatMap(\.reasons).joined(separator: "; ")
        do {
            return try await input.tenant.commands.actOnList(listID, takeIn: rows, returning: returned, actor: caller.actor,
                                                             options: input.options(reason: reason)) { list, version, outcomes in
                try NominationListResource(list: list, touched: outcomes.compactMap(\.state), version: version,
                                           checkpoint: checkpoints.token(for: outcomes.last?.checkpoint)).response(status: 200)
            }
        } catch let refused as BatchRefused {
            throw ListRows.refused(refused, listID: listID)
        } catch let error as DomainError where error.code == .listNotFound || error.code == .unitNotAllowed {
            // A list of a unit the caller does not cover is not disclosed.
            throw Self.noList(listID)
        }
    }

    /// The `:list` path parameter; an id no list could have is a 404.
    static func listID(_ context: LaurelRequestContext) throws -> String {
        let id = context.parameters.get("list") ?? ""
        guard isListID(id) else { throw noList(id) }
        return id
    }

    /// Whether `id` could name a list: at most ``maxIDLength`` identifier characters.
    static func isListID(_ id: String) -> Bool {
        (1...maxIDLength).contains(id.count) && !id.contains("/") && id.unicodeScalars.allSatisfy { FieldReader.identifierCharacters.contains($0) }
    }

    private static func noList(_ id: String) -> Problem {
        Problem.notFound("no list '\(id.prefix(64))' of a unit you cover")
    }
}
