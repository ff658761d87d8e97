import HummingbirdBcrypt
import NIOPosix

/// Console passwords, hashed with bcrypt on NIO's thread pool: the hash's deliberate slowness
/// must not hold one of Swift's cooperative threads.
enum Passwords {
    /// The shortest password an account may be given.
    static let minimumLength = 10

    /// The bcrypt hash of `password` at `cost`.
    static func hash(_ password: String, cost: Int) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: UInt8(clamping: cost)) }
    }

    /// Whether `password` matches `hash`. Without a hash (no such account, or no password set), a
    /// hash of the same cost is still checked, so the answer takes as long either way.
    static func verify(_ password: String, hash: String?) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive {
            Bcrypt.verify(password, hash: hash ?? unusable) && hash != nil
        }
    }

    /// A valid bcrypt hash no password matches in practice (of 32 random bytes, at cost 12).
    private static let unusable = "$2b$12$C6UzMDM.H6dfI/f/IKxGhu8z2Q0PH/QY3dE6Gq5rFW3xH1bYb8QyW"
}
