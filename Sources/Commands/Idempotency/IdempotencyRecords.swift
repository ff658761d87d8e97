import EventStore
import Foundation
import Postgres

/// The responses kept under callers' idempotency keys, in `laurel_idempotency`: written in the
/// transaction of the command's append, read when a command fails to find whether a request
/// with the same key was answered already.
struct IdempotencyRecords: Sendable {
    let pool: ConnectionPool
    let tenant: String

    /// The statement that keeps `response` under `key` for `actorID`.
    func insert(_ response: StoredResponse, key: IdempotencyKey, actorID: String) -> PostgresStatement {
        PostgresStatement("""
            INSERT INTO laurel_idempotency (tenant_id, actor_id, key, request_hash, status, headers, body)
            VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)
            """, [tenant, actorID, key.key, key.requestHash, response.status, Self.json(response.headers), response.body])
    }

    /// The stored response for `key`, or nil; ``CommandError/idempotencyKeyReused`` when the key came with another request.
    func stored(_ key: IdempotencyKey, actorID: String) async throws -> StoredResponse? {
        let rows = try await pool.query("""
            SELECT request_hash, status, headers::text, body FROM laurel_idempotency
            WHERE tenant_id = $1 AND actor_id = $2 AND key = $3
            """, [tenant, actorID, key.key])
        guard let row = rows.first else { return nil }
        guard try row.decode(0, as: String.self) == key.requestHash else { throw CommandError.idempotencyKeyReused }
        let headers = try JSONDecoder().decode([String: String].self, from: Data(try row.decode(2, as: String.self).utf8))
        return StoredResponse(status: try row.decode(1), headers: headers, body: try row.decode(3))
    }

    /// Whether `error` is another request's record of the same key, stored first.
    static func isDuplicateKey(_ error: any Error) -> Bool {
        guard let error = error as? PostgresError else { return false }
        return error.sqlState == .uniqueViolation && error.constraint == "laurel_idempotency_pkey"
    }

    /// A response's headers as a JSON object with sorted keys, for its record.
    static func json(_ headers: [String: String]) -> String {
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        for (index, (name, value)) in headers.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONText.appendString(name, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            JSONText.appendString(value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }
}
