import CLibPQ
import Foundation

/// Owns one `PGresult` and clears it exactly once, when the last row referring to it is gone.
///
/// A `PGresult` is never modified after libpq hands it over, so reading it from any thread is safe.
final class ResultHandle: @unchecked Sendable {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) { self.pointer = pointer }

    deinit { PQclear(pointer) }
}

/// A column of a result: its name and type.
public struct PostgresColumn: Sendable, Hashable {
    public let name: String
    public let type: PostgresDataType
}

/// The rows a statement returned, decoded lazily from libpq's result.
public struct PostgresRows: Sendable, RandomAccessCollection {
    let handle: ResultHandle?
    /// The result's columns, in order.
    public let columns: [PostgresColumn]
    /// Rows inserted, updated or deleted, for statements that report it.
    public let affectedRows: Int
    private let columnIndex: [String: Int]

    init(handle: ResultHandle) {
        self.handle = handle
        let result = handle.pointer
        let columns = (0..<PQnfields(result)).map { index in
            PostgresColumn(
                name: String(cString: PQfname(result, index)),
                type: PostgresDataType(rawValue: PQftype(result, index)))
        }
        self.columns = columns
        var columnIndex: [String: Int] = [:]
        for (index, column) in columns.enumerated() where columnIndex[column.name] == nil {
            columnIndex[column.name] = index
        }
        self.columnIndex = columnIndex
        self.affectedRows = Int(String(cString: PQcmdTuples(result))) ?? 0
        self.count = Int(PQntuples(result))
    }

    /// An empty result, for a pipeline statement that never ran.
    init() {
        handle = nil
        columns = []
        columnIndex = [:]
        affectedRows = 0
        count = 0
    }

    public let count: Int
    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> PostgresRow {
        precondition(position >= 0 && position < count, "row index out of range")
        return PostgresRow(rows: self, index: Int32(position))
    }

    func index(ofColumn name: String) -> Int? { columnIndex[name] }
}

/// One row of a result. Decode its columns by position or name with ``decode(_:as:)``.
public struct PostgresRow: Sendable {
    let rows: PostgresRows
    let index: Int32

    /// Decodes the column at `column` (0-based) as `T`. A NULL decodes only into an Optional.
    public func decode<T: PostgresDecodable>(_ column: Int, as type: T.Type = T.self) throws -> T {
        guard let handle = rows.handle, column >= 0, column < rows.columns.count else {
            throw PostgresError(code: .decoding, message: "no column \(column) in the result")
        }
        let result = handle.pointer
        let info = rows.columns[column]
        if PQgetisnull(result, index, Int32(column)) == 1 {
            if let optional = T.self as? any PostgresNullDecodable.Type, let none = optional.null as? T {
                return none
            }
            throw PostgresError(
                code: .decoding,
                message: "column '\(info.name)' is NULL; decode it as \(T.self)? to accept NULL")
        }
        let length = Int(PQgetlength(result, index, Int32(column)))
        let bytes = UnsafeRawBufferPointer(start: PQgetvalue(result, index, Int32(column)), count: length)
        do {
            return try T(postgresCell: PostgresCell(type: info.type, bytes: bytes))
        } catch let failure as PostgresDecodingFailure {
            throw PostgresError(
                code: .decoding,
                message: "column '\(info.name)' of type \(info.type) cannot be decoded as \(T.self): \(failure.reason)")
        }
    }

    /// Decodes the column named `name` as `T`.
    public func decode<T: PostgresDecodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        guard let column = rows.index(ofColumn: name) else {
            throw PostgresError(code: .decoding, message: "no column named '\(name)' in the result")
        }
        return try decode(column, as: type)
    }

    /// Whether the column at `column` is NULL.
    public func isNull(_ column: Int) -> Bool {
        guard let handle = rows.handle else { return true }
        return PQgetisnull(handle.pointer, index, Int32(column)) == 1
    }
}
