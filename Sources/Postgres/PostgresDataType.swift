import CLibPQ

/// A PostgreSQL type, identified by its OID (the built-in ones are fixed across servers).
public struct PostgresDataType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Oid
    public init(rawValue: Oid) { self.rawValue = rawValue }

    /// Lets the server infer the parameter's type from the statement.
    public static let unspecified = PostgresDataType(rawValue: 0)
    public static let bool = PostgresDataType(rawValue: 16)
    public static let bytea = PostgresDataType(rawValue: 17)
    public static let name = PostgresDataType(rawValue: 19)
    public static let int8 = PostgresDataType(rawValue: 20)
    public static let int2 = PostgresDataType(rawValue: 21)
    public static let int4 = PostgresDataType(rawValue: 23)
    public static let text = PostgresDataType(rawValue: 25)
    public static let oid = PostgresDataType(rawValue: 26)
    public static let xid = PostgresDataType(rawValue: 28)
    public static let json = PostgresDataType(rawValue: 114)
    public static let float4 = PostgresDataType(rawValue: 700)
    public static let float8 = PostgresDataType(rawValue: 701)
    public static let unknown = PostgresDataType(rawValue: 705)
    public static let bpchar = PostgresDataType(rawValue: 1042)
    public static let varchar = PostgresDataType(rawValue: 1043)
    public static let date = PostgresDataType(rawValue: 1082)
    public static let timestamp = PostgresDataType(rawValue: 1114)
    public static let timestamptz = PostgresDataType(rawValue: 1184)
    public static let numeric = PostgresDataType(rawValue: 1700)
    public static let uuid = PostgresDataType(rawValue: 2950)
    public static let jsonb = PostgresDataType(rawValue: 3802)
    public static let xid8 = PostgresDataType(rawValue: 5069)
    public static let textArray = PostgresDataType(rawValue: 1009)

    public var description: String {
        Self.names[self] ?? "oid \(rawValue)"
    }

    private static let names: [PostgresDataType: String] = [
        .bool: "bool", .bytea: "bytea", .name: "name", .int8: "int8", .int2: "int2", .int4: "int4",
        .text: "text", .oid: "oid", .xid: "xid", .json: "json", .float4: "float4", .float8: "float8",
        .unknown: "unknown", .bpchar: "bpchar", .varchar: "varchar", .date: "date",
        .timestamp: "timestamp", .timestamptz: "timestamptz", .numeric: "numeric", .uuid: "uuid",
        .jsonb: "jsonb", .xid8: "xid8", .textArray: "text[]",
    ]
}
