/// A stream of events: one aggregate (a nomination, a council session) of one tenant.
///
/// Stored as the tenant, the category, and the stream `"category-id"`; the tenant is part of
/// every key, so the log can be partitioned by tenant later.
public struct StreamName: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The organisation the stream belongs to. Must not be empty or contain `/`.
    public var tenant: String
    /// The kind of stream, such as `nomination`. Must not be empty or contain `-`.
    public var category: String
    /// The stream's identity within its category. Must not be empty.
    public var id: String

    public init(tenant: String, category: String, id: String) {
        self.tenant = tenant
        self.category = category
        self.id = id
    }

    /// Parses `TENANT/CATEGORY-ID`, the form ``description`` prints.
    public init?(parsing text: String) {
        guard let slash = text.firstIndex(of: "/") else { return nil }
        let rest = text[text.index(after: slash)...]
        guard let dash = rest.firstIndex(of: "-") else { return nil }
        self.init(tenant: String(text[..<slash]), category: String(rest[..<dash]),
                  id: String(rest[rest.index(after: dash)...]))
        guard (try? validate()) != nil else { return nil }
    }

    /// The stream column's value: `"category-id"`.
    public var streamID: String { "\(category)-\(id)" }

    /// `TENANT/CATEGORY-ID`.
    public var description: String { "\(tenant)/\(streamID)" }

    /// Throws ``EventStoreError/Code/invalidStreamName`` for a name that could not be parsed back.
    func validate() throws {
        // Bytes, not `contains("/")`: with Foundation imported that searches through NSString, a
        // microsecond for each stream of a year-end list.
        guard !tenant.isEmpty, !tenant.utf8.contains(UInt8(ascii: "/")), !category.isEmpty,
              !category.utf8.contains(UInt8(ascii: "-")), !id.isEmpty else {
            throw EventStoreError(code: .invalidStreamName, stream: self,
                                  message: "stream name \(description) needs a tenant without '/', a category without '-', and an id")
        }
    }

    /// Rebuilds a name from the stored columns.
    init(tenant: String, category: String, streamID: String) {
        self.init(tenant: tenant, category: category, id: String(streamID.dropFirst(category.count + 1)))
    }
}

/// The version a writer expects a stream to be at: optimistic concurrency control.
public enum ExpectedVersion: Sendable, Hashable, CustomStringConvertible {
    /// The stream must have no events yet.
    case noStream
    /// The stream's last event must have this version (`exact(0)` is the same as `noStream`).
    case exact(Int64)
    /// Any version, including none.
    case any

    /// The encoding `laurel_append` takes: -1 no stream, -2 any, n exact.
    var sqlValue: Int64 {
        switch self {
        case .noStream: -1
        case .exact(let version): version
        case .any: -2
        }
    }

    public var description: String {
        switch self {
        case .noStream: "no stream"
        case .exact(let version): "version \(version)"
        case .any: "any version"
        }
    }
}
