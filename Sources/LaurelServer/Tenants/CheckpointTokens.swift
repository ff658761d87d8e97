import Crypto
import EventStore
import Foundation

/// A tenant's read-your-writes checkpoints and nominations-list cursors, as tokens that only the
/// same tenant can use.
///
/// Both are positions in the whole log, which every tenant's events move. Handed out as they are,
/// the checkpoints of one agency's commands, or the cursors between its nominations, would count
/// every other agency's events, and a checkpoint made up by hand would find where the log ends. So
/// the position is sealed with AES-GCM, under a key derived from the installation's checkpoint key
/// (`laurel_checkpoint_key`, the same on every instance), the tenant's id and the token's use,
/// with a fresh nonce each time. A token therefore says nothing of the position, two tokens cannot
/// be compared, and a token of another tenant's, of the other use, or made up, does not open.
public struct CheckpointTokens: Sendable {
    private let checkpoints: PositionSeal
    private let cursors: PositionSeal

    /// The tokens of tenant `tenant`, with `installationKey` from `laurel_checkpoint_key`.
    public init(installationKey: SymmetricKey, tenant: String) {
        checkpoints = PositionSeal(installationKey: installationKey, info: "laurel checkpoint token \(tenant)")
        cursors = PositionSeal(installationKey: installationKey, info: "laurel nominations cursor \(tenant)")
    }

    /// `checkpoint` sealed for this tenant, as URL-safe base64 without padding; nil for nil.
    public func token(for checkpoint: LogCheckpoint?) -> String? {
        checkpoint.flatMap { checkpoints.seal($0.transactionID, UInt64($0.position)) }
    }

    /// The checkpoint `token` seals, or nil when it is not a checkpoint token of this tenant's.
    public func checkpoint(in token: String) -> LogCheckpoint? {
        guard let (transactionID, position) = checkpoints.open(token), let position = Int64(exactly: position) else { return nil }
        return LogCheckpoint(transactionID: transactionID, position: position)
    }

    /// The nominations list's cursor (a submission's log position) sealed for this tenant; nil
    /// for nil, or for what is not such a position.
    public func token(forCursor cursor: String?) -> String? {
        cursor.flatMap(UInt64.init).flatMap { cursors.seal(0, $0) }
    }

    /// The nominations list's cursor that `token` seals, or nil when it is not a cursor token of
    /// this tenant's.
    public func cursor(in token: String) -> String? {
        cursors.open(token).map { String($0.1) }
    }
}

/// Two 64-bit numbers sealed with AES-GCM under a key of their own.
private struct PositionSeal: Sendable {
    let key: SymmetricKey

    init(installationKey: SymmetricKey, info: String) {
        key = HKDF<SHA256>.deriveKey(inputKeyMaterial: installationKey, info: Data(info.utf8), outputByteCount: 32)
    }

    /// A nonce (12 bytes), the sealed numbers (16) and the tag (16), in base64 without padding.
    static let tokenLength = 59

    func seal(_ first: UInt64, _ second: UInt64) -> String? {
        var plain = Data(capacity: 16)
        withUnsafeBytes(of: first.bigEndian) { plain.append(contentsOf: $0) }
        withUnsafeBytes(of: second.bigEndian) { plain.append(contentsOf: $0) }
        // Sealing with a 256-bit key and a random nonce has no failing case; were it to fail, the
        // answer would only lack its token, and its reader not wait for the read models.
        guard let sealed = try? AES.GCM.seal(plain, using: key).combined else { return nil }
        return sealed.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    func open(_ token: String) -> (UInt64, UInt64)? {
        guard token.utf8.count == Self.tokenLength, token.utf8.allSatisfy(Self.isBase64URL) else { return nil }
        let base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/") + "="
        guard let combined = Data(base64Encoded: base64), let box = try? AES.GCM.SealedBox(combined: combined),
              let plain = try? AES.GCM.open(box, using: key), plain.count == 16 else { return nil }
        return (plain.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }, plain.suffix(8).reduce(0) { $0 << 8 | UInt64($1) })
    }

    private static func isBase64URL(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"): true
        default: false
        }
    }
}
