import Crypto
import Foundation

/// The hashes of docs/event-encoding.md, computed here independently of the database's
/// `laurel_event_hash`, so a verifier does not trust the database it checks.
///
/// Each field is its UTF-8 byte length in decimal, `:`, and its bytes; the fields are
/// concatenated and hashed with SHA-256, written as lowercase hex.
struct CanonicalEncoding {
    private var hasher = SHA256()

    init(tag: String) { append(tag) }

    mutating func append(_ field: String) {
        let bytes = Array(field.utf8)
        hasher.update(data: Array(String(bytes.count).utf8))
        hasher.update(data: [UInt8(ascii: ":")])
        hasher.update(data: bytes)
    }

    func hex() -> String { hasher.finalize().lowercaseHex }
}

/// The hashed fields of one event, as the database prints them.
struct StoredEventFields {
    var position: Int64
    var tenant: String
    var stream: String
    var version: Int64
    var eventID: UUID
    var type: String
    var schemaVersion: Int
    var payload: String
    var metadata: String
    /// `YYYY-MM-DDTHH:MM:SS.ffffffZ` in UTC.
    var recordedAt: String
    var hash: String
    var previousHash: String?

    /// What the hash should be for this content.
    var expectedHash: String {
        var encoding = CanonicalEncoding(tag: "laurel.event.v1")
        for field in [tenant, stream, String(version), eventID.uuidString.lowercased(), type,
                      String(schemaVersion), payload, metadata, recordedAt, previousHash ?? ""] {
            encoding.append(field)
        }
        return encoding.hex()
    }
}
