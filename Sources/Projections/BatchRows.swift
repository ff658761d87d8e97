import Foundation
import Postgres

/// Rows gathered column by column while a batch is folded, written by one statement that takes
/// each column as an array parameter (`INSERT … SELECT * FROM unnest($1::text[], $2::int8[])`):
/// one statement per table and batch instead of one per event.
struct BatchRows {
    private var columns: [[any PostgresEncodable]]

    init(columns: Int) { self.columns = Array(repeating: [], count: columns) }

    var isEmpty: Bool { columns[0].isEmpty }

    /// Adds a row: one value per column, in the order of the statement's parameters.
    mutating func append(_ row: any PostgresEncodable...) { append(row) }

    mutating func append(_ row: [any PostgresEncodable]) {
        precondition(row.count == columns.count, "a row of \(row.count) values for \(columns.count) columns")
        for (index, value) in row.enumerated() { columns[index].append(value) }
    }

    /// `sql` with the columns bound as `$1…$n`, or nil when there is no row to write.
    func statement(_ sql: String) -> PostgresStatement? { Self.statement(sql, [self]) }

    /// `sql` with the columns of each row set in turn bound as `$1…$n`, or nil when none has a
    /// row to write.
    static func statement(_ sql: String, _ rowSets: [BatchRows]) -> PostgresStatement? {
        guard rowSets.contains(where: { !$0.isEmpty }) else { return nil }
        let parameters: [any PostgresEncodable] = rowSets.flatMap { $0.columns.map(PostgresArray.init) }
        return PostgresStatement(sql, parameters)
    }
}

/// One batch's changes to the rows of a table, folded per primary key, kept in the order the keys
/// first appeared so that the statements (and the row locks they take) are deterministic.
struct KeyedChanges<Key: Hashable, Change> {
    private(set) var keys: [Key] = []
    private var changes: [Key: Change] = [:]

    init() {}

    /// Applies `body` to the change of `key`, starting from `initial` when the batch has none yet.
    mutating func modify(_ key: Key, startingWith initial: @autoclosure () -> Change, _ body: (inout Change) -> Void) {
        if changes[key] == nil {
            keys.append(key)
            changes[key] = initial()
        }
        body(&changes[key]!)
    }

    subscript(key: Key) -> Change? { changes[key] }

    /// Replaces the change of `key`.
    mutating func set(_ key: Key, _ change: Change) {
        if changes.updateValue(change, forKey: key) == nil { keys.append(key) }
    }

    /// Every key with its change, in first-appearance order.
    var all: [(key: Key, change: Change)] { keys.map { ($0, changes[$0]!) } }
}

/// A row of a table keyed by tenant and nomination.
struct NominationKey: Hashable {
    let tenant: String
    let nominationID: String
}

/// JSON text for `jsonb` columns, from one encoder for a whole batch (``PostgresJSON`` makes
/// one per value, which showed in a rebuild's profile).
struct JSONColumnEncoder {
    private let encoder = PostgresJSONCoding.encoder

    func text(_ value: some Encodable) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// An object; most are empty (a nomination's holds), and those skip the encoder.
    func text<Value: Encodable>(_ object: [String: Value]) throws -> String {
        object.isEmpty ? "{}" : String(decoding: try encoder.encode(object), as: UTF8.self)
    }
}
