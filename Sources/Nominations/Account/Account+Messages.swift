/// Commands on an account; each names the account's login, its stream's id.
public enum AccountCommand: Sendable, Equatable {
    case create(login: String, name: String, unit: String, roles: Set<String>)
    case changeRoles(login: String, roles: Set<String>)
    case changeUnit(login: String, unit: String)
    case disable(login: String, reason: String)
    /// Sets the password; the command carries its bcrypt hash, never the password.
    case setPassword(login: String, passwordHash: String)

    public var login: String {
        switch self {
        case .create(let login, _, _, _), .changeRoles(let login, _), .changeUnit(let login, _), .disable(let login, _),
             .setPassword(let login, _): login
        }
    }
}

/// What an account decision consults: who acts, the organisation's units and the roles that exist.
public struct AccountContext: Sendable {
    public let actor: Actor
    public let organization: Organization
    /// Every role a person may hold (the workflows', the auditor's, the administrator's, the deputy head's).
    public let knownRoles: Set<String>

    public init(actor: Actor, organization: Organization, knownRoles: Set<String>) {
        self.actor = actor
        self.organization = organization
        self.knownRoles = knownRoles
    }
}

/// Events of an account.
public enum AccountEvent: Sendable, Equatable, DomainEvent {
    case created(AccountCreated)
    case rolesChanged(AccountRolesChanged)
    case unitChanged(AccountUnitChanged)
    case disabled(AccountDisabled)
    case passwordSet(PasswordSet)

    public var storedPayload: any EventPayload {
        switch self {
        case .created(let payload): payload
        case .rolesChanged(let payload): payload
        case .unitChanged(let payload): payload
        case .disabled(let payload): payload
        case .passwordSet(let payload): payload
        }
    }

    public var type: String { Swift.type(of: storedPayload).type }
    public var schemaVersion: Int { Swift.type(of: storedPayload).schemaVersion }

    /// The stable type names of account events, all starting `account.`.
    public static let types = [AccountCreated.type, AccountRolesChanged.type, AccountUnitChanged.type, AccountDisabled.type,
                               PasswordSet.type]

    public init(type: String, payloadDecoder decoder: any Decoder) throws {
        switch type {
        case AccountCreated.type: self = .created(try AccountCreated(from: decoder))
        case AccountRolesChanged.type: self = .rolesChanged(try AccountRolesChanged(from: decoder))
        case AccountUnitChanged.type: self = .unitChanged(try AccountUnitChanged(from: decoder))
        case AccountDisabled.type: self = .disabled(try AccountDisabled(from: decoder))
        case PasswordSet.type: self = .passwordSet(try PasswordSet(from: decoder))
        default: throw UnknownTypeError(type: type)
        }
    }
}

/// `account.created`: the person `name` signs in as `login`, in `unit` with `roles` (sorted).
public struct AccountCreated: EventPayload {
    public static let type = "account.created"
    public static let schemaVersion = 1
    public let login: String
    public let name: String
    public let unit: String
    public let roles: [String]
}

/// `account.roles_changed`: from now on the account holds `roles`; it held `previous_roles`.
public struct AccountRolesChanged: EventPayload {
    public static let type = "account.roles_changed"
    public static let schemaVersion = 1
    public let login: String
    public let roles: [String]
    public let previousRoles: [String]
}

/// `account.unit_changed`: from now on the account acts in `unit`; it acted in `previous_unit`.
public struct AccountUnitChanged: EventPayload {
    public static let type = "account.unit_changed"
    public static let schemaVersion = 1
    public let login: String
    public let unit: String
    public let previousUnit: String
}

/// `account.disabled`: the account signs in no more.
public struct AccountDisabled: EventPayload {
    public static let type = "account.disabled"
    public static let schemaVersion = 1
    public let login: String
    public let reason: String
}

/// `account.password_set`: the password's bcrypt hash (the password itself is never recorded).
public struct PasswordSet: EventPayload {
    public static let type = "account.password_set"
    public static let schemaVersion = 1
    public let login: String
    public let passwordHash: String
}
