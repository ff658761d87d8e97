import Workflow

/// The tenant's imports of service records, in the order they were stored: one stream
/// (`service_record_index-all`), written in the same append as each import, so every record is
/// read by reading the index and then the imports it names, without scanning the log. A person
/// in several imports has the record of the latest.
public struct ServiceRecordIndex: Sendable, Equatable {
    /// The files' SHA-256, oldest import first.
    public internal(set) var imports: [String]

    public init(imports: [String] = []) { self.imports = imports }

    /// The index's stream id: one index per tenant.
    public static let streamID = "all"
}

/// Lists an import in the index: what follows from the import, never sent by a caller.
public struct ListServiceRecordImport: Sendable, Equatable {
    public let fileSHA256: String
    public let records: Int

    public init(fileSHA256: String, records: Int) {
        self.fileSHA256 = fileSHA256
        self.records = records
    }
}

/// `service_record_index.listed`: an import of service records was stored.
public struct ServiceRecordImportListed: EventPayload {
    public static let type = "service_record_index.listed"
    public static let schemaVersion = 1
    public let fileSHA256: String
    /// How many records the import holds.
    public let records: Int
}

/// Events of the index of service record imports.
public typealias ServiceRecordIndexEvent = SoleEvent<ServiceRecordImportListed>

extension ServiceRecordIndex: Decider {
    public static let initialState = ServiceRecordIndex()

    /// Lists the import. The import's own stream, started in the same append, lets each file be
    /// listed once, so the index is appended to without being read.
    public static func decide(_ command: ListServiceRecordImport, _ index: ServiceRecordIndex, _ context: Void) -> [ServiceRecordIndexEvent] {
        index.imports.contains(command.fileSHA256) ? []
            : [.recorded(ServiceRecordImportListed(fileSHA256: command.fileSHA256, records: command.records))]
    }

    public static func evolve(_ index: ServiceRecordIndex, _ event: ServiceRecordIndexEvent) -> ServiceRecordIndex {
        var index = index
        index.imports.append(event.payload.fileSHA256)
        return index
    }

    /// Every person's record from `imports` (oldest first): a person in several has the record of
    /// the latest, which may set the day they left or add a measure the earlier one lacked.
    public static func latestRecords(_ imports: [ServiceRecordImportRecorded]) -> [ServiceRecord] {
        var byPerson: [String: ServiceRecord] = [:]
        for recorded in imports {
            for record in recorded.records { byPerson[record.personID] = record }
        }
        return byPerson.values.sorted { $0.personID < $1.personID }
    }
}
