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
///
/// Column names, types and the affected-row count are read from the result when asked for,
/// not copied out for every statement: most callers decode by position and never need them.
public struct PostgresRows: Sendable, RandomAccessCollection {
    let handle: ResultHandle?

    init(handle: ResultHandle) {
        self.handle = handle
        self.count = Int(PQntuples(handle.pointer))
    }

    /// An empty result, for a pipeline statement that never ran.
    init() {
        handle = nil
        count = 0
    }

    /// The result's columns, in order.
    public var columns: [PostgresColumn] {
        (0..<columnCount).map { PostgresColumn(name: columnName($0), type: columnType($0)) }
    }

    /// Rows inserted, updated or deleted, for statements that report it.
    public var affectedRows: Int {
        guard let result = handle?.pointer else { return 0 }
        return Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    public let count: Int
    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> PostgresRow {
        precondition(position >= 0 && position < count, "row index out of range")
        return PostgresRow(rows: self, index: Int32(position))
    }

    var columnCount: Int {
        handle.map { Int(PQnfields($0.pointer)) } ?? 0
    }

    /// Only for `column` in `0..<columnCount`.
    func columnName(_ column: Int) -> String {
        String(cString: PQfname(handle!.pointer, Int32(column)))
    }

    /// Only for `column` in `0..<columnCount`.
    func columnType(_ column: Int) -> PostgresDataType {
        PostgresDataType(rawValue: PQftype(handle!.pointer, Int32(column)))
    }

    /// The first column called `name`. Compared as given (`PQfnumber` would fold case).
    func index(ofColumn name: String) -> Int? {
        guard let result = handle?.pointer else { return nil }
        return name.withCString { name in
            (0..<PQnfields(result)).first { strcmp(PQfname(result, $0), name) == 0 }.map(Int.init)
        }
    }
}

/// One row of a result. Decode its columns by position or name with ``decode(_:as:)``.
public struct PostgresRow: Sendable {
    let rows: PostgresRows
    let index: Int32

    /// Decodes the column at `column` (0-based) as `T`. A NULL decodes only into an Optional.
    public func decode<T: PostgresDecodable>(_ column: Int, as type: T.Type = T.self) throws -> T {
        try withCell(column) { cell in
            guard let cell else {
                if let optional = T.self as? any PostgresNullDecodable.Type, let none = optional.null as? T {
                    return none
                }
                throw PostgresError(
                    code: .decoding,
                    message: "column '\(rows.columnName(column))' is NULL; decode it as \(T.self)? to accept NULL")
            }
            do {
                return try T(postgresCell: cell)
            } catch let failure as PostgresDecodingFailure {
                throw PostgresError(
                    code: .decoding,
                    message: "column '\(rows.columnName(column))' of type \(cell.type) cannot be decoded as \(T.self): \(failure.reason)")
            }
        }
    }

    /// Calls `body` with the column's value as PostgreSQL sent it (text format), or nil for
    /// NULL. The bytes are only valid inside `body`. For decoders of many rows, where copying
    /// each value into a String first costs more than the query.
    public func withCell<R>(_ column: Int, _ body: (PostgresCell?) throws -> R) throws -> R {
        guard let handle = rows.handle, column >= 0, column < rows.columnCount else {
            throw PostgresError(code: .decoding, message: "no column \(column) in the result")
        }
        let result = handle.pointer
        if PQgetisnull(result, index, Int32(column)) == 1 { return try body(nil) }
        let length = Int(PQgetlength(result, index, Int32(column)))
        let bytes = UnsafeRawBufferPointer(start: PQgetvalue(result, index, Int32(column)), count: length)
        return try body(PostgresCell(type: rows.columnType(column), bytes: bytes))
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
