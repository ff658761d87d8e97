/// A person's account: who may sign in to the console, in which unit and roles.
///
/// An aggregate of its own, one stream per login, so that creating an account, changing its roles
/// or unit and disabling it are events, and an audit can say who held which role on the day they
/// acted. The password is kept as a bcrypt hash only, set by ``PasswordSet``.
public struct Account: Sendable, Equatable {
    /// The login; nil until the account is created.
    public internal(set) var login: String?
    public internal(set) var name: String
    public internal(set) var unit: String
    public internal(set) var roles: Set<String>
    public internal(set) var isDisabled: Bool
    /// The bcrypt hash of the password; nil until one is set.
    public internal(set) var passwordHash: String?

    public init() {
        login = nil
        name = ""
        unit = ""
        roles = []
        isDisabled = false
        passwordHash = nil
    }

    /// Whether the account was created.
    public var exists: Bool { login != nil }

    /// Who manages accounts.
    public static let managerRole = "administrator"

    /// Whether `login` may name an account: 2 to 64 lower-case letters, digits, `.`, `_` or `-`,
    /// starting with a letter or digit (it is the actor id events record and part of a stream name).
    public static func isValidLogin(_ login: String) -> Bool {
        let bytes = Array(login.utf8)
        guard (2...64).contains(bytes.count), let first = bytes.first else { return false }
        func letterOrDigit(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) }
        return letterOrDigit(first) && bytes.allSatisfy { letterOrDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }
}
